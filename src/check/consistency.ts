/**
 * Internal consistency of an extracted table, without a gold table: problems a reader of the chart would
 * spot at once. Every check is conservative — it needs evidence from the table itself that the rule
 * applies, so real, tidy tables produce few warnings:
 *
 * - `SHARES_DONT_SUM`: the table holds shares (every value in 0–100, and at least two thirds of the series
 *   — rows, or columns — and at least two of them sum to 100 within rounding), but some series sum to
 *   more than 100, or to less than 90 (survey charts often leave "don't know" out, so small shortfalls
 *   are normal). Series with a missing value are not judged, and a single series (one pie) never is:
 *   nothing in the table shows it must sum to 100.
 * - `TOTAL_MISMATCH`: a row (or column) labelled Total / All / Overall / Sum (optionally "Grand …") should
 *   be the sum of the other rows (columns). A comparison that fails is flagged when the table shows the
 *   total is a sum — it matches in at least two and two thirds of the columns — or when it is a near
 *   miss (within 10% of the sum but beyond rounding). A "total" far from the sum everywhere (an average,
 *   as in survey tables, or a subset) is left alone.
 * - `DUPLICATE_LABEL`: a row label (first column) appears more than once (case and spaces ignored).
 * - `EMPTY_COLUMN`: a column whose every cell is missing.
 *
 * Rounding tolerance: values are compared to the precision they are printed with — `n` parts each rounded
 * to `10^-d` may be off by `n · 10^-d / 2` in total — plus 1% of the expected value.
 */
import type { Table } from "../table/index.js";

/** The warning codes of {@link tableConsistencyWarnings}. */
export type ConsistencyCode = "SHARES_DONT_SUM" | "TOTAL_MISMATCH" | "DUPLICATE_LABEL" | "EMPTY_COLUMN";

/** A consistency problem. `row` is the 1-based data row (header is row 0), `column` the column name. */
export interface ConsistencyWarning {
  code: ConsistencyCode;
  message: string;
  row?: number;
  column?: string;
}

/** Labels of total rows and columns. */
const TOTAL_LABEL = /^(?:grand\s+)?(?:total|all|overall|sum)\b/i;
/** Share of series (or columns under a total) that must agree before the others are suspect. */
const MAJORITY = 2 / 3;
/**
 * Shares may fall short of 100 for real ("don't know" and "no answer" segments are often left out of
 * survey charts), so a shortfall is only flagged beyond this many points; an excess beyond rounding is.
 */
const SHARE_SHORTFALL = 10;
/** A total this close to its parts' sum (relative), but not within rounding, is a near miss. */
const NEAR_MISS = 0.1;
/** Relative slack on top of rounding for sums. */
const RELATIVE_SLACK = 0.01;

/** A numeric cell with the precision it was printed with. */
interface Num {
  value: number;
  /** Rounding unit: 10^-decimals of the printed number (1 for integers). */
  unit: number;
}

/** Decimals of a printed number (`12.50%` → 2; `1e3` → 0). */
function unitOf(raw: string): number {
  const m = /\.(\d+)/.exec(raw.replace(/[eE][+-]?\d+/, ""));
  return m === null ? 1 : 10 ** -Math.min(m[1].length, 6);
}

function label(table: Table, row: number): string {
  const v = table.rows[row][table.columns[0]];
  return v === null ? "" : String(v).trim();
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(10)));
}

/**
 * Consistency warnings for a table (see the module comment for each rule). Tables with no data rows
 * get none.
 */
export function tableConsistencyWarnings(table: Table): ConsistencyWarning[] {
  const out: ConsistencyWarning[] = [];
  const nRows = table.raw.length;
  if (nRows === 0) return out;
  emptyColumns(table, out);
  if (table.columns.length < 2) return out;
  duplicateLabels(table, out);

  // Numeric grid of the value columns (every column but the first, typed number, not all missing).
  const valueCols: number[] = [];
  for (let c = 1; c < table.columns.length; c++) {
    if (table.kinds[c] !== "number") continue;
    if (table.raw.every((_, r) => table.rows[r][table.columns[c]] === null)) continue;
    valueCols.push(c);
  }
  if (valueCols.length === 0) return out;
  const cell = (r: number, c: number): Num | null => {
    const v = table.rows[r][table.columns[c]];
    return typeof v === "number" ? { value: v, unit: unitOf(table.raw[r][c]) } : null;
  };
  const totalRows = new Set<number>();
  for (let r = 0; r < nRows; r++) if (TOTAL_LABEL.test(label(table, r))) totalRows.add(r);
  const totalCols = new Set<number>(valueCols.filter((c) => TOTAL_LABEL.test((table.rawHeader[c] ?? "").trim())));
  const rows = Array.from({ length: nRows }, (_, r) => r);

  totals(table, rows, valueCols, totalRows, totalCols, cell, out);
  shares(table, rows, valueCols, totalRows, totalCols, cell, out);
  return out;
}

function emptyColumns(table: Table, out: ConsistencyWarning[]): void {
  for (const name of table.columns) {
    if (table.rows.every((row) => row[name] === null)) {
      out.push({ code: "EMPTY_COLUMN", message: `Column "${name}" has no values: every cell is missing.`, column: name });
    }
  }
}

function duplicateLabels(table: Table, out: ConsistencyWarning[]): void {
  const seen = new Map<string, number>();
  const reported = new Set<string>();
  for (let r = 0; r < table.raw.length; r++) {
    const text = label(table, r);
    if (text === "") continue;
    const key = text.toLowerCase().replace(/\s+/g, " ");
    const first = seen.get(key);
    if (first === undefined) seen.set(key, r);
    else if (!reported.has(key)) {
      reported.add(key);
      out.push({
        code: "DUPLICATE_LABEL",
        message: `Row ${r + 1} repeats the label "${text}" of row ${first + 1}.`,
        row: r + 1,
        column: table.columns[0],
      });
    }
  }
}

/** One sum to verify: `expected` should equal the sum of `parts`. */
interface SumCheck {
  expected: Num;
  parts: Num[];
  row: number;
  col: number;
}

/** Whether a sum holds within rounding (see the module comment). */
function sumHolds(target: number, unit: number, parts: Num[], sum: number): boolean {
  let rounding = unit / 2;
  for (const p of parts) rounding += p.unit / 2;
  return Math.abs(sum - target) <= rounding + RELATIVE_SLACK * Math.abs(target) + 1e-9;
}

function sumOf(parts: Num[]): number {
  let s = 0;
  for (const p of parts) s += p.value;
  return s;
}

/** Collect parts, or null when one is missing (such a line is not judged). */
function collect(indices: number[], get: (k: number) => Num | null): Num[] | null {
  const parts: Num[] = [];
  for (const k of indices) {
    const v = get(k);
    if (v === null) return null;
    parts.push(v);
  }
  return parts;
}

function totals(
  table: Table,
  rows: number[],
  valueCols: number[],
  totalRows: Set<number>,
  totalCols: Set<number>,
  cell: (r: number, c: number) => Num | null,
  out: ConsistencyWarning[],
): void {
  const partRows = rows.filter((r) => !totalRows.has(r));
  const partCols = valueCols.filter((c) => !totalCols.has(c));
  // A total row: each (non-total) column should sum to it.
  for (const r of totalRows) {
    const checks: SumCheck[] = [];
    for (const c of partCols) {
      const expected = cell(r, c);
      const parts = collect(partRows, (k) => cell(k, c));
      if (expected !== null && parts !== null && parts.length >= 2) checks.push({ expected, parts, row: r, col: c });
    }
    judgeTotals(table, checks, `row ${r + 1} ("${label(table, r)}")`, "column", out);
  }
  // A total column: each (non-total) row should sum to it across the other value columns.
  for (const c of totalCols) {
    const checks: SumCheck[] = [];
    for (const r of partRows) {
      const expected = cell(r, c);
      const parts = collect(partCols, (k) => cell(r, k));
      if (expected !== null && parts !== null && parts.length >= 2) checks.push({ expected, parts, row: r, col: c });
    }
    judgeTotals(table, checks, `column "${table.columns[c]}"`, "row", out);
  }
}

function judgeTotals(table: Table, checks: SumCheck[], what: string, across: "row" | "column", out: ConsistencyWarning[]): void {
  if (checks.length === 0) return;
  const failing = checks.filter((k) => !sumHolds(k.expected.value, k.expected.unit, k.parts, sumOf(k.parts)));
  const holding = checks.length - failing.length;
  const sumLike = holding >= 2 && holding >= MAJORITY * checks.length;
  for (const k of failing) {
    const sum = sumOf(k.parts);
    const near = Math.abs(sum - k.expected.value) <= NEAR_MISS * Math.abs(k.expected.value);
    if (!sumLike && !near) continue;
    const where = across === "column" ? `column "${table.columns[k.col]}"` : `row ${k.row + 1} ("${label(table, k.row)}")`;
    const why = sumLike
      ? `it matches the sum in ${holding} of ${checks.length} ${across}s`
      : `within ${NEAR_MISS * 100}% but not within rounding: a part or the total is probably misread`;
    out.push({
      code: "TOTAL_MISMATCH",
      message: `The total in ${what} is ${fmt(k.expected.value)} in ${where}, but the parts sum to ${fmt(sum)} (${why}).`,
      row: k.row + 1,
      column: table.columns[k.col],
    });
  }
}

function shares(
  table: Table,
  rows: number[],
  valueCols: number[],
  totalRows: Set<number>,
  totalCols: Set<number>,
  cell: (r: number, c: number) => Num | null,
  out: ConsistencyWarning[],
): void {
  // Shares only: every value of the value columns within 0–100.
  for (const r of rows) {
    for (const c of valueCols) {
      const v = cell(r, c);
      if (v !== null && (v.value < 0 || v.value > 100)) return;
    }
  }
  const partRows = rows.filter((r) => !totalRows.has(r));
  const partCols = valueCols.filter((c) => !totalCols.has(c));
  // Rows as series (stacked bars: each row's segments across the columns), then columns as series.
  // A line labelled "All" may be a share category ("All", "Most", "None") rather than a total: try the
  // parts with and without the total lines and keep the reading where more series sum to 100.
  const byRow = best(
    [valueCols, partCols].map((cols) => {
      const checks: SumCheck[] = [];
      if (cols.length < 2) return checks;
      for (const r of rows) {
        const parts = collect(cols, (k) => cell(r, k));
        if (parts !== null) checks.push({ expected: { value: 100, unit: 0 }, parts, row: r, col: cols[0] });
      }
      return checks;
    }),
  );
  const byCol = best(
    [rows, partRows].map((rs) => {
      const checks: SumCheck[] = [];
      if (rs.length < 2) return checks;
      for (const c of valueCols) {
        const parts = collect(rs, (k) => cell(k, c));
        if (parts !== null) checks.push({ expected: { value: 100, unit: 0 }, parts, row: rs[0], col: c });
      }
      return checks;
    }),
  );
  judgeShares(table, byRow, "row", out);
  judgeShares(table, byCol, "column", out);
}

/** The candidate reading in which the most series sum to 100 (the first on ties). */
function best(candidates: SumCheck[][]): SumCheck[] {
  let top = candidates[0];
  let topHolding = -1;
  for (const checks of candidates) {
    const holding = checks.filter((k) => sumHolds(100, 0, k.parts, sumOf(k.parts))).length;
    if (holding > topHolding) {
      top = checks;
      topHolding = holding;
    }
  }
  return top;
}

function judgeShares(table: Table, checks: SumCheck[], series: "row" | "column", out: ConsistencyWarning[]): void {
  if (checks.length < 3) return;
  const failing = checks.filter((k) => !sumHolds(100, 0, k.parts, sumOf(k.parts)));
  const holding = checks.length - failing.length;
  if (holding < 2 || holding < MAJORITY * checks.length) return;
  for (const k of failing) {
    if (sumOf(k.parts) < 100 && sumOf(k.parts) >= 100 - SHARE_SHORTFALL) continue;
    const where = series === "row" ? `Row ${k.row + 1} ("${label(table, k.row)}")` : `Column "${table.columns[k.col]}"`;
    const w: ConsistencyWarning = {
      code: "SHARES_DONT_SUM",
      message:
        `${where} sums to ${fmt(sumOf(k.parts))}, not 100, although ${holding} of ${checks.length} ${series}s ` +
        `sum to 100 (the values look like shares).`,
    };
    if (series === "row") w.row = k.row + 1;
    else w.column = table.columns[k.col];
    out.push(w);
  }
}
