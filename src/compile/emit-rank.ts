import type { CodeWriter } from "./code-writer.js";
import { categoryRows, colList, emitRowSubset, NUMBERS_ONLY } from "./emit.js";
import { labelText } from "./table-view.js";
import type { Plan } from "./types.js";

/** Write "which category (or series) holds the k-th largest value" for an argrank plan. */
export function emitArgRank(plan: Extract<Plan, { kind: "argrank" }>, w: CodeWriter): void {
  const { view } = w;
  const { over, dir, k } = plan;
  const byScore = (score: string) => (dir === "max" ? `${score}(b) - ${score}(a)` : `${score}(a) - ${score}(b)`);
  if (over.kind === "cols-lead") {
    const series = w.name("series");
    w.line(`const ${series} = ${colList(over.cols, w)};`);
    w.line(`const complete = table.filter((r) => ${series}.every((c) => typeof r[c] === "number"));`);
    w.line(`const leaders = complete.map((r) => ${series}.reduce((a, b) => ((r[b] as number) ${dir === "max" ? ">" : "<"} (r[a] as number) ? b : a)));`);
    w.line(`return leaders[0]; // the same series leads at every point in time (checked when compiled)`);
    return;
  }
  if (over.kind === "cols" || over.kind === "cols-gap" || over.kind === "cols-change") {
    // the answer is a series name (a year column, an option)
    const series = w.name("series");
    w.line(`const ${series} = ${colList(over.cols, w)};`);
    let score: string;
    if (over.kind === "cols-change") {
      const from = w.name(labelText(view.labels[over.from] ?? null) || "from");
      const to = w.name(labelText(view.labels[over.to] ?? null) || "to");
      w.line(`const ${from} = ${w.findRow(over.from)};`);
      w.line(`const ${to} = ${w.findRow(over.to)};`);
      w.line(`const changeOf = (c: string) => (${to}[c] as number) - (${from}[c] as number);`);
      w.line(`const candidates = ${series}.filter((c) => typeof ${from}[c] === "number" && typeof ${to}[c] === "number");`);
      score = "changeOf";
    } else if (over.kind === "cols-gap") {
      const a = w.name(labelText(view.labels[over.a] ?? null) || "first");
      const b = w.name(labelText(view.labels[over.b] ?? null) || "second");
      w.line(`const ${a} = ${w.findRow(over.a)};`);
      w.line(`const ${b} = ${w.findRow(over.b)};`);
      w.line(`const gapOf = (c: string) => Math.abs((${a}[c] as number) - (${b}[c] as number));`);
      w.line(`const candidates = ${series}.filter((c) => typeof ${a}[c] === "number" && typeof ${b}[c] === "number");`);
      score = "gapOf";
    } else if (over.row === "sum") {
      w.line(`const totalOf = (c: string) => table.reduce((sum, r) => sum + ((r[c] as number) ?? 0), 0);`);
      w.line(`const candidates = ${series};`);
      score = "totalOf";
    } else {
      const row = w.name(labelText(view.labels[over.row] ?? null) || "row");
      w.line(`const ${row} = ${w.findRow(over.row)};`);
      w.line(`const valueOf = (c: string) => ${row}[c] as number;`);
      w.line(`const candidates = ${series}.filter((c) => typeof ${row}[c] === "number");`);
      score = "valueOf";
    }
    if (k === 1) w.line(`return candidates.reduce((a, b) => (${score}(b) ${dir === "max" ? ">" : "<"} ${score}(a) ? b : a));`);
    else {
      w.line(`const ranked = [...candidates].sort((a, b) => ${byScore(score)});`);
      w.line(`return ranked[${k - 1}];`);
    }
    return;
  }
  let rows = "table";
  if (over.kind !== "rows-change" && over.rows !== undefined) rows = emitRowSubset(over.rows, w);
  else rows = categoryRows(w, true);
  const numeric = (cols: string[]) => cols.map((c) => `typeof ${w.get("r", c)} === "number"`).join(" && ");
  let score: string;
  if (over.kind === "rows-gap") {
    w.line(`const gapOf = (r: (typeof table)[number]) => Math.abs(${w.num("r", over.a)} - ${w.num("r", over.b)});`);
    w.line(`const candidates = ${rows}.filter((r) => ${numeric([over.a, over.b])});`);
    score = "gapOf";
  } else if (over.kind === "rows-change") {
    w.line(`const changeOf = (r: (typeof table)[number]) => ${w.num("r", over.to)} - ${w.num("r", over.from)};`);
    w.line(`const candidates = ${rows}.filter((r) => ${numeric([over.from, over.to])});`);
    score = "changeOf";
  } else if (over.score === "sum") {
    w.line(`const totalOf = (r: (typeof table)[number]) => ${colList(view.valueCols, w)}.reduce((sum, c) => sum + ((r[c] as number) ?? 0), 0);`);
    w.line(`const candidates = ${rows};`);
    score = "totalOf";
  } else if (over.score === "average") {
    w.line(`const averageOf = (r: (typeof table)[number]) => {`);
    w.line(`  const values = ${colList(view.valueCols, w)}.map((c) => r[c]).filter${NUMBERS_ONLY};`);
    w.line(`  return values.reduce((sum, v) => sum + v, 0) / values.length;`);
    w.line(`};`);
    w.line(`const candidates = ${rows};`);
    score = "averageOf";
  } else {
    w.line(`const valueOf = (r: (typeof table)[number]) => ${w.num("r", over.col)};`);
    w.line(`const candidates = ${rows}.filter((r) => ${numeric([over.col])});`);
    score = "valueOf";
  }
  const label = w.get("r", view.labelCol);
  if (k === 1) {
    const best = dir === "max" ? "best" : "least";
    w.line(`const ${best} = Math.${dir}(...candidates.map(${score}));`);
    w.line(`const names = candidates.filter((r) => ${score}(r) === ${best}).map((r) => ${label});`);
    w.line(`return names.length === 1 ? names[0] : names; // ties give every tied category`);
  } else {
    w.line(`const ranked = [...candidates].sort((a, b) => ${byScore(score)});`);
    w.line(`return ${w.get(`ranked[${k - 1}]`, view.labelCol)};`);
  }
}

/** Write "which category holds this number" for a reverse-lookup plan. */
export function emitReverse(plan: Extract<Plan, { kind: "reverse" }>, w: CodeWriter): void {
  const { view } = w;
  if (plan.scale !== undefined && plan.scale !== 1) {
    w.line(`const target = ${plan.value} * ${plan.scale}; // the question's number in the series' unit`);
  } else w.line(`const target = ${plan.value};`);
  if (plan.approx) {
    w.line(`const candidates = table.filter((r) => typeof ${w.get("r", plan.col)} === "number");`);
    w.line(`const distance = (r: (typeof table)[number]) => Math.abs(${w.num("r", plan.col)} - target);`);
    w.line(`const closest = candidates.reduce((a, b) => (distance(b) < distance(a) ? b : a));`);
    w.line(`return ${w.get("closest", view.labelCol)};`);
    return;
  }
  const also = (plan.also ?? []).map((a) => ` && ${w.get("r", a.col)} === ${a.value}`).join("");
  w.line(`const match = table.find((r) => ${w.get("r", plan.col)} === target${also})!;`);
  w.line(`return ${w.get("match", view.labelCol)};`);
}
