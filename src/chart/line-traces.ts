/**
 * The lines of a line chart: pixels inside the plot that are coloured (or dark) and not text,
 * grouped by colour; a colour whose pixels form a thin trace across the categories is a series.
 */
import { chroma, colourDistance, lightness, pixel } from "./raster.js";
import { median } from "./text-boxes.js";
import type { Raster } from "./types.js";

/** The plot rectangle (pixels, inclusive left/top, exclusive right/bottom). */
export interface PlotRect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** One traced line. */
export interface Trace {
  colour: number;
  /** y of the line at each category (null where it has no pixels). */
  ys: (number | null)[];
  /** Share of pixel columns between the first and last category the line covers. */
  coverage: number;
  /** Median pixels per covered column (a line's stroke; bars and areas are thick). */
  thickness: number;
  /** Mean share of pixel columns covered between adjacent categories the line reaches (bars leave gaps). */
  continuity: number;
  /** Leftmost and rightmost pixel of the trace: (x, y). */
  first: { x: number; y: number };
  last: { x: number; y: number };
  pixels: number;
}

/** The traces found, and how many candidate pixels belonged to thick (bar- or area-like) colours. */
export interface TraceSet {
  traces: Trace[];
  thickPixels: number;
}

const MAX_SERIES = 10;

/**
 * Find the traces in `plot`. `mask` marks text pixels to skip; `xs` are the category positions
 * (left to right) the lines are sampled at.
 */
export function findTraces(r: Raster, mask: Uint8Array, plot: PlotRect, xs: readonly number[]): TraceSet {
  const { left, right, top, bottom } = plot;
  const w = right - left;
  const h = bottom - top;
  if (w < 20 || h < 20) return { traces: [], thickPixels: 0 };
  // Candidate pixels: coloured or dark, not text. Dark rows/columns spanning the plot are axes.
  const cand = new Uint8Array(w * h);
  const darkRow = new Int32Array(h);
  const darkCol = new Int32Array(w);
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      if (mask[y * r.width + x]) continue;
      const i = (y * r.width + x) * 3;
      const p = (r.data[i]! << 16) | (r.data[i + 1]! << 8) | r.data[i + 2]!;
      const c = chroma(p);
      const l = lightness(p);
      if (c >= 55 && l < 235) cand[(y - top) * w + (x - left)] = 1;
      else if (l < 110 && c < 55) {
        cand[(y - top) * w + (x - left)] = 2;
        darkRow[y - top]!++;
        darkCol[x - left]!++;
      }
    }
  }
  const bins = new Map<number, { n: number; r: number; g: number; b: number }>();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = cand[y * w + x];
      if (!k) continue;
      if (k === 2 && (darkRow[y]! > w * 0.5 || darkCol[x]! > h * 0.5)) {
        cand[y * w + x] = 0;
        continue;
      }
      const i = ((y + top) * r.width + x + left) * 3;
      const R = r.data[i]!;
      const G = r.data[i + 1]!;
      const B = r.data[i + 2]!;
      const key = ((R >> 5) << 6) | ((G >> 5) << 3) | (B >> 5);
      const e = bins.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
      e.n++;
      e.r += R;
      e.g += G;
      e.b += B;
      bins.set(key, e);
    }
  }
  const clusters: { colour: number; n: number }[] = [];
  for (const e of [...bins.values()].sort((a, b) => b.n - a.n)) {
    if (e.n < 12) break;
    const c = (Math.round(e.r / e.n) << 16) | (Math.round(e.g / e.n) << 8) | Math.round(e.b / e.n);
    const near = clusters.find((k) => colourDistance(k.colour, c) <= 40);
    if (near) near.n += e.n;
    else clusters.push({ colour: c, n: e.n });
  }
  const minPixels = Math.max(25, w * 0.15);
  const keep = clusters.filter((k) => k.n >= minPixels).slice(0, MAX_SERIES * 2);
  if (keep.length === 0) return { traces: [], thickPixels: 0 };
  // Assign every candidate pixel to its nearest kept colour.
  const cols = keep.map(() => Array.from({ length: w }, () => [] as number[]));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!cand[y * w + x]) continue;
      const i = ((y + top) * r.width + x + left) * 3;
      const p = (r.data[i]! << 16) | (r.data[i + 1]! << 8) | r.data[i + 2]!;
      let bi = -1;
      let bd = 48;
      for (let k = 0; k < keep.length; k++) {
        const d = colourDistance(p, keep[k]!.colour);
        if (d < bd) {
          bd = d;
          bi = k;
        }
      }
      if (bi >= 0) cols[bi]![x]!.push(y + top);
    }
  }
  const x0 = Math.max(0, Math.round(xs[0]! - left));
  const x1 = Math.min(w - 1, Math.round(xs[xs.length - 1]! - left));
  const built = keep.map((k, i) => buildTrace(k.colour, cols[i]!, xs, left, x0, x1));
  // An anti-aliased line is drawn in its colour and in lighter shades of it towards the background;
  // at small sizes the shades form a colour cluster of their own and neither part is continuous.
  mergeFringes(built, cols, keep.map((k) => k.colour), xs, left, x0, x1);
  const traces: Trace[] = [];
  let thickPixels = 0;
  for (const t of built) {
    if (!t) continue;
    if (t.thickness > 10) thickPixels += t.pixels;
    else traces.push(t);
  }
  const solid = (t: Trace) => t.continuity < 0.75 || solidRun(r, t, xs, plot) > 16;
  for (const t of traces) if (solid(t)) thickPixels += t.pixels;
  const thin = dedupe(traces.filter((t) => t.coverage >= 0.12 && t.ys.some((y) => y !== null) && !solid(t)));
  return { traces: thin.sort((a, b) => b.pixels - a.pixels).slice(0, MAX_SERIES), thickPixels };
}

/** A trace from one colour's pixel columns, or null when it has too few columns. */
function buildTrace(colour: number, c: number[][], xs: readonly number[], left: number, x0: number, x1: number): Trace | null {
  let covered = 0;
  const counts: number[] = [];
  let pixels = 0;
  let first: { x: number; y: number } | null = null;
  let last: { x: number; y: number } | null = null;
  for (let x = 0; x < c.length; x++) {
    const ys = c[x]!;
    if (ys.length === 0) continue;
    pixels += ys.length;
    counts.push(ys.length);
    if (x >= x0 && x <= x1) covered++;
    first ??= { x: x + left, y: median(ys) };
    last = { x: x + left, y: median(ys) };
  }
  if (!first || !last || counts.length < 5) return null;
  const coverage = covered / Math.max(1, x1 - x0 + 1);
  const thickness = median(counts);
  const ys = xs.map((x) => sampleAt(c, Math.round(x - left), spacing(xs)));
  return { colour, ys, coverage, thickness, continuity: continuity(c, xs, left, ys), first, last, pixels };
}

/**
 * Merge a broken trace with a broken trace in a lighter shade of it (its anti-aliased fringe: a
 * blend of the colour with white) when together they make one continuous thin line. Two real
 * series in shades of one hue stay apart, since each is continuous on its own.
 */
function mergeFringes(
  built: (Trace | null)[],
  cols: number[][][],
  colours: readonly number[],
  xs: readonly number[],
  left: number,
  x0: number,
  x1: number,
): void {
  const broken = (t: Trace | null): t is Trace => t !== null && t.thickness <= 10 && t.continuity < 0.75;
  for (let i = 0; i < built.length; i++) {
    for (let j = 0; j < built.length; j++) {
      const core = built[i];
      const fringe = built[j];
      if (i === j || !broken(core) || !broken(fringe) || !isLighterShade(colours[j]!, colours[i]!)) continue;
      // Both may be the fringe of a darker line that is already whole.
      if (built.some((o, k) => o !== null && k !== i && k !== j && !broken(o) && isLighterShade(colours[i]!, colours[k]!))) continue;
      const union = cols[i]!.map((ys, x) => [...ys, ...cols[j]![x]!].sort((a, b) => a - b));
      const merged = buildTrace(colours[i]!, union, xs, left, x0, x1);
      if (!merged || merged.continuity < 0.75 || merged.thickness > 10) continue;
      built[i] = merged;
      built[j] = null;
      cols[i] = union;
    }
  }
}

/** Whether `light` is `core` blended part of the way towards white. */
function isLighterShade(light: number, core: number): boolean {
  const ch = (c: number) => [(c >> 16) & 255, (c >> 8) & 255, c & 255];
  const a = ch(core);
  const b = ch(light);
  // Blend factor t (0 = core, 1 = white) that best explains `light`, by least squares.
  let num = 0;
  let den = 0;
  for (let k = 0; k < 3; k++) {
    num += (b[k]! - a[k]!) * (255 - a[k]!);
    den += (255 - a[k]!) ** 2;
  }
  const t = den > 0 ? num / den : 0;
  if (t < 0.08 || t > 0.8) return false;
  const off = Math.max(...a.map((v, k) => Math.abs(v + t * (255 - v) - b[k]!)));
  return off <= 24;
}

/**
 * Median (over categories) length of the vertical run of the trace's colour through its sampled
 * point, text included: a line's stroke is short, a bar segment whose label hid it is long.
 */
function solidRun(r: Raster, t: Trace, xs: readonly number[], plot: PlotRect): number {
  const runs: number[] = [];
  xs.forEach((x, i) => {
    const y0 = t.ys[i];
    if (y0 == null) return;
    const same = (y: number) => colourDistance(pixel(r, x, y), t.colour) < 48;
    if (!same(Math.round(y0))) return;
    let a = Math.round(y0);
    let b = a;
    while (a > plot.top && same(a - 1)) a--;
    while (b < plot.bottom - 1 && same(b + 1)) b++;
    runs.push(b - a + 1);
  });
  return runs.length > 0 ? median(runs) : 0;
}

function continuity(cols: number[][], xs: readonly number[], left: number, ys: (number | null)[]): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    if (ys[i] == null || ys[i + 1] == null) continue;
    const a = Math.round(xs[i]! - left);
    const b = Math.round(xs[i + 1]! - left);
    let hit = 0;
    for (let x = a; x <= b; x++) if (x >= 0 && x < cols.length && cols[x]!.length > 0) hit++;
    sum += hit / Math.max(1, b - a + 1);
    n++;
  }
  return n > 0 ? sum / n : 0;
}

function spacing(xs: readonly number[]): number {
  return xs.length > 1 ? (xs[xs.length - 1]! - xs[0]!) / (xs.length - 1) : 40;
}

/** The line's y at column x: the median of nearby pixels, else interpolated across a short gap. */
function sampleAt(cols: number[][], x: number, step: number): number | null {
  const at = (c: number) => (c >= 0 && c < cols.length && cols[c]!.length > 0 ? cols[c]! : null);
  const near: number[] = [];
  for (let d = -1; d <= 1; d++) near.push(...(at(x + d) ?? []));
  if (near.length > 0) return median(near);
  const maxGap = Math.max(4, step * 0.45);
  let l: { x: number; y: number } | null = null;
  let rr: { x: number; y: number } | null = null;
  for (let d = 2; d <= maxGap && (!l || !rr); d++) {
    const a = at(x - d);
    if (!l && a) l = { x: x - d, y: median(a) };
    const b = at(x + d);
    if (!rr && b) rr = { x: x + d, y: median(b) };
  }
  if (l && rr) return l.y + ((rr.y - l.y) * (x - l.x)) / (rr.x - l.x);
  const one = l ?? rr;
  return one && Math.abs(one.x - x) <= Math.max(4, step * 0.15) ? one.y : null;
}

/** Drop traces that follow another's path (anti-aliased fringes of one line in a nearby shade). */
function dedupe(traces: Trace[]): Trace[] {
  const sorted = [...traces].sort((a, b) => b.pixels - a.pixels);
  const out: Trace[] = [];
  for (const t of sorted) {
    const dup = out.some((o) => {
      let n = 0;
      let close = 0;
      for (let i = 0; i < t.ys.length; i++) {
        const a = t.ys[i];
        const b = o.ys[i];
        if (a == null || b == null) continue;
        n++;
        if (Math.abs(a - b) <= (t.pixels < o.pixels * 0.3 ? 8 : 5)) close++;
      }
      return n > 0 && close / n >= 0.75;
    });
    if (!dup) out.push(t);
  }
  return out;
}
