import type { Table } from "../table/types.js";
import { answerKind } from "./answer-kind.js";
import { emitPlan } from "./emit.js";
import { skeletonOf } from "./mentions.js";
import { isFail } from "./operands.js";
import { normalizeSkeleton, type Intent, type RuleInput, type RuleResult } from "./rule-kit.js";
import { aggregateRule, changeRule, differenceRule, ratioRule } from "./rules-arith.js";
import { argRankRule, reverseLookupRule, whichOfRule } from "./rules-label.js";
import { trendRule } from "./rules-trend.js";
import { countRowsRule, countRule, lookupRule, rangeTotalRule, valueRankRule } from "./rules-value.js";
import { isYesNo, yesNoRule } from "./rules-yesno.js";
import { modesOf, poolValues } from "./pool-values.js";
import { labelText, viewOf } from "./table-view.js";
import type { CellRef, CompileResult, Expr, Plan, Pool } from "./types.js";

/**
 * Words about how the chart looks (colours, positions, legends): the table cannot answer them, so
 * the question is refused rather than guessed. Only words outside the table's own names count.
 */
const VISUAL = new RegExp(
  "\\b(?:colou?rs?|colou?red|dark|light|lighter|darker|lightest|darkest|navy|shaded|legend|leftmost|rightmost|left|right|" +
    "middle|center|centre|uppermost|upper|top ?most|bottommost|x-axis|y-axis|axis|heading|title|dotted|dashed|dots?|" +
    "curve|slice|icon|grid|sequence)\\b",
);
/** A colour naming a mark ("the green bar", "red represents"); "soft brown coal" is data. */
const COLOUR_MARK =
  /\b(?:red|blue|green|yellow|orange|purple|pink|gr[ae]y|brown|black|white|violet|cyan|magenta|teal|maroon|turquoise|beige|golden|silver)(?: \S+)? (?:bars?|lines?|segments?|graphs?|dots?|areas?|slices?|portions?|parts?|ones?|data|values?|columns?|pieces?|sections?|represents?|indicates?|stands?|shows?|points?|circles?|squares?|charts?|plots?|curves?|bubbles?)\b|\b(?:the|in|of) (?:red|blue|green|yellow|orange|purple|pink|gr[ae]y|brown|black|violet)$/;

/** Positional phrases: "the first bar", "the last two bars", "the 1st uppermost bar". */
const POSITION =
  /\b(?:first|last|1st|2nd|3rd|second|third|final|initial|starting|ending|next|previous|bottom|top) (?!(?:highest|largest|biggest|greatest|lowest|smallest|shortest|tallest|longest|least|most|maximum|minimum)\b)(?:\S+ )?(?:bars?|segments?|values?|points?|columns?|dots?|rows?|categor(?:y|ies)|data)\b/;

type Rule = (input: RuleInput) => RuleResult;

/** Rules for questions whose answer is a number or Yes/No, in the order they are tried. */
const VALUE_RULES: Rule[] = [trendRule, countRule, countRowsRule, changeRule, differenceRule, ratioRule, aggregateRule, valueRankRule, rangeTotalRule, lookupRule];
/** Rules for questions whose answer is a category (or a series name). */
const LABEL_RULES: Rule[] = [whichOfRule, trendRule, argRankRule, reverseLookupRule];

/**
 * Compile a chart question into a TypeScript snippet over `table`, deterministically and without a
 * model. Understood shapes: value lookup, reverse lookup, max/min, rank, difference, ratio, sum,
 * average, median, count (with a condition), comparison (Yes/No), change, percentage change and
 * trend. Column and category names are matched to the table fuzzily (case, plurals,
 * abbreviations, number formats, year spellings, distinctive partial names).
 *
 * Questions outside these shapes, about how the chart looks (colours, positions), or whose names
 * cannot be tied to one place in the table give `{ ok: false, reason }`: never a guess.
 */
export function compileQuestion(question: string, table: Table): CompileResult {
  if (table.columns.length === 0 || table.rows.length === 0) return { ok: false, reason: "the table is empty" };
  const view = viewOf(table);
  const sk = skeletonOf(question, view);
  const t = normalizeSkeleton(sk.text);
  if (t === "") return { ok: false, reason: "the question is empty" };
  const visual = VISUAL.exec(t) ?? COLOUR_MARK.exec(t) ?? POSITION.exec(t);
  if (visual) return { ok: false, reason: `the question is about the chart's appearance ("${visual[0]}"), not its data` };
  const input: RuleInput = { t, sk, view, kind: isYesNo(t) ? "value" : answerKind(t, view) };

  let result: RuleResult = null;
  if (isYesNo(t) && !/(@m\d+)(?: ,)? or (@m\d+)/.test(t)) {
    result = yesNoRule(input);
  } else {
    const kind = input.kind;
    const rules = kind === "value" ? VALUE_RULES : LABEL_RULES;
    // A number that names exactly one cell settles a category question ("which company had 15.4%")
    // before words like "most powerful" are read as a superlative.
    const reverse = kind === "value" ? null : reverseLookupRule(input);
    if (reverse !== null && !isFail(reverse)) result = reverse;
    else {
      for (const rule of rules) {
        result = rule(input);
        if (result !== null) break;
      }
    }
  }
  if (result === null) return { ok: false, reason: "the question matches none of the supported shapes" };
  if (isFail(result)) return { ok: false, reason: result.fail };
  const unsupported = checkPlan(result, view);
  if (unsupported !== null) return { ok: false, reason: unsupported };
  return { ok: true, code: emitPlan(result.plan, view), shape: result.shape, matched: matchedOf(result.plan, view) };
}

function checkPlan(intent: Intent, view: ReturnType<typeof viewOf>): string | null {
  const plan = intent.plan;
  const cells: CellRef[] = [];
  let problem: string | null = null;
  const walk = (e: Expr, top: boolean): void => {
    if (e.kind === "cell") cells.push(e.cell);
    else if (e.kind === "binary") [e.a, e.b].forEach((x) => walk(x, false));
    else if (e.kind === "pct-change") [e.from, e.to].forEach((x) => walk(x, false));
    else if (e.kind === "combine") e.items.forEach((x) => walk(x, false));
    else if (e.kind === "aggregate" || e.kind === "rank") {
      const values = poolValues(e.pool, view);
      if (values.length === 0) problem = "the values the question is about are all missing";
      else if (e.kind === "rank" && values.length < e.k) problem = `there are fewer than ${e.k} values`;
      else if (e.kind === "aggregate" && e.fn === "mode") {
        const modes = modesOf(values);
        if (modes.length === values.length && values.length > 1) problem = "no value repeats, so there is no mode";
        else if (!top && modes.length > 1) problem = "several values tie for the mode";
      }
    }
  };
  if (plan.kind === "value") walk(plan.expr, true);
  if (plan.kind === "compare") [plan.a, plan.b].forEach((x) => walk(x, false));
  if (problem !== null) return problem;
  for (const c of cells) {
    if (typeof view.table.rows[c.row]?.[c.col] !== "number") {
      return `the table has no value for "${labelText(view.labels[c.row] ?? null)}" in "${c.col}"`;
    }
  }
  if (plan.kind === "trend") {
    const s = plan.series;
    const values = (s.kind === "col" ? view.table.rows.map((r) => r[s.col]) : s.cols.map((c) => view.table.rows[s.row]![c])).filter(
      (v): v is number => typeof v === "number",
    );
    if (values.length < 2) return "the series has fewer than two points in time";
    const ask = plan.ask;
    if (ask.kind === "first-crossing" && !values.some((v) => (ask.op === "<" ? v < ask.value : ask.op === ">" ? v > ask.value : v >= ask.value))) {
      return `no point of the series is ${ask.op === "<" ? "below" : "above"} ${ask.value}`;
    }
  }
  return null;
}

/** The columns and categories a plan reads. */
function matchedOf(plan: Plan, view: ReturnType<typeof viewOf>): { columns: string[]; labels: string[] } {
  const cols = new Set<string>();
  const rows = new Set<number>();
  const pool = (p: Pool) => {
    switch (p.kind) {
      case "series":
        cols.add(p.col);
        p.rows?.forEach((r) => rows.add(r));
        break;
      case "across":
        rows.add(p.row);
        p.cols.forEach((c) => cols.add(c));
        break;
      case "grid":
        p.cols.forEach((c) => cols.add(c));
        break;
      case "cells":
        for (const c of p.cells) {
          rows.add(c.row);
          cols.add(c.col);
        }
        break;
      case "extremes":
        cols.add(p.col);
        break;
      case "filtered":
        pool(p.pool);
        break;
    }
  };
  const expr = (e: Expr): void => {
    switch (e.kind) {
      case "cell":
        rows.add(e.cell.row);
        cols.add(e.cell.col);
        break;
      case "aggregate":
      case "rank":
        pool(e.pool);
        break;
      case "binary":
        expr(e.a);
        expr(e.b);
        break;
      case "pct-change":
        expr(e.from);
        expr(e.to);
        break;
      case "combine":
        e.items.forEach(expr);
        break;
      case "const":
        break;
    }
  };
  switch (plan.kind) {
    case "value":
      expr(plan.expr);
      break;
    case "compare":
      expr(plan.a);
      expr(plan.b);
      break;
    case "quantified":
    case "count":
      if (plan.kind === "quantified" || plan.pool !== undefined) pool(plan.pool);
      break;
    case "count-rows":
    case "count-cols":
      break;
    case "argrank": {
      const o = plan.over;
      if (o.kind === "cols") {
        o.cols.forEach((c) => cols.add(c));
        if (o.row !== "sum") rows.add(o.row);
      } else if (o.kind === "cols-gap") {
        o.cols.forEach((c) => cols.add(c));
        rows.add(o.a);
        rows.add(o.b);
      } else if (o.kind === "rows-change") {
        cols.add(o.from);
        cols.add(o.to);
      } else if (o.kind === "rows-gap") {
        cols.add(o.a);
        cols.add(o.b);
        o.rows?.forEach((r) => rows.add(r));
      } else {
        if (o.score === "sum" || o.score === "average") view.valueCols.forEach((c) => cols.add(c));
        else cols.add(o.col);
        o.rows?.forEach((r) => rows.add(r));
      }
      break;
    }
    case "reverse":
      cols.add(plan.col);
      break;
    case "trend":
      if (plan.series.kind === "col") cols.add(plan.series.col);
      else {
        rows.add(plan.series.row);
        plan.series.cols.forEach((c) => cols.add(c));
      }
      break;
    case "reverse-series":
      rows.add(plan.row);
      plan.cols.forEach((c) => cols.add(c));
      break;
  }
  return { columns: [...cols], labels: [...rows].sort((a, b) => a - b).map((r) => labelText(view.labels[r] ?? null)) };
}
