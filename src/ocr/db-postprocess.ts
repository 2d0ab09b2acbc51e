import { convexHull, minAreaRect, type RotatedRect } from "./geometry.js";

/** Settings of {@link textRegions}, in detection-map pixels. */
export interface DbOptions {
  /** Binarisation threshold on the probability map. */
  threshold: number;
  /** Minimum mean probability inside a region's rectangle. */
  boxThreshold: number;
  /** Growth of a region around its core: offset distance = area × ratio / perimeter. */
  unclipRatio: number;
  /** Regions whose short side is under this (before growth) are noise. */
  minSize: number;
  /** At most this many regions, largest first. */
  maxCandidates: number;
}

/** A detected text region: its grown rectangle and its score, in detection-map pixels. */
export interface TextRegion {
  rect: RotatedRect;
  score: number;
}

/**
 * DB ("differentiable binarisation") post-processing, as PaddleOCR does it: threshold the
 * detector's probability map, take each 8-connected blob of text pixels, fit its minimum-area
 * rectangle, score the rectangle by the mean probability inside it, and grow ("unclip") it by
 * `area × unclipRatio / perimeter` on every side — the detector is trained to mark a shrunken core
 * of each text line, and this undoes the shrinking. For a rectangle, offsetting the polygon and
 * refitting (PaddleOCR's pyclipper + minAreaRect) gives the same rectangle grown by that distance.
 */
export function textRegions(prob: Float32Array, width: number, height: number, o: DbOptions): TextRegion[] {
  const n = width * height;
  const label = new Int32Array(n); // 0 = background/unvisited, k > 0 = blob k
  const stack = new Int32Array(n);
  const regions: Array<{ rect: RotatedRect; pixels: number }> = [];
  // Each row's leftmost and rightmost pixel of the current blob (enough for its convex hull). An
  // 8-connected blob covers every row between its top and bottom, so rows top…bottom are all set.
  const rowMin = new Int32Array(height).fill(width);
  const rowMax = new Int32Array(height).fill(-1);
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (label[start] !== 0 || !(prob[start] > o.threshold)) continue;
    next++;
    let top = 0;
    let pixels = 0;
    let yMin = height;
    let yMax = -1;
    stack[top++] = start;
    label[start] = next;
    while (top > 0) {
      const p = stack[--top];
      pixels++;
      const x = p % width;
      const y = (p - x) / width;
      if (x < rowMin[y]) rowMin[y] = x;
      if (x > rowMax[y]) rowMax[y] = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      const ya = y > 0 ? y - 1 : y;
      const yb = y < height - 1 ? y + 1 : y;
      const xa = x > 0 ? x - 1 : x;
      const xb = x < width - 1 ? x + 1 : x;
      for (let yy = ya; yy <= yb; yy++) {
        for (let q = yy * width + xa, end = yy * width + xb; q <= end; q++) {
          if (label[q] === 0 && prob[q] > o.threshold) {
            label[q] = next;
            stack[top++] = q;
          }
        }
      }
    }
    // Pixel squares' corners: a row's extreme pixels contribute their outer corners.
    const flat: number[] = [];
    for (let y = yMin; y <= yMax; y++) {
      const lo = rowMin[y];
      const hi = rowMax[y];
      if (hi >= lo) flat.push(lo, y, hi + 1, y, lo, y + 1, hi + 1, y + 1);
      rowMin[y] = width;
      rowMax[y] = -1;
    }
    if (pixels < 4) continue;
    const rect = minAreaRect(convexHull(flat));
    if (Math.min(rect.w, rect.h) < o.minSize) continue;
    regions.push({ rect, pixels });
  }
  regions.sort((a, b) => b.pixels - a.pixels);
  const out: TextRegion[] = [];
  for (const { rect } of regions.slice(0, o.maxCandidates)) {
    const score = meanInside(prob, width, height, rect);
    if (score < o.boxThreshold) continue;
    const d = (rect.w * rect.h * o.unclipRatio) / (2 * (rect.w + rect.h));
    const grown = { ...rect, w: rect.w + 2 * d, h: rect.h + 2 * d };
    if (Math.min(grown.w, grown.h) < o.minSize + 2) continue;
    out.push({ rect: grown, score });
  }
  return out;
}

/** Mean of the map over the pixels whose centres fall inside the rectangle. */
function meanInside(prob: Float32Array, width: number, height: number, r: RotatedRect): number {
  const ex = (Math.abs(r.ux) * r.w + Math.abs(r.uy) * r.h) / 2;
  const ey = (Math.abs(r.uy) * r.w + Math.abs(r.ux) * r.h) / 2;
  const x0 = Math.max(0, Math.floor(r.cx - ex));
  const x1 = Math.min(width - 1, Math.ceil(r.cx + ex));
  const y0 = Math.max(0, Math.floor(r.cy - ey));
  const y1 = Math.min(height - 1, Math.ceil(r.cy + ey));
  const hw = r.w / 2 + 1e-6;
  const hh = r.h / 2 + 1e-6;
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - r.cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - r.cx;
      if (Math.abs(dx * r.ux + dy * r.uy) > hw || Math.abs(-dx * r.uy + dy * r.ux) > hh) continue;
      sum += prob[y * width + x];
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}
