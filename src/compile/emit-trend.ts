import type { CodeWriter } from "./code-writer.js";
import { colList } from "./emit.js";
import { labelText } from "./table-view.js";
import type { Plan } from "./types.js";

/** Write a trend question: build chronological `points` ({ at, value }) and answer from them. */
export function emitTrend(plan: Extract<Plan, { kind: "trend" }>, w: CodeWriter): void {
  const { view } = w;
  const series = plan.series;
  // Every trend question works on `points`: { at, value } in chronological order, missing values left out.
  if (series.kind === "col") {
    const order = view.time!.order;
    const source = order === "descending" ? "[...table].reverse()" : "table";
    const note = order === "descending" ? " // rows are listed newest first" : "";
    w.line(`const points = ${source}`);
    w.line(`  .filter((r) => typeof ${w.get("r", series.col)} === "number")`);
    if (order === "unsorted") w.line(`  .sort((a, b) => (${w.get("a", view.labelCol)} as number) - (${w.get("b", view.labelCol)} as number))`);
    w.line(`  .map((r) => ({ at: ${w.get("r", view.labelCol)}, value: ${w.num("r", series.col)} }));${note}`);
  } else {
    const row = w.name(labelText(view.labels[series.row] ?? null) || "row");
    w.line(`const ${row} = ${w.findRow(series.row)};`);
    const years = series.cols.map(Number);
    const ascending = years.every((y, i) => i === 0 || y > years[i - 1]!);
    const descending = years.every((y, i) => i === 0 || y < years[i - 1]!);
    let cols = colList(series.cols, w);
    if (descending) cols += ".reverse()";
    else if (!ascending) cols += ".sort((a, b) => Number(a) - Number(b))";
    w.line(`const points = ${cols} // the years run across the columns`);
    w.line(`  .filter((year) => typeof ${row}[year] === "number")`);
    w.line(`  .map((year) => ({ at: year, value: ${row}[year] as number }));`);
  }
  const ask = plan.ask;
  switch (ask.kind) {
    case "endpoint":
      w.line(`return points[${ask.which === "first" ? "0" : "points.length - 1"}].at;`);
      return;
    case "direction": {
      if (ask.expect === "increasing") {
        w.line(`const rising = points.every((p, i) => i === 0 || p.value > points[i - 1].value);`);
        w.line(`return rising ? "Yes" : "No";`);
      } else {
        w.line(`const falling = points.every((p, i) => i === 0 || p.value < points[i - 1].value);`);
        w.line(`return falling ? "Yes" : "No";`);
      }
      return;
    }
    case "run-start": {
      const cmp = ask.dir === "decrease" ? ">" : "<";
      w.line(`// walk back from the latest point while each earlier point is ${ask.dir === "decrease" ? "higher" : "lower"}`);
      w.line(`let start = points.length - 1;`);
      w.line(`while (start > 0 && points[start - 1].value ${cmp} points[start].value) start--;`);
      w.line(`return points[start].at;`);
      return;
    }
    case "first-crossing":
      w.line(`return points.find((p) => p.value ${ask.op} ${ask.value})!.at;`);
      return;
    case "largest-step":
    case "count-steps": {
      w.line(`const steps = points.slice(1).map((p, i) => ({ at: p.at, change: p.value - points[i].value }));`);
      if (ask.kind === "count-steps") {
        w.line(`return steps.filter((s) => s.change ${ask.dir === "increase" ? ">" : "<"} 0).length;`);
        return;
      }
      const cmp = ask.dir === "increase" ? ">" : "<";
      w.line(`const biggest = steps.reduce((a, b) => (b.change ${cmp} a.change ? b : a));`);
      w.line(`return biggest.at;`);
      return;
    }
  }
}
