import { CodeWriter } from "./code-writer.js";
import { emitArgRank, emitReverse } from "./emit-rank.js";
import { emitTrend } from "./emit-trend.js";
import { labelText, type TableView } from "./table-view.js";
import type { CellRef, Expr, Plan, Pool } from "./types.js";

/** Write the snippet for a plan. Throws only on plans the rules never produce (a bug, not a question). */
export function emitPlan(plan: Plan, view: TableView): string {
  const w = new CodeWriter(view);
  switch (plan.kind) {
    case "value": {
      if (plan.expr.kind === "aggregate" && plan.expr.fn === "mode") {
        // several values may tie for most frequent: then the answer lists them all
        const modes = emitModes(plan.expr.pool, w);
        w.line(`return ${modes}.length === 1 ? ${modes}[0] : ${modes};`);
        break;
      }
      const e = emitExpr(plan.expr, w);
      w.line(`return ${e};`);
      break;
    }
    case "compare": {
      const a = emitExpr(plan.a, w);
      const b = emitExpr(plan.b, w);
      const test = plan.op === "=" ? `Math.abs(${a} - ${b}) < 1e-9` : `${a} ${plan.op} ${b}`;
      w.line(`return ${test} ? "Yes" : "No";`);
      break;
    }
    case "quantified": {
      const values = emitPool(plan.pool, w);
      const fn = plan.quantifier === "any" ? "some" : "every";
      w.line(`return ${values}.${fn}((v) => v ${plan.op} ${plan.value}) ? "Yes" : "No";`);
      break;
    }
    case "count": {
      const values = emitPool(plan.pool, w);
      if (plan.op === undefined) w.line(`return ${values}.length;`);
      else w.line(`return ${values}.filter((v) => v ${plan.op === "=" ? "===" : plan.op} ${plan.value}).length;`);
      break;
    }
    case "count-rows":
      w.line("return table.length;");
      break;
    case "count-cols":
      w.line("return columns.length - 1; // every column after the first is a year");
      break;
    case "argrank":
      emitArgRank(plan, w);
      break;
    case "reverse":
      emitReverse(plan, w);
      break;
    case "reverse-series": {
      w.line(`const target = ${plan.value};`);
      const row = w.name(labelText(view.labels[plan.row] ?? null) || "row");
      w.line(`const ${row} = ${w.findRow(plan.row)};`);
      w.line(`return ${colList(plan.cols, w)}.find((c) => ${row}[c] === target)!;`);
      break;
    }
    case "trend":
      emitTrend(plan, w);
      break;
  }
  return w.code();
}

function cellName(cell: CellRef, w: CodeWriter): string {
  const label = w.view.labels[cell.row] ?? null;
  const short = (text: string, n: number) => text.split(/\s+/).slice(0, n).join(" ");
  const col = short(cell.col, 2);
  if (typeof label === "number") return w.name(w.view.valueCols.length > 1 ? `${col} ${label}` : `value ${label}`);
  return w.name(w.view.valueCols.length > 1 ? `${short(label ?? "", 3)} ${col}` : short(label ?? "", 3));
}

/** Emit the lines an expression needs and return the expression text that refers to them. */
export function emitExpr(e: Expr, w: CodeWriter): string {
  switch (e.kind) {
    case "const":
      return String(e.value);
    case "cell": {
      const name = cellName(e.cell, w);
      w.line(`const ${name} = ${w.findRow(e.cell.row)}[${w.colRef(e.cell.col)}] as number;`);
      return name;
    }
    case "aggregate": {
      const values = emitPool(e.pool, w);
      if (e.fn === "sum") {
        const name = w.name("total");
        w.line(`const ${name} = ${values}.reduce((sum, v) => sum + v, 0);`);
        return name;
      }
      if (e.fn === "average") {
        const name = w.name("average");
        w.line(`const ${name} = ${values}.reduce((sum, v) => sum + v, 0) / ${values}.length;`);
        return name;
      }
      if (e.fn === "product") {
        const name = w.name("product");
        w.line(`const ${name} = ${values}.reduce((product, v) => product * v, 1);`);
        return name;
      }
      if (e.fn === "mode") {
        const modes = emitModes(e.pool, w, values);
        const name = w.name("mode");
        w.line(`const ${name} = ${modes}[0]; // the one most frequent value`);
        return name;
      }
      const name = w.name("median");
      w.line(`const ${name} = math.median(${values}) as number;`);
      return name;
    }
    case "rank": {
      const values = emitPool(e.pool, w);
      const word = e.dir === "max" ? "highest" : "lowest";
      if (e.k === 1) {
        const name = w.name(word);
        w.line(`const ${name} = Math.${e.dir}(...${values});`);
        return name;
      }
      const sorted = w.name("sorted");
      w.line(`const ${sorted} = [...${values}].sort((a, b) => ${e.dir === "max" ? "b - a" : "a - b"});`);
      const name = w.name(`${ordinalWord(e.k)} ${word}`);
      w.line(`const ${name} = ${sorted}[${e.k - 1}];`);
      return name;
    }
    case "binary": {
      const a = emitExpr(e.a, w);
      const b = emitExpr(e.b, w);
      if (e.op === "absdiff") return `Math.abs(${a} - ${b})`;
      return `${a} ${e.op} ${b}`;
    }
    case "pct-change": {
      const from = emitExpr(e.from, w);
      const to = emitExpr(e.to, w);
      return `((${to} - ${from}) / ${from}) * 100`;
    }
    case "combine": {
      const items = e.items.map((x) => emitExpr(x, w));
      if (e.fn === "sum") return items.join(" + ");
      if (e.fn === "average") return `(${items.join(" + ")}) / ${items.length}`;
      if (e.fn === "product") return items.join(" * ");
      return `math.median([${items.join(", ")}]) as number`;
    }
  }
}

/** Emit the most frequent values of a pool (ascending) and return the name of that array. */
function emitModes(pool: Pool, w: CodeWriter, values = emitPool(pool, w)): string {
  const counts = w.name("counts");
  const most = w.name("most");
  w.line(`const ${counts} = new Map<number, number>();`);
  w.line(`for (const v of ${values}) ${counts}.set(v, (${counts}.get(v) ?? 0) + 1);`);
  w.line(`const ${most} = Math.max(...${counts}.values());`);
  const modes = w.name("modes");
  w.line(`const ${modes} = [...${counts}.keys()].filter((v) => ${counts}.get(v) === ${most}).sort((a, b) => a - b);`);
  return modes;
}

function ordinalWord(k: number): string {
  return ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"][k] ?? `n${k}`;
}

export const NUMBERS_ONLY = "((v): v is number => typeof v === \"number\")";

/** Emit the lines for a pool of numbers and return the name of the `number[]`. */
export function emitPool(pool: Pool, w: CodeWriter): string {
  const key = JSON.stringify(pool);
  const known = w.pools.get(key);
  if (known !== undefined) return known;
  const name = emitPoolOnce(pool, w);
  w.pools.set(key, name);
  return name;
}

function emitPoolOnce(pool: Pool, w: CodeWriter): string {
  const { view } = w;
  switch (pool.kind) {
    case "series": {
      let rows = "table";
      if (pool.rows !== undefined) rows = emitRowSubset(pool.rows, w);
      else rows = categoryRows(w, false);
      const name = w.name("values");
      w.line(`const ${name} = ${rows}.map((r) => ${w.get("r", pool.col)}).filter${NUMBERS_ONLY};`);
      return name;
    }
    case "across": {
      const row = w.name(labelText(view.labels[pool.row] ?? null) || "row");
      w.line(`const ${row} = ${w.findRow(pool.row)};`);
      const name = w.name("values");
      w.line(`const ${name} = ${colList(pool.cols, w)}.map((c) => ${row}[c]).filter${NUMBERS_ONLY};`);
      return name;
    }
    case "grid": {
      const name = w.name("values");
      w.line(`const ${name} = table.flatMap((r) => ${colList(pool.cols, w)}.map((c) => r[c])).filter${NUMBERS_ONLY};`);
      return name;
    }
    case "cells": {
      const cols = new Set(pool.cells.map((c) => c.col));
      if (cols.size === 1) {
        const col = pool.cells[0]!.col;
        const picked = w.name("picked");
        w.line(`const ${picked} = [${pool.cells.map((c) => w.lit(view.labels[c.row] ?? null)).join(", ")}];`);
        const name = w.name("values");
        w.line(`const ${name} = table.filter((r) => ${picked}.includes(${w.get("r", view.labelCol)} as ${labelType(view)})).map((r) => ${w.num("r", col)});`);
        return name;
      }
      const items = pool.cells.map((c) => emitExpr({ kind: "cell", cell: c }, w));
      const name = w.name("values");
      w.line(`const ${name} = [${items.join(", ")}];`);
      return name;
    }
    case "filtered": {
      const all = emitPool(pool.pool, w);
      const name = w.name(pool.op === ">" ? "above" : "below");
      w.line(`const ${name} = ${all}.filter((v) => v ${pool.op} ${pool.value});`);
      return name;
    }
    case "repeated": {
      const all = emitPool({ kind: "series", col: pool.col }, w);
      const name = w.name("repeated");
      w.line(`const ${name} = ${all}.filter((v) => ${all}.indexOf(v) !== ${all}.lastIndexOf(v)); // values another bar shares`);
      return name;
    }
    case "extremes": {
      const all = emitPool({ kind: "series", col: pool.col }, w);
      const name = w.name(`${pool.dir === "max" ? "largest" : "smallest"} ${ordinalCount(pool.k)}`);
      w.line(`const ${name} = [...${all}].sort((a, b) => ${pool.dir === "max" ? "b - a" : "a - b"}).slice(0, ${pool.k});`);
      return name;
    }
  }
}

function ordinalCount(k: number): string {
  return ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"][k] ?? String(k);
}

function labelType(view: TableView): string {
  return view.labels.every((l) => typeof l === "number") ? "number" : "string";
}

/** `["A", "B"]`, or `columns.slice(1)` when the list is every column after the first. */
export function colList(cols: string[], w: CodeWriter): string {
  const { table } = w.view;
  if (cols.length === table.columns.length - 1 && cols.every((c, i) => c === table.columns[i + 1])) return "columns.slice(1)";
  return `[${cols.map((c) => w.colRef(c)).join(", ")}]`;
}

/**
 * `table`, or the rows without totals ("Total", "World") and, when asking which category is largest,
 * without catch-alls ("Other"): those are not categories of their own.
 */
export function categoryRows(w: CodeWriter, withoutOther: boolean): string {
  const { view } = w;
  const skip = [...view.totalRows, ...(withoutOther ? view.otherRows : [])].sort((a, b) => a - b);
  if (skip.length === 0) return "table";
  const labels = skip.map((i) => w.lit(view.labels[i] ?? null));
  const name = w.name("categories");
  const test = labels.length === 1 ? `${w.get("r", view.labelCol)} !== ${labels[0]}` : `![${labels.join(", ")}].includes(${w.get("r", view.labelCol)} as string)`;
  w.line(`const ${name} = table.filter((r) => ${test}); // ${labels.join(", ")} ${labels.length === 1 ? "is not a category of its own" : "are not categories of their own"}`);
  return name;
}

/** Rows of a subset (by index): a year range for numeric years, else a list of categories. */
export function emitRowSubset(rows: number[], w: CodeWriter): string {
  const { view } = w;
  const labels = rows.map((i) => view.labels[i] ?? null);
  if (labels.every((l) => typeof l === "number")) {
    const nums = labels as number[];
    const lo = Math.min(...nums);
    const hi = Math.max(...nums);
    const all = view.labels.filter((l) => typeof l === "number" && l >= lo && l <= hi).length === rows.length;
    if (all) {
      const name = w.name("inRange");
      const label = w.get("r", view.labelCol);
      w.line(`const ${name} = table.filter((r) => (${label} as number) >= ${lo} && (${label} as number) <= ${hi});`);
      return name;
    }
  }
  const picked = w.name("picked");
  const name = w.name("chosen");
  w.line(`const ${picked} = [${labels.map((l) => w.lit(l)).join(", ")}];`);
  w.line(`const ${name} = table.filter((r) => ${picked}.includes(${w.get("r", view.labelCol)} as ${labelType(view)}));`);
  return name;
}
