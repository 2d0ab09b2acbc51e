import type { AxisScale } from "./types.js";

/** One tick label on a value axis: its pixel position along the axis and the value it prints. */
export interface Tick {
  pos: number;
  value: number;
}

/**
 * Fit value = slope × pos + intercept to tick labels by least squares, dropping at most a third
 * of them as outliers (misread labels) one at a time while that cuts the residual. `null` with
 * fewer than two distinct positions, or when the fit stays poor (residual over 5% of the range).
 */
export function fitAxis(ticks: Tick[]): AxisScale | null {
  let pts = dedupe(ticks);
  if (pts.length < 2) return null;
  let fit = leastSquares(pts);
  const minKeep = Math.max(2, Math.ceil((pts.length * 2) / 3));
  while (fit && fit.residual > 0.005 && pts.length > minKeep) {
    let best: { pts: Tick[]; fit: AxisScale } | null = null;
    for (let i = 0; i < pts.length; i++) {
      const rest = pts.filter((_, j) => j !== i);
      const f = leastSquares(rest);
      if (f && (!best || f.residual < best.fit.residual)) best = { pts: rest, fit: f };
    }
    if (!best || best.fit.residual >= fit.residual * 0.5) break;
    pts = best.pts;
    fit = best.fit;
  }
  if (!fit || fit.residual > 0.05 || fit.slope === 0) return null;
  return fit;
}

function dedupe(ticks: Tick[]): Tick[] {
  const out: Tick[] = [];
  for (const t of ticks) {
    if (!Number.isFinite(t.pos) || !Number.isFinite(t.value)) continue;
    if (out.some((o) => Math.abs(o.pos - t.pos) < 1 && o.value === t.value)) continue;
    out.push(t);
  }
  return out;
}

function leastSquares(pts: Tick[]): AxisScale | null {
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.pos, 0) / n;
  const my = pts.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    sxx += (p.pos - mx) ** 2;
    sxy += (p.pos - mx) * (p.value - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const values = pts.map((p) => p.value);
  const range = Math.max(...values) - Math.min(...values);
  if (range === 0) return null;
  const rms = Math.sqrt(pts.reduce((s, p) => s + (slope * p.pos + intercept - p.value) ** 2, 0) / n);
  return { slope, intercept, ticks: n, residual: rms / range };
}

/** The value at a pixel position. */
export function valueAt(scale: AxisScale, pos: number): number {
  return scale.slope * pos + scale.intercept;
}

/** The pixel position of a value (inverse of {@link valueAt}). */
export function posOf(scale: AxisScale, value: number): number {
  return (value - scale.intercept) / scale.slope;
}
