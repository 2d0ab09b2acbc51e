/**
 * Series names: a legend is a small swatch of a series' colour with its name just right of it.
 * Without swatches, names printed over the first bar of each series (Pew style) are tried.
 */
import type { Mark } from "./bar-marks.js";
import type { Orientation, Slot } from "./bar-layout.js";
import { bottom, cy, isFurniture, isNumeric, isVertical, left, right, top, cx } from "./bar-text.js";
import { colourDistance } from "./raster.js";
import type { OcrBox } from "./types.js";

/** For each series colour, the legend text naming it (undefined where none was found). */
export function readLegend(colours: readonly number[], marks: readonly Mark[], boxes: readonly OcrBox[], used: Set<OcrBox>): (OcrBox | undefined)[] {
  const swatches = marks.filter((m) => {
    const w = m.x1 - m.x0 + 1;
    const h = m.y1 - m.y0 + 1;
    return m.fill >= 0.6 && w >= 4 && h >= 4 && w <= 40 && h <= 30 && w / h <= 4 && h / w <= 2;
  });
  const names: (OcrBox | undefined)[] = colours.map(() => undefined);
  const taken = new Set<OcrBox>();
  const cands: { d: number; k: number; b: OcrBox }[] = [];
  colours.forEach((c, k) => {
    for (const m of swatches) {
      if (colourDistance(m.colour, c) > 40) continue;
      const mh = m.y1 - m.y0 + 1;
      const mid = (m.y0 + m.y1) / 2;
      for (const b of boxes) {
        if (used.has(b) || isVertical(b) || isFurniture(b)) continue;
        const gap = left(b) - m.x1;
        if (gap < -2 || gap > 30) continue;
        if (Math.abs(cy(b) - mid) > Math.max(6, mh * 0.8, b.box.height * 0.5)) continue;
        cands.push({ d: gap + Math.abs(cy(b) - mid), k, b });
      }
    }
  });
  cands.sort((a, b) => a.d - b.d);
  for (const { k, b } of cands) {
    if (names[k] || taken.has(b)) continue;
    names[k] = b;
    taken.add(b);
  }
  for (const b of taken) used.add(b);
  return names;
}

/**
 * Pew-style series names: a non-numeric text just before the first category (above the top
 * row of horizontal bars, or over the first vertical group), over the series' bar.
 */
export function namesOverFirstBars(slots: readonly Slot[], seriesCount: number, boxes: readonly OcrBox[], used: Set<OcrBox>, o: Orientation): (OcrBox | undefined)[] {
  const names: (OcrBox | undefined)[] = Array.from({ length: seriesCount }, () => undefined);
  if (slots.length === 0) return names;
  for (let k = 0; k < seriesCount; k++) {
    const first = slots.flatMap((sl) => sl.segments).find((s) => s.series === k);
    if (!first) continue;
    const m = first.mark;
    let best: OcrBox | undefined;
    let bestD = Infinity;
    for (const b of boxes) {
      if (used.has(b) || isVertical(b) || isFurniture(b) || isNumeric(b) || b.text.length < 2) continue;
      if (o === "h") {
        const gap = m.y0 - bottom(b);
        if (gap < -2 || gap > 40 || cx(b) < m.x0 - 10 || cx(b) > m.x1 + 10) continue;
        if (gap < bestD) [best, bestD] = [b, gap];
      } else {
        const gap = m.y0 - bottom(b);
        if (gap < -2 || gap > 60 || right(b) < m.x0 || left(b) > m.x1 || top(b) < 0) continue;
        if (gap < bestD) [best, bestD] = [b, gap];
      }
    }
    if (best && !names.includes(best)) names[k] = best;
  }
  for (const b of names) if (b) used.add(b);
  return names;
}
