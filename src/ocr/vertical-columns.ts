import { alongLongSide, bounds, readingAngle, type RotatedRect } from "./geometry.js";

/** Gap allowed between stacked pieces of one vertical line, in widths of the line. */
const MAX_GAP = 1.2;
/** Centres of stacked pieces may be this far apart sideways, in widths of the line. */
const MAX_SHIFT = 0.35;
/** Widths of stacked pieces may differ by this factor. */
const MAX_WIDTH_RATIO = 1.6;

/**
 * Vertical text the detector split into pieces. Small vertical text (a chart's y-axis title) is often
 * detected word by word, or even glyph by glyph; read piece by piece it loses the words' order and
 * its short pieces read badly. This finds runs of regions stacked in one narrow column — each a
 * vertical line or a roughly square blob (a glyph or short word), their centres aligned, the gaps
 * between them under about a line's width — with at least one truly vertical piece among them,
 * and returns, for each run, the indices of its regions (top to bottom) and the rectangle around them
 * as one vertical line reading bottom to top.
 */
export function verticalColumns(rects: RotatedRect[]): Array<{ members: number[]; rect: RotatedRect }> {
  const pieces = rects
    .map((rect, i) => {
      const r = alongLongSide(rect);
      const vertical = Math.abs(readingAngle(r)) > 60 && r.w >= 1.5 * r.h;
      const squarish = r.w < 1.3 * r.h;
      const [x0, y0, x1, y1] = bounds(r);
      return { i, vertical, ok: vertical || squarish, x0, y0, x1, y1, cx: (x0 + x1) / 2, width: x1 - x0 };
    })
    .filter((p) => p.ok)
    .sort((a, b) => a.y0 - b.y0);
  const used = new Set<number>();
  const out: Array<{ members: number[]; rect: RotatedRect }> = [];
  for (const start of pieces) {
    if (used.has(start.i)) continue;
    const run = [start];
    for (;;) {
      const last = run[run.length - 1];
      const next = pieces.find(
        (p) =>
          !used.has(p.i) &&
          !run.includes(p) &&
          p.y0 >= last.y0 &&
          p.y0 - last.y1 <= MAX_GAP * Math.max(last.width, p.width) &&
          Math.abs(p.cx - last.cx) <= MAX_SHIFT * Math.max(last.width, p.width) &&
          Math.max(p.width, last.width) <= MAX_WIDTH_RATIO * Math.min(p.width, last.width),
      );
      if (next === undefined) break;
      run.push(next);
    }
    if (run.length < 2 || !run.some((p) => p.vertical)) continue;
    for (const p of run) used.add(p.i);
    const x0 = Math.min(...run.map((p) => p.x0));
    const x1 = Math.max(...run.map((p) => p.x1));
    const y0 = Math.min(...run.map((p) => p.y0));
    const y1 = Math.max(...run.map((p) => p.y1));
    out.push({
      members: run.map((p) => p.i),
      rect: { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, ux: 0, uy: -1, w: y1 - y0, h: x1 - x0 },
    });
  }
  return out;
}
