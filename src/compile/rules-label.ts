import { contextDims, dims, GT, isFail, LT, rangeOf, refsOf, seriesOf, superlativeOf } from "./operands.js";
import { contextFor, fail, type RuleInput, type RuleResult } from "./rule-kit.js";
import { isEntityNoun, seriesAsked } from "./answer-kind.js";
import type { TableView } from "./table-view.js";
import type { Direction, QuestionShape } from "./types.js";

const ACROSS = /\b(?:over the years|over time|across (?:all|the)\b|in total|overall|all (?:the )?years|combined|altogether|throughout)/;

/** "Which is higher, A or B?", "which country received more, Jamaica or Tonga?", "did more X vote to keep or leave?" */
export function whichOfRule(input: RuleInput): RuleResult {
  const { t, sk, view } = input;
  const list = /(@m\d+)(?: ,)? (?:or|vs|versus) (@m\d+)/.exec(t) ?? (/\bwhich of\b|\bbetween\b/.test(t) ? /(@m\d+)(?: ,)? and (@m\d+)/.exec(t) : null);
  if (!list) return null;
  const dirWord = new RegExp(`\\b(${GT}|${LT}|highest|largest|biggest|greatest|most|lowest|smallest|least)\\b`).exec(t);
  if (!dirWord) return null;
  if (/\b(?:sum|total|average|mean|median|difference|ratio|gap|distance)\b/.test(t)) return null;
  const dir: Direction = new RegExp(`^(?:${GT}|highest|largest|biggest|greatest|most)$`).test(dirWord[1]!) ? "max" : "min";
  const a = sk.mentions[Number(list[1]!.slice(2))]!;
  const b = sk.mentions[Number(list[2]!.slice(2))]!;
  const pair = dims([a, b]);
  if (isFail(pair)) return pair;
  const ctx = contextFor(input, [list[0]]);
  if (pair.rows.length === 2 && pair.cols.length === 0) {
    const c = contextDims(ctx);
    if (isFail(c)) return c;
    if (c.cols.length === 0 && view.valueCols.length > 1 && (view.yearColumns || ACROSS.test(t))) {
      return { shape: "comparison", plan: { kind: "argrank", dir, k: 1, over: { kind: "rows", col: "", rows: pair.rows, score: "sum" } } };
    }
    const col = seriesOf(c.cols, ctx);
    if (isFail(col)) return col;
    return { shape: "comparison", plan: { kind: "argrank", dir, k: 1, over: { kind: "rows", col, rows: pair.rows } } };
  }
  if (pair.cols.length === 2 && pair.rows.length === 0) {
    const c = contextDims(ctx);
    if (isFail(c)) return c;
    if (c.rows.length === 1) return { shape: "comparison", plan: { kind: "argrank", dir, k: 1, over: { kind: "cols", row: c.rows[0]!, cols: pair.cols } } };
    if (c.rows.length === 0 && view.table.rows.length === 1) {
      return { shape: "comparison", plan: { kind: "argrank", dir, k: 1, over: { kind: "cols", row: 0, cols: pair.cols } } };
    }
    if (c.rows.length === 0 && view.time !== null && leaderOf(view, pair.cols, dir) !== undefined) {
      return { shape: "comparison", plan: { kind: "argrank", dir, k: 1, over: { kind: "cols-lead", cols: pair.cols } } };
    }
    if (c.rows.length === 0 && ACROSS.test(t)) return { shape: "comparison", plan: { kind: "argrank", dir, k: 1, over: { kind: "cols", row: "sum", cols: pair.cols } } };
    return fail("two series are compared without saying at which category");
  }
  return fail("the compared names are not two categories or two series");
}

/** "Which country has the highest X", "what was the second largest company", "when did X peak". */
export function argRankRule(input: RuleInput): RuleResult {
  const { t, view } = input;
  const sup =
    superlativeOf(t, input.sk) ??
    (/\bpeak(?:ed|s)?\b/.test(t) ? { dir: "max" as Direction, rank: 1, count: undefined, at: -1 } : undefined) ??
    likelier(t);
  if (sup === undefined) return null;
  if (sup.count !== undefined) return fail("a question asking for several categories");
  // "which European region …": part of a name before the asked noun only qualifies it
  const modifier = /\b(?:which|what) @m(\d+) (\S+)/.exec(t);
  const qualifier = modifier && isEntityNoun(modifier[2]!, view) ? input.sk.mentions[Number(modifier[1])]! : undefined;
  const mentions = refsOf(t, input.sk).mentions.filter((m) => !(m === qualifier && m.cols.length === 0));
  const d = dims(mentions);
  if (isFail(d)) return d;
  const range = rangeOf(t, contextFor(input, []));
  const rangeRows = new Set(range ?? []);
  const rows = d.rows.filter((r) => !rangeRows.has(r));
  const shape = sup.rank === 1 ? "max-min" : "rank";
  if (input.kind === "label" && seriesAsked(t, view)) return seriesRank(input, { dir: sup.dir, rank: sup.rank }, d, shape);

  if (/\b(?:difference|gap|distance)\b/.test(t)) {
    let cols = d.cols;
    if (cols.length === 0 && rows.length === 0 && view.valueCols.length === 2) cols = view.valueCols;
    if (cols.length === 2 && rows.length === 0) {
      return { shape, plan: { kind: "argrank", dir: sup.dir, k: sup.rank, over: { kind: "rows-gap", a: cols[0]!, b: cols[1]!, rows: range } } };
    }
    // years across: the gap between two rows, year by year
    let gapRows = rows;
    if (gapRows.length === 0 && d.cols.length === 0 && view.table.rows.length === 2) gapRows = [0, 1];
    if (view.yearColumns && gapRows.length === 2 && d.cols.length === 0) {
      return { shape, plan: { kind: "argrank", dir: sup.dir, k: sup.rank, over: { kind: "cols-gap", a: gapRows[0]!, b: gapRows[1]!, cols: view.valueCols } } };
    }
    return fail("a largest-gap question that does not name two series");
  }
  if (/\b(?:increase|decrease|growth|drop|decline|rise|jump|fall|change|grew|increased|decreased|dropped|declined|rose|fell)\b/.test(t)) {
    // "which country has the greatest increase from 1975 to 1980" (years across)
    const span = /\bfrom (?:the year )?@m(\d+) to (?:the year )?@m(\d+)\b/.exec(t) ?? /\bbetween (?:the year )?@m(\d+) and (?:the year )?@m(\d+)\b/.exec(t);
    if (span && view.yearColumns) {
      const a = input.sk.mentions[Number(span[1])]!;
      const b = input.sk.mentions[Number(span[2])]!;
      if (a.cols.length === 1 && b.cols.length === 1 && a.rows.length + b.rows.length === 0 && d.rows.length === 0) {
        const falling = /\b(?:decrease|drop|decline|fall|decreased|dropped|declined|fell)\b/.test(t);
        const dir: Direction = falling === (sup.dir === "max") ? "min" : "max";
        return { shape: "trend", plan: { kind: "argrank", dir, k: sup.rank, over: { kind: "rows-change", from: a.cols[0]!, to: b.cols[0]! } } };
      }
    }
    return null; // a trend question ("the biggest increase")
  }
  if (rows.length === 1 && d.cols.length === 0 && view.valueCols.length > 1) {
    return { shape, plan: { kind: "argrank", dir: sup.dir, k: sup.rank, over: { kind: "cols", row: rows[0]!, cols: view.valueCols } } };
  }
  if (rows.length > 0) return fail("a superlative over categories that also names a category");
  if (/\bsum\b|\btotal\b/.test(t) && d.cols.length === 0 && view.valueCols.length > 1) {
    return { shape, plan: { kind: "argrank", dir: sup.dir, k: sup.rank, over: { kind: "rows", col: "", rows: range, score: "sum" } } };
  }
  if (d.cols.length === 0 && view.valueCols.length > 1) {
    // one row: the series (years, options) are what is ranked
    if (view.table.rows.length === 1) return { shape, plan: { kind: "argrank", dir: sup.dir, k: sup.rank, over: { kind: "cols", row: 0, cols: view.valueCols } } };
    // years across and no year named: only when the same category leads in every year
    if (view.yearColumns && sup.rank === 1 && sameLeaderEveryYear(view, sup.dir)) {
      return { shape, plan: { kind: "argrank", dir: sup.dir, k: 1, over: { kind: "rows", col: "", rows: range, score: "average" } } };
    }
  }
  // "which has the least space in both 2006 and 2011": the category that leads in every series
  if (d.cols.length > 1 && d.cols.length === view.valueCols.length && /\b(?:both|all|every|each)\b/.test(t) && sup.rank === 1 && range === undefined) {
    if (!sameLeaderEveryYear(view, sup.dir)) return fail("no one category leads in every named series");
    return { shape, plan: { kind: "argrank", dir: sup.dir, k: 1, over: { kind: "rows", col: "", score: "average" } } };
  }
  const col = seriesOf(d.cols, contextFor(input, [t]));
  // "which marital group is the highest" over women and men: the group that leads in every series
  if (isFail(col) && d.cols.length === 0 && sup.rank === 1 && range === undefined && view.valueCols.length > 1 && sameLeaderEveryYear(view, sup.dir, true)) {
    return { shape, plan: { kind: "argrank", dir: sup.dir, k: 1, over: { kind: "rows", col: "", score: "average" } } };
  }
  if (isFail(col)) return col;
  const dir = invertedScale(t, col) ? (sup.dir === "max" ? "min" : "max") : sup.dir;
  return { shape, plan: { kind: "argrank", dir, k: sup.rank, over: { kind: "rows", col, rows: range } } };
}

/**
 * "The least peaceful country" over an index whose header says higher values mean "non-peacefulness":
 * the scale runs against the adjective, so the superlative turns around.
 */
function invertedScale(t: string, header: string): boolean {
  const adj = /\b(?:most|least) ([a-z]{5,})\b/.exec(t);
  if (!adj) return false;
  const root = adj[1]!.replace(/(?:ful|ous|ive|able|ible|al|y)$/, "").slice(0, 6);
  return new RegExp(`\\b(?:non|un|in)-?${root}`, "i").test(header) && /\bhigher\b/i.test(header);
}

const CHANGE_WORD = /\b(?:increase|decrease|growth|drop|decline|rise|jump|fall|change|grew|increased|decreased|dropped|declined|rose|fell)\b/;
const FALL_WORD = /\b(?:decrease|drop|decline|fall|decreased|dropped|declined|fell)\b/;

/**
 * A superlative whose answer is a series: the categories are points in time and the question asks
 * for a country (a group, a party): at a named year, by the change between two years, or the series
 * that leads at every point in time.
 */
function seriesRank(input: RuleInput, sup: { dir: Direction; rank: number }, d: { rows: number[]; cols: string[] }, shape: QuestionShape): RuleResult {
  const { t, view } = input;
  const cols = d.cols.length >= 2 ? d.cols : view.valueCols;
  if (d.cols.length === 1) return fail("a superlative over series that names one series");
  if (cols.length < 2) return fail("the question ranks several series but the table holds one");
  if (/\b(?:difference|gap|distance)\b/.test(t)) return fail("a largest-gap question over series");
  if (CHANGE_WORD.test(t)) {
    const span = /\b(?:from|between) (?:the year )?@m(\d+) (?:to|and) (?:the year )?@m(\d+)\b/.exec(t);
    const a = span ? input.sk.mentions[Number(span[1])]! : undefined;
    const b = span ? input.sk.mentions[Number(span[2])]! : undefined;
    if (!a || !b || a.rows.length !== 1 || b.rows.length !== 1 || a.cols.length + b.cols.length > 0) return fail("a change over series without two points in time");
    const dir: Direction = FALL_WORD.test(t) === (sup.dir === "max") ? "min" : "max";
    const [from, to] = view.time!.keys[a.rows[0]!]! <= view.time!.keys[b.rows[0]!]! ? [a.rows[0]!, b.rows[0]!] : [b.rows[0]!, a.rows[0]!];
    return { shape: "trend", plan: { kind: "argrank", dir, k: sup.rank, over: { kind: "cols-change", from, to, cols } } };
  }
  if (d.rows.length === 1) {
    const row = view.table.rows[d.rows[0]!]!;
    if (cols.some((c) => typeof row[c] !== "number")) return fail("a series has no value at the named point in time");
    return { shape, plan: { kind: "argrank", dir: sup.dir, k: sup.rank, over: { kind: "cols", row: d.rows[0]!, cols } } };
  }
  if (d.rows.length > 1 || sup.rank !== 1) return fail("a superlative over series the compiler cannot settle");
  if (leaderOf(view, cols, sup.dir) === undefined) return fail("no one series leads at every point in time");
  return { shape, plan: { kind: "argrank", dir: sup.dir, k: 1, over: { kind: "cols-lead", cols } } };
}

/**
 * The series holding the extreme at every point in time where all of them have a value (at least
 * two such points, and half of all), or undefined.
 */
export function leaderOf(view: TableView, cols: string[], dir: Direction): string | undefined {
  const complete = view.table.rows.filter((r) => cols.every((c) => typeof r[c] === "number"));
  if (complete.length < 2 || complete.length * 2 < view.table.rows.length) return undefined;
  let leader: string | undefined;
  for (const r of complete) {
    const values = cols.map((c) => r[c] as number);
    const best = dir === "max" ? Math.max(...values) : Math.min(...values);
    const at = cols.filter((c) => r[c] === best);
    if (at.length !== 1 || (leader !== undefined && leader !== at[0])) return undefined;
    leader = at[0];
  }
  return leader;
}

/**
 * "Which party is more likely to favor one side?": with no pair of names to choose between and no
 * "than", the likelier category is the most likely one.
 */
function likelier(t: string): { dir: Direction; rank: number; count: undefined; at: number } | undefined {
  const m = /\b(more|less) likely\b/.exec(t) ?? /\bwhich (?:\S+ )?(?:is|was|are|were) (high|low)$/.exec(t);
  if (!m || /\b(?:than|or|vs|versus)\b/.test(t)) return undefined;
  return { dir: m[1] === "more" || m[1] === "high" ? "max" : "min", rank: 1, count: undefined, at: -1 };
}

/** "Which country represents the median value?": over an odd number of categories, the middle one by value. */
export function medianLabelRule(input: RuleInput): RuleResult {
  const { t, view } = input;
  if (!/\bmedian\b/.test(t) || input.kind === "value") return null;
  const d = dims(refsOf(t, input.sk).mentions);
  if (isFail(d)) return d;
  if (d.rows.length > 0) return fail("a median category question that names a category");
  const col = seriesOf(d.cols, contextFor(input, [t]));
  if (isFail(col)) return col;
  const candidates = view.table.rows.filter((r, i) => !view.totalRows.includes(i) && !view.otherRows.includes(i));
  if (candidates.some((r) => typeof r[col] !== "number")) return fail("a category has no value, so the median is uncertain");
  if (candidates.length % 2 === 0) return fail("an even number of categories has no middle one");
  return { shape: "median", plan: { kind: "argrank", dir: "max", k: (candidates.length + 1) / 2, over: { kind: "rows", col } } };
}

/**
 * Does one category hold the extreme in every series (every year column), so "which country has the
 * highest" has one answer? Totals and catch-alls are not candidates; `complete` asks every candidate
 * to have a value in every series.
 */
function sameLeaderEveryYear(view: TableView, dir: Direction, complete = false): boolean {
  let leader: number | undefined;
  const candidate = (i: number) => !view.totalRows.includes(i) && !view.otherRows.includes(i);
  if (complete && !view.table.rows.every((r, i) => !candidate(i) || view.valueCols.every((c) => typeof r[c] === "number"))) return false;
  for (const col of view.valueCols) {
    const cells = view.table.rows.map((r, i) => ({ i, v: r[col] })).filter((x): x is { i: number; v: number } => typeof x.v === "number" && candidate(x.i));
    if (cells.length === 0) continue;
    const best = cells.reduce((a, b) => ((dir === "max" ? b.v > a.v : b.v < a.v) ? b : a));
    if (cells.filter((c) => c.v === best.v).length > 1) return false;
    if (leader !== undefined && leader !== best.i) return false;
    leader = best.i;
  }
  return leader !== undefined && view.table.rows.every((r) => view.valueCols.some((c) => typeof r[c] === "number"));
}
