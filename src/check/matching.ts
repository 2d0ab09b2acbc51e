/**
 * Minimal-cost matching between two lists (gold items and predicted items, costs in [0, 1]) with a size
 * bound, as the table metrics need it.
 *
 * Only pairs that cost less than 1 matter: a pair that costs 1 is as good as leaving both items unpaired,
 * and callers count every unpaired item as cost 1. So the minimal-cost assignment of `min(n, m)` pairs
 * (what SciPy's `linear_sum_assignment` returns) equals `min(n, m) − (the best total similarity 1 − cost of
 * any matching)`, and that matching splits into independent problems: the connected components of the
 * "cost < 1" graph. Each component is solved exactly with the Hungarian algorithm.
 *
 * Size bound: a component over {@link DEFAULT_MAX_ASSIGNMENT_WORK} (≈ n²·m steps, 400 × 400 items ≈ 0.2 s
 * in the worst case), or inputs of more than {@link MAX_MATRIX_PAIRS} pairs, are matched approximately:
 *
 * 1. items with the same identity key (equal numbers, equal row/column keys) are paired first, in order;
 * 2. if what is left fits the bound, it is solved exactly;
 * 3. otherwise candidate pairs that cost less than 1 are taken greedily, cheapest first (candidates: every
 *    pair when there are at most {@link MAX_GREEDY_PAIRS}, or those the caller lists).
 *
 * An approximate matching never costs less than the optimum, so scores built on it are lower bounds.
 * Results say whether they are `exact`.
 */
import { assignmentWork, minCostAssignment } from "./hungarian.js";

/** Largest exact component, in ≈ n²·m steps (400 × 400 items). */
export const DEFAULT_MAX_ASSIGNMENT_WORK = 64_000_000;
/** Largest input (gold × predicted items) whose full cost matrix is computed. */
export const MAX_MATRIX_PAIRS = 1_000_000;
/** Largest number of candidate pairs the greedy fallback evaluates when the caller lists none. */
export const MAX_GREEDY_PAIRS = 1_000_000;

/** Options of {@link matchMinCost}. */
export interface MatchOptions {
  /** Identity key of gold item `i` for the fallback's pre-pairing (omit to skip that step). */
  goldKey?: (i: number) => string;
  /** Identity key of predicted item `j`; paired with `goldKey`. */
  predKey?: (j: number) => string;
  /** Candidate predicted items for gold item `i` in the greedy step (default: all, when few enough). */
  candidates?: (i: number) => Iterable<number>;
  /** Exact-solution bound per component in ≈ n²·m steps (default {@link DEFAULT_MAX_ASSIGNMENT_WORK}). */
  maxWork?: number;
}

/**
 * A matching: `[gold index, predicted index]` pairs, each costing less than 1 (items not listed are
 * unpaired), and whether it is provably minimal.
 */
export interface Matching {
  pairs: Array<[number, number]>;
  exact: boolean;
}

/**
 * Match `nGold` gold items with `nPred` predicted items so that the summed `cost` (in [0, 1]) of the pairs,
 * counting each unpaired item of the smaller side as 1, is minimal (see the module comment).
 */
export function matchMinCost(
  nGold: number,
  nPred: number,
  cost: (i: number, j: number) => number,
  options: MatchOptions = {},
): Matching {
  if (nGold === 0 || nPred === 0) return { pairs: [], exact: true };
  if (nGold * nPred > MAX_MATRIX_PAIRS) {
    return { pairs: approximate(range(nGold), range(nPred), cost, options), exact: false };
  }
  const matrix = new Float64Array(nGold * nPred);
  // Union-find over gold items 0..nGold-1 and predicted items nGold..nGold+nPred-1.
  const parent = Int32Array.from({ length: nGold + nPred }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]];
      k = parent[k];
    }
    return k;
  };
  for (let i = 0; i < nGold; i++) {
    for (let j = 0; j < nPred; j++) {
      const c = cost(i, j);
      matrix[i * nPred + j] = c;
      if (c < 1) {
        const a = find(i);
        const b = find(nGold + j);
        if (a !== b) parent[a] = b;
      }
    }
  }
  const components = new Map<number, { gold: number[]; pred: number[] }>();
  const component = (k: number) => {
    const root = find(k);
    let comp = components.get(root);
    if (comp === undefined) components.set(root, (comp = { gold: [], pred: [] }));
    return comp;
  };
  for (let i = 0; i < nGold; i++) component(i).gold.push(i);
  for (let j = 0; j < nPred; j++) component(nGold + j).pred.push(j);

  const at = (i: number, j: number) => matrix[i * nPred + j];
  const maxWork = options.maxWork ?? DEFAULT_MAX_ASSIGNMENT_WORK;
  const pairs: Array<[number, number]> = [];
  let exact = true;
  for (const { gold, pred } of components.values()) {
    if (gold.length === 0 || pred.length === 0) continue;
    if (assignmentWork(gold.length, pred.length) <= maxWork) {
      pairs.push(...solveExact(gold, pred, at));
    } else {
      exact = false;
      pairs.push(...approximate(gold, pred, at, options));
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { pairs, exact };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The exact minimal-cost assignment of `gold × pred`, keeping the pairs that cost less than 1. */
function solveExact(gold: number[], pred: number[], cost: (i: number, j: number) => number): Array<[number, number]> {
  const rows = gold.length;
  const cols = pred.length;
  const matrix = new Float64Array(rows * cols);
  for (let a = 0; a < rows; a++) for (let b = 0; b < cols; b++) matrix[a * cols + b] = cost(gold[a], pred[b]);
  const { rowToCol } = minCostAssignment({ rows, cols, cost: matrix });
  const out: Array<[number, number]> = [];
  for (let a = 0; a < rows; a++) {
    const b = rowToCol[a];
    if (b >= 0 && matrix[a * cols + b] < 1) out.push([gold[a], pred[b]]);
  }
  return out;
}

/** The fallback of the module comment (identity pre-pairing, then exact or greedy). */
function approximate(
  goldItems: number[],
  predItems: number[],
  cost: (i: number, j: number) => number,
  options: MatchOptions,
): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let gold = goldItems;
  let pred = predItems;
  if (options.goldKey !== undefined && options.predKey !== undefined) {
    const byKey = new Map<string, number[]>();
    for (const j of pred) {
      const k = options.predKey(j);
      const list = byKey.get(k);
      if (list === undefined) byKey.set(k, [j]);
      else list.push(j);
    }
    const used = new Set<number>();
    const rest: number[] = [];
    for (const i of gold) {
      const list = byKey.get(options.goldKey(i));
      const j = list?.shift();
      if (j !== undefined && cost(i, j) < 1) {
        pairs.push([i, j]);
        used.add(j);
      } else rest.push(i);
    }
    gold = rest;
    pred = pred.filter((j) => !used.has(j));
  }
  if (gold.length === 0 || pred.length === 0) return pairs;
  const maxWork = options.maxWork ?? DEFAULT_MAX_ASSIGNMENT_WORK;
  if (gold.length * pred.length <= MAX_MATRIX_PAIRS && assignmentWork(gold.length, pred.length) <= maxWork) {
    pairs.push(...solveExact(gold, pred, cost));
  } else {
    pairs.push(...greedy(gold, pred, cost, options.candidates));
  }
  return pairs;
}

function greedy(
  gold: number[],
  pred: number[],
  cost: (i: number, j: number) => number,
  candidates: ((i: number) => Iterable<number>) | undefined,
): Array<[number, number]> {
  const open = new Set(pred);
  const found: Array<{ i: number; j: number; c: number }> = [];
  const consider = (i: number, j: number) => {
    const c = cost(i, j);
    if (c < 1) found.push({ i, j, c });
  };
  if (candidates !== undefined) {
    for (const i of gold) for (const j of candidates(i)) if (open.has(j)) consider(i, j);
  } else if (gold.length * pred.length <= MAX_GREEDY_PAIRS) {
    for (const i of gold) for (const j of pred) consider(i, j);
  }
  found.sort((a, b) => a.c - b.c || a.i - b.i || a.j - b.j);
  const usedGold = new Set<number>();
  const out: Array<[number, number]> = [];
  for (const { i, j } of found) {
    if (usedGold.has(i) || !open.has(j)) continue;
    usedGold.add(i);
    open.delete(j);
    out.push([i, j]);
  }
  return out;
}
