import { cellOf, dims, GT, isFail, LT, parseExpr, parsePool, rangeMentionsOf, rangeOf, refsOf, SAME_VALUE, seriesOf, superlativeOf, UNSUPPORTED } from "./operands.js";
import { contextFor, fail, type RuleInput, type RuleResult } from "./rule-kit.js";
import { isEntityNoun } from "./answer-kind.js";
import { labelText } from "./table-view.js";
import type { Pool } from "./types.js";

const AT_LEAST = "at least|no less than|or more";
const AT_MOST = "at most|no more than|or less";

/** "How many countries have a value above 50", "in how many years did X exceed 45%". */
export function countRule(input: RuleInput): RuleResult {
  const { t, sk, view } = input;
  const head = /^(?:in |for |on |at )?how many\b(.*)$/.exec(t);
  if (!head) return null;
  // "how many bars show the same value"
  if (SAME_VALUE.test(head[1]!) && !/@n\d+/.test(head[1]!)) {
    const pool = parsePool(head[1]!, contextFor(input, [head[1]!]));
    if (isFail(pool)) return pool;
    return { shape: "count", plan: { kind: "count", pool } };
  }
  const cond =
    new RegExp(`^(.*?)\\b(${GT}|${LT}|${AT_LEAST}|${AT_MOST}|equal to|equals|exactly|=)(?: than| then| to)? (@n\\d+)(?: %| percent)?(.*)$`).exec(head[1]!) ??
    /^(.*?)\b(is|are|was|were|of|have|has|with)(?: a)?(?: value of| value)? (@n\d+)(?: %| percent)?(.*)$/.exec(head[1]!);
  if (!cond) return null;
  // "how many … in the first half of 2015": a year, not a value to count
  const threshold = sk.numbers[Number(cond[3]!.slice(2))]!;
  if (cond[2] === "of" && Number.isInteger(threshold.value) && threshold.value >= 1900 && threshold.value <= 2100 && !threshold.percent) return null;
  const scope = `${cond[1]} ${cond[4]}`.trim();
  if (/\b(?:over the years|always|every|each|all (?:the )?years|both|consistently|throughout)\b/.test(scope)) {
    return fail("a count whose condition must hold over several values at once");
  }
  const ctx = contextFor(input, [scope]);
  const { mentions } = refsOf(scope, sk);
  let pool: Pool | { fail: string };
  if (mentions.length === 0 && view.valueCols.length > 1) {
    const lead = /^\s*(?:of )?(?:the )?(?:bars?|values?|data points?|points?|numbers?|cells?|data)\b/.exec(scope);
    if (!lead) return fail("a count of categories on a table with several series");
    // "how many values in the More strict …": words naming a series the table does not have
    const rest = scope.slice(lead[0].length).replace(/\b(?:are|is|was|were|have|has|had|a|an|the|of|value|values|in total|there|all|in|overall|altogether)\b/g, " ").trim();
    if (rest !== "") return fail(`"${rest}" names nothing in the table`);
    pool = { kind: "grid", cols: view.valueCols };
  } else pool = parsePool(scope, ctx);
  if (isFail(pool)) return pool;
  if (pool.kind === "extremes" || pool.kind === "cells") return fail("a count over named values");
  const word = cond[2]!;
  const op = new RegExp(`^(?:${GT})$`).test(word)
    ? ">"
    : new RegExp(`^(?:${LT})$`).test(word)
      ? "<"
      : /^(?:is|are|was|were|of|have|has|with)$/.test(word)
        ? "="
        : new RegExp(`^(?:${AT_LEAST})$`).test(word)
        ? ">="
        : new RegExp(`^(?:${AT_MOST})$`).test(word)
          ? "<="
          : "=";
  const value = sk.numbers[Number(cond[3]!.slice(2))]!.value;
  return { shape: "count", plan: { kind: "count", pool, op, value } };
}

const ROW_NOUNS = /^(?:bars|categories|countries|regions|groups|items|entries|segments|companies|brands|states|cities|types|options|products|sectors|age groups|data points|points|values|years|months|quarters|seasons|nations|platforms|games|players|teams)$/;

/** "How many bars are shown?", "how many years are represented?" */
export function countRowsRule(input: RuleInput): RuleResult {
  const { t, view } = input;
  const m =
    /^how many (?:different |distinct |unique )?((?:\w+ )??\w+?)(?: (?:are|is|have been|were))?(?: (?:there|shown|shows|represented|mentioned|mention|displayed|included|listed|considered|covered|compared|in total))*$/.exec(t) ??
    /^how many (\w+) (?:does|do) (?:the|this) (?:graph|chart|figure) (?:represent|show|cover|include|have)$/.exec(t) ??
    /^how many (\w+) (?:does|do) (?:it|this) (?:represent|show|cover|include|have)$/.exec(t);
  if (!m) return null;
  const noun = m[1]!;
  const last = noun.split(" ").pop()!;
  // an unknown noun counts the bars of a single series only when the question says they are shown
  // ("shown", "represented", "displayed" were taken out with the chart they refer to: "how many X are")
  const shown = /\b(?:are|were|shows|mentioned|mention|listed|compared)$/.test(t) && view.valueCols.length === 1 && view.time === null;
  if (!ROW_NOUNS.test(noun) && !(/[^s]s$/.test(last) && (isEntityNoun(last, view) || shown))) return null;
  if (/^(?:years|months|quarters|seasons)$/.test(noun)) {
    if (view.time !== null) return { shape: "count", plan: { kind: "count-rows" } };
    if (view.yearColumns) return { shape: "count", plan: { kind: "count-cols" } };
    return fail("a count of years on a table whose categories are not years");
  }
  // "how many countries are shown" over rows that are years: the countries are the series
  if (view.time !== null && !/^(?:bars|data points|points|values|days|weeks|periods|dates|decades)$/.test(noun)) {
    if (view.valueCols.length > 1) return { shape: "count", plan: { kind: "count-cols" } };
    return fail(`"how many ${noun}" over rows that are points in time with a single series`);
  }
  if (view.valueCols.length === 1 || (view.yearColumns && noun !== "bars" && noun !== "data points" && noun !== "points" && noun !== "values")) {
    return { shape: "count", plan: { kind: "count-rows" } };
  }
  if (/^(?:bars|data points|points|values)$/.test(noun)) return { shape: "count", plan: { kind: "count", pool: { kind: "grid", cols: view.valueCols } } };
  return fail(`"how many ${noun}" on a table with several series`);
}

/** "What was the highest X", "what is the second largest value", "what is the lowest rate in 2010–2019". */
export function valueRankRule(input: RuleInput): RuleResult {
  const { t } = input;
  const sup = superlativeOf(t, input.sk);
  if (sup === undefined) return null;
  const counted = /^(?:in |for )?how many (\w+)/.exec(t);
  if (counted && (ROW_NOUNS.test(counted[1]!) || /^(?:countries|categories|groups|years|times)$/.test(counted[1]!))) {
    return fail("a count of categories that reach an extreme");
  }
  if (sup.count !== undefined) return fail("a question asking for several values");
  // "What was the lowest volume … in 2010": the named category must hold the extreme; then it is its value.
  const ctx = contextFor(input, [t]);
  const range = rangeOf(t, ctx);
  const d = dims(refsOf(t, input.sk).mentions);
  if (!isFail(d) && range === undefined && d.rows.length === 1 && sup.rank === 1 && (d.cols.length === 1 || input.view.valueCols.length === 1)) {
    const cell = cellOf(d.rows, d.cols, ctx);
    if (isFail(cell)) return cell;
    const values = input.view.table.rows.map((r) => r[cell.col]).filter((v): v is number => typeof v === "number");
    const v = input.view.table.rows[cell.row]![cell.col];
    const extreme = sup.dir === "max" ? Math.max(...values) : Math.min(...values);
    if (v !== extreme) return fail(`the question names "${input.view.labels[cell.row]}" and a superlative, but that category does not hold the extreme`);
    return { shape: "lookup", plan: { kind: "value", expr: { kind: "cell", cell } } };
  }
  // "the smallest value among all the bars": with no name at all, every bar of every series
  if (!isFail(d) && d.rows.length === 0 && d.cols.length === 0 && range === undefined && input.view.valueCols.length > 1 && input.view.table.rows.length > 1) {
    if (/\b(?:who|that|which|whose|where|of people|of respondents)\b/.test(t)) return fail("a superlative over several series with a restriction the compiler cannot read");
    return { shape: sup.rank === 1 ? "max-min" : "rank", plan: { kind: "value", expr: { kind: "rank", dir: sup.dir, k: sup.rank, pool: { kind: "grid", cols: input.view.valueCols } } } };
  }
  const expr = parseExpr(t, ctx);
  if (isFail(expr)) return expr;
  if (expr.kind !== "rank") return fail("a superlative the compiler cannot tie to one series");
  return { shape: expr.k === 1 ? "max-min" : "rank", plan: { kind: "value", expr } };
}



/** Words that make a question more than a lookup: refuse rather than read them as one. */
const NOT_A_LOOKUP = /\b(?:times|ratio|difference|differences|gap|sum|total|average|mean|median|increase|decrease|change|growth|more|less|fewer|than|compared|combined|percent of|share of all|each|per cent|minus|plus|product|mode|missing|same|other|others|except|excluding|remaining|rest|between|likely|range|half|twice|double|triple)\b/;

/** "How many companies operated between 2011 and 2018": the total over a span of years. */
export function rangeTotalRule(input: RuleInput): RuleResult {
  const { t, sk } = input;
  if (!/^(?:how many|how much)\b/.test(t)) return null;
  if (/\b(?:down|up|increase|decrease|change|grow|growth|rise|fall|drop|decline|move|moved|gap|difference)/.test(t)) return null;
  const ctx = contextFor(input, [t]);
  const range = rangeOf(t, ctx);
  if (range === undefined) return null;
  const inRange = rangeMentionsOf(t, ctx);
  const d = dims(refsOf(t, sk).mentions.filter((m) => !inRange.includes(m)));
  if (isFail(d)) return d;
  if (d.rows.length > 0) return fail("a span of years together with a named category");
  const col = seriesOf(d.cols, ctx);
  if (isFail(col)) return col;
  return { shape: "sum", plan: { kind: "value", expr: { kind: "aggregate", fn: "sum", pool: { kind: "series", col, rows: range } } } };
}

/** A label for an open-ended bracket: "200,000 or more", "65+", "75,000 and over". */
const OPEN_ENDED = /(?:\+|\b(?:or|and) (?:more|over|above|older)|\bover)\s*[*]*$/i;

/** "What was the value of X in 2019?" — one cell named by its category and series. */
export function lookupRule(input: RuleInput): RuleResult {
  const { t, sk, view } = input;
  const { mentions } = refsOf(t, sk);
  const d = dims(mentions);
  if (isFail(d)) return d;
  if (d.rows.length === 0 && d.cols.length === 0 && view.table.rows.length > 1) return fail("the question names no category or series of the table");
  // "non-alcoholic beverages" is a name; "non-EU" (a table name after it) is not modelled
  const unsupported = UNSUPPORTED.exec(t.replace(/\bnon (?!@m)\S+/g, "").replace(/@m\d+/g, ""));
  if (unsupported) return fail(`"${unsupported[0]}" is not supported`);
  const cell = cellOf(d.rows, d.cols, contextFor(input, [t]));
  if (isFail(cell)) return cell;
  // Operation words are fine when they are part of the series' own name ("E-commerce sales growth rate").
  const header = ` ${cell.col.toLowerCase().replace(/[^a-z0-9]+/g, " ")} `;
  const rest = t
    .replace(/\bbetween (?=@m\d+(?! and @m))/g, "") // "young people between 18 and 29" (an age range)
    .replace(/@m\d+/g, "")
    .replace(/\b(?:gross )?(?:domestic|national) product\b/g, "") // GDP, not a product of values
    .replace(/\b(?:first|second) half\b/g, "") // a period of the year
    .replace(/\b(?:increase|grow|rise|climb|jump)s? to\b/g, "") // "expected to increase to": the value reached
    .replace(/\b(?:or|and) more\b/g, (m) => (OPEN_ENDED.test(labelText(view.labels[cell.row] ?? null)) ? "" : m)) // "200,000 or more"
    .replace(/\bbetween (?:\S+ )?@n\d+ and (?:\S+ )?@n\d+/g, "");
  for (const op of rest.matchAll(new RegExp(NOT_A_LOOKUP.source, "g"))) {
    const word = op[0];
    if (header.includes(` ${word}`)) continue;
    if (/^(?:increase|decrease|change|growth)$/.test(word) && /\b(?:growth|change|increase|decrease)\b/.test(header)) continue;
    if (word === "total" && d.rows.length === 1) continue;
    return fail(`"${word}" suggests more than a lookup`);
  }
  return { shape: "lookup", plan: { kind: "value", expr: { kind: "cell", cell } } };
}
