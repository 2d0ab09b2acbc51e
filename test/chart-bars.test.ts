import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { barDetector } from "../src/chart/bar-detector.js";
import { loadRaster } from "../src/chart/raster.js";
import type { ChartReading, DetectorResult } from "../src/chart/types.js";
import { createOcrEngine, type OcrEngine } from "../src/ocr/index.js";

/**
 * The bar reader on real ChartQA charts (Statista): one chart per common bar kind plus a pie it
 * must not read as bars. Each chart is OCR'd once (about 1 s each).
 */
const CHARTQA = fileURLToPath(new URL("../../shared/data/chartqa/images/", import.meta.url));
const CHARTS = [
  "two_col_100718",
  "two_col_1378",
  "multi_col_100017",
  "multi_col_60688",
  "multi_col_796",
  "two_col_101579",
  "two_col_63634",
  "04214944001005",
  "27020945007602",
  "multi_col_592",
  "two_col_22383",
  "OECD_FREIGHT_TRANSPORT_FIN_HUN_IND_PRT_RUS_000027",
  "4393",
];

let engine: OcrEngine;
const results = new Map<string, DetectorResult>();

beforeAll(async () => {
  engine = await createOcrEngine({ intraOpNumThreads: 1 });
  for (const id of CHARTS) {
    const bytes = readFileSync(`${CHARTQA}${id}.png`);
    const ocr = await engine.recognize(bytes);
    results.set(id, barDetector.detect({ raster: await loadRaster(bytes), ocr }));
  }
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
});

function reading(id: string): ChartReading {
  const r = results.get(id);
  if (!r?.ok) throw new Error(`${id} not read: ${r?.reason}`);
  return r.reading;
}

/** The cell of the row whose label contains `row`, in the column whose name contains `column`. */
function cell(r: ChartReading, row: string, column: string): string | undefined {
  const c = r.columns.findIndex((h) => h.includes(column));
  return r.rows.find((x) => x[0]!.includes(row))?.[c];
}

describe("bar reader on ChartQA charts", () => {
  it("reads single-series horizontal bars with value labels and the axis title", () => {
    const r = reading("two_col_100718");
    expect(r.kind).toBe("hbar");
    expect(r.columns).toEqual(["Characteristic", "Customer loans in million euros"]);
    expect(r.rows.map((x) => x[0])).toEqual(["CIC Lyonnaise de Banque", "CIC Est", "CIC Ouest", "CIC Nord Ouest", "CIC Sud Ouest"]);
    expect(cell(r, "CIC Est", "loans")).toBe("24126");
    expect(r.valueSource).toBe("labels");
    expect(r.confidence).toBeGreaterThan(0.8);
  });

  it("reads single-series vertical bars", () => {
    const r = reading("two_col_1378");
    expect(r.kind).toBe("vbar");
    expect(r.rows).toHaveLength(4);
    expect(r.columns[1]).toMatch(/salary in U\.S\. dollars/);
    expect(cell(r, "Computer Science", "salary")).toBe("85373");
    expect(cell(r, "Math & Sciences", "salary")).toBe("73992");
  });

  it("reads grouped vertical bars with a legend", () => {
    const r = reading("multi_col_100017");
    expect(r.kind).toBe("vbar-grouped");
    expect(r.columns).toEqual(["Characteristic", "2014", "2010"]);
    expect(cell(r, "Love eating", "2014")).toBe("63");
    expect(cell(r, "Hate eating", "2010")).toBe("9");
  });

  it("reads stacked horizontal bars with labels inside the segments", () => {
    const r = reading("multi_col_60688");
    expect(r.kind).toBe("hbar-stacked");
    expect(r.columns.slice(1)).toEqual(["More than 10 times a day", "2-10 times a day", "Once a day", "Less often than daily"]);
    expect(r.rows.map((x) => x[0])).toEqual(["AB", "C1", "C2", "DE"]);
    expect(cell(r, "DE", "More than 10")).toBe("34");
    expect(cell(r, "C1", "Less often")).toBe("16");
  });

  it("reads stacked vertical bars in chart order", () => {
    const r = reading("multi_col_796");
    expect(r.kind).toBe("vbar-stacked");
    expect(r.rows[0]![0]).toBe("2011");
    expect(r.rows).toHaveLength(10);
    expect(cell(r, "2018", "Franchise")).toBe("2100");
    expect(cell(r, "2020", "Company")).toBe("144");
  });

  it("re-reads a value label whose separator OCR misread, guided by the axis", () => {
    const r = reading("two_col_63634");
    expect(r.kind).toBe("vbar");
    // OCR reads the label "48 158" as "48.158"; the bar's height on the axis says 48158.
    expect(cell(r, "Block", "cost")).toBe("48158");
    expect(cell(r, "Monolith brick", "cost")).toBe("55157");
    expect(r.notes.join(" ")).toMatch(/re-read/);
  });

  it("reads OWID bars shaded per bar as one series, not grouped", () => {
    const r = reading("04214944001005");
    expect(r.kind).toBe("hbar");
    expect(r.columns).toHaveLength(2);
    expect(cell(r, "Obesity", "Disease burden")).toBe("1001");
    expect(cell(r, "Outdoor air pollution", "Disease burden")).toBe("177");
    expect(cell(r, "Indoor air pollution", "Disease burden")).toBe("168");
  });

  it("reads value labels carrying a unit word", () => {
    const r = reading("27020945007602");
    expect(r.kind).toBe("hbar");
    expect(r.rows.map((x) => x[1])).toEqual(["12.6", "6", "4.4"]);
  });

  it("does not take a stack's printed total for its outer segment's value", () => {
    const r = reading("multi_col_592");
    expect(r.kind).toBe("hbar-stacked");
    // "284.94" beyond the Houston bar is the total; the Domestic segment measures about 75 on the axis.
    const domestic = Number(cell(r, "Houston", "Domestic"));
    expect(domestic).toBeGreaterThan(65);
    expect(domestic).toBeLessThan(85);
    expect(r.notes.join(" ")).toMatch(/stack total/);
  });

  it("reads bars too short to see from their value labels at the baseline", () => {
    const r = reading("OECD_FREIGHT_TRANSPORT_FIN_HUN_IND_PRT_RUS_000027");
    expect(r.kind).toBe("vbar");
    expect(r.rows.map((x) => x[0])).toEqual(["Portugal", "Finland", "Hungary", "India", "Russia"]);
    expect(r.rows.map((x) => Number(x[1]))).toEqual([0, 0.01, 0.01, 0.26, 1.97]);
    // The OECD title's larger leading words name the series, not the subtitle OCR joined to it.
    expect(r.columns[1]).toBe("Freight transport");
  });

  it("reads a Pew stack: light grey apart from pale blue, left baseline, legend OCR'd as one word", () => {
    const r = reading("4393");
    expect(r.kind).toBe("hbar-stacked");
    expect(r.columns.slice(1).map((c) => c.toLowerCase().replace(/\s+/g, ""))).toEqual(["frequently", "sometimes", "hardlyever", "never"]);
    expect(r.rows.find((x) => x[0]!.startsWith("Are abusive"))?.slice(1)).toEqual(["11", "32", "37", "19"]);
  });

  it("does not read a line chart's markers as bars", () => {
    const r = results.get("two_col_22383")!;
    if (r.ok) expect(r.reading.confidence).toBeLessThan(0.4);
  });

  it("does not read a pie chart as bars", () => {
    const r = results.get("two_col_101579")!;
    if (r.ok) expect(r.reading.confidence).toBeLessThan(0.4);
  });
});

describe("names as read", () => {
  it("reads a zero OCR took for the letter o back as a digit, in titles and category labels", async () => {
    const { digitOs, readChart } = await import("../src/chart/extract-chart.js");
    expect(digitOs("Mortality from non-communicable diseases, 2oo0")).toBe("Mortality from non-communicable diseases, 2000");
    expect(digitOs("Land use per 1oo grams of protein")).toBe("Land use per 100 grams of protein");
    expect(digitOs("Zoo visits in 2018")).toBe("Zoo visits in 2018");
    const reading: ChartReading = { kind: "vbar", columns: ["Characteristic", "Share, 2o18"], rows: [["2oo8", "1"], ["2o09", "2"]], confidence: 0.9, valueSource: "labels", notes: [] };
    const ex = readChart({ raster: { width: 1, height: 1, data: new Uint8Array(3) }, ocr: { width: 1, height: 1, boxes: [], ms: { det: 0, rec: 0, total: 0 } } }, { detectors: [{ name: "fixed", detect: () => ({ ok: true, reading }) }] });
    expect(ex.ok && ex.csv).toBe("Characteristic,\"Share, 2018\"\n2008,1\n2009,2");
  });
});
