import { seriesAsked } from "./answer-kind.js";
import { modesOf, poolValues } from "./pool-values.js";
import type { Intent, RuleInput } from "./rule-kit.js";
import { labelText, type TableView } from "./table-view.js";
import { tokenize } from "./text.js";
import type { CellRef, Expr, Plan, Pool } from "./types.js";

const MONTH = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/;

/**
 * Last checks on a plan against the question and the table; a reason to refuse, or null. The
 * snippet must not fail at run time (a missing cell, a rank past the end), every number the question
 * writes must be used or be a date, a quoted name must be one of the table's, and a question asking
 * "which year" must be answered with a point in time.
 */
export function checkPlan(intent: Intent, input: RuleInput, question: string): string | null {
  return checkCells(intent.plan, input.view) ?? checkNumbers(intent.plan, input) ?? checkQuoted(question, input) ?? checkTime(intent.plan, input);
}

function checkCells(plan: Plan, view: TableView): string | null {
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
      // the average of a category's bars when one of them has no value (a segment the reader missed)
      else if (e.kind === "aggregate" && (e.fn === "average" || e.fn === "median") && e.pool.kind === "across" && values.length < e.pool.cols.length) {
        problem = `"${labelText(view.labels[e.pool.row] ?? null)}" has no value in some of the series averaged`;
      }
      else if (e.kind === "aggregate" && e.fn === "mode") {
        const modes = modesOf(values);
        if (modes.length === values.length && values.length > 1) problem = "no value repeats, so there is no mode";
        else if (!top && modes.length > 1) problem = "several values tie for the mode";
      }
    }
  };
  if (plan.kind === "value") walk(plan.expr, true);
  const repeated = (p: Pool) => {
    const values = poolValues(p, view);
    if (values.length === 0) problem = "no two values are the same";
    else if (new Set(values).size > 1) problem = "several groups of values are the same";
  };
  if (plan.kind === "count" && plan.pool.kind === "repeated") repeated(plan.pool);
  if (plan.kind === "value" && plan.expr.kind === "aggregate" && plan.expr.pool.kind === "repeated") repeated(plan.expr.pool);
  if (plan.kind === "compare") [plan.a, plan.b].forEach((x) => walk(x, false));
  if (problem !== null) return problem;
  for (const c of cells) {
    if (typeof view.table.rows[c.row]?.[c.col] !== "number") {
      return `the table has no value for "${labelText(view.labels[c.row] ?? null)}" in "${c.col}"`;
    }
  }
  if (plan.kind === "argrank" && plan.k > 1) {
    const o = plan.over;
    const rows = view.table.rows;
    const candidates =
      o.kind === "cols" ? o.cols.filter((c) => o.row === "sum" || typeof rows[o.row]![c] === "number").length
      : o.kind === "cols-gap" || o.kind === "cols-change" || o.kind === "cols-lead" ? o.cols.length
      : rows.filter((_, i) => !view.totalRows.includes(i) && !view.otherRows.includes(i)).length;
    if (candidates < plan.k) return `there are fewer than ${plan.k} candidates to rank`;
  }
  // which series is smallest at a category, or leads at a point in time, when some series has no value
  // there (a bar too small to read, a line point the reader missed)
  if (plan.kind === "argrank" && plan.over.kind === "cols" && plan.over.row !== "sum" && (plan.dir === "min" || view.time !== null)) {
    const row = view.table.rows[plan.over.row];
    if (plan.over.cols.some((c) => typeof row?.[c] !== "number")) return `"${labelText(view.labels[plan.over.row] ?? null)}" has no value in some of the series compared`;
  }
  // the smallest category when some category has no value: its bar may be the one too small to read
  if (plan.kind === "argrank" && plan.dir === "min" && plan.over.kind === "rows" && (plan.over.score ?? "value") === "value") {
    const o = plan.over;
    const candidates = o.rows ?? view.table.rows.map((_, i) => i).filter((i) => !view.totalRows.includes(i) && !view.otherRows.includes(i));
    if (candidates.some((i) => typeof view.table.rows[i]?.[o.col] !== "number")) return `some categories have no value in "${o.col}", so the smallest is uncertain`;
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


/** Numbers a plan uses: constants, thresholds, ranks and looked-up values. */
function planNumbers(plan: Plan): Set<number> {
  const out = new Set<number>();
  const pool = (p: Pool): void => {
    if (p.kind === "extremes") out.add(p.k);
    if (p.kind === "filtered") {
      out.add(p.value);
      pool(p.pool);
    }
  };
  const expr = (e: Expr): void => {
    if (e.kind === "const") out.add(e.value);
    else if (e.kind === "rank") {
      out.add(e.k);
      pool(e.pool);
    } else if (e.kind === "aggregate") pool(e.pool);
    else if (e.kind === "binary") [e.a, e.b].forEach(expr);
    else if (e.kind === "pct-change") [e.from, e.to].forEach(expr);
    else if (e.kind === "combine") e.items.forEach(expr);
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
      if (plan.value !== undefined) out.add(plan.value);
      if (plan.pool !== undefined) pool(plan.pool);
      break;
    case "argrank":
      out.add(plan.k);
      break;
    case "reverse":
      out.add(plan.value);
      plan.also?.forEach((a) => out.add(a.value));
      break;
    case "reverse-series":
      out.add(plan.value);
      break;
    case "trend":
      if (plan.ask.kind === "first-crossing") out.add(plan.ask.value);
      break;
  }
  return out;
}

/** A number written in digits must be used by the plan, or be a year, a date or a large title figure. */
function checkNumbers(plan: Plan, input: RuleInput): string | null {
  const used = planNumbers(plan);
  const words = input.t.split(" ");
  const labelKeys = input.view.labels.map((l) => tokenize(labelText(l)).map((t) => t.key));
  const yearLabels = input.view.time !== null || labelKeys.filter((ks) => ks.some(isYear)).length >= 2;
  // (a label listing many years is the reader's mistake, not a category for each)
  const inLabels = (year: string) => labelKeys.some((ks) => ks.filter(isYear).length <= 2 && ks.some((k) => k === year || k.startsWith(`${year}/`)));
  for (let i = 0; i < words.length; i++) {
    const m = /^@n(\d+)$/.exec(words[i]!);
    if (!m) continue;
    const n = input.sk.numbers[Number(m[1])]!;
    if (!/\d/.test(n.text) || used.has(n.value)) continue;
    // a year that names no category of a table whose categories are years: that row was not read
    if (yearLabels && isYear(n.text) && !inLabels(n.text)) return `the table has no category for ${n.text}`;
    if (Number.isInteger(n.value) && (n.value >= 100 || (n.value >= 1800 && n.value <= 2100))) continue;
    if (MONTH.test(words[i - 1] ?? "") || MONTH.test(words[i + 1] ?? "")) continue;
    // an age that qualifies the population: "aged 15 or above", "aged 1 to 2 years"
    if (/^(?:aged?|ages)$/.test(words[i - 1] ?? "") || (/^(?:to|and|-)$/.test(words[i - 1] ?? "") && /^(?:aged?|ages)$/.test(words[i - 3] ?? ""))) continue;
    return `the number ${n.text} is not explained by the table`;
  }
  return null;
}

function isYear(text: string): boolean {
  return /^(?:1[89]|20)\d\d$/.test(text);
}

/** A name the question puts in quotes must be found in the table. */
function checkQuoted(question: string, input: RuleInput): string | null {
  const named = new Set(input.sk.mentions.flatMap((m) => tokenize(m.text).map((t) => t.key)));
  for (const q of question.matchAll(/["\u201c]([^"\u201d]{1,60})["\u201d]|(?:^|\s)['\u2018]([^'\u2019]{1,60})['\u2019](?=[\s?.,:;!]|$)/g)) {
    const keys = tokenize(q[1] ?? q[2] ?? "").map((t) => t.key);
    if (keys.length > 0 && !keys.some((k) => named.has(k))) return `"${(q[1] ?? q[2])!.trim()}" is not a name in the table`;
  }
  return null;
}

/** "Which year …" must be answered with a point in time, not with a country. */
function checkTime(plan: Plan, input: RuleInput): string | null {
  const { view } = input;
  const answersRow = (plan.kind === "argrank" && (plan.over.kind === "rows" || plan.over.kind === "rows-gap" || plan.over.kind === "rows-change")) || plan.kind === "reverse";
  const answersCol = (plan.kind === "argrank" && (plan.over.kind === "cols" || plan.over.kind === "cols-gap" || plan.over.kind === "cols-change" || plan.over.kind === "cols-lead")) || plan.kind === "reverse-series";
  // "which country …" over rows that are years: the answer must be a series, never a year
  if (input.kind === "label" && answersRow && seriesAsked(input.t, view)) return "the question asks for a series (a country, a group) but would be answered with a point in time";
  if (input.kind !== "time") return null;
  if (answersRow && view.time === null) return "the question asks for a point in time but the categories are not";
  if (answersCol && !view.yearColumns) return "the question asks for a point in time but the series are not years";
  return null;
}
