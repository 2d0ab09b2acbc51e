/**
 * The bar reader's text: category labels along the category axis (possibly wrapped over lines
 * or slanted), the value axis' title, and OCR lines to cut apart.
 */
import type { OcrBox } from "./types.js";
import type { BarLayout, Orientation, Slot } from "./bar-layout.js";
import { readLabelNumber } from "./value-text.js";

/** Box geometry shorthands. */
export const left = (b: OcrBox) => b.box.x;
export const right = (b: OcrBox) => b.box.x + b.box.width;
export const top = (b: OcrBox) => b.box.y;
export const bottom = (b: OcrBox) => b.box.y + b.box.height;
export const cx = (b: OcrBox) => b.box.x + b.box.width / 2;
export const cy = (b: OcrBox) => b.box.y + b.box.height / 2;
export const isVertical = (b: OcrBox) => b.angle !== undefined && Math.abs(b.angle) > 60;
export const isNumeric = (b: OcrBox) => readLabelNumber(b.text) !== null;

/** Source lines, logos and UI text printed around charts, never data labels. */
const FURNITURE = /statista|additional information|show source|our ?world|in data|source:|pew research|©|\bcc by\b/i;
export const isFurniture = (b: OcrBox) => FURNITURE.test(b.text);

/** A category: its slots and its position across the bars. */
export interface Category {
  slots: Slot[];
  c0: number;
  c1: number;
  label: string;
}

/**
 * Attach each free text box beyond the category axis to the nearest category, then keep, per
 * category, the block of lines nearest the axis. `edge`: where bars end on the label side
 * (the lowest bar bottom for vertical bars, the leftmost bar start for horizontal ones).
 */
export function readCategoryLabels(cats: Category[], boxes: readonly OcrBox[], used: Set<OcrBox>, o: Orientation, edge: number): void {
  if (cats.length === 0) return;
  const centres = cats.map((c) => (c.c0 + c.c1) / 2);
  const spacing =
    cats.length > 1 ? Math.min(...centres.slice(1).map((c, i) => c - centres[i]!)) : (cats[0]!.c1 - cats[0]!.c0 + 1) * 2;
  const assigned: OcrBox[][] = cats.map(() => []);
  // Horizontal labels OCR joined across several categories are cut apart first.
  const lines = boxes.flatMap((b) => (o === "v" && !used.has(b) && !b.angle && top(b) >= edge - 3 ? splitAcrossCentres(b, centres, "word") : [b]));
  for (const b of lines) {
    if (used.has(b) || isFurniture(b) || isVertical(b)) continue;
    let anchor: number;
    if (o === "v") {
      if (top(b) < edge - 3) continue;
      // Slanted labels end (angle > 0) or start (angle < 0) at their tick.
      anchor = b.angle && b.angle > 0 ? right(b) : b.angle && b.angle < 0 ? left(b) : cx(b);
    } else {
      if (right(b) > edge + 4) continue;
      anchor = cy(b);
    }
    let k = -1;
    let dist = Infinity;
    centres.forEach((c, i) => {
      const d = Math.abs(anchor - c);
      if (d < dist) [k, dist] = [i, d];
    });
    // Near the category's centre, and not beyond its bars by more than half the gap between
    // categories (wide bars: a tick label left of the first bar is not its category label).
    const c = cats[k];
    const beyond = Math.max(8, (spacing - (c ? c.c1 - c.c0 + 1 : 0)) * 0.6);
    if (c && dist <= Math.max(spacing * 0.62, 8) && anchor >= c.c0 - beyond && anchor <= c.c1 + beyond) assigned[k]!.push(b);
  }
  cats.forEach((cat, i) => {
    const list = assigned[i]!;
    if (list.length === 0) return;
    const block: OcrBox[] = [];
    if (o === "v") {
      list.sort((a, b) => top(a) - top(b));
      if (top(list[0]!) > edge + 60) return;
      block.push(list[0]!);
      for (const b of list.slice(1)) {
        const prev = block[block.length - 1]!;
        if (top(b) - bottom(prev) > Math.max(6, prev.box.height * 0.8)) break;
        block.push(b);
      }
    } else {
      // The line nearest the bar's middle, then lines directly above and below it.
      list.sort((a, b) => top(a) - top(b));
      const mid = (cat.c0 + cat.c1) / 2;
      let at = 0;
      list.forEach((b, j) => {
        if (Math.abs(cy(b) - mid) < Math.abs(cy(list[at]!) - mid)) at = j;
      });
      if (edge - right(list[at]!) > 400) return;
      const close = (a: OcrBox, b: OcrBox) => top(b) - bottom(a) <= Math.max(5, a.box.height * 0.6);
      let lo = at;
      let hi = at;
      while (lo > 0 && close(list[lo - 1]!, list[lo]!)) lo--;
      while (hi < list.length - 1 && close(list[hi]!, list[hi + 1]!)) hi++;
      block.push(...list.slice(lo, hi + 1));
    }
    // Numbers printed beside the labels (totals, NET columns) are not part of a worded label.
    if (block.some((b) => !isNumeric(b))) block.splice(0, block.length, ...block.filter((b) => !isNumeric(b)));
    cat.label = block.map((b) => b.text).join(" ").replace(/\s+/g, " ").trim();
    for (const b of block) used.add(b);
  });
}

/**
 * How many slots have a text line of their own beyond the category axis, centred on the slot
 * (grouped bars share one label centred on the group, so few of their slots do).
 */
export function slotsWithOwnLabel(slots: readonly Slot[], boxes: readonly OcrBox[], used: Set<OcrBox>, o: Orientation, edge: number): number {
  const lines = boxes.filter(
    (b) => !used.has(b) && !isFurniture(b) && !isVertical(b) && !isNumeric(b) && (o === "v" ? top(b) >= edge - 3 && top(b) <= edge + 40 : right(b) <= edge + 4),
  );
  return slots.filter((sl) => {
    const mid = (sl.c0 + sl.c1) / 2;
    const reach = Math.max(2, (sl.c1 - sl.c0 + 1) * 0.25);
    return lines.some((b) => Math.abs((o === "v" ? cx(b) : cy(b)) - mid) <= reach && (o === "v" ? b.box.width : b.box.height) <= (sl.c1 - sl.c0 + 1) * 4);
  }).length;
}

/**
 * The value axis' title: for vertical bars a vertical text left of the plot; for horizontal bars a
 * line of text under the tick labels.
 */
export function valueAxisTitle(
  boxes: readonly OcrBox[],
  used: Set<OcrBox>,
  o: Orientation,
  plot: { x0: number; y0: number; x1: number; y1: number },
  ticks: readonly OcrBox[] = [],
): OcrBox | null {
  // Under horizontal bars the title sits below the tick labels (bars too short to see may end the plot lower).
  const floor = o === "h" && ticks.length ? Math.max(...ticks.map(bottom)) - 2 : -Infinity;
  let best: OcrBox | null = null;
  let bestD = Infinity;
  for (const b of boxes) {
    if (used.has(b) || isFurniture(b) || isNumeric(b) || b.text.length < 3 || /^\s*(?:\d|note\b)/i.test(b.text)) continue;
    let d: number;
    if (o === "v") {
      if (!isVertical(b) || cx(b) > plot.x0) continue;
      if (cy(b) < plot.y0 - 20 || cy(b) > plot.y1 + 20) continue;
      d = plot.x0 - cx(b);
    } else {
      if (isVertical(b) || top(b) < Math.max(plot.y1, floor) || top(b) > Math.max(plot.y1, floor) + 90) continue;
      if (cx(b) < plot.x0 - 40 || cx(b) > plot.x1 + 80 || b.box.width > (plot.x1 - plot.x0) * 1.2) continue;
      // Wholly left of the bars: a category label (of a bar too short to see), not a title.
      if (right(b) <= plot.x0 + 4) continue;
      d = top(b) - Math.max(plot.y1, floor);
    }
    if (d < bestD) [best, bestD] = [b, d];
  }
  return best;
}

/**
 * OCR lines that run across the baseline of horizontal bars, a category label joined with the
 * value label of a bar too short to see ("Armenia 0%"), split in two at the baseline.
 */
export function splitAcrossBaseline(boxes: readonly OcrBox[], layout: BarLayout): OcrBox[] {
  if (layout.orientation !== "h") return [...boxes];
  const base = layout.baseline;
  // Only among the bars' rows (titles and notes above and below the plot may end in years).
  const c0 = Math.min(...layout.slots.map((s) => s.c0));
  const c1 = Math.max(...layout.slots.map((s) => s.c1));
  const pitch = layout.slots.length > 1 ? (c1 - c0) / (layout.slots.length - 1) : c1 - c0;
  return boxes.flatMap((b) => {
    const m = /^(.*[A-Za-z)\]].*?)\s*([<>~≈]?\s*-?\d[\d.,]*\s*%?)$/.exec(b.text.trim());
    if (!m || isVertical(b) || left(b) > base - 10 || right(b) < base + 5) return [b];
    if (cy(b) < c0 - Math.min(pitch / 2, 20) || cy(b) > c1 + 3 * pitch) return [b];
    const labelBox: OcrBox = { ...b, text: m[1]!.trim(), box: { ...b.box, width: base - 2 - left(b) } };
    const valueBox: OcrBox = { ...b, text: m[2]!.trim(), box: { ...b.box, x: base + 2, width: right(b) - base - 2 } };
    return [labelBox, valueBox];
  });
}

/**
 * A line of text spanning several centres (OCR joining neighbouring series names, "No role A
 * minor role", "ShouldnotShould", or category labels) cut into one piece per centre, at the
 * boundary nearest the midpoint between centres (characters taken as equally wide). Boundaries:
 * `capital` before a capital starting a word or following a lower-case letter (names start with
 * one; "Less strict" over two narrow segments stays whole), `word` at any space.
 */
export function splitAcrossCentres(b: OcrBox, centres: readonly number[], boundary: "capital" | "word"): OcrBox[] {
  const inside = centres.filter((c) => c > left(b) && c < right(b));
  if (inside.length < 2) return [b];
  const text = b.text;
  const charX = (i: number) => left(b) + (i / text.length) * b.box.width;
  const cuts: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (boundary === "capital" ? /[A-Z]/.test(text[i]!) && /[a-z ]/.test(text[i - 1]!) : text[i - 1] === " " && text[i] !== " ") cuts.push(i);
  }
  const at: number[] = [];
  for (let k = 1; k < inside.length; k++) {
    const mid = (inside[k - 1]! + inside[k]!) / 2;
    let best = -1;
    for (const i of cuts) if (best < 0 || Math.abs(charX(i) - mid) < Math.abs(charX(best) - mid)) best = i;
    if (best < 0 || at.includes(best) || (at.length && best < at[at.length - 1]!)) return [b];
    at.push(best);
  }
  const bounds = [0, ...at, text.length];
  const out: OcrBox[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const piece = text.slice(bounds[k], bounds[k + 1]).trim();
    if (!piece) return [b];
    const x0 = charX(bounds[k]!);
    const x1 = charX(bounds[k + 1]!);
    out.push({ ...b, text: piece, box: { ...b.box, x: x0, width: x1 - x0 } });
  }
  return out;
}
