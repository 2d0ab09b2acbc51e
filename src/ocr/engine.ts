import { performance } from "node:perf_hooks";
import { UsageError } from "../errors.js";
import { bounds, readingAngle, type RotatedRect } from "./geometry.js";
import { loadImage, type DetImage } from "./load-image.js";
import { acquireModels, defaultModelsDir, defaultThreads, releaseModels } from "./models.js";
import { readText } from "./read-text.js";
import { readSlanted } from "./slanted-labels.js";
import type { OcrBox, OcrEngine, OcrEngineOptions, OcrResult } from "./types.js";

/** Defaults of {@link createOcrEngine} (see `OcrEngineOptions` for what each does and why). */
export const DEFAULT_OCR_OPTIONS = {
  scale: 2,
  maxPixels: 2_100_000,
  rotated: true,
  detThreshold: 0.3,
  boxThreshold: 0.5,
  unclipRatio: 1.6,
  minConfidence: 0.5,
  maxInputPixels: 40_000_000,
  maxInputBytes: 50 * 1024 * 1024,
} as const;

/** Boxes tilted less than this (degrees) are reported as horizontal: small tilts come from blob shapes. */
const MIN_ANGLE = 8;

type Resolved = OcrEngine["options"];

function resolveOptions(options: OcrEngineOptions, modelsDir: string): Resolved {
  const o = { ...DEFAULT_OCR_OPTIONS, intraOpNumThreads: defaultThreads(), ...defined(options), modelsDir };
  const range = (name: string, v: unknown, lo: number, hi: number) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
      throw new UsageError(`OCR option ${name} must be a number from ${lo} to ${hi}; got ${String(v)}`);
    }
  };
  range("scale", o.scale, 0.1, 8);
  range("maxPixels", o.maxPixels, 1024, 64_000_000);
  range("detThreshold", o.detThreshold, 0, 1);
  range("boxThreshold", o.boxThreshold, 0, 1);
  range("unclipRatio", o.unclipRatio, 0, 10);
  range("minConfidence", o.minConfidence, 0, 1);
  range("maxInputPixels", o.maxInputPixels, 1, Number.MAX_SAFE_INTEGER);
  range("maxInputBytes", o.maxInputBytes, 1, Number.MAX_SAFE_INTEGER);
  range("intraOpNumThreads", o.intraOpNumThreads, 1, 256);
  if (!Number.isInteger(o.intraOpNumThreads)) throw new UsageError(`OCR option intraOpNumThreads must be an integer; got ${o.intraOpNumThreads}`);
  if (typeof o.rotated !== "boolean") throw new UsageError(`OCR option rotated must be true or false`);
  return o;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Load PaddleOCR PP-OCRv4 detection and recognition models (once per process and models folder)
 * and return an engine that reads the text on chart images, locally, on the CPU.
 *
 * @example
 * await using ocr = await createOcrEngine();
 * const { boxes } = await ocr.recognize("chart.png");
 * // boxes: [{ text: "Share of respondents", confidence: 0.97, box: { x, y, width, height }, angle: 90 }, …]
 */
export async function createOcrEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const modelsDir = options.modelsDir ?? (await defaultModelsDir());
  const o = resolveOptions(options, modelsDir);
  const models = await acquireModels(modelsDir, o.intraOpNumThreads).catch(async (e: unknown) => {
    await releaseModels(modelsDir);
    throw e;
  });
  let disposed = false;
  const running = new Set<Promise<unknown>>();
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    // Sessions are released only after this engine's recognitions in flight have finished.
    await Promise.allSettled([...running]);
    await releaseModels(modelsDir);
  };

  /** Start `job` unless disposed, and keep it in `running` until it settles (dispose waits for it). */
  const track = <T>(job: () => Promise<T>): Promise<T> => {
    if (disposed) return Promise.reject(new UsageError("this OCR engine was disposed; create a new one"));
    const work = job();
    running.add(work);
    const forget = () => running.delete(work);
    work.then(forget, forget);
    return work;
  };
  const db = { threshold: o.detThreshold, boxThreshold: o.boxThreshold, unclipRatio: o.unclipRatio, minSize: 3, maxCandidates: 1000 };

  const recognize = (image: Uint8Array | string): Promise<OcrResult> => track(() => run(image));

  const run = async (image: Uint8Array | string): Promise<OcrResult> => {
    const t0 = performance.now();
    const img = await loadImage(image, o);
    const ms = { det: performance.now() - t0, rec: 0 };
    const lines = await readText(
      models,
      img,
      {
        db,
        rotated: o.rotated,
        minConfidence: o.minConfidence,
      },
      ms,
    );

    const boxes = toBoxes(lines, img);
    const t3 = performance.now();
    return {
      width: img.width,
      height: img.height,
      boxes: readingOrder(boxes),
      ms: { det: round(ms.det, 1), rec: round(ms.rec, 1), total: round(t3 - t0, 1) },
    };
  };

  const readSlantedStrip = (image: Uint8Array | string, strip: { top: number; bottom: number }): Promise<OcrBox[]> => {
    if (!(strip.bottom > strip.top)) return Promise.reject(new UsageError(`a strip to re-read needs bottom > top; got ${strip.top}..${strip.bottom}`));
    return track(async () => {
      const img = await loadImage(image, o);
      const s = img.detHeight / img.height;
      const lines = await readSlanted(models, img, [Math.max(0, strip.top * s), Math.min(img.detHeight, strip.bottom * s)], { db, minConfidence: o.minConfidence }, { det: 0, rec: 0 });
      return readingOrder(toBoxes(lines, img));
    });
  };

  return { recognize, readSlantedStrip, dispose, [Symbol.asyncDispose]: dispose, options: o };
}

/** Readings in detection pixels → boxes in the image's pixels (with the reading angle when tilted). */
function toBoxes(lines: ReadonlyArray<{ text: string; confidence: number; rect: RotatedRect }>, img: DetImage): OcrBox[] {
  const sx = img.width / img.detWidth;
  const sy = img.height / img.detHeight;
  const boxes: OcrBox[] = [];
  for (const b of lines) {
    const [x0, y0, x1, y1] = bounds(b.rect);
    const left = Math.max(0, x0 * sx);
    const top = Math.max(0, y0 * sy);
    const right = Math.min(img.width, x1 * sx);
    const bottom = Math.min(img.height, y1 * sy);
    if (right <= left || bottom <= top) continue;
    const box: OcrBox = {
      text: b.text,
      confidence: round(b.confidence, 4),
      box: { x: round(left, 1), y: round(top, 1), width: round(right - left, 1), height: round(bottom - top, 1) },
    };
    const angle = readingAngle(b.rect);
    if (Math.abs(angle) >= MIN_ANGLE) box.angle = Math.round(angle);
    boxes.push(box);
  }
  return boxes;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Top to bottom by line (boxes whose vertical centres are within half a box height), then left to right. */
export function readingOrder(boxes: OcrBox[]): OcrBox[] {
  const cy = (b: OcrBox) => b.box.y + b.box.height / 2;
  const sorted = [...boxes].sort((a, b) => cy(a) - cy(b) || a.box.x - b.box.x);
  const lines: OcrBox[][] = [];
  for (const b of sorted) {
    const line = lines.at(-1);
    const ref = line?.[0];
    if (line !== undefined && ref !== undefined && Math.abs(cy(b) - cy(ref)) < Math.min(b.box.height, ref.box.height) / 2) line.push(b);
    else lines.push([b]);
  }
  return lines.flatMap((line) => line.sort((a, b) => a.box.x - b.box.x));
}
