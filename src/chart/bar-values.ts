/**
 * Bar values: printed value labels matched to bars (inside the bar or just beyond its end), and
 * the value axis fitted to tick labels for bars without one.
 */
import { fitAxis, valueAt, type Tick } from "./axis-scale.js";
import type { BarLayout, Orientation, Segment, Slot } from "./bar-layout.js";
import { bottom, cx, cy, isFurniture, isVertical, left, right, top } from "./bar-text.js";
import type { AxisScale, OcrBox } from "./types.js";
import { formatValue, readLabelNumber, type LabelNumber } from "./value-text.js";

/**
 * A bar label's number: {@link readLabelNumber}, else the same after dropping a trailing unit
 * word ("12.6 liters", "184.8 m²" or "m2", "3,245 MW") or reading a dash or dot OCR put between digit
 * groups as a gap ("37-392"); such repaired readings keep the other separator meanings as
 * alternatives, for the axis to decide.
 */
export function readBarNumber(text: string): LabelNumber | null {
  const direct = readLabelNumber(text);
  if (direct) return direct;
  const unit = /^(.*\d%?)\s*(?:[A-Za-z][A-Za-z²³]*|[a-z]{1,3}[23])\.?(?:\s+[A-Za-z]+\.?)?$/.exec(text.trim());
  if (unit) {
    const n = readLabelNumber(unit[1]!);
    if (n) return n;
  }
  // "ok", "oM": a zero OCR read as the letter o.
  if (/^[oO]\s*[kKmMbB%]?$/.test(text.trim())) return readBarNumber(text.trim().replace(/^[oO]/, "0"));
  // "<0.01%": a bound printed for a value too small to show.
  if (/^[<>~≈]\s*\d/.test(text.trim())) return readBarNumber(text.trim().replace(/^[<>~≈]\s*/, ""));
  const dashed = /^(\d{1,3})\s*[-–·:]\s*(\d{3})$/.exec(text.trim());
  if (dashed) {
    const n = readLabelNumber(`${dashed[1]} ${dashed[2]}`);
    if (n) return n;
  }
  return null;
}

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
    .map((b) => ({ b, num: readBarNumber(b.text) }))
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
 * A number printed beyond the end of a stack is often the stack's total, not its outermost
 * segment's value. The labelled inner segments' value per pixel (else the axis) predicts both;
 * a label nearer the whole stack's total than the outer segment's own value is unmatched (the
 * segment then reads from the axis). Returns how many were dropped.
 */
export function dropStackTotals(slots: readonly Slot[], labels: LabelMatch, o: Orientation, scale?: AxisScale): number {
  const len = (s: Segment) => s.v1 - s.v0 + 1;
  let dropped = 0;
  for (const sl of slots) {
    for (const side of [1, -1] as const) {
      const segs = sl.segments.filter((s) => s.side === side);
      if (segs.length < 2) continue;
      const outer = segs[segs.length - 1]!;
      const m = labels.get(outer);
      if (!m || labelDistance(m.box, outer, o, false) < Infinity) continue; // inside its segment
      const inner = segs.slice(0, -1).filter((s) => labels.has(s));
      const innerLen = inner.reduce((a, s) => a + len(s), 0);
      const innerValue = inner.reduce((a, s) => a + labels.get(s)!.num.value, 0);
      let total: number;
      let own: number;
      if (inner.length > 0 && innerLen > 0 && innerValue > 0) {
        const perPixel = innerValue / innerLen;
        total = perPixel * segs.reduce((a, s) => a + len(s), 0);
        own = perPixel * len(outer);
      } else if (scale) {
        total = segs.reduce((a, s) => a + axisValue(s, scale, o, true), 0);
        own = axisValue(outer, scale, o, true);
      } else {
        continue;
      }
      const v = m.num.value;
      if (Math.abs(v - total) < Math.abs(v - own) && Math.abs(v - total) <= 0.15 * Math.abs(total)) {
        labels.delete(outer);
        dropped++;
      }
    }
  }
  return dropped;
}

/** A fitted value axis: its scale, tick step, the span of its tick values and the tick boxes. */
export interface ValueAxis {
  scale: AxisScale;
  step: number;
  range: number;
  boxes: OcrBox[];
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
): ValueAxis | null {
  const cands = boxes
    .filter((b) => !used.has(b) && !isVertical(b) && !isFurniture(b))
    .map((b) => ({ b, num: readBarNumber(b.text) }))
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
  return { scale, step, range: values[values.length - 1]! - values[0]!, boxes: best.map((x) => x.b) };
}

/** A segment's value measured on the axis: its far end's value, or its length for stacked segments. */
export function axisValue(s: Segment, scale: AxisScale, o: Orientation, stacked: boolean): number {
  const growsToLow = (o === "v") === (s.side === 1);
  const far = growsToLow ? s.v0 : s.v1 + 1;
  const near = growsToLow ? s.v1 + 1 : s.v0;
  return stacked ? Math.abs(valueAt(scale, far) - valueAt(scale, near)) : valueAt(scale, far);
}

export { formatValue };

/** How a printed label and the axis reading of its bar were reconciled. */
export interface CheckedLabel {
  value: number;
  /** The cell text. */
  text: string;
  /** `label`: printed value kept; `alternative`: another reading of its text; `axis`: label overruled. */
  source: "label" | "alternative" | "axis";
}

/** Within this share of the axis' value range, a label agrees with its bar's length. */
export const LABEL_TOLERANCE = 0.1;

/** Does the label, in some reading, agree with the value measured on the axis? */
export function labelAgrees(num: LabelNumber, measured: number, range: number, text = ""): boolean {
  const tol = LABEL_TOLERANCE * range;
  return [num.value, ...(num.alternatives ?? [])].some((v) => Math.abs(v - measured) <= tol) || otherMagnitude(num, measured, range, text);
}

const MAGNITUDE = /thousand|million|billion|trillion|\b(?:bn|mn|tn)\b|\d\s*[kmbt]\b/i;

/** A label in another magnitude than the axis ("931 billion" on a trillions axis) that agrees once scaled. */
function otherMagnitude(num: LabelNumber, measured: number, range: number, text: string): boolean {
  if (!MAGNITUDE.test(text)) return false;
  const tol = LABEL_TOLERANCE * range;
  return [1e-6, 1e-3, 1e3, 1e6].some((f) => Math.abs(num.value * f - measured) <= tol);
}

/**
 * Check a printed label against its bar measured on the axis: keep it when it agrees (within
 * {@link LABEL_TOLERANCE} of the axis range), else take the alternative reading nearest the
 * measurement when one agrees, else trust the axis.
 */
export function checkLabel(num: LabelNumber, measured: number, axis: ValueAxis, text = ""): CheckedLabel {
  const tol = LABEL_TOLERANCE * axis.range;
  if (Math.abs(num.value - measured) <= tol || otherMagnitude(num, measured, axis.range, text)) return { value: num.value, text: num.text, source: "label" };
  let best: number | undefined;
  for (const v of num.alternatives ?? []) {
    if (Math.abs(v - measured) <= tol && (best === undefined || Math.abs(v - measured) < Math.abs(best - measured))) best = v;
  }
  if (best !== undefined) return { value: best, text: String(best), source: "alternative" };
  return { value: measured, text: formatValue(measured, axis.step), source: "axis" };
}

/**
 * Slots for bars too short to see: numeric labels just beyond the baseline, on the bars' side,
 * at a free position of the bars' grid (a multiple of their spacing from a bar), valued small
 * beside the other bars' labels. Each gets a one-pixel segment at the baseline.
 */
export function zeroBarSlots(layout: BarLayout, boxes: readonly OcrBox[]): Slot[] {
  const { slots, orientation: o, baseline } = layout;
  if (slots.length < 2) return [];
  const centres = slots.map((s) => (s.c0 + s.c1) / 2).sort((a, b) => a - b);
  const pitch = Math.min(...centres.slice(1).map((c, i) => c - centres[i]!));
  const thick = Math.round(median(slots.map((s) => s.c1 - s.c0 + 1)));
  if (!(pitch > thick * 0.8)) return [];
  const segs = slots.flatMap((s) => s.segments);
  const side = segs.filter((s) => s.side === 1).length * 2 >= segs.length ? 1 : -1;
  const growsToLow = (o === "v") === (side === 1);
  const nums = boxes
    .filter((b) => !isVertical(b) && !isFurniture(b))
    .map((b) => ({ b, num: readBarNumber(b.text) }))
    .filter((x): x is { b: OcrBox; num: LabelNumber } => x.num !== null);
  const biggest = Math.max(0, ...nums.map((x) => Math.abs(x.num.value)));
  const out: Slot[] = [];
  for (const { b, num } of nums) {
    const at = o === "v" ? cx(b) : cy(b);
    // Beyond the baseline on the bars' side, within two text lines of it.
    const gap = growsToLow ? baseline - (o === "v" ? bottom(b) : right(b)) : (o === "v" ? top(b) : left(b)) - baseline;
    if (gap < -2 || gap > 2.5 * (o === "v" ? b.box.height : 12)) continue;
    if ([...slots, ...out].some((s) => at >= s.c0 - pitch * 0.3 && at <= s.c1 + pitch * 0.3)) continue;
    const k = Math.round((at - centres[0]!) / pitch);
    if (Math.abs(at - centres[0]! - k * pitch) > pitch * 0.2 || Math.abs(k) > slots.length + 4) continue;
    if (Math.abs(num.value) > biggest * 0.1) continue;
    // Not a tick label: those line up with other numbers (a row under horizontal bars, a column beside vertical ones).
    const key = (x: OcrBox) => (o === "v" ? right(x) : cy(x));
    if (nums.filter((x) => x.b !== b && Math.abs(key(x.b) - key(b)) <= 4).length >= 2) continue;
    const c0 = Math.round(at - thick / 2);
    const c1 = c0 + thick - 1;
    const v = growsToLow ? baseline - 1 : baseline;
    const mark = o === "v" ? { x0: c0, x1: c1, y0: v, y1: v } : { x0: v, x1: v, y0: c0, y1: c1 };
    const colour = segs[0]!.mark.colour;
    out.push({ c0, c1, segments: [{ mark: { ...mark, n: 0, colour, fill: 1 }, c0, c1, v0: v, v1: v, side, series: 0 }] });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
