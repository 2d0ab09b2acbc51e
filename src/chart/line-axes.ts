/**
 * Axes of a line chart from its OCR text: the row of category labels along the bottom (years,
 * months, quarters…, possibly slanted) and the column of numeric tick labels on the value axis.
 */
import { fitAxis, type Tick } from "./axis-scale.js";
import { cx, cy } from "./text-boxes.js";
import type { AxisScale, OcrBox } from "./types.js";
import { readLabelNumber } from "./value-text.js";

/** One category on the x axis: its printed label and the pixel column it marks. */
export interface Category {
  label: string;
  x: number;
  box: OcrBox;
}

/** The category row: labels left to right, and the top of the row (the plot's bottom edge). */
export interface CategoryRow {
  categories: Category[];
  top: number;
  /** Share of labels that look like time (years, months, quarters). */
  timeLike: number;
}

const MONTH = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b/i;
const TIME =
  /^(?:(?:19|20)\d{2}(?:\/\d{2,4}|-\d{2})?\*{0,2}|'\d{2}\*?|\d{2}|q[1-4]\b.*|h[12]\b.*|fy\s?'?\d{2,4}\*?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+'?\d{2,4})?\*?|\d{1,2}\/\d{1,2}(?:\/\d{2,4})?|week \d+)$/i;

/** Whether a label reads as a time point (year, month, quarter…). */
export function isTimeLabel(text: string): boolean {
  const t = text.trim();
  return TIME.test(t) || MONTH.test(t);
}

/** Where along x a category label points: slanted labels end (top right) at their tick. */
function anchorX(b: OcrBox): number {
  const a = b.angle ?? 0;
  if (a > 20 && a < 70) return b.box.x + b.box.width - Math.min(b.box.height, b.box.width) * 0.25;
  if (a < -20 && a > -70) return b.box.x + Math.min(b.box.height, b.box.width) * 0.25;
  return cx(b);
}

/** The y a label row is aligned on: centres for level text, tops for slanted or vertical text. */
function alignY(b: OcrBox): number {
  return b.angle !== undefined && Math.abs(b.angle) > 20 ? b.box.y : cy(b);
}

/**
 * The x-axis category row: the row of short labels in the lower part of the chart with the most
 * (time-like labels weigh more), at least three, spread over a fair part of the width.
 */
export function findCategoryRow(boxes: readonly OcrBox[], width: number, height: number): CategoryRow | null {
  const cand = boxes.filter((b) => b.text.length <= 24 && cy(b) > height * 0.3 && b.box.width < width * 0.3);
  const rows: OcrBox[][] = [];
  for (const b of [...cand].sort((p, q) => alignY(p) - alignY(q))) {
    const row = rows.find((r) => Math.abs(alignY(r[0]!) - alignY(b)) <= Math.max(4, r[0]!.box.height * 0.45));
    if (row) row.push(b);
    else rows.push([b]);
  }
  let best: { row: CategoryRow; score: number } | null = null;
  for (const r of rows) {
    const sorted = [...r].sort((p, q) => anchorX(p) - anchorX(q));
    const kept = dropOverlaps(sorted);
    if (kept.length < 3) continue;
    const xs = kept.map(anchorX);
    if (xs[xs.length - 1]! - xs[0]! < width * 0.25) continue;
    const time = kept.filter((b) => isTimeLabel(b.text)).length / kept.length;
    const numeric = kept.filter((b) => !isTimeLabel(b.text) && readLabelNumber(b.text) !== null).length / kept.length;
    // Rows of value labels (plain numbers) are rarely category rows; time rows almost always are.
    const score = kept.length * (0.4 + time - 0.35 * numeric) + (cy(kept[0]!) / height) * 0.5;
    if (time < 0.5 && numeric > 0.5) continue;
    if (!best || score > best.score) {
      best = {
        score,
        row: {
          categories: kept.map((b) => ({ label: cleanLabel(b.text), x: anchorX(b), box: b })),
          top: Math.min(...kept.map((b) => b.box.y)),
          timeLike: time,
        },
      };
    }
  }
  return best?.row ?? null;
}

function cleanLabel(t: string): string {
  return t.replace(/\s+/g, " ").trim();
}

function dropOverlaps(sorted: OcrBox[]): OcrBox[] {
  const out: OcrBox[] = [];
  for (const b of sorted) {
    const prev = out[out.length - 1];
    if (prev && anchorX(b) - anchorX(prev) < Math.min(prev.box.width, b.box.width) * 0.3) {
      if (b.confidence > prev.confidence) out[out.length - 1] = b;
      continue;
    }
    out.push(b);
  }
  return out;
}

/** The fitted value axis and the tick boxes it used. */
export interface ValueAxis {
  scale: AxisScale;
  ticks: OcrBox[];
  /** The value each tick box prints (parallel to `ticks`). */
  values: number[];
  /** Smallest and largest tick value. */
  min: number;
  max: number;
  /** x of the tick column's inner edge (the plot side). */
  edge: number;
  side: "left" | "right";
}

/**
 * The value axis: three or more numeric labels stacked in a column (aligned on their right edge
 * on the left axis, on their left edge on a right axis) above `bottom`, fitted linearly.
 */
export function findValueAxis(boxes: readonly OcrBox[], bottom: number, exclude: ReadonlySet<OcrBox>): ValueAxis | null {
  const nums = boxes
    .filter((b) => !exclude.has(b) && b.box.y < bottom + 4 && b.angle === undefined)
    .map((b) => ({ b, n: readTickNumber(b.text) }))
    .filter((e): e is { b: OcrBox; n: NonNullable<typeof e.n> } => e.n !== null);
  let best: ValueAxis | null = null;
  for (const [side, align] of [
    ["left", "right"],
    ["left", "left"],
    ["right", "left"],
    ["right", "right"],
  ] as const) {
    const key = (b: OcrBox) => (align === "right" ? b.box.x + b.box.width : b.box.x);
    for (const seed of nums) {
      if ((side === "left") !== cx(seed.b) < bottomMid(nums.map((e) => e.b))) continue;
      const col = nums.filter((e) => Math.abs(key(e.b) - key(seed.b)) <= 5);
      if (col.length < 3) continue;
      const ticks: Tick[] = col.map((e) => ({ pos: cy(e.b), value: e.n.value }));
      const scale = fitAxis(ticks);
      // Values grow upwards on a value axis.
      if (!scale || scale.slope >= 0) continue;
      const values = col.map((e) => e.n.value);
      const cand: ValueAxis = {
        scale,
        ticks: col.map((e) => e.b),
        values,
        min: Math.min(...values),
        max: Math.max(...values),
        edge: side === "left" ? Math.max(...col.map((e) => e.b.box.x + e.b.box.width)) : Math.min(...col.map((e) => e.b.box.x)),
        side,
      };
      if (!best || cand.scale.ticks > best.scale.ticks || (cand.scale.ticks === best.scale.ticks && cand.scale.residual < best.scale.residual)) {
        best = cand;
      }
    }
  }
  return best;
}

/** The middle of the numbers' horizontal extent: left-axis ticks lie left of it. */
function bottomMid(boxes: OcrBox[]): number {
  const xs = boxes.map(cx);
  return (Math.min(...xs) + Math.max(...xs)) / 2;
}

/** A tick label's number, also with a unit word the value reader does not know ("12 MWh"). */
export function readTickNumber(text: string): ReturnType<typeof readLabelNumber> {
  const n = readLabelNumber(text);
  if (n) return n;
  const m = /^([-−+]?[$€£]?\s?\d[\d.,\s]*%?)\s*[A-Za-zµ°₂³/²]{1,12}\.?$/.exec(text.trim());
  return m ? readLabelNumber(m[1]!) : null;
}

/**
 * The value axis' title: the vertical text left of the plot, its pieces (OCR often cuts a long
 * title into several boxes) joined in reading order, OCR's stray in-word spaces mended.
 */
export function findAxisTitle(boxes: readonly OcrBox[], plotLeft: number): string | null {
  const v = boxes.filter((b) => b.angle !== undefined && Math.abs(Math.abs(b.angle) - 90) < 15 && cx(b) < plotLeft + 5 && b.text.trim().length >= 2);
  if (v.length === 0) return null;
  v.sort((a, b) => b.box.height - a.box.height);
  const main = v[0]!;
  if (main.text.trim().length < 3) return null;
  // Pieces in the same column, read bottom to top (text rotated 90° counter-clockwise) or top to bottom.
  const col = v.filter((b) => Math.abs(cx(b) - cx(main)) <= Math.max(main.box.width, b.box.width) * 0.8);
  const up = (main.angle ?? 90) > 0;
  col.sort((a, b) => (up ? b.box.y - a.box.y : a.box.y - b.box.y));
  return mendSpaces(col.map((b) => b.text.replace(/\s+/g, " ").trim()).join(" "));
}

const SHORT_WORDS = new Set(["of", "in", "on", "at", "to", "by", "per", "and", "the", "for", "or", "as", "from"]);

/** Mend OCR's broken words: "Numbe r of" → "Number of", "m ortality" → "mortality", "p per" → "per". */
export function mendSpaces(text: string): string {
  const t = text.split(" ").filter((w) => w.length > 0);
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const w = t[i]!;
    const next = t[i + 1];
    // A lone "l" or "i" is a stroke OCR read on its own.
    if (/^[li]$/.test(w) && out.length > 0) continue;
    if (/^[b-z]$/.test(w)) {
      if (next && next.toLowerCase().startsWith(w)) continue;
      if (next && next.length >= 4 && /^[a-z]/.test(next) && !SHORT_WORDS.has(next.toLowerCase())) {
        t[i + 1] = w + next;
        continue;
      }
      if (out.length > 0 && /[a-z]$/.test(out[out.length - 1]!)) {
        out[out.length - 1] += w;
        continue;
      }
    }
    out.push(w);
  }
  return out.join(" ");
}
