import type { InferenceSession } from "onnxruntime-node";
import type { DbOptions } from "./db-postprocess.js";
import { detectText } from "./detect.js";
import { alongLongSide, bounds, inside, readingAngle, type RotatedRect } from "./geometry.js";
import type { DetImage } from "./load-image.js";
import { recognizeCrops } from "./recognize-crops.js";
import { timed, type Timings } from "./timings.js";
import { fromView, warpView } from "./warp.js";

/**
 * Slanted axis labels. Charts with many categories (years, above all) print their x labels at
 * about 45°, packed so tightly that the detector, trained mostly on horizontal text, merges
 * neighbours into one horizontal band or finds them as skewed pieces. Such rows are found here and
 * re-read in a view of the image turned so that the labels run horizontally.
 */

interface Models {
  det: InferenceSession;
  rec: InferenceSession;
  alphabet: string[];
}

interface Reading {
  text: string;
  confidence: number;
  rect: RotatedRect;
}

/** A row needs this many slanted readings to be re-read as a row of slanted labels. */
const MIN_SLANTED_ROW = 3;

/**
 * Horizontal strips [y0, y1] (detection pixels) to re-read as slanted labels: around each band (a
 * wide horizontal region the recogniser could not read), and around each row of three or more
 * readings slanted between 10° and 80°. Overlapping strips are merged.
 */
export function slantedStrips(lines: Reading[], bands: RotatedRect[], height: number): Array<[number, number]> {
  const strips: Array<[number, number]> = [];
  for (const band of bands) {
    // Slanted labels stick out well above and below the band the detector saw.
    const [, y0, , y1] = bounds(band);
    strips.push([y0 - 2.5 * band.h, y1 + 2.5 * band.h]);
  }
  const slanted = lines
    .filter((l) => {
      const a = Math.abs(readingAngle(l.rect));
      return a >= 10 && a <= 80;
    })
    .map((l) => bounds(l.rect))
    .sort((a, b) => a[1] + a[3] - (b[1] + b[3]));
  let row: Array<[number, number, number, number]> = [];
  const flush = () => {
    if (row.length >= MIN_SLANTED_ROW) {
      const h = Math.max(...row.map((b) => b[3] - b[1]));
      strips.push([Math.min(...row.map((b) => b[1])) - 0.5 * h, Math.max(...row.map((b) => b[3])) + 0.5 * h]);
    }
    row = [];
  };
  for (const b of slanted) {
    const first = row[0];
    if (first !== undefined && Math.abs(b[1] + b[3] - (first[1] + first[3])) / 2 > 0.5 * (first[3] - first[1])) flush();
    row.push(b);
  }
  flush();
  strips.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [y0, y1] of strips) {
    const last = merged[merged.length - 1];
    if (last !== undefined && y0 <= last[1]) last[1] = Math.max(last[1], y1);
    else merged.push([y0, y1]);
  }
  return merged.map(([y0, y1]) => [Math.max(0, y0), Math.min(height, y1)]);
}

/**
 * Re-read a strip of the image, across its whole width, turned so that text slanted 45° up (then,
 * if that finds little, 45° down) runs horizontally. The recogniser copes with the remaining skew
 * of labels at 30–60°. Returns the confident readings, in the image's coordinates.
 */
export async function readSlanted(
  m: Models,
  img: DetImage,
  strip: [number, number],
  o: { db: DbOptions; minConfidence: number },
  ms: Timings,
): Promise<Reading[]> {
  const clip: [number, number, number, number] = [0, strip[0], img.detWidth, strip[1]];
  let best: Reading[] = [];
  let bestChars = 0;
  for (const angle of [45, -45]) {
    const rad = (angle * Math.PI) / 180;
    const view = await timed(ms, "det", () => warpView(img, clip, Math.cos(rad), -Math.sin(rad)));
    const regions = await timed(ms, "det", () => detectText(m.det, view.view, o.db));
    const rects = regions.map((r) => alongLongSide(r.rect)).filter((r) => Math.abs(readingAngle(r)) < 20);
    const readings = await timed(ms, "rec", () => recognizeCrops(m.rec, m.alphabet, view.view, rects));
    const lines: Reading[] = [];
    readings.forEach((r, i) => {
      const text = r.text.trim();
      if (text !== "" && r.confidence >= o.minConfidence) lines.push({ text, confidence: r.confidence, rect: fromView(view, rects[i]) });
    });
    const chars = lines.reduce((n, l) => n + l.text.length * l.confidence, 0);
    if (chars > bestChars) {
      best = lines;
      bestChars = chars;
    }
    // Several confident labels at this slant: no need to try the other.
    if (lines.length >= MIN_SLANTED_ROW && chars >= 0.9 * lines.reduce((n, l) => n + l.text.length, 0)) break;
  }
  return best;
}

/**
 * Add slanted readings to `lines`, replacing what the first pass read of the same labels:
 * - an existing reading that two or more slanted readings overlap was several labels merged: it goes;
 * - one that a single slanted reading overlaps goes, unless it is confident horizontal text or reads
 *   more characters (the slanted reading is then dropped instead);
 * - slanted readings that overlap nothing are added.
 */
export function mergeSlanted(lines: Reading[], slanted: Reading[]): void {
  const overlaps = (a: Reading, b: Reading) => inside(a.rect.cx, a.rect.cy, b.rect) || inside(b.rect.cx, b.rect.cy, a.rect);
  const dropped = new Set<Reading>();
  const blocked = new Set<Reading>();
  for (const k of lines) {
    const over = slanted.filter((s) => overlaps(k, s));
    if (over.length === 0) continue;
    if (over.length >= 2) {
      dropped.add(k);
      continue;
    }
    const s = over[0];
    const horizontal = Math.abs(readingAngle(k.rect)) < 5 && k.confidence >= 0.9;
    if (horizontal || k.text.length > s.text.length) blocked.add(s);
    else dropped.add(k);
  }
  const kept = lines.filter((k) => !dropped.has(k));
  lines.length = 0;
  lines.push(...kept, ...slanted.filter((s) => !blocked.has(s)));
}
