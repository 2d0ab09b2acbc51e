import type { Skeleton } from "./mentions.js";
import { ORDINALS } from "./text.js";
import type { AggregateFn, Direction } from "./types.js";

/** Superlatives ("the second highest", "the two smallest") and aggregates ("the sum of") in question fragments. */

export const MAX_WORDS = /^(highest|largest|biggest|greatest|maximum|max|most|top|tallest|longest|peak|leading|leader|leads|main|record|higher|larger|bigger|greater|heaviest|strongest)$/;
export const MIN_WORDS = /^(lowest|smallest|least|minimum|min|shortest|tiniest|fewest|lower|smaller|weakest|lesser)$/;

const SUM_WORDS = /^(sum|summation|total|add|added|addition|combined|together|totally|altogether)$/;
const AVG_WORDS = /^(average|mean|avg)$/;

/** The words of a fragment (commas dropped). */
export function words(fragment: string): string[] {
  return fragment.split(/\s+/).filter((w) => w !== "" && w !== ",");
}

/** A count before or after a superlative: "two smallest", "smallest 3", "top three". */
function countNear(ws: string[], at: number, sk: Skeleton): number | undefined {
  for (const i of [at - 1, at + 1]) {
    const w = ws[i];
    const n = w && /^@n\d+$/.test(w) ? sk.numbers[Number(w.slice(2))]!.value : undefined;
    if (n !== undefined && Number.isInteger(n) && n >= 2 && n <= 10) return n;
  }
  return undefined;
}

/** The superlative of a fragment: direction, ordinal (second highest → 2) and count (two highest → 2). */
export function superlativeOf(fragment: string, sk: Skeleton): { dir: Direction; rank: number; count?: number; at: number } | undefined {
  const ws = words(fragment);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const dir: Direction | undefined = MAX_WORDS.test(w) ? "max" : MIN_WORDS.test(w) ? "min" : undefined;
    if (dir === undefined) continue;
    // "top 100 pins" is a name, not a superlative
    const next = ws[i + 1];
    if (w === "top" && next !== undefined && /^@n\d+$/.test(next) && sk.numbers[Number(next.slice(2))]!.value > 10) continue;
    if (w === "most" && (next === "of" || next === "recent")) continue;
    if (w === "record" && !/^(?:year|high|highs|level|levels|value)$/.test(next ?? "")) continue; // "record production companies"
    const ordinal = ORDINALS[ws[i - 1] ?? ""];
    return { dir, rank: ordinal ?? 1, count: countNear(ws, i, sk), at: i };
  }
  return undefined;
}

/** The aggregate a fragment asks for, if any. */
export function aggregateOf(fragment: string): AggregateFn | undefined {
  if (/\bproduct of\b/.test(fragment)) return "product";
  // "what value is shown twice in X": the value that repeats
  if (/^(?:(?:what|which) )?(?:value|number|percentage)\b.*\b(?:twice|repeated|repeats|more than once)\b/.test(fragment)) return "mode";
  if (/\bmodes?\b(?! of (?:transport|transportation|payment|travel|delivery|communication))/.test(fragment)) return "mode";
  for (const w of words(fragment)) {
    if (SUM_WORDS.test(w)) return "sum";
    if (AVG_WORDS.test(w)) return "average";
    if (w === "median") return "median";
  }
  return undefined;
}
