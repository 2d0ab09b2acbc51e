/** Reverse lookups: which category (or series) holds a number the question gives. */
import { dims, isFail, refsOf } from "./operands.js";
import { fail, type RuleInput, type RuleResult } from "./rule-kit.js";
import { stem } from "./text.js";

const SCALE: Record<string, number> = { thousand: 1e3, thousands: 1e3, million: 1e6, millions: 1e6, mn: 1e6, billion: 1e9, billions: 1e9, bn: 1e9, trillion: 1e12 };

/** The unit of a series by its header ("Sales in thousand euros": 1000), 1 without one. */
function unitOf(header: string): number {
  const m = /\bin (thousands?|millions?|billions?|trillions?)\b|\((thousands?|millions?|billions?)\)/i.exec(header);
  if (m) return SCALE[(m[1] ?? m[2])!.toLowerCase()] ?? 1;
  return /\b(?:thousands?|millions?|billions?|trillions?|in 1,?000s?|percent|share|%|rate|index)\b/i.test(header) ? Infinity : 1;
}

/** The stemmed words of a series header. */
function headerWords(header: string): string[] {
  return header.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 3).map(stem);
}

const APPROX = /\b(?:almost|about|around|nearly|approximately|roughly|close to|circa|some|just over|just under|over|more than|under|less than)\s+@n\d+/;

/** "Which company accounted for 15.4 percent", "in what year was the rate 9.4". */
export function reverseLookupRule(input: RuleInput): RuleResult {
  const { t, sk, view } = input;
  if (/\b(?:which|what) @n\d+\b/.test(t)) return fail("a question asking for several categories");
  // digits, or a number word with "percent" ("seven percent") or a noun of the series ("five nominations"), not "the two countries"
  const nums = [...t.matchAll(/@n(\d+)/g)]
    .map((m) => ({ n: sk.numbers[Number(m[1])]!, after: t.slice(m.index! + m[0].length).trim().split(" ").slice(0, 3) }))
    .filter(({ n, after }) => /\d/.test(n.text) || n.percent || after.some((w) => w.length > 3 && view.valueCols.some((c) => headerWords(c).includes(stem(w)))))
    .map(({ n, after }) => ({ value: n.value, text: n.text, scale: SCALE[after[0] ?? ""] }));
  if (nums.length === 0) return null;
  const d = dims(refsOf(t, sk).mentions);
  if (isFail(d)) return d;
  if ((d.rows.length === 1 || view.table.rows.length === 1) && d.cols.length === 0 && view.valueCols.length > 1) {
    // the categories are the series: find which series holds the number at the named row
    const row = d.rows[0] ?? 0;
    const hits = nums.flatMap((n) => view.valueCols.filter((c) => view.table.rows[row]![c] === n.value).map((c) => ({ c, value: n.value })));
    if (hits.length === 1) return { shape: "reverse-lookup", plan: { kind: "reverse-series", row, cols: view.valueCols, value: hits[0]!.value } };
    if (hits.length > 1) return fail("several series share the value in the question");
    return fail("no value in the named row matches the number in the question");
  }
  const cols = d.cols.length > 0 ? d.cols : view.valueCols;
  const found: Array<{ value: number; col: string; rows: number[]; approx: boolean }> = [];
  for (const n of nums) {
    for (const col of cols) {
      const rows = view.table.rows.map((r, i) => (r[col] === n.value ? i : -1)).filter((i) => i >= 0);
      if (rows.length > 0) found.push({ value: n.value, col, rows, approx: false });
    }
  }
  if (found.length === 0 && APPROX.test(t)) {
    const approxNum = Number(APPROX.exec(t)![0].replace(/^.*@n/, ""));
    const value = sk.numbers[approxNum]!.value;
    for (const col of cols) {
      const near = view.table.rows
        .map((r, i) => ({ i, v: r[col] }))
        .filter((x): x is { i: number; v: number } => typeof x.v === "number" && value !== 0 && Math.abs(x.v - value) / Math.abs(value) <= 0.1);
      if (near.length > 0) found.push({ value, col, rows: near.map((x) => x.i), approx: true });
    }
  }
  // "263 million euros" of a series in thousand euros: the cell that rounds to the question's number
  if (found.length === 0) {
    const scaled: Array<{ value: number; col: string; rows: number[]; scale: number }> = [];
    for (const n of nums) {
      if (n.scale === undefined) continue;
      const decimals = (n.text.split(".")[1] ?? "").length;
      for (const col of cols) {
        const factor = n.scale / unitOf(col);
        if (factor <= 1) continue;
        const rows = view.table.rows.map((r, i) => (typeof r[col] === "number" && ((r[col] as number) / factor).toFixed(decimals) === n.value.toFixed(decimals) ? i : -1)).filter((i) => i >= 0);
        if (rows.length > 0) scaled.push({ value: n.value, col, rows, scale: factor });
      }
    }
    if (scaled.length === 1 && scaled[0]!.rows.length === 1) {
      const hit = scaled[0]!;
      return { shape: "reverse-lookup", plan: { kind: "reverse", col: hit.col, value: hit.value, approx: true, scale: hit.scale } };
    }
    if (scaled.length > 0) return fail("the question's number, in the series' unit, rounds to several cells");
  }
  if (found.length === 0) return fail("no value in the table matches the number in the question");
  // Over time rows, a question for a place or a name (not "when") asks which series holds the number.
  if (view.time !== null && input.kind === "label" && d.cols.length === 0 && view.valueCols.length > 1) {
    if (found.length !== 1 || found[0]!.rows.length !== 1 || found[0]!.approx) return fail("the question's numbers match several cells");
    return { shape: "reverse-lookup", plan: { kind: "reverse-series", row: found[0]!.rows[0]!, cols: view.valueCols, value: found[0]!.value } };
  }
  // "the category whose values are 82 and 15": one row holds every number (each once in its series)
  if (found.length > 1 && nums.length > 1 && found.every((f) => !f.approx)) {
    const rowsOf = (value: number) => new Set(found.filter((f) => f.value === value).flatMap((f) => f.rows));
    const common = [...rowsOf(nums[0]!.value)].filter((r) => nums.every((n) => rowsOf(n.value).has(r)));
    const row = common[0]!;
    const picks = nums.map((n) => found.find((f) => f.value === n.value && f.rows.includes(row))!);
    if (common.length === 1 && new Set(picks.map((p) => p.col)).size === picks.length) {
      const [first, ...rest] = picks;
      return { shape: "reverse-lookup", plan: { kind: "reverse", col: first!.col, value: first!.value, approx: false, also: rest.map((p) => ({ col: p.col, value: p.value })) } };
    }
  }
  if (found.length > 1) return fail("the question's numbers match several cells");
  const hit = found[0]!;
  if (!hit.approx && hit.rows.length > 1) return fail("several categories share the value in the question");
  if (hit.approx && hit.rows.length > 1) return fail("several categories are close to the value in the question");
  return { shape: "reverse-lookup", plan: { kind: "reverse", col: hit.col, value: hit.value, approx: hit.approx } };
}

