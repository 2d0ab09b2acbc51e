/**
 * From solid rectangles to bar structure: the orientation and baseline the bars grow from, the
 * segments stacked on each bar, and the slots (one per bar position along the category axis).
 */
import { chroma, colourDistance } from "./raster.js";
import type { Mark } from "./bar-marks.js";

/** `v`: bars grow up/down from a horizontal baseline; `h`: right/left from a vertical one. */
export type Orientation = "v" | "h";

/** A bar or stacked segment in axis terms. */
export interface Segment {
  mark: Mark;
  /** Interval across the bars (x for vertical bars, y for horizontal ones), inclusive. */
  c0: number;
  c1: number;
  /** Interval along the value axis (y for vertical bars, x for horizontal ones), inclusive. */
  v0: number;
  v1: number;
  /** +1 when the segment lies on the positive side of the baseline (up / right), −1 otherwise. */
  side: 1 | -1;
  /** Series index, set once colours are clustered. */
  series: number;
}

/** One bar position along the category axis: its segments from the baseline outward. */
export interface Slot {
  c0: number;
  c1: number;
  segments: Segment[];
}

export interface BarLayout {
  orientation: Orientation;
  /** Baseline position on the value axis (pixel). */
  baseline: number;
  /** Slots in chart order (left → right, top → bottom). */
  slots: Slot[];
  /** Candidate rectangles not used as bars (legend swatches live here). */
  others: Mark[];
}

const EDGE_TOL = 2;

function seg(m: Mark, o: Orientation): Omit<Segment, "side" | "series"> {
  return o === "v" ? { mark: m, c0: m.x0, c1: m.x1, v0: m.y0, v1: m.y1 } : { mark: m, c0: m.y0, c1: m.y1, v0: m.x0, v1: m.x1 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

/** Lay the rectangles out as bars in one orientation, or null when nothing stands on a baseline. */
function layoutFor(rects: readonly Mark[], o: Orientation): (BarLayout & { score: number }) | null {
  const segs = rects.map((m) => seg(m, o)).filter((s) => s.c1 - s.c0 >= 2);
  if (segs.length < 1) return null;
  // Baseline: the value-axis edge shared by the most rectangle area (either end, so bars below zero count).
  const votes = new Map<number, number>();
  for (const s of segs) {
    for (const e of [s.v0, s.v1 + 1]) votes.set(e, (votes.get(e) ?? 0) + s.mark.n);
  }
  const support: { e: number; n: number }[] = [];
  for (const [e] of votes) {
    let n = 0;
    for (let d = -EDGE_TOL; d <= EDGE_TOL; d++) n += votes.get(e + d) ?? 0;
    support.push({ e, n });
  }
  // Ties: prefer the bottom (v) or the left (h), where bars usually start.
  support.sort((a, b) => b.n - a.n || (o === "v" ? b.e - a.e : a.e - b.e));
  // Besides the best supported edges, the outermost edge two or more marks share on the usual
  // baseline side (long full stacks share few interior edges with each other).
  const shared = [...votes.keys()].filter((e) => segs.filter((s) => Math.abs(s.v0 - e) <= EDGE_TOL || Math.abs(s.v1 + 1 - e) <= EDGE_TOL).length >= 2);
  const outermost = shared.length ? (o === "v" ? Math.max(...shared) : Math.min(...shared)) : undefined;
  const order = [...support.slice(0, 8).map((x) => x.e), ...(outermost === undefined ? [] : [outermost]), ...support.slice(8).map((x) => x.e)];
  const tried: number[] = [];
  let best: (BarLayout & { score: number }) | null = null;
  for (const e of order) {
    if (tried.length >= 9) break;
    if (tried.some((t) => Math.abs(t - e) <= 2 * EDGE_TOL)) continue;
    tried.push(e);
    const l = layoutFrom(rects, segs, o, e);
    // Equal area from both ends (full stacks): the bottom (v) or left (h) end is the baseline.
    const preferred = (a: number, b: number) => (o === "v" ? a > b : a < b);
    if (l && (!best || l.score > best.score * 1.02 || (l.score >= best.score * 0.98 && preferred(l.baseline, best.baseline)))) best = l;
  }
  return best;
}

function layoutFrom(
  rects: readonly Mark[],
  segs: Omit<Segment, "side" | "series">[],
  o: Orientation,
  baseline: number,
): (BarLayout & { score: number }) | null {
  const near = (e: number) => Math.abs(e - baseline) <= EDGE_TOL + 1;
  let base = segs.filter((s) => near(s.v0) || near(s.v1 + 1));
  if (base.length === 0) return null;
  // Bars share a thickness: drop baseline-touching marks far thinner or thicker than the median.
  const thick = median(base.map((s) => s.c1 - s.c0 + 1));
  base = base.filter((s) => {
    const t = s.c1 - s.c0 + 1;
    return t >= thick * 0.45 && t <= thick * 2.2;
  });
  const used = new Set<Omit<Segment, "side" | "series">>(base);
  const slots: Slot[] = [];
  const sideOf = (b: Omit<Segment, "side" | "series">): 1 | -1 => (near(b.v1 + 1) ? (o === "v" ? 1 : -1) : o === "v" ? -1 : 1);
  // Bars a few pixels long touch the baseline with both ends: they take the side most bars grow to.
  const long = base.filter((b) => b.v1 - b.v0 > 4);
  const usual: 1 | -1 = long.filter((b) => sideOf(b) === 1).length * 2 >= long.length ? 1 : -1;
  for (const b of base.sort((a, c) => a.c0 - c.c0)) {
    const side: 1 | -1 = b.v1 - b.v0 <= 4 && near(b.v0) && near(b.v1 + 1) ? usual : sideOf(b);
    const chain: Segment[] = [{ ...b, side, series: -1 }];
    // Walk outward: segments with the same cross interval touching the previous one's far end.
    for (;;) {
      const last = chain[chain.length - 1]!;
      const growsToLow = (o === "v") === (side === 1);
      const next = segs.find(
        (s) =>
          !used.has(s) &&
          Math.abs(s.c0 - last.c0) <= EDGE_TOL &&
          Math.abs(s.c1 - last.c1) <= EDGE_TOL &&
          (growsToLow ? Math.abs(s.v1 + 1 - last.v0) <= 4 : Math.abs(s.v0 - (last.v1 + 1)) <= 4),
      );
      if (!next) break;
      used.add(next);
      chain.push({ ...next, side, series: -1 });
    }
    const slot = slots.find((sl) => Math.min(sl.c1, b.c1) - Math.max(sl.c0, b.c0) > 0.5 * (b.c1 - b.c0));
    if (slot) {
      // Same position on the other side of the baseline (diverging bars), else a clash: keep the larger.
      // (A sliver at the baseline beside a real bar is the axis line showing through: dropped.)
      if (slot.segments[0]!.side !== side) {
        if (chain.length > 1 || b.v1 - b.v0 > 4) slot.segments.push(...chain);
      }
      else if (chain.length > slot.segments.length) slot.segments = chain;
    } else {
      slots.push({ c0: b.c0, c1: b.c1, segments: chain });
    }
  }
  const inSlots = new Set(slots.flatMap((s) => s.segments.map((g) => g.mark)));
  const others = rects.filter((m) => !inSlots.has(m));
  const area = [...inSlots].reduce((a, m) => a + m.n, 0);
  return { orientation: o, baseline, slots, others, score: area };
}

/** The better of the vertical and horizontal layouts (more bar area explained). */
export function layoutBars(rects: readonly Mark[]): BarLayout | null {
  const v = layoutFor(rects, "v");
  const h = layoutFor(rects, "h");
  const best = !v ? h : !h ? v : h.score > v.score ? h : v;
  if (!best) return null;
  return { orientation: best.orientation, baseline: best.baseline, slots: best.slots, others: best.others };
}

/** Cluster segment colours into series (greedy, by distance to each cluster's first colour). */
export function clusterSeries(slots: readonly Slot[], tolerance = 36): number[] {
  const colours: number[] = [];
  for (const sl of slots) {
    for (const s of sl.segments) {
      let k = colours.findIndex((c) => colourDistance(c, s.mark.colour) <= tolerance && Math.abs(chroma(c) - chroma(s.mark.colour)) <= 24);
      if (k < 0) {
        k = colours.length;
        colours.push(s.mark.colour);
      }
      s.series = k;
    }
  }
  return colours;
}

/**
 * Group slots into categories. Stacked charts: one slot each. Otherwise bars side by side form a
 * category when the gaps between them are clearly smaller than those between groups (a repeated
 * series colour also starts a new group); evenly spaced bars only when their colours cycle.
 */
export function groupCategories(slots: readonly Slot[], seriesCount: number, stacked: boolean): Slot[][] {
  if (stacked || seriesCount < 2 || slots.length < 2) return slots.map((s) => [s]);
  const gaps = slots.slice(1).map((s, i) => s.c0 - slots[i]!.c1);
  const lo = Math.min(...gaps);
  const hi = Math.max(...gaps);
  const split = hi > lo * 1.6 + 3 ? (lo + hi) / 2 : Infinity;
  if (split === Infinity) {
    // Evenly spaced bars: grouped only when the colours repeat with the series count as period.
    const period = seriesCount;
    const periodic =
      slots.length >= 2 * period && slots.length % period === 0 && slots.every((s, i) => s.segments[0]!.series === slots[i % period]!.segments[0]!.series);
    if (!periodic) return slots.map((s) => [s]);
    const out: Slot[][] = [];
    for (let i = 0; i < slots.length; i += period) out.push(slots.slice(i, i + period));
    return out;
  }
  const groups: Slot[][] = [[slots[0]!]];
  for (let i = 1; i < slots.length; i++) {
    const g = groups[groups.length - 1]!;
    const s = slots[i]!;
    const repeats = g.some((t) => t.segments[0]!.series === s.segments[0]!.series);
    if (gaps[i - 1]! > split || repeats) groups.push([s]);
    else g.push(s);
  }
  // One group holding every bar, or groups whose colours do not recur in a fixed order
  // (per-bar shades of one series, gaps left by near-zero bars): one series.
  return groups.length > 1 && consistentGroups(groups, seriesCount) ? groups : slots.map((s) => [s]);
}

/**
 * Grouped bars repeat their series: most series appear in two or more groups, several groups
 * hold more than one bar, and series keep one order within every group.
 */
function consistentGroups(groups: readonly Slot[][], seriesCount: number): boolean {
  const seqs = groups.map((g) => g.map((s) => s.segments[0]!.series));
  if (seqs.filter((q) => q.length > 1).length < 2) return false;
  const seen = new Array<number>(seriesCount).fill(0);
  for (const q of seqs) for (const k of new Set(q)) seen[k]!++;
  if (seen.filter((n) => n >= 2).length < Math.max(2, seriesCount * 0.6)) return false;
  const before = new Set<string>();
  for (const q of seqs) {
    for (let i = 0; i < q.length; i++) for (let j = i + 1; j < q.length; j++) before.add(`${q[i]}<${q[j]}`);
  }
  for (const k of before) {
    const [a, b] = k.split("<");
    if (before.has(`${b}<${a}`)) return false;
  }
  return true;
}
