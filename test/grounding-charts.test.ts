import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartText, groundTable, groundTableOnImage, type ChartText, type TableGrounding } from "../src/grounding/index.js";
import { createOcrEngine, type OcrEngine } from "../src/ocr/index.js";
import { parseCsv, type Table } from "../src/table/index.js";

/**
 * Grounding on real charts: gold ChartQA tables against their own charts and against other
 * charts. Fifteen charts (other than those of ocr-chartqa.test.ts), one OCR pass each; every table
 * is checked against its own chart and the next two charts in the sample (30 foreign pairs).
 */
const CHARTQA = fileURLToPath(new URL("../../shared/data/chartqa/", import.meta.url));
const COUNT = 15;

const ids = (() => {
  const all = readdirSync(`${CHARTQA}tables`)
    .filter((f) => f.endsWith(".csv"))
    .map((f) => f.slice(0, -4))
    .filter((id) => existsSync(`${CHARTQA}images/${id}.png`))
    .sort();
  const step = Math.floor(all.length / COUNT);
  return Array.from({ length: COUNT }, (_, i) => all[i * step + Math.floor(step / 2)]);
})();

let engine: OcrEngine;
const tables: Table[] = ids.map((id) => parseCsv(readFileSync(`${CHARTQA}tables/${id}.csv`)));
const texts: ChartText[] = [];

beforeAll(async () => {
  engine = await createOcrEngine({ intraOpNumThreads: 1 });
  for (const id of ids) texts.push(chartText(await engine.recognize(`${CHARTQA}images/${id}.png`)));
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
});

const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const labelRecall = (g: TableGrounding) => (g.labels.total === 0 ? 0 : g.labels.found / g.labels.total);

describe(`grounding gold tables on ${COUNT} real ChartQA charts`, () => {
  it("scores each table high on its own chart and low on other charts", () => {
    const own = ids.map((_, i) => groundTable(tables[i], texts[i]));
    const other = ids.flatMap((_, i) => [1, 2].map((k) => groundTable(tables[i], texts[(i + k) % COUNT])));
    const report = (gs: TableGrounding[]) =>
      `score mean ${mean(gs.map((g) => g.score)).toFixed(3)} min ${Math.min(...gs.map((g) => g.score)).toFixed(3)} ` +
      `max ${Math.max(...gs.map((g) => g.score)).toFixed(3)}, label recall mean ${mean(gs.map(labelRecall)).toFixed(3)}`;
    console.log(`grounding: own charts ${report(own)}; other charts ${report(other)}`);
    ids.forEach((id, i) => {
      // Pie charts have few labels and print no axis title, so one missing header weighs a lot.
      expect(labelRecall(own[i]), `${id} missing ${JSON.stringify(own[i].labels.missing)}`).toBeGreaterThanOrEqual(0.5);
    });
    expect(mean(own.map(labelRecall))).toBeGreaterThanOrEqual(0.9);
    expect(mean(other.map(labelRecall))).toBeLessThanOrEqual(0.2);
    expect(mean(own.map((g) => g.score)) - mean(other.map((g) => g.score))).toBeGreaterThanOrEqual(0.6);
    // A threshold of 0.5 separates nearly all pairs.
    expect(own.filter((g) => g.score >= 0.5).length).toBeGreaterThanOrEqual(COUNT - 1);
    expect(other.filter((g) => g.score < 0.5).length).toBeGreaterThanOrEqual(other.length - 2);
  });
});

describe("grounding on a drawn chart with known data", () => {
  const data: Array<[string, number]> = [
    ["Germany", 83.2],
    ["France", 67.8],
    ["Italy", 59],
    ["Spain", 47.4],
    ["Poland", 37.7],
  ];
  let image: Buffer;

  beforeAll(async () => {
    const bars = data
      .map(([name, v], i) => {
        const y = 70 + i * 60;
        const w = v * 6;
        return (
          `<text x="120" y="${y + 18}" font-family="DejaVu Sans, Arial, sans-serif" font-size="14" text-anchor="end">${name}</text>` +
          `<rect x="130" y="${y}" width="${w}" height="30" fill="#3b6fb6"/>` +
          `<text x="${136 + w}" y="${y + 20}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">${v}</text>`
        );
      })
      .join("");
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="420"><rect width="100%" height="100%" fill="#fff"/>` +
      `<text x="20" y="35" font-family="DejaVu Sans, Arial, sans-serif" font-size="20">Population in millions, 2020</text>${bars}</svg>`;
    image = await sharp(Buffer.from(svg)).png().toBuffer();
  });

  it("grounds the true table fully, and returns the OCR result", async () => {
    const csv = `Country,"Population in millions, 2020"\n${data.map(([n, v]) => `${n},${v}`).join("\n")}\n`;
    const g = await groundTableOnImage(parseCsv(csv), image, engine);
    expect(g.labels).toEqual({ found: 6, total: 6, missing: [] });
    expect(g.numbers).toEqual({ found: 5, total: 5, missing: [] });
    expect(g.score).toBe(1);
    expect(g.ocr.boxes.length).toBeGreaterThanOrEqual(11);
  });

  it("reports invented labels and misread numbers as missing", async () => {
    const csv = "Country,Population in millions\nGermany,83.2\nFrance,76.8\nAtlantis,59\nSpain,4.74\nEl Dorado,37.7\n";
    const g = await groundTableOnImage(parseCsv(csv), image, engine);
    expect(g.labels.missing).toEqual(["Atlantis", "El Dorado"]);
    expect(g.numbers.missing).toEqual([76.8, 4.74]);
    expect(g.score).toBeLessThan(0.7);
  });
});
