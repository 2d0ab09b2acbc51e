/**
 * Series names: a legend is a small swatch of a series' colour with its name just right of it.
 * Without swatches, names printed over the first bar of each series (Pew style) are tried.
 */
import type { Mark } from "./bar-marks.js";
import type { Orientation, Slot } from "./bar-layout.js";
import { bottom, cx, cy, isFurniture, isNumeric, isVertical, left, right, splitAcrossCentres, top } from "./bar-text.js";
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
 * Pew-style series names: lines of text just above the top row of horizontal bars, each over
 * the segment of its series (the nearest segment centre wins; wrapped names are joined).
 */
export function namesOverFirstBars(slots: readonly Slot[], seriesCount: number, boxes: readonly OcrBox[], used: Set<OcrBox>, o: Orientation): string[] {
  const names: string[] = Array.from({ length: seriesCount }, () => "");
  if (slots.length === 0 || o !== "h") return names;
  const first = slots[0]!;
  const centres: (number | undefined)[] = Array.from({ length: seriesCount }, (_, k) => {
    const s = first.segments.find((g) => g.series === k) ?? slots.flatMap((sl) => sl.segments).find((g) => g.series === k);
    return s ? (s.v0 + s.v1) / 2 : undefined;
  });
  const lo = Math.min(...slots.flatMap((sl) => sl.segments.map((g) => g.v0)));
  const hi = Math.max(...slots.flatMap((sl) => sl.segments.map((g) => g.v1)));
  const picked: OcrBox[][] = names.map(() => []);
  const known = centres.filter((c): c is number => c !== undefined).sort((a, b) => a - b);
  for (const b of boxes.flatMap((x) => (used.has(x) ? [x] : splitAcrossCentres(x, known, "capital")))) {
    if (used.has(b) || isVertical(b) || isFurniture(b) || isNumeric(b) || b.text.length < 2) continue;
    if (bottom(b) > first.c0 + 2 || bottom(b) < first.c0 - 150 || right(b) < lo || left(b) > hi) continue;
    let k = -1;
    let d = Infinity;
    centres.forEach((c, i) => {
      if (c !== undefined && Math.abs(cx(b) - c) < d) [k, d] = [i, Math.abs(cx(b) - c)];
    });
    if (k >= 0) picked[k]!.push(b);
  }
  picked.forEach((list, k) => {
    // The lines nearest the bars, stopping at the first clear gap (titles sit further up).
    list.sort((a, b) => bottom(b) - bottom(a));
    // The name's last line sits just above the bars; earlier lines may reach further up.
    const block = list.slice(0, 1).filter((b) => bottom(b) >= first.c0 - 50);
    for (const b of block.length ? list.slice(1) : []) {
      const prev = block[block.length - 1]!;
      if (top(prev) - bottom(b) > Math.max(4, prev.box.height * 0.5)) break;
      block.push(b);
    }
    block.sort((a, b) => top(a) - top(b) || left(a) - left(b));
    names[k] = block.map((b) => b.text).join(" ");
    for (const b of block) used.add(b);
  });
  return names;
}
