import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageError, IoError, UsageError } from "../src/errors.js";
import { createOcrEngine, detectionSize, type OcrBox, type OcrEngine, type OcrResult } from "../src/ocr/index.js";
import { acquireModels, defaultModelsDir, releaseModels } from "../src/ocr/models.js";

/** One text the test draws: where its centre is, how big, and how it is turned. */
interface Drawn {
  text: string;
  x: number;
  y: number;
  size: number;
  /** SVG rotation in degrees (negative = counter-clockwise, e.g. -90 for a y-axis title). */
  rotate?: number;
  weight?: "bold";
}

const FONT = "DejaVu Sans, Arial, Helvetica, sans-serif";

/** An SVG with the given texts drawn centred on their points, plus some bars and axis lines. */
function svg(width: number, height: number, texts: Drawn[], extra = ""): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const body = texts
    .map((t) => {
      const transform = t.rotate === undefined ? "" : ` transform="rotate(${t.rotate} ${t.x} ${t.y})"`;
      return (
        `<text x="${t.x}" y="${t.y}" font-family="${FONT}" font-size="${t.size}" text-anchor="middle" ` +
        `dominant-baseline="central"${t.weight ? ` font-weight="${t.weight}"` : ""} fill="#333"${transform}>${esc(t.text)}</text>`
      );
    })
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${extra}${body}</svg>`;
}

async function png(source: string): Promise<Buffer> {
  return sharp(Buffer.from(source)).png().toBuffer();
}

/** The bar chart: title, y ticks 0–30, four categories, value labels in several number styles, a y-axis title. */
const BAR_TEXTS: Drawn[] = [
  { text: "Quarterly revenue by region", x: 400, y: 30, size: 22, weight: "bold" },
  { text: "0", x: 70, y: 440, size: 13 },
  { text: "10", x: 66, y: 340, size: 13 },
  { text: "20", x: 66, y: 240, size: 13 },
  { text: "30", x: 66, y: 140, size: 13 },
  { text: "North", x: 180, y: 462, size: 14 },
  { text: "South", x: 330, y: 462, size: 14 },
  { text: "East", x: 480, y: 462, size: 14 },
  { text: "Western Isles", x: 630, y: 462, size: 14 },
  { text: "45%", x: 180, y: 180, size: 12 },
  { text: "1,204", x: 330, y: 260, size: 12 },
  { text: "$3.2", x: 480, y: 330, size: 12 },
  { text: "-7.5", x: 630, y: 220, size: 12 },
  { text: "Revenue in million euros", x: 28, y: 290, size: 13, rotate: -90 },
  { text: "Source: catbox test suite", x: 680, y: 490, size: 10 },
];
const BAR_SHAPES =
  `<line x1="90" y1="440" x2="760" y2="440" stroke="#999"/>` +
  [140, 240, 340].map((y) => `<line x1="90" y1="${y}" x2="760" y2="${y}" stroke="#eee"/>`).join("") +
  [
    [130, 195],
    [280, 275],
    [430, 345],
    [580, 235],
  ]
    .map(([x, y]) => `<rect x="${x}" y="${y}" width="100" height="${440 - y}" fill="#4a7bd0"/>`)
    .join("");

/** A line chart whose x labels are years slanted 45° up to the right, packed tightly as Statista draws them. */
const YEARS = Array.from({ length: 16 }, (_, i) => String(2004 + i));
const SLANTED_TEXTS: Drawn[] = [
  ...YEARS.map((y, i) => ({ text: y, x: 100 + i * 38, y: 430, size: 12, rotate: -45 })),
  { text: "Share of households", x: 400, y: 30, size: 18 },
];

/**
 * The box reading `text`: exactly for single words and numbers; for several words, ignoring spaces
 * (the recogniser sometimes drops the space between words, e.g. "WesternIsles").
 */
function find(result: OcrResult, text: string): OcrBox | undefined {
  const squash = (s: string) => s.replace(/\s+/g, "");
  return result.boxes.find((b) => b.text === text || (/\s/.test(text) && squash(b.text) === squash(text)));
}

function centre(b: OcrBox): [number, number] {
  return [b.box.x + b.box.width / 2, b.box.y + b.box.height / 2];
}

let engine: OcrEngine;
let bar: OcrResult;
let slanted: OcrResult;

beforeAll(async () => {
  engine = await createOcrEngine({ intraOpNumThreads: 1 });
  bar = await engine.recognize(await png(svg(800, 500, BAR_TEXTS, BAR_SHAPES)));
  slanted = await engine.recognize(await png(svg(800, 500, SLANTED_TEXTS, `<line x1="80" y1="400" x2="720" y2="400" stroke="#999"/>`)));
});

afterAll(async () => {
  await engine?.dispose();
});

describe("OCR of a drawn bar chart", () => {
  it("reports the original size and timings", () => {
    expect(bar.width).toBe(800);
    expect(bar.height).toBe(500);
    expect(bar.ms.total).toBeGreaterThan(0);
    expect(bar.ms.det + bar.ms.rec).toBeLessThanOrEqual(bar.ms.total + 1);
  });

  it("reads every horizontal text exactly, at its drawn position", () => {
    // The lone "0" at the axis origin is left out: the detector barely marks a single glyph
    // next to an axis line (its probability blob is a few pixels), so it is often missed.
    for (const t of BAR_TEXTS.filter((d) => d.rotate === undefined && d.text !== "0")) {
      const b = find(bar, t.text);
      expect(b, `${t.text} in ${JSON.stringify(bar.boxes.map((x) => x.text))}`).toBeDefined();
      const [cx, cy] = centre(b as OcrBox);
      // Centres within a third of a glyph height vertically, and a glyph height horizontally.
      expect(Math.abs(cx - t.x), t.text).toBeLessThan(t.size);
      expect(Math.abs(cy - t.y), t.text).toBeLessThan(t.size / 3 + 2);
      expect(b?.box.height, t.text).toBeGreaterThan(t.size * 0.8);
      expect(b?.box.height, t.text).toBeLessThan(t.size * 2.2);
      expect(b?.confidence, t.text).toBeGreaterThan(0.8);
      expect(b?.angle, t.text).toBeUndefined();
    }
  });

  it("reads the vertical axis title bottom to top (angle 90)", () => {
    const b = find(bar, "Revenue in million euros");
    expect(b, JSON.stringify(bar.boxes.filter((x) => x.angle !== undefined))).toBeDefined();
    expect(b?.angle).toBe(90);
    const [cx, cy] = centre(b as OcrBox);
    expect(Math.abs(cx - 28)).toBeLessThan(8);
    expect(Math.abs(cy - 290)).toBeLessThan(13);
    expect(b?.box.height).toBeGreaterThan(b?.box.width ?? Infinity);
  });

  it("returns boxes in reading order: top to bottom, then left to right", () => {
    const texts = bar.boxes.map((b) => b.text.replace(/\s+/g, ""));
    expect(texts[0]).toBe("Quarterlyrevenuebyregion");
    const row = ["North", "South", "East", "WesternIsles"].map((t) => texts.indexOf(t));
    expect(row).not.toContain(-1);
    expect(row).toEqual([...row].sort((a, b) => a - b));
    expect(texts.indexOf("30")).toBeLessThan(texts.indexOf("20"));
    expect(texts.indexOf("20")).toBeLessThan(texts.indexOf("10"));
  });

  it("finds nothing on a blank image", async () => {
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#ffffff" } }).png().toBuffer();
    const r = await engine.recognize(blank);
    expect(r.boxes).toEqual([]);
    expect(r.width).toBe(400);
  });

  it("reads grayscale, palette, transparent and JPEG images alike", async () => {
    const source = Buffer.from(svg(300, 80, [{ text: "Gray 2024", x: 150, y: 40, size: 20 }]));
    const variants = [
      await sharp(source).flatten({ background: "#fff" }).grayscale().png().toBuffer(),
      await sharp(source).flatten({ background: "#fff" }).png({ palette: true }).toBuffer(),
      await sharp(Buffer.from(source.toString().replace(/<rect[^>]*\/>/, ""))).png().toBuffer(), // transparent background
      await sharp(source).jpeg({ quality: 85 }).toBuffer(),
    ];
    for (const v of variants) {
      const r = await engine.recognize(v);
      expect(r.boxes.map((b) => b.text.replace(/\s+/g, ""))).toEqual(["Gray2024"]);
    }
  });

  it("reads an SVG given directly", async () => {
    const r = await engine.recognize(Buffer.from(svg(400, 120, [{ text: "Direct SVG 2024", x: 200, y: 60, size: 20 }])));
    expect(r.boxes.map((b) => b.text.replace(/\s+/g, ""))).toEqual(["DirectSVG2024"]);
  });
});

describe("OCR of slanted axis labels", () => {
  it("reads years slanted 45° that the detector first merges into one band", () => {
    const found = YEARS.filter((y) => find(slanted, y) !== undefined);
    expect(found.length, JSON.stringify(slanted.boxes.map((b) => [b.text, b.angle]))).toBeGreaterThanOrEqual(YEARS.length - 2);
    for (const y of found) {
      const b = find(slanted, y) as OcrBox;
      expect(Math.abs((b.angle ?? 0) - 45), y).toBeLessThanOrEqual(8);
      const i = YEARS.indexOf(y);
      const [cx, cy] = centre(b);
      expect(Math.abs(cx - (100 + i * 38)), y).toBeLessThan(12);
      expect(Math.abs(cy - 430), y).toBeLessThan(12);
    }
    expect(find(slanted, "Share of households")?.angle).toBeUndefined();
  });
});

describe("OCR engine lifecycle and inputs", () => {
  it("shares one pair of sessions per models folder and releases them with the last engine", async () => {
    const dir = await defaultModelsDir();
    const a = await acquireModels(dir, 1);
    const other = await createOcrEngine({ intraOpNumThreads: 1 });
    const b = await acquireModels(dir, 1);
    expect(b).toBe(a);
    await other.dispose();
    await other.dispose(); // idempotent
    await expect(other.recognize(await png(svg(100, 50, [])))).rejects.toBeInstanceOf(UsageError);
    await releaseModels(dir);
    await releaseModels(dir);
    // The suite's engine still holds them.
    expect(await acquireModels(dir, 1)).toBe(a);
    await releaseModels(dir);
  });

  it("supports `await using`", async () => {
    let saw: OcrResult | undefined;
    {
      await using e = await createOcrEngine({ intraOpNumThreads: 1 });
      saw = await e.recognize(Buffer.from(svg(300, 80, [{ text: "Scoped", x: 150, y: 40, size: 20 }])));
    }
    expect(saw?.boxes.map((b) => b.text)).toEqual(["Scoped"]);
  });

  it("refuses bad options, non-images and missing models with catbox errors", async () => {
    await expect(createOcrEngine({ scale: 0 })).rejects.toBeInstanceOf(UsageError);
    await expect(createOcrEngine({ intraOpNumThreads: 1.5 })).rejects.toBeInstanceOf(UsageError);
    await expect(createOcrEngine({ modelsDir: "/nonexistent/catbox-models" })).rejects.toBeInstanceOf(IoError);
    await expect(engine.recognize(Buffer.from("not an image at all"))).rejects.toBeInstanceOf(ImageError);
    await expect(engine.recognize(new Uint8Array())).rejects.toBeInstanceOf(ImageError);
    await expect(engine.recognize("/nonexistent/chart.png")).rejects.toBeInstanceOf(IoError);
  });

  it("sizes the detection input: 2× within the pixel budget, multiples of 32", () => {
    expect(detectionSize(800, 557, 2, 2_100_000)).toEqual([1600, 1120]);
    expect(detectionSize(850, 600, 2, 2_100_000)).toEqual([1696, 1216]);
    const [w, h] = detectionSize(800, 1400, 2, 2_100_000);
    expect(w * h).toBeLessThanOrEqual(2_100_000 * 1.05);
    expect(w % 32).toBe(0);
    expect(h % 32).toBe(0);
    expect(detectionSize(3000, 2000, 2, 2_100_000)[0]).toBeLessThan(3000);
    expect(detectionSize(10, 10, 2, 2_100_000)).toEqual([32, 32]);
  });
});
