/**
 * readChartLocally: a bar chart whose category labels the first OCR pass missed gets its strip
 * under the baseline re-read once, the amended OCR is remembered for grounding, and engines that
 * cannot re-read leave the first reading as it was. The chart is drawn by the test and read with
 * the real OCR; the "missed" labels are taken out of the first pass and handed back by the re-read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalModels, readChartLocally } from "../src/local/index.js";
import { createOcrEngine, type OcrBox, type OcrEngine, type OcrResult } from "../src/ocr/index.js";
import { renderChartPng } from "./support/render-chart.js";

const CATEGORIES = ["Apples", "Pears", "Plums", "Cherries", "Grapes"];
let png: Uint8Array;
let real: OcrEngine;
let full: OcrResult;

beforeAll(async () => {
  png = await renderChartPng({
    kind: "vbar",
    categories: CATEGORIES,
    series: [{ name: "Price", values: [12, 37, 44, 21, 30] }],
    valueLabels: true,
  });
  real = await createOcrEngine({ intraOpNumThreads: 1 });
  full = await real.recognize(png);
}, 60_000);

afterAll(async () => {
  await real?.dispose();
});

/** An engine whose first pass misses the category labels and whose strip re-read (if any) finds them. */
function missingLabels(withStrip: boolean) {
  const isCategory = (b: OcrBox) => CATEGORIES.includes(b.text.trim());
  const calls = { recognize: 0, strips: [] as Array<{ top: number; bottom: number }> };
  const dispose = async () => {};
  const engine: OcrEngine = {
    recognize: async () => {
      calls.recognize++;
      return { ...full, boxes: full.boxes.filter((b) => !isCategory(b)) };
    },
    ...(withStrip
      ? {
          readSlantedStrip: async (_image: Uint8Array | string, strip: { top: number; bottom: number }) => {
            calls.strips.push(strip);
            return full.boxes.filter(isCategory);
          },
        }
      : {}),
    dispose,
    [Symbol.asyncDispose]: dispose,
    options: real.options,
  };
  return { engine, calls };
}

describe("readChartLocally", () => {
  it("re-reads the strip under the baseline once per image and keeps the reading that names the categories", async () => {
    const { engine, calls } = missingLabels(true);
    await using models = new LocalModels({ loadOcr: async () => engine });
    const first = await readChartLocally(png, models);
    if (!first.extraction.ok) throw new Error(first.extraction.reason);
    expect(first.extraction.reading.rows.map((r) => r[0])).toEqual(CATEGORIES);
    expect(first.extraction.reading.notes).toContain("category labels re-read as slanted text under the baseline");
    expect(calls.strips).toHaveLength(1);
    const { top, bottom } = calls.strips[0]!;
    const labelsY = full.boxes.filter((b) => b.text.trim() === "Apples")[0]!.box.y;
    expect(top).toBeLessThan(labelsY);
    expect(bottom).toBeGreaterThan(labelsY);
    // The amended OCR is what grounding sees next, and a second question does not re-read the strip.
    expect((await models.recognize(png)).boxes.some((b) => b.text.trim() === "Plums")).toBe(true);
    const second = await readChartLocally(png, models);
    expect(second.extraction.ok && second.extraction.reading.rows[2]).toEqual(["Plums", "44"]);
    expect(calls).toMatchObject({ recognize: 1 });
    expect(calls.strips).toHaveLength(1);
  });

  it("the real engine re-reads a strip in image pixels and refuses an empty one", async () => {
    const labels = full.boxes.filter((b) => CATEGORIES.includes(b.text.trim()));
    const top = Math.min(...labels.map((b) => b.box.y)) - 4;
    const bottom = Math.max(...labels.map((b) => b.box.y + b.box.height)) + 4;
    const boxes = await real.readSlantedStrip!(png, { top, bottom });
    for (const b of boxes) expect(b.box.y + b.box.height / 2).toBeGreaterThan(top - 20);
    await expect(real.readSlantedStrip!(png, { top: 10, bottom: 5 })).rejects.toThrow(/bottom > top/);
  });

  it("keeps the first reading, placeholders and all, when the engine cannot re-read", async () => {
    const { engine } = missingLabels(false);
    await using models = new LocalModels({ loadOcr: async () => engine });
    const r = await readChartLocally(png, models);
    if (!r.extraction.ok) throw new Error(r.extraction.reason);
    expect(r.extraction.reading.rows.map((row) => row[0])).toEqual(CATEGORIES.map((_, i) => `Category ${i + 1}`));
    expect(r.extraction.reading.unlabelled).toBeDefined();
  });
});
