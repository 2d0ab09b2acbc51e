/**
 * Text around a line chart's traces: printed value labels next to the points (matched to a
 * series by position and ink colour) and series names (coloured text, legend swatches, end labels).
 */
import type { Trace } from "./line-traces.js";
import { colourDistance, pixel } from "./raster.js";
import { cx, cy, inkColour } from "./text-boxes.js";
import type { OcrBox, Raster } from "./types.js";
import { readLabelNumber, type LabelNumber } from "./value-text.js";

/** A printed number inside the plot, possibly one of several in one OCR box ("69 71"). */
export interface ValueLabel {
  n: LabelNumber;
  x: number;
  y: number;
  height: number;
  ink: number | null;
  box: OcrBox;
}

/** Numbers printed in the plot area, split where one OCR box holds several. */
export function valueLabels(r: Raster, boxes: readonly OcrBox[]): ValueLabel[] {
  const out: ValueLabel[] = [];
  for (const b of boxes) {
    const ink = inkColour(r, b);
    const whole = readLabelNumber(b.text);
    const parts = b.text.trim().split(/\s+/);
    if (parts.length > 1 && parts.every((p) => /^-?\d+(?:[.,]\d+)?%?$/.test(p)) && !(whole && /^\d{1,3}(?: \d{3})+$/.test(b.text.trim()))) {
      // Several labels read as one box: place each at its share of the box's width.
      let offset = 0;
      const total = b.text.trim().length;
      for (const p of parts) {
        const n = readLabelNumber(p);
        const start = b.text.trim().indexOf(p, offset);
        offset = start + p.length;
        if (!n) continue;
        const mid = (start + p.length / 2) / total;
        out.push({ n, x: b.box.x + b.box.width * mid, y: cy(b), height: b.box.height, ink, box: b });
      }
      continue;
    }
    if (whole) out.push({ n: whole, x: cx(b), y: cy(b), height: b.box.height, ink, box: b });
  }
  return out;
}

/** A label matched to a point: series index, category index, the label. */
export interface MatchedLabel {
  series: number;
  cat: number;
  label: ValueLabel;
}

/**
 * Match labels to points: a label belongs to the nearest point (same category column, close in y)
 * of a series whose colour its ink shares, if it has coloured ink. Each point keeps one label.
 */
export function matchLabels(labels: readonly ValueLabel[], traces: readonly Trace[], xs: readonly number[]): MatchedLabel[] {
  const step = xs.length > 1 ? (xs[xs.length - 1]! - xs[0]!) / (xs.length - 1) : 50;
  const cands: { m: MatchedLabel; cost: number }[] = [];
  for (const label of labels) {
    let cat = -1;
    let bestDx = Infinity;
    xs.forEach((x, i) => {
      const dx = Math.abs(x - label.x);
      if (dx < bestDx) {
        bestDx = dx;
        cat = i;
      }
    });
    if (cat < 0 || bestDx > step * 0.45) continue;
    traces.forEach((t, s) => {
      const y = t.ys[cat];
      if (y == null) return;
      const dy = Math.abs(y - label.y);
      if (dy > Math.max(28, label.height * 3)) return;
      let cost = dy + bestDx * 0.5;
      if (label.ink !== null && traces.length > 1) cost += colourDistance(label.ink, t.colour) < 70 ? -20 : 25;
      cands.push({ m: { series: s, cat, label }, cost });
    });
  }
  cands.sort((a, b) => a.cost - b.cost);
  const usedPoint = new Set<string>();
  const usedLabel = new Set<ValueLabel>();
  const out: MatchedLabel[] = [];
  for (const { m } of cands) {
    const key = `${m.series}:${m.cat}`;
    if (usedPoint.has(key) || usedLabel.has(m.label)) continue;
    usedPoint.add(key);
    usedLabel.add(m.label);
    out.push(m);
  }
  return out;
}

/**
 * A name for each trace from the chart's words: text in the trace's colour, text beside a swatch
 * of its colour (legends), or the text right at its end (end-of-line labels). `null` where none.
 */
export function seriesNames(r: Raster, words: readonly OcrBox[], traces: readonly Trace[], xs: readonly number[]): (string | null)[] {
  const names: (string | null)[] = traces.map(() => null);
  const used = new Set<OcrBox>();
  const inks = words.map((b) => inkColour(r, b));
  const swatches = words.map((b) => swatchLeft(r, b));
  const assign = (score: (t: Trace, b: OcrBox, i: number) => number) => {
    const pairs: { s: number; i: number; cost: number }[] = [];
    traces.forEach((t, s) => {
      if (names[s] !== null) return;
      words.forEach((b, i) => {
        if (used.has(b)) return;
        const cost = score(t, b, i);
        if (Number.isFinite(cost)) pairs.push({ s, i, cost });
      });
    });
    pairs.sort((a, b) => a.cost - b.cost);
    for (const p of pairs) {
      if (names[p.s] !== null || used.has(words[p.i]!)) continue;
      names[p.s] = words[p.i]!.text.replace(/\s+/g, " ").replace(/^[\s·•.\-–]+/, "").trim();
      used.add(words[p.i]!);
    }
  };
  // Legend entries: a swatch of the series' colour just left of the text.
  assign((t, _b, i) => {
    const sw = swatches[i];
    return sw !== null && colourDistance(sw!, t.colour) < 50 ? colourDistance(sw!, t.colour) : Infinity;
  });
  // Text printed in the series' colour, nearest to the line's end.
  assign((t, b, i) => {
    const ink = inks[i];
    if (ink === null || colourDistance(ink!, t.colour) >= 60) return Infinity;
    return colourDistance(ink!, t.colour) + Math.hypot(cx(b) - t.last.x, cy(b) - t.last.y) * 0.1;
  });
  // End-of-line labels in plain ink: right at the line's last point.
  assign((t, b) => {
    const d = rectDistance(b, t.last.x, t.last.y);
    return d <= 35 ? d : Infinity;
  });
  // Failing all else, a label lying along the line.
  assign((t, b) => {
    let d = Infinity;
    t.ys.forEach((y, i) => {
      if (y != null) d = Math.min(d, rectDistance(b, xs[i]!, y));
    });
    return d <= 25 ? 50 + d : Infinity;
  });
  return names;
}

/** Distance from a point to a box (0 inside). */
function rectDistance(b: OcrBox, x: number, y: number): number {
  const dx = Math.max(b.box.x - x, 0, x - (b.box.x + b.box.width));
  const dy = Math.max(b.box.y - y, 0, y - (b.box.y + b.box.height));
  return Math.hypot(dx, dy);
}

/** The colour of a legend swatch (a small coloured patch) within 22 px left of a text box. */
function swatchLeft(r: Raster, b: OcrBox): number | null {
  const y = cy(b);
  for (let x = Math.floor(b.box.x) - 1; x >= b.box.x - 22 && x >= 0; x--) {
    const p = pixel(r, x, y);
    const q = pixel(r, x - 1, y);
    const red = (p >> 16) & 255;
    const g = (p >> 8) & 255;
    const bl = p & 255;
    const lum = 0.299 * red + 0.587 * g + 0.114 * bl;
    if (lum < 225 && colourDistance(p, q) < 30 && (Math.max(red, g, bl) - Math.min(red, g, bl) > 40 || lum < 90)) return p;
  }
  return null;
}
