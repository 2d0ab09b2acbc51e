import type { InferenceSession } from "onnxruntime-node";
import type { DbOptions } from "./db-postprocess.js";
import { detectText } from "./detect.js";
import { alongLongSide, bounds, readingAngle, turned, type RotatedRect } from "./geometry.js";
import type { DetImage } from "./load-image.js";
import { cropWidth, recognizeCrops } from "./recognize-crops.js";
import { verticalColumns } from "./vertical-columns.js";
import { mergeSlanted, readSlanted, slantedStrips } from "./slanted-labels.js";
import { timed, type Timings } from "./timings.js";

/** A reading kept for the result, in detection-image pixels. */
export interface TextLine {
  text: string;
  confidence: number;
  rect: RotatedRect;
}

export interface ReadTextOptions {
  db: DbOptions;
  rotated: boolean;
  minConfidence: number;
}

interface Models {
  det: InferenceSession;
  rec: InferenceSession;
  alphabet: string[];
}

/** A box this much longer than wide, standing within 30° of vertical, is also read as vertical text. */
const VERTICAL_RATIO = 1.5;
/** A reading other than the upright one must beat it by this much confidence to win. */
const UPRIGHT_BONUS = 0.03;
/** A horizontal region this much wider than tall, read with confidence under this, may be slanted labels. */
const BAND_RATIO = 4;
const BAND_CONFIDENCE = 0.8;
/** Crops up to this wide (a few glyphs at height 48) read with low confidence are re-read padded to `PAD_SHORT`. */
const SHORT_CROP = 96;
const PAD_SHORT = 320;
/** Regions with sides closer than this ratio are taken axis-aligned. */
const SQUARISH = 1.5;
/** A vertical line read whole must reach this confidence to replace its pieces. */
const COLUMN_CONFIDENCE = 0.8;

/**
 * Detect text regions and read each one. Regions standing near vertical are read upright and, with
 * `rotated`, turned either way; the most confident reading wins. Vertical lines the detector split
 * into pieces are also read whole (see {@link verticalColumns}). Regions that look like a band of
 * slanted axis labels the detector merged into one line are re-read by {@link readSlanted}.
 */
export async function readText(m: Models, img: DetImage, o: ReadTextOptions, ms: Timings): Promise<TextLine[]> {
  const regions = await timed(ms, "det", () => detectText(m.det, img, o.db));
  // Units to read: every region, then (with `rotated`) each vertical line split into pieces, whole.
  const columns = o.rotated ? verticalColumns(regions.map((r) => r.rect)) : [];
  const trials: Array<{ unit: number; rect: RotatedRect; bonus: number }> = [];
  regions.forEach(({ rect }, unit) => {
    const r = upright(rect);
    if (Math.abs(readingAngle(r)) <= 60) {
      trials.push({ unit, rect: r, bonus: 0 });
      return;
    }
    trials.push({ unit, rect: turned(r, false), bonus: UPRIGHT_BONUS }); // left to right, a short tall line
    if (o.rotated && r.w >= VERTICAL_RATIO * r.h) {
      trials.push({ unit, rect: r, bonus: 0 }); // bottom to top
      trials.push({ unit, rect: turned(turned(r, true), true), bonus: 0 }); // top to bottom
    }
  });
  columns.forEach(({ rect }, k) => {
    trials.push({ unit: regions.length + k, rect, bonus: 0 });
    trials.push({ unit: regions.length + k, rect: turned(turned(rect, true), true), bonus: 0 });
  });
  const readings = await timed(ms, "rec", () => recognizeCrops(m.rec, m.alphabet, img, trials.map((t) => t.rect)));
  const best = new Map<number, TextLine & { score: number }>();
  trials.forEach((t, i) => {
    const { text, confidence } = readings[i];
    const score = confidence + t.bonus;
    const seen = best.get(t.unit);
    if (seen === undefined || score > seen.score) best.set(t.unit, { text: text.trim(), confidence, rect: t.rect, score });
  });
  // Doubtful short readings (a lone "0" often reads at 0.5) are read again, padded to 320 pixels
  // as PaddleOCR pads every crop: the recogniser is surer of a glyph with room around it.
  const doubtful = [...best.entries()].filter(([, b]) => b.confidence < 0.8 && cropWidth(b.rect) <= SHORT_CROP);
  if (doubtful.length > 0) {
    const again = await timed(ms, "rec", () => recognizeCrops(m.rec, m.alphabet, img, doubtful.map(([, b]) => b.rect), PAD_SHORT));
    doubtful.forEach(([unit, b], i) => {
      const r = again[i];
      if (r.confidence > b.confidence) best.set(unit, { ...b, text: r.text.trim(), confidence: r.confidence, score: b.score - b.confidence + r.confidence });
    });
  }
  // A whole column replaces its pieces when it reads confidently and at least about as well.
  const replaced = new Set<number>();
  const lines: TextLine[] = [];
  columns.forEach(({ members }, k) => {
    const whole = best.get(regions.length + k);
    if (whole === undefined || whole.text === "" || whole.confidence < COLUMN_CONFIDENCE) return;
    const parts = members.map((i) => best.get(i)?.confidence ?? 0);
    if (whole.confidence < parts.reduce((a, b) => a + b, 0) / parts.length - 0.05) return;
    for (const i of members) replaced.add(i);
    lines.push(whole);
  });
  // Bands (wide horizontal regions read badly) may be slanted labels merged by the detector. Their
  // readings are kept for now; slanted readings of the same place replace them.
  const bands: RotatedRect[] = [];
  regions.forEach(({ rect }, region) => {
    if (replaced.has(region)) return;
    const b = best.get(region);
    const r = upright(rect);
    if (r.w >= BAND_RATIO * r.h && Math.abs(readingAngle(r)) < 20 && (b === undefined || b.confidence < BAND_CONFIDENCE)) bands.push(r);
    if (b !== undefined && b.text !== "" && b.confidence >= o.minConfidence) lines.push(b);
  });
  for (const strip of slantedStrips(lines, bands, img.detHeight)) {
    const slanted = await readSlanted(m, img, strip, o, ms);
    if (slanted.length > 0) mergeSlanted(lines, slanted);
  }
  return lines;
}

/**
 * The region as a reading rectangle along its long side. A roughly square region (a glyph or two:
 * "0", "5%") has no reliable direction — its tightest rectangle is often tilted — so it is taken
 * axis-aligned.
 */
function upright(rect: RotatedRect): RotatedRect {
  const r = alongLongSide(rect);
  if (r.w >= SQUARISH * r.h) return r;
  const [x0, y0, x1, y1] = bounds(r);
  return alongLongSide({ cx: r.cx, cy: r.cy, ux: 1, uy: 0, w: x1 - x0, h: y1 - y0 });
}
