import type { OcrEngine, OcrResult } from "../ocr/types.js";
import { barDetector } from "./bar-detector.js";
import { lineDetector } from "./line-detector.js";
import { pieDetector } from "./pie-detector.js";
import { loadRaster } from "./raster.js";
import type { ChartDetector, ChartInput, ChartReading } from "./types.js";

/** The detectors tried by default, in order (ties in confidence go to the earlier one). */
export const DEFAULT_DETECTORS: readonly ChartDetector[] = [barDetector, lineDetector, pieDetector];

/** Below this confidence a reading is not used: the chart is declined rather than guessed. */
export const DEFAULT_MIN_CONFIDENCE = 0.4;

export interface ReadChartOptions {
  detectors?: readonly ChartDetector[];
  /** Readings under this confidence are declined (default {@link DEFAULT_MIN_CONFIDENCE}). */
  minConfidence?: number;
}

/** The outcome of reading a chart: a table in the response format's CSV shape, or why not. */
export type ChartExtraction =
  | { ok: true; reading: ChartReading; csv: string; attempts: DetectorAttempt[] }
  | { ok: false; reason: string; attempts: DetectorAttempt[] };

/** What each detector said, for the trace. */
export interface DetectorAttempt {
  detector: string;
  ok: boolean;
  /** The kind and confidence it read, or why it could not. */
  detail: string;
}

/**
 * Read a chart's data from its pixels and OCR text: every detector is tried and the most
 * confident reading wins. A chart no detector reads with at least `minConfidence` is declined,
 * with each detector's reason.
 */
export function readChart(input: ChartInput, options: ReadChartOptions = {}): ChartExtraction {
  const detectors = options.detectors ?? DEFAULT_DETECTORS;
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const attempts: DetectorAttempt[] = [];
  let best: ChartReading | undefined;
  for (const d of detectors) {
    let result;
    try {
      result = d.detect(input);
    } catch (e) {
      // A detector bug on an odd chart must not take the whole answer down: it counts as "could not read".
      result = { ok: false as const, reason: `internal error: ${(e as Error).message}` };
    }
    if (result.ok) {
      const r = result.reading;
      attempts.push({ detector: d.name, ok: true, detail: `${r.kind}, confidence ${r.confidence.toFixed(2)}` });
      if (usable(r) && (!best || r.confidence > best.confidence)) best = r;
    } else {
      attempts.push({ detector: d.name, ok: false, detail: result.reason });
    }
  }
  if (!best) return { ok: false, reason: "no chart kind was recognised", attempts };
  if (best.confidence < minConfidence) {
    return { ok: false, reason: `best reading (${best.kind}) has confidence ${best.confidence.toFixed(2)} < ${minConfidence}`, attempts };
  }
  const reading = { ...best, columns: best.columns.map(digitOs), rows: best.rows.map((row) => [digitOs(row[0]!), ...row.slice(1)]) };
  return { ok: true, reading, csv: readingToCsv(reading), attempts };
}

/** OCR reads a zero among digits as the letter o: "2oo8" → "2008", "1oo grams" → "100 grams". */
export function digitOs(text: string): string {
  return text.replace(/\b[\doO]{3,}\b/g, (w) => (/\d/.test(w) && /[oO]/.test(w) ? w.replace(/[oO]/g, "0") : w));
}

function usable(r: ChartReading): boolean {
  return r.columns.length >= 2 && r.rows.length >= 1 && r.rows.every((row) => row.length === r.columns.length);
}

/** Decode the image, OCR it with `ocr` (or take a given OCR result) and read the chart. */
export async function readChartImage(
  image: Uint8Array,
  ocr: OcrEngine | OcrResult,
  options: ReadChartOptions = {},
): Promise<{ extraction: ChartExtraction; ocr: OcrResult; ms: { ocr: number; geometry: number } }> {
  const t0 = performance.now();
  const text = "recognize" in ocr ? await ocr.recognize(image) : ocr;
  const t1 = performance.now();
  const raster = await loadRaster(image);
  const extraction = readChart({ raster, ocr: text }, options);
  return { extraction, ocr: text, ms: { ocr: t1 - t0, geometry: performance.now() - t1 } };
}

/** The reading as CSV (RFC 4180 quoting, `\n` line ends). */
export function readingToCsv(r: ChartReading): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
  return [r.columns, ...r.rows].map((row) => row.map(cell).join(",")).join("\n");
}
