import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRaster, readChart, type ChartReading, type Raster } from "../src/chart/index.js";
import { lineDetector } from "../src/chart/line-detector.js";
import { pieDetector } from "../src/chart/pie-detector.js";
import { createOcrEngine, type OcrEngine, type OcrResult } from "../src/ocr/index.js";

/**
 * The line and pie readers on real ChartQA charts: Statista and OECD line charts, a Pew pie with
 * labels inside its wedges and a Statista pie with labels outside. One OCR pass per chart.
 */
const CHARTQA = fileURLToPath(new URL("../../shared/data/chartqa/", import.meta.url));
const CHARTS = ["multi_col_80264", "OECD_SAVING_RATE_BEL_MEX_000102", "00795994017065", "83600580007593", "5593", "two_col_103366", "two_col_4935", "12227", "two_col_60276"] as const;

let engine: OcrEngine;
const inputs = new Map<string, { raster: Raster; ocr: OcrResult }>();

beforeAll(async () => {
  engine = await createOcrEngine({ intraOpNumThreads: 1 });
  for (const id of CHARTS) {
    const bytes = readFileSync(`${CHARTQA}images/${id}.png`);
    inputs.set(id, { raster: await loadRaster(bytes), ocr: await engine.recognize(bytes) });
  }
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
});

function read(id: string): ChartReading {
  const ex = readChart(inputs.get(id)!, { detectors: [lineDetector, pieDetector] });
  if (!ex.ok) throw new Error(`${id}: ${ex.reason} ${JSON.stringify(ex.attempts)}`);
  return ex.reading;
}

/** The cell of `row` under the column whose name contains `column`, as a number. */
function cell(r: ChartReading, row: string, column: string): number {
  const exact = r.columns.findIndex((name) => name.toLowerCase() === column.toLowerCase());
  const c = exact > 0 ? exact : r.columns.findIndex((name) => name.toLowerCase().includes(column.toLowerCase()));
  const line = r.rows.find((x) => x[0]!.replace(/\s+/g, "").toLowerCase() === row.replace(/\s+/g, "").toLowerCase());
  expect(c, `column ${column} in ${JSON.stringify(r.columns)}`).toBeGreaterThan(0);
  expect(line, `row ${row}`).toBeDefined();
  return Number(line![c]);
}

describe("line charts", () => {
  it("reads a two-series Statista line chart from its value labels, series named by the legend", () => {
    const r = read("multi_col_80264");
    expect(r.kind).toBe("line");
    expect(r.confidence).toBeGreaterThan(0.6);
    expect(r.rows).toHaveLength(20);
    // Printed labels where OCR read them, else the axis: within 1% of gold either way.
    expect(Math.abs(cell(r, "2019", "Women") / 1204.29 - 1)).toBeLessThan(0.01);
    expect(Math.abs(cell(r, "2019", "Men") / 941.9 - 1)).toBeLessThan(0.01);
    expect(cell(r, "2010", "Women")).toBeCloseTo(1069.38, 1);
    expect(r.valueSource).not.toBe("axis");
  });

  it("reads an OECD line chart from its axis, series named by their end labels", () => {
    const r = read("OECD_SAVING_RATE_BEL_MEX_000102");
    expect(r.kind).toBe("line");
    expect(r.scale?.residual ?? 1).toBeLessThan(0.02);
    // Gold: Belgium 1990 10.51, Mexico 1986 2.94, read within 5% of the axis range.
    expect(cell(r, "1990", "Belgium")).toBeCloseTo(10.51, 0);
    expect(cell(r, "1986", "Mexico")).toBeGreaterThan(2.4);
    expect(cell(r, "1986", "Mexico")).toBeLessThan(3.5);
    // The blue rule OECD draws along the plot's top is a frame, not a third series.
    expect(r.columns.slice(1).sort()).toEqual(["Belgium", "Mexico"]);
  });

  it("finds every thin anti-aliased line, also one above the top tick, each named by its end label", () => {
    const r = read("00795994017065");
    expect(r.kind).toBe("line");
    expect(r.columns).toHaveLength(5);
    // Gold 2005: Myanmar 59.61 (above the top tick, 50), Zambia 27.44, Eastern Sub-Saharan Africa 20.09, New Zealand 13.89.
    expect(Math.abs(cell(r, "2005", "Myanmar") - 59.61)).toBeLessThan(1);
    expect(Math.abs(cell(r, "2005", "Zambia") - 27.44)).toBeLessThan(1);
    expect(Math.abs(cell(r, "2005", "Sub-Saharan") - 20.09)).toBeLessThan(1);
    expect(Math.abs(cell(r, "2012", "New Zealand") - 10.75)).toBeLessThan(1);
  });

  it("keeps a logo's coloured rule above the plot out of a series of the same colour", () => {
    const r = read("83600580007593");
    // Gold 1984: Morocco 2.52 (the Our World in Data logo's red rule sits above the plot).
    expect(Math.abs(cell(r, "1984", "Morocco") - 2.52)).toBeLessThan(0.3);
    expect(Math.abs(cell(r, "1980", "Taiwan") - 12.16)).toBeLessThan(0.4);
  });

  it("names a single series after its vertical axis title, joined from the pieces OCR cut it into", () => {
    const r = read("two_col_4935");
    expect(r.kind).toBe("line");
    expect(r.columns[1]).toMatch(/^Infant mortality per .*live/);
  });
});

describe("pie charts", () => {
  it("reads a Pew pie with name-and-percentage labels inside the wedges", () => {
    const r = read("5593");
    expect(r.kind).toBe("pie");
    expect(r.columns).toHaveLength(2);
    expect(cell(r, "Decrease", "Value")).toBe(39);
    expect(cell(r, "Increase", "Value")).toBe(30);
    expect(cell(r, "Stay about the same", "Value")).toBe(31);
  });

  it("reads a Statista pie with labels outside the disc", () => {
    const r = read("two_col_103366");
    expect(r.kind).toBe("pie");
    expect(r.rows).toHaveLength(4);
    expect(cell(r, "Monthly", "Share")).toBeCloseTo(41.2, 1);
    expect(cell(r, "Stopped using", "Share")).toBeCloseTo(2.8, 1);
  });

  it("does not read a line chart as a pie, nor a pie as a line", () => {
    expect(pieDetector.detect(inputs.get("multi_col_80264")!).ok).toBe(false);
    const asLine = lineDetector.detect(inputs.get("5593")!);
    expect(!asLine.ok || asLine.reading.confidence < 0.4).toBe(true);
  });

  it("keeps side-by-side labels of two wedges apart and joins a wedge's name to its share below it", () => {
    const r = read("12227");
    expect(r.kind).toBe("pie");
    expect(r.rows).toHaveLength(3);
    expect(cell(r, "U.S. has responsibility", "Value")).toBe(39);
    expect(cell(r, "U.S. doesn't have responsibility", "Value")).toBe(55);
    expect(cell(r, "Don't know", "Value")).toBe(6);
  });

  it("matches leader-line labels to small wedges in order around the disc, spaces OCR dropped restored", () => {
    const r = read("two_col_60276");
    expect(r.kind).toBe("pie");
    expect(r.rows.map((x) => x[0])).toContain("United States");
    expect(cell(r, "Netherlands", "Share")).toBe(4.7);
    expect(cell(r, "Canada", "Share")).toBe(4);
    expect(cell(r, "Spain", "Share")).toBe(3.5);
  });
});
