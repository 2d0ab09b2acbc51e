import type { Mention, Skeleton } from "./mentions.js";
import { aggregateOf, MAX_WORDS, MIN_WORDS, superlativeOf, words } from "./superlatives.js";
import type { TableView } from "./table-view.js";
import type { CellRef, Expr, Pool } from "./types.js";

/** A parse that did not work out, with the reason reported to the caller. */
export interface Fail {
  fail: string;
}

export const isFail = (x: unknown): x is Fail => typeof x === "object" && x !== null && "fail" in x;

/** What operand parsing knows besides the fragment itself. */
export interface OperandContext {
  view: TableView;
  sk: Skeleton;
  /** Mentions outside the fragments being parsed: they fill a dimension a fragment leaves open. */
  context: Mention[];
}

/** Comparatives: "greater than", "more then", "above", "exceeds". */
export const GT = "greater|more|higher|larger|bigger|above|over|exceeds?|exceeded|exceeding|surpassed|surpasses|longer|taller";
export const LT = "less|smaller|lower|below|under|fewer|shorter";


const GT_WORDS = "above|over|greater|more|higher|larger|bigger|exceeding|exceeds?";
const LT_WORDS = "below|under|less|lower|smaller|fewer";

export { aggregateOf, MAX_WORDS, MIN_WORDS, superlativeOf } from "./superlatives.js";

/** Qualifiers the compiler does not model: a fragment with one of them is refused, not half-read. */
export const UNSUPPORTED = /\b(?:other|others|except|excluding|exclude|remaining|rest|same|besides|apart|either|neither|non|without|each)\b/;
/** Arithmetic inside an operand ("the difference of the largest and the second largest"). */
const NESTED = /\b(?:difference|gap|ratio|times|minus|plus|divided|multiplied)\b/;

/** A fragment that names something by itself: a table name, a number, a superlative or an aggregate. */
export function hasContent(fragment: string): boolean {
  return /@[mn]\d+/.test(fragment) || fragment.split(/\s+/).some((w) => MAX_WORDS.test(w) || MIN_WORDS.test(w) || /^(?:sum|total|average|mean|median|mode|product|peak)$/.test(w));
}

/** The placeholders of a fragment, in order. */
export function refsOf(fragment: string, sk: Skeleton): { mentions: Mention[]; numbers: number[] } {
  const mentions: Mention[] = [];
  const numbers: number[] = [];
  for (const m of fragment.matchAll(/@([mn])(\d+)/g)) {
    if (m[1] === "m") mentions.push(sk.mentions[Number(m[2])]!);
    else numbers.push(sk.numbers[Number(m[2])]!.value);
  }
  return { mentions, numbers };
}

/** The rows and columns a list of mentions names; a mention with several candidates is a failure. */
export function dims(mentions: Mention[]): { rows: number[]; cols: string[] } | Fail {
  const rows: number[] = [];
  const cols: string[] = [];
  for (const m of mentions) {
    if (m.rows.length + m.cols.length !== 1) {
      const names = m.rows.length > 0 && m.cols.length > 0 ? "a category and a series" : "several names";
      return { fail: `"${m.text}" matches ${names} in the table` };
    }
    if (m.rows.length === 1 && !rows.includes(m.rows[0]!)) rows.push(m.rows[0]!);
    if (m.cols.length === 1 && !cols.includes(m.cols[0]!)) cols.push(m.cols[0]!);
  }
  return { rows, cols };
}

/** The single series a question is about: named in the fragment, in the context, or the only one. */
export function seriesOf(cols: string[], ctx: OperandContext): string | Fail {
  if (cols.length === 1) return cols[0]!;
  if (cols.length > 1) return { fail: `several series are named (${cols.map((c) => `"${c}"`).join(", ")})` };
  const fromContext = contextDims(ctx);
  if (!isFail(fromContext) && fromContext.cols.length === 1) return fromContext.cols[0]!;
  if (ctx.view.valueCols.length === 1) return ctx.view.valueCols[0]!;
  if (ctx.view.valueCols.length === 0) return { fail: "the table has no numeric series" };
  // A series that totals the others ("All", "Total") is the one meant when none is named.
  const totals = ctx.view.valueCols.filter((c) => /^(?:a[l1I]{2}|total|overall|all respondents|all adults)$/i.test(c.trim())); // "AII": All as read
  if (totals.length === 1) return totals[0]!;
  return { fail: `the question does not say which series (${ctx.view.valueCols.map((c) => `"${c}"`).join(", ")})` };
}

export function contextDims(ctx: OperandContext): { rows: number[]; cols: string[] } | Fail {
  return dims(ctx.context);
}

/** The whole surveyed population, which a survey's total row ("Total", "All adults") answers for. */
const WHOLE_POPULATION = /\b(?:americans|u\.?s\.? adults|adults|voters|people|respondents|the public|public)\b/;

/** Resolve one cell from the rows and columns a fragment names, filling gaps from the context. */
export function cellOf(rows: number[], cols: string[], ctx: OperandContext): CellRef | Fail {
  if (rows.length > 1) return { fail: "several categories where one value is expected" };
  if (cols.length > 1) return { fail: "several series where one value is expected" };
  let row = rows[0];
  if (row === undefined) {
    const c = contextDims(ctx);
    if (!isFail(c) && c.rows.length === 1) row = c.rows[0];
    else if (ctx.view.table.rows.length === 1) row = 0;
    else if (ctx.view.totalRows.length === 1 && ctx.view.valueCols.length > 1 && WHOLE_POPULATION.test(ctx.sk.text)) row = ctx.view.totalRows[0];
    else return { fail: "no category of the table is named" };
  }
  const col = seriesOf(cols, ctx);
  if (isFail(col)) return col;
  return { row: row!, col };
}


/** Rows between two named points in time ("from 2013 to 2018"), inclusive, in table order. */
export function rangeOf(fragment: string, ctx: OperandContext): number[] | undefined {
  if (ctx.view.time === null) return undefined;
  const m = /(?:from|between|since) (?:the )?(?:year )?@m(\d+) (?:to|and|until|till|through|-) (?:the )?(?:year )?@m(\d+)/.exec(fragment) ?? /@m(\d+) (?:to|-|until|through) @m(\d+)/.exec(fragment);
  const since = m ? null : /\b(?:since|after|from) (?:the )?(?:year )?@m(\d+)/.exec(fragment);
  if (since) {
    const s = ctx.sk.mentions[Number(since[1])]!;
    if (s.rows.length !== 1 || s.cols.length > 0) return undefined;
    const keys = ctx.view.time.keys;
    const lo = keys[s.rows[0]!]!;
    return keys.map((k, i) => (k >= lo ? i : -1)).filter((i) => i >= 0);
  }
  if (!m) return undefined;
  const a = ctx.sk.mentions[Number(m[1])]!;
  const b = ctx.sk.mentions[Number(m[2])]!;
  if (a.rows.length !== 1 || b.rows.length !== 1 || a.cols.length + b.cols.length > 0) return undefined;
  const keys = ctx.view.time.keys;
  const lo = Math.min(keys[a.rows[0]!]!, keys[b.rows[0]!]!);
  const hi = Math.max(keys[a.rows[0]!]!, keys[b.rows[0]!]!);
  return keys.map((k, i) => (k >= lo && k <= hi ? i : -1)).filter((i) => i >= 0);
}

/** The mentions that spell a range ("from @m1 to @m2", "since @m1"). */
export function rangeMentionsOf(fragment: string, ctx: OperandContext): Mention[] {
  const m = /(?:(?:from|between|since|after) (?:the )?(?:year )?@m\d+(?: (?:to|and|until|till|through|-) (?:the )?(?:year )?@m\d+)?|@m\d+ (?:to|-|until|through) @m\d+)/.exec(fragment);
  return m ? refsOf(m[0], ctx.sk).mentions : [];
}

/** "bars with the same value", "how many bars show the same value". */
export const SAME_VALUE =
  /\b(?:(?:with|having|has|have|had|showing|shows?|sharing|shares?|that (?:have|has|show|shows)) )?(?:the |a )?same (?:values?|numbers?|percentages?|shares?|data)\b|\b(?:that )?(?:repeat themselves|repeats? itself|(?:are |is )?repeated|appears? (?:twice|more than once))\b/;

/** "… except Chinese and Indians", "other than 'Free Wi-Fi'": the categories left out. */
export const EXCEPT = /\b(?:except|excluding|other than|apart from|besides)(?: for)? ((?:the )?@m\d+(?:(?: ,)?(?: and| &)? (?:the )?@m\d+)*)\s*$/;

/** The fragment without its except-clause (and the "other"/"rest" it qualifies). */
function withoutExcept(fragment: string): string {
  if (!EXCEPT.test(fragment)) return fragment;
  return fragment.replace(EXCEPT, " ").replace(/\b(?:the )?(?:others?|rest)\b/g, " ");
}

/** Parse a fragment that names a collection of values ("all the bars", "A, B and C", "the three highest"). */
export function parsePool(fragment: string, ctx: OperandContext): Pool | Fail {
  const except = EXCEPT.exec(fragment);
  if (except) {
    const left = dims(refsOf(except[1]!, ctx.sk).mentions);
    if (isFail(left)) return left;
    if (left.rows.length === 0 || left.cols.length > 0) return { fail: `"${except[0].trim()}" does not name categories to leave out` };
    const rest = withoutExcept(fragment);
    const unsupportedRest = UNSUPPORTED.exec(rest);
    if (unsupportedRest) return { fail: `"${unsupportedRest[0]}" is not supported in "${fragment}"` };
    const d = dims(refsOf(rest, ctx.sk).mentions);
    if (isFail(d)) return d;
    if (d.rows.length > 0 || superlativeOf(rest, ctx.sk) !== undefined) return { fail: "categories left out of a group that is itself narrowed" };
    const col = seriesOf(d.cols, ctx);
    if (isFail(col)) return col;
    const rows = ctx.view.table.rows.map((_, i) => i).filter((i) => !ctx.view.totalRows.includes(i) && !left.rows.includes(i));
    // "the other two except Michael Kors" must count what is left
    const count = /@n(\d+)/.exec(rest);
    if (count && ctx.sk.numbers[Number(count[1])]!.value !== rows.length) return { fail: `the question counts ${ctx.sk.numbers[Number(count[1])]!.value} other categories, the table has ${rows.length}` };
    return { kind: "series", col, rows };
  }
  const same = SAME_VALUE.exec(fragment);
  if (same) {
    const rest = fragment.replace(same[0], " ");
    const unsupportedRest = UNSUPPORTED.exec(rest);
    if (unsupportedRest) return { fail: `"${unsupportedRest[0]}" is not supported in "${fragment}"` };
    const d = dims(refsOf(rest, ctx.sk).mentions);
    if (isFail(d)) return d;
    if (d.rows.length > 0 || /@n\d+/.test(rest)) return { fail: "values with the same value among named categories" };
    const col = seriesOf(d.cols, ctx);
    if (isFail(col)) return col;
    return { kind: "repeated", col };
  }
  const unsupported = UNSUPPORTED.exec(fragment);
  if (unsupported) return { fail: `"${unsupported[0]}" is not supported in "${fragment}"` };
  const where = new RegExp(`\\b(?:(?:is|are|with|have|has|a|of|values?) )*(above|over|exceeding|exceeds?|below|under|(?:${GT_WORDS}|${LT_WORDS}) than) (@n\\d+)(?: %| percent)?`).exec(fragment);
  if (where) {
    const inner = parsePool(fragment.replace(where[0], " ").replace(/\s+/g, " ").trim(), ctx);
    if (isFail(inner)) return inner;
    const op = new RegExp(`^(?:${GT_WORDS})\\b`).test(where[1]!) ? ">" : "<";
    return { kind: "filtered", pool: inner, op, value: ctx.sk.numbers[Number(where[2]!.slice(2))]!.value };
  }
  const { mentions } = refsOf(fragment, ctx.sk);
  const range = rangeOf(fragment, ctx);
  const rangeMentions = range ? rangeMentionsOf(fragment, ctx) : [];
  const d = dims(mentions.filter((m) => !rangeMentions.includes(m)));
  if (isFail(d)) return d;
  const sup = superlativeOf(fragment, ctx.sk);
  if (sup !== undefined) {
    if (d.rows.length > 0) return { fail: "a superlative together with named categories" };
    const col = seriesOf(d.cols, ctx);
    if (isFail(col)) return col;
    if (sup.rank !== 1) return { fail: "an ordinal inside a group of values" };
    return { kind: "extremes", col, dir: sup.dir, k: sup.count ?? 1 };
  }
  if (range !== undefined) {
    if (d.rows.length > 0) return { fail: "a range of years together with named categories" };
    const col = seriesOf(d.cols, ctx);
    if (isFail(col)) return col;
    return { kind: "series", col, rows: range };
  }
  if (d.rows.length >= 1) {
    // every item of a list must name something: "Switzerland, Autria and Italy" is not two countries
    const items = fragment.split(/ , (?:and )?| and | & | plus /).slice(1);
    const unnamed = items.find((s) => !/@[mn]\d+/.test(s) && /[a-z]{3,}/.test(s.replace(/\b(?:the|of|bars?|values?|data|in|for|segments?|categor(?:y|ies)|groups?)\b/g, "")));
    if (unnamed !== undefined) return { fail: `"${unnamed.trim()}" names nothing in the table` };
  }
  if (d.rows.length >= 2) {
    const col = seriesOf(d.cols, ctx);
    if (isFail(col)) return col;
    return { kind: "cells", cells: d.rows.map((row) => ({ row, col })) };
  }
  if (d.rows.length === 1) {
    if (d.cols.length === 1) return { kind: "cells", cells: [{ row: d.rows[0]!, col: d.cols[0]! }] };
    const cols = d.cols.length > 1 ? d.cols : ctx.view.valueCols;
    if (cols.length === 1) return { kind: "cells", cells: [{ row: d.rows[0]!, col: cols[0]! }] };
    return { kind: "across", row: d.rows[0]!, cols };
  }
  if (d.rows.length === 0 && /\b(?:who|that|which|whose|where)\b(?![^@]*@m)/.test(fragment)) {
    return { fail: `a restriction the compiler cannot read in "${fragment}"` };
  }
  if (d.cols.length === 1) return { kind: "series", col: d.cols[0]! };
  if (d.cols.length > 1) {
    const c = contextDims(ctx);
    if (!isFail(c) && c.rows.length === 1) return { kind: "across", row: c.rows[0]!, cols: d.cols };
    return { fail: "several series without a category" };
  }
  const c = contextDims(ctx);
  if (!isFail(c) && c.rows.length === 1 && c.cols.length === 0 && ctx.view.valueCols.length > 1) {
    return { kind: "across", row: c.rows[0]!, cols: ctx.view.valueCols };
  }
  if (ctx.view.table.rows.length === 1 && ctx.view.valueCols.length > 1 && (isFail(c) || c.cols.length === 0)) {
    return { kind: "across", row: 0, cols: ctx.view.valueCols }; // one row: its series are the categories
  }
  const col = seriesOf([], ctx);
  if (isFail(col)) return col;
  return { kind: "series", col };
}

/** Parse a fragment that names one number: a cell, a constant, an aggregate or a ranked value. */
export function parseExpr(fragment: string, ctx: OperandContext): Expr | Fail {
  // "the difference between the largest and the smallest bar" as one operand of a comparison
  const diff = /^(?:the )?(?:difference|gap) (?:between|of) (?:the )?(.+?) and (?:the )?(.+)$/.exec(fragment.trim());
  if (diff && !/\b(?:difference|gap|and)\b/.test(`${diff[1]} ${diff[2]}`) && hasContent(diff[1]!) && hasContent(diff[2]!)) {
    const a = parseExpr(diff[1]!, ctx);
    if (isFail(a)) return a;
    const b = parseExpr(diff[2]!, ctx);
    if (isFail(b)) return b;
    if (JSON.stringify(a) === JSON.stringify(b)) return { fail: "both operands of a difference name the same value" };
    return { kind: "binary", op: "absdiff", a, b };
  }
  const unsupported = UNSUPPORTED.exec(withoutExcept(fragment).replace(SAME_VALUE, " ")) ?? NESTED.exec(fragment);
  if (unsupported) return { fail: `"${unsupported[0]}" is not supported in "${fragment}"` };
  const ws = words(fragment);
  const { mentions, numbers } = refsOf(fragment, ctx.sk);
  const agg = aggregateOf(fragment);
  if (agg !== undefined) {
    const pool = parsePool(fragment, ctx);
    if (isFail(pool)) return pool;
    if (pool.kind === "cells" && pool.cells.length === 1) return { kind: "cell", cell: pool.cells[0]! };
    return { kind: "aggregate", fn: agg, pool };
  }
  const sup = superlativeOf(fragment, ctx.sk);
  if (sup !== undefined) {
    if (sup.count !== undefined) return { fail: "several values where one is expected" };
    const range = rangeOf(fragment, ctx);
    const inRange = range ? rangeMentionsOf(fragment, ctx) : [];
    const d = dims(mentions.filter((m) => !inRange.includes(m)));
    if (isFail(d)) return d;
    if (range !== undefined) {
      if (d.rows.length > 0) return { fail: "a superlative over a range that also names a category" };
      const col = seriesOf(d.cols, ctx);
      if (isFail(col)) return col;
      return { kind: "rank", dir: sup.dir, k: sup.rank, pool: { kind: "series", col, rows: range } };
    }
    if (d.rows.length > 1) return { fail: "a superlative over named categories" };
    if (d.rows.length === 1 && d.cols.length === 0 && ctx.view.valueCols.length > 1) {
      return { kind: "rank", dir: sup.dir, k: sup.rank, pool: { kind: "across", row: d.rows[0]!, cols: ctx.view.valueCols } };
    }
    if (d.rows.length === 1) return { fail: "a superlative together with a named category" };
    if (d.cols.length === 0 && ctx.view.valueCols.length > 1) {
      const c = contextDims(ctx);
      // "the maximum … in the Black and white people bar": the extreme across the named row's series
      if (!isFail(c) && c.rows.length === 1 && c.cols.length === 0) {
        return { kind: "rank", dir: sup.dir, k: sup.rank, pool: { kind: "across", row: c.rows[0]!, cols: ctx.view.valueCols } };
      }
    }
    const col = seriesOf(d.cols, ctx);
    if (isFail(col)) return col;
    return { kind: "rank", dir: sup.dir, k: sup.rank, pool: { kind: "series", col } };
  }
  if (mentions.length === 0 && numbers.length === 1 && ws.filter((w) => /^@n/.test(w)).length === 1) {
    return { kind: "const", value: numbers[0]! };
  }
  if (numbers.length > 0) return { fail: `an unexplained number in "${fragment}"` };
  const d = dims(mentions);
  if (isFail(d)) return d;
  return cellOfExpr(d.rows, d.cols, ctx);
}

function cellOfExpr(rows: number[], cols: string[], ctx: OperandContext): Expr | Fail {
  const cell = cellOf(rows, cols, ctx);
  return isFail(cell) ? cell : { kind: "cell", cell };
}
