/**
 * RNSS, the relative number set similarity of ChartQA (Masry et al., 2022) as DePlot's
 * `table_number_accuracy` computes it (google-research `deplot/metrics.py`, `_table_numbers_match`).
 *
 * - The numbers of each table are every cell that reads as a number, header included (positions,
 *   labels and column names are ignored). Numbers are read as catbox reads them (`45%` → 45,
 *   `$1,204` → 1204); DePlot's Python `float()` would skip such cells. Missing markers are not numbers.
 * - The distance between a gold number `t` and a predicted number `p` is `min(1, |p − t| / |t|)`.
 * - A minimal-cost matching pairs `min(N, M)` of them (Hungarian algorithm), and
 *   `RNSS = 1 − (summed distance of the pairs) / max(N, M)`.
 *
 * As in DePlot, numbers left over after the matching cost nothing: a prediction with a subset of the gold
 * numbers, exactly right, scores 1. RMS (`rms.ts`) is the metric that sees missing and extra cells.
 */
import type { Table } from "../table/index.js";
import { matchMinCost, type MatchOptions } from "./matching.js";
import { tableGrid } from "./table-cells.js";

/**
 * Relative distance `min(1, |p − t| / |t|)`; values at or above `theta` count as 1. For `t = 0` it is 0
 * when `p = 0` and 1 otherwise. (DePlot's `_get_relative_distance` returns the reverse for `t = 0` —
 * `int(not prediction)` — which reads as a slip; catbox does not copy it, so RNSS differs from DePlot's
 * script when the gold table contains zeros. DePlot's RMS never calls it with `t = 0`.)
 */
export function relativeDistance(target: number, prediction: number, theta = 1): number {
  if (target === 0) return prediction === 0 ? 0 : 1;
  const d = Math.min(Math.abs((target - prediction) / target), 1);
  return d < theta ? d : 1;
}

/** Every number of a table, row-major, header first (see {@link tableGrid}). */
export function tableNumbers(table: Table): number[] {
  const out: number[] = [];
  for (const row of tableGrid(table)) for (const cell of row) if (cell.num !== null) out.push(cell.num);
  return out;
}

/** RNSS with details. */
export interface RnssResult {
  /** The score in [0, 1]. */
  score: number;
  /** Numbers in the gold and predicted tables. */
  gold: number;
  pred: number;
  /** False when the tables were too large for the exact matching (see `matching.ts`); the score is then a lower bound. */
  exact: boolean;
}

/** RNSS of two lists of numbers. Both empty → 1; one empty → 0. */
export function rnssOfNumbers(pred: readonly number[], gold: readonly number[], options: Pick<MatchOptions, "maxWork"> = {}): RnssResult {
  const n = gold.length;
  const m = pred.length;
  if (n === 0 && m === 0) return { score: 1, gold: 0, pred: 0, exact: true };
  if (n === 0 || m === 0) return { score: 0, gold: n, pred: m, exact: true };
  const cost = (i: number, j: number) => relativeDistance(gold[i], pred[j]);
  const matching = matchMinCost(n, m, cost, {
    ...options,
    goldKey: (i) => String(gold[i]),
    predKey: (j) => String(pred[j]),
    candidates: nearestByValue(gold, pred),
  });
  let total = 0;
  for (const [i, j] of matching.pairs) total += cost(i, j);
  // Pairs the approximate fallback left out count as distance 1 (never happens when exact).
  total += Math.min(n, m) - matching.pairs.length;
  return { score: clamp01(1 - total / Math.max(n, m)), gold: n, pred: m, exact: matching.exact };
}

/** RNSS of a predicted table against a gold table, with details. */
export function rnssDetails(pred: Table, gold: Table, options: Pick<MatchOptions, "maxWork"> = {}): RnssResult {
  return rnssOfNumbers(tableNumbers(pred), tableNumbers(gold), options);
}

/** RNSS of a predicted table against a gold table, in [0, 1] (1 = the same numbers). */
export function relativeNumberSetSimilarity(pred: Table, gold: Table): number {
  return rnssDetails(pred, gold).score;
}

/** For the greedy fallback: the predicted numbers closest in value to gold number `i` (`k` each side). */
function nearestByValue(gold: readonly number[], pred: readonly number[], k = 8): (i: number) => number[] {
  let order: number[] | undefined;
  return (i) => {
    if (order === undefined) order = Array.from(pred.keys()).sort((a, b) => pred[a] - pred[b]);
    const t = gold[i];
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred[order[mid]] < t) lo = mid + 1;
      else hi = mid;
    }
    return order.slice(Math.max(0, lo - k), Math.min(order.length, lo + k));
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
