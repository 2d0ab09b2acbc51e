import type { TableView } from "./table-view.js";
import type { Pool } from "./types.js";

/**
 * The numbers a pool holds in this table, as the emitted snippet computes them. The compiler uses it
 * to refuse questions whose answer the table cannot settle (no repeated value for a "mode").
 */
export function poolValues(pool: Pool, view: TableView): number[] {
  const { rows } = view.table;
  const nums = (cells: unknown[]) => cells.filter((v): v is number => typeof v === "number");
  switch (pool.kind) {
    case "series": {
      const picked = pool.rows ?? rows.map((_, i) => i).filter((i) => !view.totalRows.includes(i));
      return nums(picked.map((i) => rows[i]![pool.col]));
    }
    case "across":
      return nums(pool.cols.map((c) => rows[pool.row]![c]));
    case "grid":
      return nums(rows.flatMap((r) => pool.cols.map((c) => r[c])));
    case "cells":
      return nums(pool.cells.map((c) => rows[c.row]![c.col]));
    case "extremes": {
      const all = poolValues({ kind: "series", col: pool.col }, view);
      return [...all].sort((a, b) => (pool.dir === "max" ? b - a : a - b)).slice(0, pool.k);
    }
    case "repeated": {
      const all = poolValues({ kind: "series", col: pool.col }, view);
      return all.filter((v) => all.indexOf(v) !== all.lastIndexOf(v));
    }
    case "filtered":
      return poolValues(pool.pool, view).filter((v) => (pool.op === ">" ? v > pool.value : v < pool.value));
  }
}

/** The most frequent values of a list, ascending (every value when none repeats). */
export function modesOf(values: number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const most = Math.max(...counts.values());
  return [...counts.keys()].filter((v) => counts.get(v) === most).sort((a, b) => a - b);
}
