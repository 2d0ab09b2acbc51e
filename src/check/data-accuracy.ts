/**
 * The data-accuracy score of Code-as-Thought (Tang et al., 2025, "Visual Programmability: A Guide for
 * Code-as-Thought in Chart Understanding", arXiv:2509.09286): the reward that grounds the model's CSV in
 * the gold table. It combines three parts, each in [0, 1]:
 *
 *     score = 0.2 · columns + 0.1 · rows + 0.7 · values
 *
 * - `columns`: gold and predicted headers are paired by a minimal-cost matching on header similarity
 *   (`1 − normalised Levenshtein distance` of the lower-cased, space-collapsed headers); a pair counts its
 *   similarity when that is at least 0.5. `columns = Σ counted similarities / max(#gold, #pred columns)`.
 * - `rows`: the row-count match, `min(#gold, #pred rows) / max(#gold, #pred rows)`.
 * - `values`: rows are paired by their labels in gold's first column and its partner (same similarity;
 *   numeric labels such as years must be equal), columns as above (ties in either pairing go to the same
 *   position). A paired cell is right when both are numbers within 1% relative error
 *   (`|p − t| ≤ 0.01·|t|`; exactly 0 for `t = 0`), both are missing, or their texts are equal ignoring
 *   case and repeated spaces; label cells must be equal (a year 1% off is another year).
 *   `values = right cells / (max(#gold, #pred rows) · max(#gold, #pred columns))`, so missing and extra
 *   rows or columns cost their cells.
 *
 * Identical tables score 1; two tables without rows score 1 on `rows` and `values`.
 */
import type { Table } from "../table/index.js";
import { matchMinCost } from "./matching.js";
import { tableGrid, type GridCell } from "./table-cells.js";
import { normalizedLevenshtein } from "./text-similarity.js";

/** The Code-as-Thought data-accuracy score and its parts, each in [0, 1]. */
export interface DataAccuracyScore {
  /** `0.2 · columns + 0.1 · rows + 0.7 · values`. */
  score: number;
  columns: number;
  rows: number;
  values: number;
}

/** Weights of the three parts. */
export const DATA_ACCURACY_WEIGHTS = Object.freeze({ columns: 0.2, rows: 0.1, values: 0.7 });
/** Header (and row label) similarity below this does not count as a match. */
export const HEADER_MIN_SIMILARITY = 0.5;
/** Relative tolerance for numbers. */
export const VALUE_TOLERANCE = 0.01;

/** Tie-breaker weight that prefers pairing equal positions when similarities are equal. */
const POSITION_EPSILON = 1e-6;

/** Lower-cased, trimmed, inner whitespace collapsed, Unicode-normalised (NFKC). */
function normText(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Similarity of two labels: 1 − normalised Levenshtein distance, 0 below {@link HEADER_MIN_SIMILARITY}. */
function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const sim = 1 - normalizedLevenshtein(a, b);
  return sim >= HEADER_MIN_SIMILARITY ? sim : 0;
}

/** Numbers within {@link VALUE_TOLERANCE} relative error (exactly equal when the gold number is 0). */
function numbersAgree(gold: number, pred: number): boolean {
  if (gold === 0) return pred === 0;
  return Math.abs(pred - gold) <= VALUE_TOLERANCE * Math.abs(gold) * (1 + 1e-12);
}

function cellsAgree(gold: GridCell, pred: GridCell): boolean {
  if (gold.num !== null && pred.num !== null) return numbersAgree(gold.num, pred.num);
  return normText(gold.text) === normText(pred.text);
}

/** Labels (first column): numbers such as years must be equal, text is compared by similarity. */
function labelSimilarity(gold: GridCell, pred: GridCell): number {
  if (gold.num !== null && pred.num !== null) return gold.num === pred.num ? 1 : 0;
  return textSimilarity(normText(gold.text), normText(pred.text));
}

/**
 * Pair `n` gold items with `m` predicted ones, most similar first; among equally similar partners (even
 * entirely dissimilar ones) equal positions win, so every item of the smaller side gets a partner.
 */
function pairBySimilarity(n: number, m: number, sim: (i: number, j: number) => number, key: (side: 0 | 1, k: number) => string): Array<[number, number]> {
  const span = Math.max(n, m, 1);
  // Costs stay below 1 (so no pair is "as good as unpaired") and only the tie-breaker sees positions.
  const cost = (i: number, j: number) => (1 - sim(i, j)) * (1 - POSITION_EPSILON) + (POSITION_EPSILON * Math.abs(i - j)) / (span + 1);
  return matchMinCost(n, m, cost, {
    goldKey: (i) => key(0, i),
    predKey: (j) => key(1, j),
  }).pairs;
}

/**
 * The Code-as-Thought data-accuracy score of a predicted table against the gold table (see the module
 * comment for the exact definition). Deterministic; not symmetric: `gold` is the reference.
 */
export function catDataAccuracy(pred: Table, gold: Table): DataAccuracyScore {
  const g = tableGrid(gold);
  const p = tableGrid(pred);
  const gHeader = g[0].map((c, k) => normText(gold.rawHeader[k] ?? c.text));
  const pHeader = p[0].map((c, k) => normText(pred.rawHeader[k] ?? c.text));
  const gCols = gHeader.length;
  const pCols = pHeader.length;
  const gRows = g.length - 1;
  const pRows = p.length - 1;

  // Columns.
  const colPairs = pairBySimilarity(gCols, pCols, (i, j) => textSimilarity(gHeader[i], pHeader[j]), (side, k) => (side === 0 ? gHeader[k] : pHeader[k]));
  let colSum = 0;
  for (const [i, j] of colPairs) colSum += textSimilarity(gHeader[i], pHeader[j]);
  const maxCols = Math.max(gCols, pCols);
  const columns = maxCols === 0 ? 1 : colSum / maxCols;

  // Rows.
  const maxRows = Math.max(gRows, pRows);
  const rows = maxRows === 0 ? 1 : Math.min(gRows, pRows) / maxRows;

  // Values: rows paired by the label column (gold's first column and its partner, else both first columns).
  let values: number;
  if (maxRows === 0) values = 1;
  else if (gRows === 0 || pRows === 0 || gCols === 0 || pCols === 0) values = 0;
  else {
    const labelPair = colPairs.find(([i]) => i === 0) ?? [0, 0];
    const gl = labelPair[0];
    const pl = labelPair[1];
    const labelKey = (cell: GridCell) => (cell.num !== null ? `#${cell.num}` : normText(cell.text));
    const rowPairs = pairBySimilarity(
      gRows,
      pRows,
      (i, j) => labelSimilarity(g[i + 1][gl], p[j + 1][pl]),
      (side, k) => labelKey(side === 0 ? g[k + 1][gl] : p[k + 1][pl]),
    );
    let right = 0;
    for (const [ri, rj] of rowPairs) {
      for (const [ci, cj] of colPairs) {
        const gc = g[ri + 1][ci];
        const pc = p[rj + 1][cj];
        if (ci === gl ? labelSimilarity(gc, pc) === 1 : cellsAgree(gc, pc)) right++;
      }
    }
    values = right / (maxRows * maxCols);
  }

  const w = DATA_ACCURACY_WEIGHTS;
  const score = w.columns * columns + w.rows * rows + w.values * values;
  return { score: round12(score), columns: round12(columns), rows: round12(rows), values: round12(values) };
}

/** Drop floating-point dust so identical tables score exactly 1. */
function round12(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}
