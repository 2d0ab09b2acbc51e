/**
 * Minimum-cost assignment (the Hungarian algorithm, in its O(n²·m) shortest-augmenting-path form with
 * potentials), the TypeScript counterpart of SciPy's `linear_sum_assignment` that DePlot's metrics use.
 *
 * For an `n × m` cost matrix it assigns `min(n, m)` rows to distinct columns so that the sum of the chosen
 * costs is minimal. It is exact: tests compare it with brute force on every small shape.
 */

/** A rectangular cost matrix, row-major. */
export interface CostMatrix {
  rows: number;
  cols: number;
  /** `cost[i * cols + j]`: the cost of assigning row `i` to column `j` (finite numbers). */
  cost: Float64Array;
}

/** The result of {@link minCostAssignment}. */
export interface Assignment {
  /** For each row, the column it is assigned to, or -1 (only when `rows > cols`). */
  rowToCol: Int32Array;
  /** The sum of the chosen costs. */
  total: number;
}

/** The work (≈ n²·m elementary steps) of an exact assignment on an `rows × cols` matrix. */
export function assignmentWork(rows: number, cols: number): number {
  const n = Math.min(rows, cols);
  const m = Math.max(rows, cols);
  return n * n * m;
}

/**
 * Solve the rectangular assignment problem exactly.
 *
 * @returns every row's column (`-1` for the rows left over when there are more rows than columns) and the
 *   minimal total cost. An empty matrix gives an empty assignment with total 0.
 */
export function minCostAssignment(matrix: CostMatrix): Assignment {
  const { rows, cols, cost } = matrix;
  const rowToCol = new Int32Array(rows).fill(-1);
  if (rows === 0 || cols === 0) return { rowToCol, total: 0 };
  // The algorithm needs n ≤ m: solve the transposed problem when there are more rows than columns.
  const transposed = rows > cols;
  const n = transposed ? cols : rows;
  const m = transposed ? rows : cols;
  const at = transposed ? (i: number, j: number) => cost[j * cols + i] : (i: number, j: number) => cost[i * cols + j];

  // 1-based arrays as in the classic formulation; index 0 is the virtual start column.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: the row matched to column j (0 = none)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);

  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      const ui0 = u[i0];
      for (let j = 1; j <= m; j++) {
        if (used[j] === 1) continue;
        const cur = at(i0 - 1, j - 1) - ui0 - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j] === 1) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }

  let total = 0;
  for (let j = 1; j <= m; j++) {
    if (p[j] === 0) continue;
    const i = p[j] - 1;
    const c = j - 1;
    if (transposed) rowToCol[c] = i;
    else rowToCol[i] = c;
    total += at(i, c);
  }
  return { rowToCol, total };
}
