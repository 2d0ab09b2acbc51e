import type { OcrBox, OcrResult } from "../ocr/types.js";
import { BREAK, skeleton } from "./fuzzy-text.js";

/** A number printed on the chart: its absolute value and how many decimals were printed. */
export interface PrintedNumber {
  value: number;
  decimals: number;
}

/** The chart's text, prepared for matching. */
export interface ChartText {
  /**
   * Skeleton texts to search: all boxes in reading order (joined by breaks, so a label split over
   * neighbouring boxes on a line still matches), then each short column of stacked boxes (labels
   * wrapped onto two to four lines).
   */
  docs: number[][];
  /** Every number printed on the chart, under each plausible reading of its separators. */
  numbers: PrintedNumber[];
}

/** Prepare OCR output for {@link groundTable}'s matching. */
export function chartText(ocr: OcrResult): ChartText {
  const docs: number[][] = [];
  const all: number[] = [];
  for (const b of ocr.boxes) {
    const s = skeleton(b.text);
    if (s.length === 0) continue;
    if (all.length > 0) all.push(BREAK);
    all.push(...s);
  }
  docs.push(all);
  for (const chain of stackedChains(ocr.boxes)) {
    docs.push(chain.flatMap((b, i) => (i === 0 ? skeleton(b.text) : [BREAK, ...skeleton(b.text)])));
  }
  const numbers = ocr.boxes.flatMap((b) => numbersIn(b.text));
  return { docs, numbers };
}

/** Most lines a wrapped label is looked for across. */
const MAX_STACK = 4;

/**
 * Runs of two to four horizontal boxes stacked directly on top of each other: each one starts
 * under the previous one within about a line height, overlapping it horizontally by half the
 * narrower box.
 */
function stackedChains(boxes: OcrBox[]): OcrBox[][] {
  const flat = boxes.filter((b) => b.angle === undefined);
  const below = (a: OcrBox, b: OcrBox) => {
    const gap = b.box.y - (a.box.y + a.box.height);
    const h = Math.max(a.box.height, b.box.height);
    if (gap < -0.3 * h || gap > 0.8 * h) return false;
    const overlap = Math.min(a.box.x + a.box.width, b.box.x + b.box.width) - Math.max(a.box.x, b.box.x);
    return overlap >= 0.5 * Math.min(a.box.width, b.box.width);
  };
  const next = new Map(flat.map((a) => [a, flat.filter((b) => b !== a && below(a, b))]));
  const chains: OcrBox[][] = [];
  const extend = (chain: OcrBox[]) => {
    if (chain.length >= 2) chains.push(chain);
    if (chain.length === MAX_STACK) return;
    for (const b of next.get(chain[chain.length - 1]) ?? []) if (!chain.includes(b)) extend([...chain, b]);
  };
  for (const a of flat) extend([a]);
  return chains;
}

/** Fix digit look-alikes inside numbers: `O`/`o` → 0, `l`/`I`/`|` → 1, when next to a digit. */
function fixDigits(text: string): string {
  let s = text;
  for (let k = 0; k < 3; k++) {
    const next = s
      .replace(/(?<=\d[.,]?)[Oo]|[Oo](?=[.,]?\d)/g, "0")
      .replace(/(?<=\d[.,]?)[lI|]|[lI|](?=[.,]?\d)/g, "1");
    if (next === s) break;
    s = next;
  }
  return s;
}

/**
 * The numbers in a piece of OCR text. A run of digit groups joined by `,` or `.` is read every
 * plausible way: `1,204` as 1204; `1.204` as 1.204 and 1204; `1,5` as 1.5 and as 1 and 5;
 * `1,204.5` as 1204.5. Digit groups joined by single spaces or hyphens in threes (`1 204`,
 * `1-204`) also give the joined number. Signs, currency, `%` and magnitude words are ignored: numbers are compared as
 * printed, by absolute value.
 */
export function numbersIn(text: string): PrintedNumber[] {
  const s = fixDigits(text);
  const out: PrintedNumber[] = [];
  const add = (digits: string) => {
    const value = Number(digits);
    if (!Number.isFinite(value)) return;
    const dot = digits.indexOf(".");
    out.push({ value, decimals: dot < 0 ? 0 : digits.length - dot - 1 });
  };
  for (const m of s.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const run = m[0];
    const groups = run.split(/[.,]/);
    const seps = run.match(/[.,]/g) ?? [];
    if (seps.length === 0) {
      add(run);
      continue;
    }
    const tail = groups.slice(1);
    const thousands = tail.every((g) => g.length === 3) && groups[0].length <= 3;
    if (seps.every((c) => c === ",")) {
      if (thousands) add(groups.join(""));
      if (seps.length === 1) {
        if (!thousands) add(`${groups[0]}.${groups[1]}`);
        add(groups[0]);
        add(groups[1]);
      } else if (!thousands) groups.forEach(add);
    } else if (seps.length === 1) {
      add(`${groups[0]}.${groups[1]}`);
      if (thousands) add(groups.join(""));
    } else {
      // Mixed or repeated dots: English "1,204.5", European "1.204,5", or several numbers run together.
      const last = seps.length - 1;
      const head = groups.slice(0, -1);
      const headThousands = head.slice(1).every((g) => g.length === 3) && head[0].length <= 3;
      if (headThousands && seps.slice(0, last).every((c) => c !== seps[last])) add(`${head.join("")}.${groups[last + 1]}`);
      if (thousands) add(groups.join(""));
      groups.forEach(add);
    }
  }
  for (const m of s.matchAll(/(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,])/g)) add(m[0].replace(/ /g, ""));
  // A thin space OCR read as a hyphen: "37-392" is 37 392 (the parts still count on their own).
  for (const m of s.matchAll(/(?<![\d.,-])\d{1,3}(?:-\d{3})+(?![\d.,-])/g)) add(m[0].replace(/-/g, ""));
  return out;
}
