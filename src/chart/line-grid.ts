/**
 * Snapping a value axis to its gridlines: tick labels are not always centred on the value they
 * mark (some styles print them just above the gridline), so each label looks for a thin horizontal
 * line across the plot near it and the axis is refitted on a consistent offset.
 */
import { fitAxis } from "./axis-scale.js";
import type { ValueAxis } from "./line-axes.js";
import type { PlotRect } from "./line-traces.js";
import { colourDistance, pixel } from "./raster.js";
import { cy, median } from "./text-boxes.js";
import type { Raster } from "./types.js";

/** How much of the plot's width row `y` is a thin line: unlike the rows 2 px above and below. */
function lineScore(r: Raster, mask: Uint8Array, plot: PlotRect, y: number): number {
  let n = 0;
  let hit = 0;
  for (let x = plot.left; x < plot.right; x += 2) {
    if (mask[y * r.width + x]) continue;
    n++;
    const p = pixel(r, x, y);
    const a = pixel(r, x, y - 2);
    const b = pixel(r, x, y + 2);
    if (colourDistance(a, b) < 10 && colourDistance(p, a) >= 8 && colourDistance(p, b) >= 8) hit++;
  }
  return n > 0 ? hit / n : 0;
}

/**
 * The axis refitted on the gridlines its tick labels sit by, when at least two labels find one
 * at a consistent offset; else the axis unchanged.
 */
export function snapToGridlines(r: Raster, mask: Uint8Array, plot: PlotRect, axis: ValueAxis): ValueAxis {
  const offsets: number[] = [];
  for (const t of axis.ticks) {
    const y0 = Math.round(cy(t));
    let best = { y: -1, s: 0.4 };
    for (let y = Math.max(plot.top + 2, y0 - 10); y <= Math.min(plot.bottom - 3, y0 + 10); y++) {
      const s = lineScore(r, mask, plot, y);
      if (s > best.s || (s === best.s && Math.abs(y - y0) < Math.abs(best.y - y0))) best = { y, s };
    }
    if (best.y >= 0) offsets.push(best.y - cy(t));
  }
  if (offsets.length < 2) return axis;
  const off = median(offsets);
  const agree = offsets.filter((o) => Math.abs(o - off) <= 2).length;
  if (agree < Math.max(2, offsets.length * 0.6) || Math.abs(off) < 1) return axis;
  const ticks = axis.ticks.map((t, i) => ({ pos: cy(t) + off, value: axis.values[i]! }));
  const scale = fitAxis(ticks);
  return scale && scale.slope < 0 ? { ...axis, scale } : axis;
}
