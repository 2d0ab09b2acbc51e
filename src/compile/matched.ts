import { labelText, type TableView } from "./table-view.js";
import type { Expr, Plan, Pool } from "./types.js";

/** The columns and categories a plan reads. */
export function matchedOf(plan: Plan, view: TableView): { columns: string[]; labels: string[] } {
  const cols = new Set<string>();
  const rows = new Set<number>();
  const pool = (p: Pool) => {
    switch (p.kind) {
      case "series":
        cols.add(p.col);
        p.rows?.forEach((r) => rows.add(r));
        break;
      case "across":
        rows.add(p.row);
        p.cols.forEach((c) => cols.add(c));
        break;
      case "grid":
        p.cols.forEach((c) => cols.add(c));
        break;
      case "cells":
        for (const c of p.cells) {
          rows.add(c.row);
          cols.add(c.col);
        }
        break;
      case "extremes":
      case "repeated":
        cols.add(p.col);
        break;
      case "filtered":
        pool(p.pool);
        break;
    }
  };
  const expr = (e: Expr): void => {
    switch (e.kind) {
      case "cell":
        rows.add(e.cell.row);
        cols.add(e.cell.col);
        break;
      case "aggregate":
      case "rank":
        pool(e.pool);
        break;
      case "binary":
        expr(e.a);
        expr(e.b);
        break;
      case "pct-change":
        expr(e.from);
        expr(e.to);
        break;
      case "combine":
        e.items.forEach(expr);
        break;
      case "const":
        break;
    }
  };
  switch (plan.kind) {
    case "value":
      expr(plan.expr);
      break;
    case "compare":
      expr(plan.a);
      expr(plan.b);
      break;
    case "quantified":
    case "count":
      if (plan.kind === "quantified" || plan.pool !== undefined) pool(plan.pool);
      break;
    case "count-rows":
    case "count-cols":
      break;
    case "argrank": {
      const o = plan.over;
      if (o.kind === "cols") {
        o.cols.forEach((c) => cols.add(c));
        if (o.row !== "sum") rows.add(o.row);
      } else if (o.kind === "cols-gap") {
        o.cols.forEach((c) => cols.add(c));
        rows.add(o.a);
        rows.add(o.b);
      } else if (o.kind === "cols-change") {
        o.cols.forEach((c) => cols.add(c));
        rows.add(o.from);
        rows.add(o.to);
      } else if (o.kind === "cols-lead") {
        o.cols.forEach((c) => cols.add(c));
      } else if (o.kind === "rows-change") {
        cols.add(o.from);
        cols.add(o.to);
      } else if (o.kind === "rows-gap") {
        cols.add(o.a);
        cols.add(o.b);
        o.rows?.forEach((r) => rows.add(r));
      } else {
        if (o.score === "sum" || o.score === "average") view.valueCols.forEach((c) => cols.add(c));
        else cols.add(o.col);
        o.rows?.forEach((r) => rows.add(r));
      }
      break;
    }
    case "reverse":
      cols.add(plan.col);
      plan.also?.forEach((a) => cols.add(a.col));
      break;
    case "trend":
      if (plan.series.kind === "col") cols.add(plan.series.col);
      else {
        rows.add(plan.series.row);
        plan.series.cols.forEach((c) => cols.add(c));
      }
      break;
    case "reverse-series":
      rows.add(plan.row);
      plan.cols.forEach((c) => cols.add(c));
      break;
  }
  return { columns: [...cols], labels: [...rows].sort((a, b) => a - b).map((r) => labelText(view.labels[r] ?? null)) };
}
