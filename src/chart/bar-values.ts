/**
 * Bar values: printed value labels matched to bars (inside the bar or just beyond its end), and
 * the value axis fitted to tick labels for bars without one.
 */
import { fitAxis, valueAt, type Tick } from "./axis-scale.js";
import type { Orientation, Segment, Slot } from "./bar-layout.js";
import { bottom, cx, cy, isFurniture, isVertical, left, right, top } from "./bar-text.js";
import type { AxisScale, OcrBox } from "./types.js";
import { formatValue, readLabelNumber, type LabelNumber } from "./value-text.js";

/** A segment's value label, if one was matched. */
export type LabelMatch = Map<Segment, { box: OcrBox; num: LabelNumber }>;

/** How far a box is from being segment `s`'s label (Infinity when it is not placed like one). */
function labelDistance(b: OcrBox, s: Segment, o: Orientation, outermost: boolean): number {
  const [bc0, bc1, bv0, bv1] = o === "v" ? [left(b), right(b), top(b), bottom(b)] : [top(b), bottom(b), left(b), right(b)];
  const bcm = (bc0 + bc1) / 2;
  const bvm = (bv0 + bv1) / 2;
  const thick = s.c1 - s.c0 + 1;
  const slack = o === "v" ? Math.min(thick * 0.35, 12) : 3;
  const acrossOk = bcm >= s.c0 - slack && bcm <= s.c1 + slack;
  if (!acrossOk) return Infinity;
  const across = Math.abs(bcm - (s.c0 + s.c1) / 2) / thick;
  // Inside the segment.
  if (bvm >= s.v0 - 1 && bvm <= s.v1 + 1) return across;
  if (!outermost) return Infinity;
  const lineSize = o === "v" ? b.box.height : b.box.width;
  const reach = Math.max(30, 2.5 * (o === "v" ? b.box.height : 24));
  // Beyond the far end: above a bar growing up, right of one growing right, and so on.
  const growsToLow = (o === "v") === (s.side === 1);
  const gap = growsToLow ? s.v0 - bv1 : bv0 - s.v1;
  if (gap < -lineSize * 0.6 || gap > reach) return Infinity;
  return 1 + Math.max(0, gap) / reach + across;
}

/** Match numeric boxes to segments, nearest pairs first, one box per segment. */
export function matchValueLabels(slots: readonly Slot[], boxes: readonly OcrBox[], used: Set<OcrBox>, o: Orientation): LabelMatch {
  const numeric = boxes
    .filter((b) => !used.has(b) && !isVertical(b) && !isFurniture(b))
    .map((b) => ({ b, num: readLabelNumber(b.text) }))
    .filter((x): x is { b: OcrBox; num: LabelNumber } => x.num !== null);
  const pairs: { d: number; s: Segment; b: OcrBox; num: LabelNumber }[] = [];
  for (const sl of slots) {
    const bySide = new Map<number, Segment[]>();
    for (const s of sl.segments) bySide.set(s.side, [...(bySide.get(s.side) ?? []), s]);
    for (const segs of bySide.values()) {
      segs.forEach((s, i) => {
        for (const { b, num } of numeric) {
          const d = labelDistance(b, s, o, i === segs.length - 1);
          if (d < Infinity) pairs.push({ d, s, b, num });
        }
      });
    }
  }
  pairs.sort((a, b) => a.d - b.d);
  const out: LabelMatch = new Map();
  const taken = new Set<OcrBox>();
  for (const p of pairs) {
    if (out.has(p.s) || taken.has(p.b)) continue;
    out.set(p.s, { box: p.b, num: p.num });
    taken.add(p.b);
  }
  for (const b of taken) used.add(b);
  return out;
}

/**
 * Fit the value axis to the numeric tick labels beside the plot (left of vertical bars, under
 * horizontal ones): the largest aligned column / row of numbers wins.
 */
export function fitValueAxis(
  boxes: readonly OcrBox[],
  used: Set<OcrBox>,
  o: Orientation,
  plot: { x0: number; y0: number; x1: number; y1: number },
): { scale: AxisScale; step: number; boxes: OcrBox[] } | null {
  const cands = boxes
    .filter((b) => !used.has(b) && !isVertical(b) && !isFurniture(b))
    .map((b) => ({ b, num: readLabelNumber(b.text) }))
    .filter((x): x is { b: OcrBox; num: LabelNumber } => x.num !== null)
    .filter(({ b }) => (o === "v" ? right(b) <= plot.x0 + 6 || left(b) >= plot.x1 - 6 : top(b) >= plot.y1 - 4 || bottom(b) <= plot.y0 + 4));
  // Group by alignment: right edges (v, left axis), left edges (v, right axis) or row centres (h).
  const key = (b: OcrBox) => (o === "v" ? (right(b) <= plot.x0 + 6 ? right(b) : 10_000 + left(b)) : cy(b));
  let best: typeof cands = [];
  for (const c of cands) {
    const group = cands.filter((d) => Math.abs(key(d.b) - key(c.b)) <= 6);
    if (group.length > best.length) best = group;
  }
  if (best.length < 2) return null;
  const ticks: Tick[] = best.map(({ b, num }) => ({ pos: o === "v" ? cy(b) : cx(b), value: num.value }));
  const scale = fitAxis(ticks);
  if (!scale) return null;
  // Values grow upward / rightward.
  if (o === "v" ? scale.slope >= 0 : scale.slope <= 0) return null;
  const values = ticks.map((t) => t.value).sort((a, b) => a - b);
  const step = (values[values.length - 1]! - values[0]!) / Math.max(1, values.length - 1);
  return { scale, step, boxes: best.map((x) => x.b) };
}

/** A segment's value measured on the axis: its far end's value, or its length for stacked segments. */
export function axisValue(s: Segment, scale: AxisScale, o: Orientation, stacked: boolean): number {
  const growsToLow = (o === "v") === (s.side === 1);
  const far = growsToLow ? s.v0 : s.v1 + 1;
  const near = growsToLow ? s.v1 + 1 : s.v0;
  return stacked ? Math.abs(valueAt(scale, far) - valueAt(scale, near)) : valueAt(scale, far);
}

export { formatValue };
