/**
 * `lenient`: the normalisation people want on top of ChartQA's relaxed accuracy. The rules are
 * documented in the README ("Answer scoring") and each has a test in `test/score-lenient.test.ts`.
 */
import { relaxedCorrectness } from "../verify/relaxed.js";
import { parseLenientNumber, scaledValue, type LenientNumber } from "./lenient-number.js";
import { stripWrapping, tidySpaces, trimEndChars } from "./normalize.js";

/** Relative tolerance for numbers, as relaxed accuracy's 5%. */
const TOLERANCE = 0.05;
/** Lists longer than this are compared in order (matching ignores order only for short lists). */
const MAX_UNORDERED = 50;

const YEAR = /^\d{4}$/;
const FOOTNOTE_MARKS = new Set(["*", "†", "‡"]);
const FULL_STOP = new Set(["."]);
const GOLD_YES = new Set(["yes", "true"]);
const GOLD_NO = new Set(["no", "false"]);
const PRED_YES = new Set(["yes", "y", "true", "correct"]);
const PRED_NO = new Set(["no", "n", "false", "incorrect"]);
/** A yes/no word opening a longer reply: `No. This graph is…`, `Yes, the…`, `No\n\nThe chart…`. */
const LEADING_YES_NO = /^[*_]{0,2}(yes|no|true|false|correct|incorrect)[*_]{0,2}(?:[ \t]*[,.;:!–—-]|[ \t]*\r?\n)/i;

/**
 * Lenient match of one prediction against one gold answer (see the README for the rules):
 * relaxed accuracy plus clean-up of currency, separators, `%`, units, number words, yes/no variants,
 * lists in any order, and text case/spacing/quotes/articles — but a year gold must match exactly.
 */
export function lenientMatch(gold: string, prediction: string): boolean {
  // Everything relaxed accepts, except near-misses on a year.
  if (yearOf(gold) === undefined && relaxedCorrectness(gold, prediction)) return true;
  const g = stripWrapping(gold);
  const p = stripWrapping(prediction);
  if (isListText(g)) return listMatch(listItemsOf(g), p);
  const single = singletonList(p);
  return scalarMatch(g, single ?? p, single === undefined ? prediction : single);
}

/** {@link lenientMatch} against several gold answers: the best counts. No golds → false. */
export function lenientMatchAny(golds: readonly string[], prediction: string): boolean {
  return golds.some((gold) => lenientMatch(gold, prediction));
}

/** A 4-digit year 1900–2100 as the gold answer, or undefined. */
export function yearOf(gold: string): number | undefined {
  const g = stripWrapping(gold);
  if (!YEAR.test(g)) return undefined;
  const year = Number(g);
  return year >= 1900 && year <= 2100 ? year : undefined;
}

/** Read a prediction as yes/no: a variant (`y`, `true`, `correct`, …) or a reply that opens with one. */
export function yesNoOf(prediction: string): boolean | undefined {
  const word = stripWrapping(prediction).toLowerCase();
  if (PRED_YES.has(word)) return true;
  if (PRED_NO.has(word)) return false;
  const lead = LEADING_YES_NO.exec(prediction.trim());
  if (lead === null) return undefined;
  const w = lead[1]!.toLowerCase();
  return PRED_YES.has(w);
}

function scalarMatch(g: string, p: string, rawPrediction: string): boolean {
  const year = yearOf(g);
  if (year !== undefined) {
    const n = parseLenientNumber(p);
    return n !== undefined && !n.percent && n.magnitude === undefined && n.printed === year;
  }
  if (relaxedCorrectness(g, p)) return true;
  const goldWord = g.toLowerCase();
  if (GOLD_YES.has(goldWord) || GOLD_NO.has(goldWord)) {
    const said = yesNoOf(rawPrediction);
    if (said !== undefined) return said === GOLD_YES.has(goldWord);
  }
  const gn = parseLenientNumber(g);
  if (gn !== undefined) {
    const pn = parseLenientNumber(p);
    if (pn !== undefined && numbersMatch(gn, pn)) return true;
  }
  return textKey(g) === textKey(p);
}

function close(target: number, value: number): boolean {
  if (target === 0) return value === 0;
  return Math.abs(value - target) / Math.abs(target) <= TOLERANCE;
}

/**
 * Printed numbers within 5% (a `%` on either side is ignored, and a magnitude missing on one side
 * is taken as unstated units); with magnitudes, the scaled values; and, as relaxed accuracy does, a
 * percentage against its fraction (`45%` = `0.45`).
 */
export function numbersMatch(gold: LenientNumber, pred: LenientNumber): boolean {
  const gm = gold.magnitude;
  const pm = pred.magnitude;
  if ((gm === pm || gm === undefined || pm === undefined) && close(gold.printed, pred.printed)) return true;
  if ((gm !== undefined || pm !== undefined) && close(scaledValue(gold), scaledValue(pred))) return true;
  if (gm === undefined && pm === undefined && gold.percent !== pred.percent) {
    return gold.percent ? close(gold.printed / 100, pred.printed) : close(gold.printed, pred.printed / 100);
  }
  return false;
}

/** Text compared case-insensitively, spaces collapsed, quotes, footnote marks and a leading article dropped. */
export function textKey(text: string): string {
  let t = stripWrapping(text).toLowerCase();
  t = trimEndChars(t, FOOTNOTE_MARKS).trim();
  t = trimEndChars(stripWrapping(t), FULL_STOP);
  const noArticle = t.replace(/^(?:the|a|an) /, "");
  return tidySpaces(noArticle === "" ? t : noArticle);
}

function isListText(text: string): boolean {
  return text.length >= 2 && text.startsWith("[") && text.endsWith("]");
}

/** Split on commas that are not thousands separators (`1,204` stays one number). */
const ITEM_COMMA = /(?<!\d),|,(?!\d{3}(?!\d))/;

function listItemsOf(bracketed: string): string[] {
  const inner = bracketed.slice(1, -1).trim();
  if (inner === "") return [];
  return inner.split(ITEM_COMMA).map((s) => stripWrapping(s)).filter((s) => s !== "");
}

/** `[x]` with one item → `x`. */
function singletonList(p: string): string | undefined {
  if (!isListText(p)) return undefined;
  const items = listItemsOf(p);
  return items.length === 1 ? items[0] : undefined;
}

/** Ways to read a prediction as a list: `[a, b]`; `a, b` / `a; b` / `a, b, and c`; also `a and b` / `a & b`. */
function predictionLists(p: string): string[][] {
  if (isListText(p)) return [listItemsOf(p)];
  const parts = p.split(new RegExp(`${ITEM_COMMA.source}|;`)).map((s) => stripWrapping(s.replace(/^\s*(?:and|&)\s+/i, "")));
  const byConjunction = parts.flatMap((s) => s.split(/\s+(?:and|&)\s+/i)).map((s) => stripWrapping(s));
  const clean = (items: string[]) => items.filter((s) => s !== "");
  return [clean(parts), clean(byConjunction)];
}

function listMatch(gold: string[], p: string): boolean {
  for (const items of predictionLists(p)) {
    if (items.length !== gold.length) continue;
    if (gold.length > MAX_UNORDERED) {
      if (gold.every((g, i) => scalarMatch(g, items[i]!, items[i]!))) return true;
    } else if (perfectMatching(gold, items)) {
      return true;
    }
  }
  return false;
}

/** Can every gold item be paired with a distinct predicted item that matches it? (Kuhn's algorithm.) */
function perfectMatching(gold: string[], items: string[]): boolean {
  const ok = gold.map((g) => items.map((p) => scalarMatch(g, p, p)));
  const owner: number[] = items.map(() => -1);
  const tryAssign = (gi: number, seen: boolean[]): boolean => {
    for (let pi = 0; pi < items.length; pi++) {
      if (!ok[gi]![pi] || seen[pi]) continue;
      seen[pi] = true;
      if (owner[pi] === -1 || tryAssign(owner[pi]!, seen)) {
        owner[pi] = gi;
        return true;
      }
    }
    return false;
  };
  return gold.every((_, gi) => tryAssign(gi, items.map(() => false)));
}
