import { performance } from "node:perf_hooks";
import { loadRaster, readChart, type ChartExtraction, type ReadChartOptions } from "../chart/index.js";
import type { OcrBox, OcrResult } from "../ocr/types.js";
import type { LocalModels } from "./local-models.js";

/** What {@link readChartLocally} returns: the extraction, the OCR it used, and where time went. */
export interface LocalChartRead {
  extraction: ChartExtraction;
  ocr: OcrResult;
  ms: { ocr: number; geometry: number };
}

const PLACEHOLDER = /^Category \d+$/;

/**
 * OCR an image with the process's local models and read its chart. When the reader finds bars
 * whose category labels it could not read (packed 45° labels the OCR detector did not see), the
 * strip under the baseline is read again for slanted text and the chart read once more; the second
 * reading is kept when it names more categories, and the amended OCR is remembered so the grounding
 * check sees the same text.
 */
export async function readChartLocally(image: Uint8Array, models: LocalModels, options: ReadChartOptions = {}): Promise<LocalChartRead> {
  const t0 = performance.now();
  const ocr = await models.recognize(image);
  const t1 = performance.now();
  const raster = await loadRaster(image);
  const extraction = readChart({ raster, ocr }, options);
  const t2 = performance.now();
  const first = { extraction, ocr, ms: { ocr: t1 - t0, geometry: t2 - t1 } };
  const strip = extraction.ok ? extraction.reading.unlabelled : undefined;
  if (!extraction.ok || !strip) return first;

  const found = await models.readSlantedStrip(image, strip);
  const t3 = performance.now();
  if (!found || found.length === 0) return { ...first, ms: { ...first.ms, ocr: first.ms.ocr + (t3 - t2) } };
  const amended: OcrResult = { ...ocr, boxes: mergeStrip(ocr.boxes, found, strip) };
  const again = readChart({ raster, ocr: amended }, options);
  const ms = { ocr: first.ms.ocr + (t3 - t2), geometry: first.ms.geometry + (performance.now() - t3) };
  if (!again.ok || unnamed(again) >= unnamed(extraction)) return { ...first, ms };
  again.reading.notes.push(`category labels re-read as slanted text under the baseline`);
  models.amend(image, amended);
  return { extraction: again, ocr: amended, ms };
}

/** The first pass's boxes outside the strip, and the slanted readings inside it. */
function mergeStrip(boxes: readonly OcrBox[], slanted: readonly OcrBox[], strip: { top: number; bottom: number }): OcrBox[] {
  const inStrip = (b: OcrBox) => {
    const cy = b.box.y + b.box.height / 2;
    return cy >= strip.top && cy <= strip.bottom;
  };
  return [...boxes.filter((b) => !inStrip(b) || !slanted.some((s) => overlaps(s, b))), ...slanted.filter(inStrip)];
}

function overlaps(a: OcrBox, b: OcrBox): boolean {
  return a.box.x < b.box.x + b.box.width && b.box.x < a.box.x + a.box.width && a.box.y < b.box.y + b.box.height && b.box.y < a.box.y + a.box.height;
}

function unnamed(e: ChartExtraction): number {
  return e.ok ? e.reading.rows.filter((r) => PLACEHOLDER.test(r[0] ?? "")).length : Infinity;
}
