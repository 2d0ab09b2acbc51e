/**
 * RMS, the relative mapping similarity of DePlot (Liu et al., 2023, §3), as its
 * `table_datapoints_precision_recall` computes it (google-research `deplot/metrics.py`).
 *
 * A table is read as a set of datapoints `(row header, column header) → value`: the first row holds the
 * column headers and the first column the row headers; the key is `"<row header> <column header>"`
 * (lower-cased). Gold and predicted datapoints are paired by a minimal-cost matching on the keys, where the
 * cost is `1 − ANLS_τ(key_gold, key_pred)` (normalised Levenshtein distance, 0 similarity at or beyond τ).
 * A pair scores `ANLS_τ(keys) × (1 − D_θ(values))`: numbers by relative distance
 * `min(1, |p − t| / |t|)`, set to 1 at or beyond θ; text (or a zero gold value) scores 1 when equal and
 * `ANLS_τ` otherwise. With `S` the summed pair scores, `precision = S / |pred|`, `recall = S / |gold|`,
 * F1 their harmonic mean. The prediction is scored as written and transposed; the better F1 wins.
 */
import type { Table } from "../table/index.js";
import { matchMinCost, type MatchOptions } from "./matching.js";
import { relativeDistance } from "./rnss.js";
import { tableGrid, transposeGrid, type GridCell } from "./table-cells.js";
import { anls, anlsCodes, toCodes, type Codes } from "./text-similarity.js";

/** DePlot's defaults: τ for text (normalised Levenshtein), θ for numbers (relative error). */
export const RMS_TEXT_THETA = 0.5;
export const RMS_NUMBER_THETA = 0.1;

/** Options of {@link rmsDetails}. */
export interface RmsOptions extends Pick<MatchOptions, "maxWork"> {
  /** τ: keys and text values at this normalised edit distance or more are dissimilar (default 0.5). */
  textTheta?: number;
  /** θ: numbers at this relative error or more are wrong (default 0.1). */
  numberTheta?: number;
}

/** Precision, recall and F1 in [0, 1]. */
export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

/** RMS with details. */
export interface RmsResult extends PrecisionRecall {
  /** Whether the transposed prediction scored better. */
  transposed: boolean;
  /** Datapoints of the gold table and of the (chosen orientation of the) prediction. */
  gold: number;
  pred: number;
  /** False when the tables were too large for the exact matching; the scores are then lower bounds. */
  exact: boolean;
}

/** One `(row header, column header) → value` mapping. */
interface Datapoint {
  key: string;
  /** `key` as code points, for fast edit distances. */
  codes: Codes;
  value: GridCell;
}

/**
 * The datapoints of a grid. As in DePlot (a Python dict), a repeated key keeps its first position and
 * its last value.
 */
function datapoints(grid: GridCell[][]): Datapoint[] {
  if (grid.length < 2 || grid[0].length <= 1) return [];
  const headers = grid[0];
  const byKey = new Map<string, Datapoint>();
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r];
    const n = Math.min(headers.length, row.length);
    for (let c = 1; c < n; c++) {
      const key = `${row[0].text} ${headers[c].text}`;
      const old = byKey.get(key);
      byKey.set(key, { key, codes: old?.codes ?? toCodes(key), value: row[c] });
    }
  }
  return [...byKey.values()];
}

/** The similarity in [0, 1] of one matched pair of datapoints. */
function pairScore(t: Datapoint, p: Datapoint, tau: number, theta: number): number {
  const keySim = anlsCodes(t.codes, p.codes, tau);
  if (keySim === 0) return 0;
  const tv = t.value;
  const pv = p.value;
  if (pv.num !== null && tv.num !== null && tv.num !== 0) return keySim * (1 - relativeDistance(tv.num, pv.num, theta));
  if (tv.text === pv.text) return keySim;
  return keySim * anls(tv.text, pv.text, tau);
}

function score(gold: Datapoint[], pred: Datapoint[], options: RmsOptions): PrecisionRecall & { exact: boolean } {
  if (gold.length === 0 && pred.length === 0) return { precision: 1, recall: 1, f1: 1, exact: true };
  if (gold.length === 0) return { precision: 0, recall: 1, f1: 0, exact: true };
  if (pred.length === 0) return { precision: 1, recall: 0, f1: 0, exact: true };
  const tau = options.textTheta ?? RMS_TEXT_THETA;
  const theta = options.numberTheta ?? RMS_NUMBER_THETA;
  const matching = matchMinCost(gold.length, pred.length, (i, j) => 1 - anlsCodes(gold[i].codes, pred[j].codes, tau), {
    ...(options.maxWork !== undefined ? { maxWork: options.maxWork } : {}),
    goldKey: (i) => gold[i].key,
    predKey: (j) => pred[j].key,
  });
  let s = 0;
  for (const [i, j] of matching.pairs) s += pairScore(gold[i], pred[j], tau, theta);
  if (s === 0) return { precision: 0, recall: 0, f1: 0, exact: matching.exact };
  const precision = s / pred.length;
  const recall = s / gold.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall), exact: matching.exact };
}

/** RMS of a predicted table against a gold table, with details. */
export function rmsDetails(pred: Table, gold: Table, options: RmsOptions = {}): RmsResult {
  const goldPoints = datapoints(tableGrid(gold));
  const predGrid = tableGrid(pred);
  let best: RmsResult | undefined;
  // DePlot scores the transposed prediction first and keeps the first best F1.
  for (const transposed of [true, false]) {
    const predPoints = datapoints(transposed ? transposeGrid(predGrid) : predGrid);
    const r = score(goldPoints, predPoints, options);
    if (best === undefined || r.f1 > best.f1) {
      best = { ...r, transposed, gold: goldPoints.length, pred: predPoints.length };
    }
  }
  return best!;
}

/** RMS precision, recall and F1 of a predicted table against a gold table (each in [0, 1]). */
export function relativeMappingSimilarity(pred: Table, gold: Table, options: RmsOptions = {}): PrecisionRecall {
  const { precision, recall, f1 } = rmsDetails(pred, gold, options);
  return { precision, recall, f1 };
}
