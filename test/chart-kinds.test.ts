import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readChartImage, type ChartExtraction, type ChartReading } from "../src/chart/index.js";
import { createOcrEngine, type OcrEngine } from "../src/ocr/index.js";
import { CHART_CASES, type ChartCase } from "./support/render-cases.js";
import { renderChartPng, renderNoisePng, renderTextPage, valueAxis } from "./support/render-chart.js";

/**
 * The local chart reader on every chart kind: charts with known data drawn like published ones
 * (test/support/render-chart.ts), OCR'd for real, read by `readChartImage`. Each chart must be read
 * as its kind, with the printed series names and category labels, and values exact where the
 * chart prints them or within 2% of the axis range where they must be read off the axis. Text that
 * is not a chart must be declined.
 */

let engine: OcrEngine;

beforeAll(async () => {
  engine = await createOcrEngine({ intraOpNumThreads: 2 });
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
});

/** Names as the OCR gives them back: the recogniser sometimes drops the space between words ("Facebookfans"). */
const norm = (s: string) => s.replace(/\s+/g, "");

/** The extraction's gist, for failure messages. */
function show(x: ChartExtraction): string {
  const attempts = x.attempts.map((a) => `${a.detector}: ${a.detail}`).join("; ");
  if (!x.ok) return `declined (${x.reason}); ${attempts}`;
  const r = x.reading;
  const scale = r.scale ? `, scale residual ${r.scale.residual.toFixed(4)} over ${r.scale.ticks} ticks` : "";
  return `${r.kind} from ${r.valueSource}${scale}, confidence ${r.confidence.toFixed(2)}\n${x.csv}\nnotes: ${r.notes.join(" | ")}; ${attempts}`;
}

/** For each series of the case, the reading's column holding it (by printed name, else by position). */
function seriesColumns(c: ChartCase, r: ChartReading): number[] {
  return c.seriesNames.map((name, j) => (name === null ? 1 + j : r.columns.findIndex((col, k) => k > 0 && norm(col) === norm(name))));
}

async function read(c: ChartCase): Promise<ChartExtraction> {
  const { extraction } = await readChartImage(await renderChartPng(c.spec), engine);
  return extraction;
}

describe("reading rendered charts of every kind", () => {
  for (const c of CHART_CASES) {
    it(`${c.id}: reads a ${c.spec.kind} chart (${c.spec.categories.length} categories × ${c.spec.series.length} series, values from ${c.valuesFrom})`, async () => {
      const x = await read(c);
      const info = show(x);
      expect(x.ok, info).toBe(true);
      if (!x.ok) return;
      const r = x.reading;
      expect.soft(r.kind, info).toBe(c.spec.kind);

      // Header: the category column, then one column per series, named as the legend / axis title prints it.
      expect.soft(r.columns.length, info).toBe(1 + c.spec.series.length);
      const cols = seriesColumns(c, r);
      c.seriesNames.forEach((name, j) => {
        if (name !== null) expect.soft(cols[j], `series "${name}" not among columns ${JSON.stringify(r.columns)}\n${info}`).toBeGreaterThan(0);
        else {
          // The chart prints no name for it: whatever the header says, it must not be a tick or category label.
          const header = r.columns[cols[j]] ?? "";
          expect.soft(header, `unnamed series headed by a number\n${info}`).not.toMatch(/^[-+]?[\d.,\s]+%?$/);
          expect.soft(c.spec.categories.map(norm), `unnamed series headed by a category label\n${info}`).not.toContain(norm(header));
        }
      });
      expect.soft(new Set(cols).size, `two series read into one column\n${info}`).toBe(cols.length);

      // One row per category, labelled as printed.
      expect.soft(r.rows.length, info).toBe(c.spec.categories.length);
      const labels = r.rows.map((row) => norm(row[0] ?? ""));
      for (const cat of c.spec.categories) {
        expect.soft(labels.filter((l) => l === norm(cat)).length, `category "${cat}" in rows ${JSON.stringify(labels)}\n${info}`).toBe(1);
      }

      // Values: exact from printed labels; within 2% of the axis range when read off the axis.
      const range = c.spec.kind === "pie" ? 0 : valueAxis(c.spec).max - valueAxis(c.spec).min;
      const tolerance = c.valuesFrom === "labels" ? 0 : 0.02 * range;
      c.spec.categories.forEach((cat, i) => {
        const row = r.rows.find((rw) => norm(rw[0] ?? "") === norm(cat));
        if (!row) return;
        c.spec.series.forEach((s, j) => {
          if (cols[j] <= 0) return;
          const cell = row[cols[j]] ?? "";
          const where = `${cat} / ${s.name}: read "${cell}", drawn ${s.values[i]}`;
          expect.soft(cell, `${where}\n${info}`).toMatch(/^-?\d+(\.\d+)?$/);
          const got = Number(cell);
          if (tolerance === 0) expect.soft(got, `${where}\n${info}`).toBe(s.values[i]);
          else expect.soft(Math.abs(got - s.values[i]), `${where} (tolerance ${tolerance})\n${info}`).toBeLessThanOrEqual(tolerance);
        });
      });

      // Provenance: labels when every value is printed, the axis when none is; an axis fit must be tight.
      expect.soft(r.valueSource, info).toBe(c.valuesFrom);
      if (c.valuesFrom === "axis") {
        expect.soft(r.scale, `no axis scale\n${info}`).toBeDefined();
        if (r.scale) {
          expect.soft(r.scale.residual, info).toBeLessThan(0.01);
          expect.soft(r.scale.ticks, info).toBeGreaterThanOrEqual(3);
        }
      } else if (r.scale) {
        expect.soft(r.scale.residual, info).toBeLessThan(0.01);
      }
    });
  }
});

describe("declining what is not a chart", () => {
  it("declines a page of plain text", async () => {
    const png = await renderTextPage("Minutes of the annual meeting", [
      "The committee met four times this year and reviewed the budget,",
      "the staffing plan and the plans for the new building in 2025.",
      "Attendance was high: 42 of 50 members came to every meeting.",
      "All 7 motions were carried; the next meeting is on 12 March.",
      "Questions about these minutes go to the secretary.",
    ]);
    const { extraction } = await readChartImage(png, engine);
    expect(extraction.ok, show(extraction)).toBe(false);
  });

  it("declines random noise", async () => {
    const { extraction } = await readChartImage(await renderNoisePng(), engine);
    expect(extraction.ok, show(extraction)).toBe(false);
  });
});
