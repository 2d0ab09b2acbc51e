import { dims, GT, isFail, LT, refsOf, seriesOf, superlativeOf, type Fail } from "./operands.js";
import { contextFor, fail, type RuleInput, type RuleResult } from "./rule-kit.js";
import type { TimeSeries } from "./types.js";

export const INCREASE = /\b(?:increase|increased|increases|increasing|growth|grow|grows|grew|growing|rise|rises|rose|rising|jump|jumped|upward|climb|climbed|gain|gained|go up|went up|going up)\b/;
export const DECREASE = /\b(?:decrease|decreased|decreases|decreasing|decline|declined|declines|declining|drop|dropped|drops|dropping|fall|fell|falls|falling|downward|reduction|reduced|dip|dipped|go down|went down|going down)\b/;

/**
 * The time series a trend question is about: a series over rows that are points in time, or (in a
 * "wide" table with years across) one row over the year columns.
 */
export function timeSeriesOf(input: RuleInput): TimeSeries | Fail {
  const { t, view } = input;
  const d = dims(refsOf(t, input.sk).mentions);
  if (isFail(d)) return d;
  if (view.yearColumns) {
    if (d.cols.length > 0) return fail("a trend question that names single years of a table with years across");
    if (d.rows.length === 1) return { kind: "row", row: d.rows[0]!, cols: view.valueCols };
    if (d.rows.length === 0 && view.table.rows.length === 1) return { kind: "row", row: 0, cols: view.valueCols };
    return fail(d.rows.length === 0 ? "the question does not say which category's trend" : "a trend question that names several categories");
  }
  if (view.time === null) return fail("a trend question over categories that are not points in time");
  if (view.time.order === "unsorted" && !view.labels.every((l) => typeof l === "number")) {
    return fail("the time points are not in order and cannot be sorted as numbers");
  }
  if (d.rows.length > 0) return fail("a trend question that names a single point in time");
  const col = seriesOf(d.cols, contextFor(input, [t]));
  if (isFail(col)) return col;
  return { kind: "col", col };
}

/** "Are the values decreasing over the years?", "does the sales decline throughout the years?" */
export function trendYesNoRule(input: RuleInput, body: string): RuleResult {
  const inc = INCREASE.test(body);
  const dec = DECREASE.test(body);
  if (inc === dec) return null;
  if (/\b(?:than|@n\d+)\b/.test(body)) return null;
  const series = timeSeriesOf(input);
  if (isFail(series)) return series;
  return { shape: "trend", plan: { kind: "trend", series, ask: { kind: "direction", expect: inc ? "increasing" : "decreasing" } } };
}

/** Trend questions answered by a point in time (or a count of steps). */
export function trendRule(input: RuleInput): RuleResult {
  const { t, sk } = input;
  const inc = INCREASE.test(t);
  const dec = DECREASE.test(t);
  const timeAnswer = input.kind === "time" || (input.kind === "label" && (input.view.time !== null || input.view.yearColumns));

  // "For how many years is the line increasing?"
  if (/^(?:in |for |during )?how many (?:years|times|periods|months)\b/.test(t) && inc !== dec && !/@n\d+/.test(t)) {
    const series = timeSeriesOf(input);
    if (isFail(series)) return series;
    return { shape: "trend", plan: { kind: "trend", series, ask: { kind: "count-steps", dir: inc ? "increase" : "decrease" } } };
  }
  if (!timeAnswer) return null;

  // "When did the rate first exceed 1300?", "when was it lower than 0.2%?"
  const crossing = new RegExp(`\\b(${GT}|exceeded|surpassed|passed|crossed|${LT})(?: than| then)?(?: a value of| a value)?(?: (?:higher|more|greater|lower|less) than)? (@n\\d+)`).exec(t);
  if (crossing && superlativeOf(t.replace(crossing[0], " "), sk) === undefined) {
    const word = crossing[0];
    const op = new RegExp(`\\b(?:${LT})\\b`).test(word) ? "<" : ">";
    const series = timeSeriesOf(input);
    if (isFail(series)) return series;
    const value = sk.numbers[Number(crossing[2]!.slice(2))]!.value;
    return { shape: "trend", plan: { kind: "trend", series, ask: { kind: "first-crossing", op, value } } };
  }

  if (inc !== dec) {
    const dir = inc ? "increase" : "decrease";
    if (/\bsince (?:what|which|when)\b/.test(t) || /\b(?:start(?:ed)?|begin|began) to\b/.test(t)) {
      const series = timeSeriesOf(input);
      if (isFail(series)) return series;
      return { shape: "trend", plan: { kind: "trend", series, ask: { kind: "run-start", dir } } };
    }
    if (/\b(?:most|biggest|largest|sharpest|greatest|highest|steepest|strongest|maximum|max|major)\b/.test(t)) {
      if (/\bfrom @m\d+ to @m\d+\b/.test(t)) return null; // which category grew most between two years
      const series = timeSeriesOf(input);
      if (isFail(series)) return series;
      return { shape: "trend", plan: { kind: "trend", series, ask: { kind: "largest-step", dir } } };
    }
  }
  if (superlativeOf(t, sk) === undefined && /\b(?:first|earliest|last|latest|most recent)\b/.test(t) && input.kind === "time") {
    if (refsOf(t, sk).numbers.length > 0) return null;
    let series = timeSeriesOf(input);
    // the first or last point in time does not depend on which series, as long as it has a value there
    if (isFail(series) && input.view.time !== null && input.view.valueCols.length > 0) {
      const d = dims(refsOf(t, sk).mentions);
      if (!isFail(d) && d.rows.length === 0 && d.cols.length <= 1) series = { kind: "col", col: d.cols[0] ?? input.view.valueCols[0]! };
    }
    if (isFail(series)) return series;
    return { shape: "trend", plan: { kind: "trend", series, ask: { kind: "endpoint", which: /\b(?:first|earliest)\b/.test(t) ? "first" : "last" } } };
  }
  return null;
}
