/**
 * Types of the question compiler: its public result, and the small plan (an expression over table
 * cells) that a question is parsed into before TypeScript is written for it.
 */

/** The question shapes the compiler understands. */
export type QuestionShape =
  | "lookup"
  | "reverse-lookup"
  | "max-min"
  | "rank"
  | "difference"
  | "ratio"
  | "sum"
  | "average"
  | "median"
  | "mode"
  | "product"
  | "count"
  | "comparison"
  | "change"
  | "percentage-change"
  | "trend";

/** Every question shape, in the order they are documented. */
export const QUESTION_SHAPES: readonly QuestionShape[] = [
  "lookup",
  "reverse-lookup",
  "max-min",
  "rank",
  "difference",
  "ratio",
  "sum",
  "average",
  "median",
  "mode",
  "product",
  "count",
  "comparison",
  "change",
  "percentage-change",
  "trend",
];

/** A compiled question: a snippet for the sandbox, its shape, and the table names it relies on. */
export interface CompileSuccess {
  ok: true;
  /** A function body following the sandbox contract (returns number, string, or "Yes"/"No"). */
  code: string;
  shape: QuestionShape;
  /** The columns and category labels the question was matched to, as written in the table. */
  matched: { columns: string[]; labels: string[] };
}

/** A question outside the compiler's shapes (or one it cannot tie to the table); never a guess. */
export interface CompileFailure {
  ok: false;
  reason: string;
}

export type CompileResult = CompileSuccess | CompileFailure;

/** One cell: a row (index into the table) of a series (column name). */
export interface CellRef {
  row: number;
  col: string;
}

/** A collection of numbers a question aggregates, counts or ranks. */
export type Pool =
  /** A series over all its rows, or over a subset of rows (by index, in table order). */
  | { kind: "series"; col: string; rows?: number[] }
  /** One row across several series. */
  | { kind: "across"; row: number; cols: string[] }
  /** Every cell of several series. */
  | { kind: "grid"; cols: string[] }
  /** Named cells. */
  | { kind: "cells"; cells: CellRef[] }
  /** The k largest or smallest values of a series. */
  | { kind: "extremes"; col: string; dir: Direction; k: number }
  /** The values of a series that another of its values equals ("the bars with the same value"). */
  | { kind: "repeated"; col: string }
  /** The values of a pool above or below a threshold ("all bars above 5"). */
  | { kind: "filtered"; pool: Pool; op: ">" | "<"; value: number };

export type Direction = "max" | "min";
export type AggregateFn = "sum" | "average" | "median" | "mode" | "product";

/** A number computed from the table. */
export type Expr =
  | { kind: "cell"; cell: CellRef }
  | { kind: "const"; value: number }
  | { kind: "aggregate"; fn: AggregateFn; pool: Pool }
  /** The k-th largest (max) or smallest (min) value of a pool; k = 1 is the extreme. */
  | { kind: "rank"; dir: Direction; k: number; pool: Pool }
  | { kind: "binary"; op: "+" | "-" | "*" | "/" | "absdiff"; a: Expr; b: Expr }
  /** Percentage change from a to b: (b − a) / a × 100. */
  | { kind: "pct-change"; from: Expr; to: Expr }
  /** An aggregate of separately named numbers ("the average of the smallest and the largest"). */
  | { kind: "combine"; fn: AggregateFn; items: Expr[] };

/** What the question asks for, ready to be written as code. */
export type Plan =
  | { kind: "value"; expr: Expr }
  | { kind: "compare"; a: Expr; op: ">" | "<" | "="; b: Expr }
  /** Does any / every value of a pool satisfy the condition? */
  | { kind: "quantified"; quantifier: "any" | "every"; pool: Pool; op: ">" | "<"; value: number }
  /** How many values of a pool satisfy the condition (or how many there are, without one). */
  | { kind: "count"; pool: Pool; op?: ">" | "<" | ">=" | "<=" | "="; value?: number }
  /** How many categories (rows) the table has. */
  | { kind: "count-rows" }
  /** How many series (columns after the first) the table has: the years of a table with years across. */
  | { kind: "count-cols" }
  /** The category (row label) or series name holding the k-th largest/smallest value among candidates. */
  | { kind: "argrank"; dir: Direction; k: number; over: RankOver }
  /** The category whose value in `col` equals (or is closest to) `value`. */
  | { kind: "reverse"; col: string; value: number; approx: boolean; /** The question's unit over the series' ("263 million" of a series in thousands: 1000). */ scale?: number;
      /** Further values the same category holds in other series ("whose values are 82 and 15"). */ also?: Array<{ col: string; value: number }> }
  /** The series whose value at a category equals `value` ("what magazine made 69.88 in 2011"). */
  | { kind: "reverse-series"; row: number; cols: string[]; value: number }
  /** Time-series questions over one series in chronological order. */
  | { kind: "trend"; series: TimeSeries; ask: TrendAsk };

/** A series over time: a column over rows that are points in time, or a row over year columns. */
export type TimeSeries = { kind: "col"; col: string } | { kind: "row"; row: number; cols: string[] };

/** The candidates of an argmax: rows of a series, or series of a row; optionally only some of them. */
export type RankOver =
  | { kind: "rows"; col: string; rows?: number[]; score?: "value" | "sum" | "average" }
  | { kind: "cols"; row: number | "sum"; cols: string[] }
  /** Rows scored by the gap between two series. */
  | { kind: "rows-gap"; a: string; b: string; rows?: number[] }
  /** Rows scored by the change from one series to another (years across: "the greatest increase from 1975 to 1980"). */
  | { kind: "rows-change"; from: string; to: string }
  /** Series (year columns) scored by the gap between two rows. */
  | { kind: "cols-gap"; a: number; b: number; cols: string[] }
  /** Series scored by their change from one row (a point in time) to another ("which country grew most from 1975 to 1980"). */
  | { kind: "cols-change"; from: number; to: number; cols: string[] }
  /** The series that leads at every point in time where all of them have a value (checked when compiled). */
  | { kind: "cols-lead"; cols: string[] };

export type TrendAsk =
  /** "increasing" / "decreasing" (or Yes/No when the question names the direction). */
  | { kind: "direction"; expect?: "increasing" | "decreasing" }
  /** The year with the largest rise or fall from the previous point. */
  | { kind: "largest-step"; dir: "increase" | "decrease" }
  /** How many steps went up (or down). */
  | { kind: "count-steps"; dir: "increase" | "decrease" }
  /** The first point of the final run of falls (or rises): "since when has it declined". */
  | { kind: "run-start"; dir: "increase" | "decrease" }
  /** The category at the start or end of the time axis. */
  | { kind: "endpoint"; which: "first" | "last" }
  /** The first point in time whose value passes a threshold ("when did it first exceed 1300"). */
  | { kind: "first-crossing"; op: ">" | "<" | ">="; value: number };
