/**
 * Finding filled rectangles (bar candidates, legend swatches) in a chart raster: pixels that are
 * not background and not inside OCR text are grouped into same-coloured connected regions by
 * horizontal runs, and each region's bounding box, colour and fill ratio is measured.
 */
import { colourDistance, lightness, chroma } from "./raster.js";
import type { OcrBox, Raster } from "./types.js";

/** A same-coloured connected region of the raster (inclusive pixel bounds). */
export interface Mark {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Pixels in the region. */
  n: number;
  /** Mean colour, packed 0xRRGGBB. */
  colour: number;
  /** Pixels / (bounding-box area not covered by OCR text): 1 for a solid rectangle. */
  fill: number;
}

/** Per-pixel flags shared by the bar reader's steps. */
export interface MarkMaps {
  /** 1 where an OCR text box (slightly grown) covers the pixel. */
  text: Uint8Array;
  /** Summed-area table of `text` ((w+1)×(h+1)), for counting text pixels in a rectangle. */
  textSum: Int32Array;
  background: number;
  /** The raster's pixels with text inside bars painted over in the bar's colour. */
  data: Uint8Array;
}

const SAME_COLOUR = 26;

/** The most common colour (sampled, quantised): the chart's background. */
export function backgroundColour(r: Raster): number {
  const counts = new Map<number, number>();
  const step = Math.max(1, Math.floor(Math.sqrt((r.width * r.height) / 40_000)));
  for (let y = 0; y < r.height; y += step) {
    for (let x = 0; x < r.width; x += step) {
      const i = (y * r.width + x) * 3;
      const q = ((r.data[i]! >> 3) << 10) | ((r.data[i + 1]! >> 3) << 5) | (r.data[i + 2]! >> 3);
      counts.set(q, (counts.get(q) ?? 0) + 1);
    }
  }
  let best = 0;
  let bestN = -1;
  for (const [q, n] of counts) if (n > bestN) [best, bestN] = [q, n];
  return ((((best >> 10) & 31) << 3) << 16) | ((((best >> 5) & 31) << 3) << 8) | ((best & 31) << 3);
}

/** Text mask and background for a raster and its OCR boxes. */
export function markMaps(r: Raster, boxes: readonly OcrBox[]): MarkMaps {
  const { width: w, height: h } = r;
  const text = new Uint8Array(w * h);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.box.x) - 1);
    const y0 = Math.max(0, Math.floor(b.box.y) - 1);
    const x1 = Math.min(w - 1, Math.ceil(b.box.x + b.box.width));
    const y1 = Math.min(h - 1, Math.ceil(b.box.y + b.box.height));
    for (let y = y0; y <= y1; y++) text.fill(1, y * w + x0, y * w + x1 + 1);
  }
  const background = backgroundColour(r);
  const data = new Uint8Array(r.data);
  for (const b of boxes) inpaint(r, data, text, b, background);
  const textSum = new Int32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += text[y * w + x]!;
      textSum[(y + 1) * (w + 1) + x + 1] = textSum[y * (w + 1) + x + 1]! + row;
    }
  }
  return { text, textSum, background, data };
}

function at(data: Uint8Array, w: number, x: number, y: number): number {
  const i = (y * w + x) * 3;
  return (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
}

/**
 * Paint a text box's rows (columns) whose pixels just left and right (above and below) of the
 * box share an ink colour: a value label printed inside a bar then no longer cuts the bar.
 */
function inpaint(r: Raster, data: Uint8Array, text: Uint8Array, b: OcrBox, bg: number): void {
  const { width: w, height: h } = r;
  const x0 = Math.floor(b.box.x) - 1;
  const y0 = Math.floor(b.box.y) - 1;
  const x1 = Math.ceil(b.box.x + b.box.width);
  const y1 = Math.ceil(b.box.y + b.box.height);
  if (x0 < 2 || y0 < 2 || x1 >= w - 2 || y1 >= h - 2) return;
  const paint = (x: number, y: number, c: number) => {
    const i = (y * w + x) * 3;
    data[i] = (c >> 16) & 255;
    data[i + 1] = (c >> 8) & 255;
    data[i + 2] = c & 255;
    text[y * w + x] = 0;
  };
  // Only columns with some ink inside the box: a box spanning several bars (OCR merging their
  // labels) must not paint over the blank gaps between them.
  const inked = (x: number) => {
    for (let y = y0; y <= y1; y++) if (isInk(at(r.data, w, x, y), bg)) return true;
    return false;
  };
  // The ink two pixels out, else one (a box as wide as its bar ends on the bar's last column).
  const near = (x: number, y: number, dx: number, dy: number) => {
    const far = at(r.data, w, x + 2 * dx, y + 2 * dy);
    return isInk(far, bg) ? far : at(r.data, w, x + dx, y + dy);
  };
  for (let y = y0; y <= y1; y++) {
    const a = near(x0, y, -1, 0);
    const c = near(x1, y, 1, 0);
    if (isInk(a, bg) && colourDistance(a, c) <= SAME_COLOUR) for (let x = x0; x <= x1; x++) if (inked(x)) paint(x, y, a);
  }
  for (let x = x0; x <= x1; x++) {
    const a = at(r.data, w, x, y0 - 2);
    const c = at(r.data, w, x, y1 + 2);
    if (isInk(a, bg) && colourDistance(a, c) <= SAME_COLOUR) for (let y = y0; y <= y1; y++) paint(x, y, a);
  }
}

/** Text pixels inside the inclusive rectangle. */
export function textPixels(m: MarkMaps, w: number, x0: number, y0: number, x1: number, y1: number): number {
  const W = w + 1;
  return m.textSum[(y1 + 1) * W + x1 + 1]! - m.textSum[y0 * W + x1 + 1]! - m.textSum[(y1 + 1) * W + x0]! + m.textSum[y0 * W + x0]!;
}

/** One fill: close in every channel and alike in saturation (pale blue beside light grey differ). */
function sameInk(a: number, b: number): boolean {
  return colourDistance(a, b) <= SAME_COLOUR && Math.abs(chroma(a) - chroma(b)) <= 24;
}

function isInk(c: number, bg: number): boolean {
  if (colourDistance(c, bg) <= 14) return false;
  // Near-white, near-grey: alternating plot bands, panel shading, anti-aliasing halos.
  return !(lightness(c) >= 226 && chroma(c) <= 16);
}

/**
 * Same-coloured connected regions of ink outside text. Runs of similar colour on each row are
 * joined with overlapping similar runs on the row above (union–find over runs).
 */
export function findMarks(r: Raster, maps: MarkMaps): Mark[] {
  const { width: w, height: h } = r;
  const data = maps.data;
  const runY: number[] = [];
  const runX0: number[] = [];
  const runX1: number[] = [];
  const runC: number[] = [];
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  let prevStart = 0;
  let prevEnd = 0;
  for (let y = 0; y < h; y++) {
    const rowStart = runY.length;
    let x = 0;
    while (x < w) {
      const i = (y * w + x) * 3;
      const c = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      if (maps.text[y * w + x] || !isInk(c, maps.background)) {
        x++;
        continue;
      }
      let x1 = x;
      while (x1 + 1 < w && !maps.text[y * w + x1 + 1]) {
        const j = (y * w + x1 + 1) * 3;
        const d = (data[j]! << 16) | (data[j + 1]! << 8) | data[j + 2]!;
        if (!sameInk(c, d)) break;
        x1++;
      }
      const id = runY.length;
      // The run's middle pixel stands for it: its first may be an anti-aliased blend with a
      // neighbouring axis line, which would otherwise chain a light bar to that line.
      const mid = (y * w + ((x + x1) >> 1)) * 3;
      const cm = (data[mid]! << 16) | (data[mid + 1]! << 8) | data[mid + 2]!;
      runY.push(y);
      runX0.push(x);
      runX1.push(x1);
      runC.push(cm);
      parent.push(id);
      // Join with overlapping runs of the previous row.
      for (let p = prevStart; p < prevEnd; p++) {
        if (runX1[p]! < x) continue;
        if (runX0[p]! > x1) break;
        // A pixel-thin run (an axis line) does not join a much longer one of a merely similar
        // colour (a light bar it touches).
        const la = runX1[p]! - runX0[p]! + 1;
        const lb = x1 - x + 1;
        if (Math.min(la, lb) <= 2 && Math.max(la, lb) >= 4 * Math.min(la, lb) && colourDistance(runC[p]!, cm) > SAME_COLOUR / 2) continue;
        if (sameInk(runC[p]!, cm)) {
          const a = find(p);
          const b = find(id);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
      x = x1 + 1;
    }
    prevStart = rowStart;
    prevEnd = runY.length;
  }
  const comps = new Map<number, { x0: number; y0: number; x1: number; y1: number; n: number; r: number; g: number; b: number }>();
  for (let i = 0; i < runY.length; i++) {
    const root = find(i);
    const len = runX1[i]! - runX0[i]! + 1;
    const c = runC[i]!;
    let m = comps.get(root);
    if (!m) {
      m = { x0: runX0[i]!, y0: runY[i]!, x1: runX1[i]!, y1: runY[i]!, n: 0, r: 0, g: 0, b: 0 };
      comps.set(root, m);
    }
    m.x0 = Math.min(m.x0, runX0[i]!);
    m.x1 = Math.max(m.x1, runX1[i]!);
    m.y1 = Math.max(m.y1, runY[i]!);
    m.n += len;
    m.r += ((c >> 16) & 255) * len;
    m.g += ((c >> 8) & 255) * len;
    m.b += (c & 255) * len;
  }
  const out: Mark[] = [];
  for (const m of comps.values()) {
    if (m.n < 4) continue;
    const area = (m.x1 - m.x0 + 1) * (m.y1 - m.y0 + 1);
    const free = Math.max(1, area - textPixels(maps, w, m.x0, m.y0, m.x1, m.y1));
    const colour = (Math.round(m.r / m.n) << 16) | (Math.round(m.g / m.n) << 8) | Math.round(m.b / m.n);
    out.push({ x0: m.x0, y0: m.y0, x1: m.x1, y1: m.y1, n: m.n, colour, fill: Math.min(1, m.n / free) });
  }
  return out;
}

/** Marks that look like solid rectangles (bars, stacked segments, square swatches). */
export function solidRects(marks: readonly Mark[], minFill = 0.85): Mark[] {
  return marks.filter((m) => m.fill >= minFill && m.x1 - m.x0 >= 1 && m.y1 - m.y0 >= 1);
}

/**
 * Join pieces of one bar that text cut apart (white value labels OCR missed leave holes): marks
 * of one colour sharing their extent across one axis (±2 px) and touching along the other.
 * The joined mark's fill is measured over the union.
 */
export function joinFragments(marks: readonly Mark[], maps: MarkMaps, w: number): Mark[] {
  const candidate = (m: Mark) => m.n >= 8 && m.fill >= 0.5 && m.x1 - m.x0 >= 2 && m.y1 - m.y0 >= 2;
  const out = marks.filter(candidate).map((m) => ({ ...m }));
  const rest = marks.filter((m) => !candidate(m));
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (colourDistance(a.colour, b.colour) > SAME_COLOUR / 2) continue;
        const vertical = Math.abs(a.x0 - b.x0) <= 2 && Math.abs(a.x1 - b.x1) <= 2 && Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1) <= 3;
        const horizontal = Math.abs(a.y0 - b.y0) <= 2 && Math.abs(a.y1 - b.y1) <= 2 && Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) <= 3;
        if (!vertical && !horizontal) continue;
        const u = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
        const n = a.n + b.n;
        const area = (u.x1 - u.x0 + 1) * (u.y1 - u.y0 + 1);
        const free = Math.max(1, area - textPixels(maps, w, u.x0, u.y0, u.x1, u.y1));
        out[i] = { ...u, n, colour: a.n >= b.n ? a.colour : b.colour, fill: Math.min(1, n / free) };
        out.splice(j, 1);
        merged = true;
        break;
      }
    }
  }
  return [...out, ...rest];
}
