// Realistic benchmark workload: model-style responses built from the real ChartQA gold tables in
// ../shared/data/chartqa, each with a TypeScript snippet and the equivalent Python snippet (for the
// peer baseline, which runs one python3 subprocess per snippet).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../src/table/index.js";
import type { Table } from "../src/table/types.js";

export interface WorkItem {
  id: string;
  response: string;
  answer: string;
  /** Equivalent Python program printing the answer (the baseline). */
  python: string;
  /** Table rows as JSON (for the Python program). */
  rowsJson: string;
}

interface Template {
  ts: (label: string, value: string) => string;
  py: (label: string, value: string) => string;
}

const q = (s: string) => JSON.stringify(s);

const TEMPLATES: Template[] = [
  {
    ts: (l, v) => `const rows = table.filter(r => typeof r[${q(v)}] === "number");\nconst best = rows.reduce((a, b) => (b[${q(v)}] as number) > (a[${q(v)}] as number) ? b : a);\nreturn best[${q(l)}] as string;`,
    py: (l, v) => `rows = [r for r in table if isinstance(r[${q(v)}], (int, float))]\nbest = max(rows, key=lambda r: r[${q(v)}])\nprint(best[${q(l)}])`,
  },
  {
    ts: (_l, v) => `const xs: number[] = table.map(r => r[${q(v)}]).filter((x): x is number => typeof x === "number");\nreturn xs.reduce((a, b) => a + b, 0);`,
    py: (_l, v) => `xs = [r[${q(v)}] for r in table if isinstance(r[${q(v)}], (int, float))]\nprint(sum(xs))`,
  },
  {
    ts: (_l, v) => `const xs = table.map(r => r[${q(v)}] as number).filter(x => x !== null);\nconst mean = xs.reduce((a, b) => a + b, 0) / xs.length;\nreturn Math.round(mean * 100) / 100;`,
    py: (_l, v) => `xs = [r[${q(v)}] for r in table if r[${q(v)}] is not None]\nprint(round(sum(xs) / len(xs), 2))`,
  },
  {
    ts: (_l, v) => `const xs = table.map(r => r[${q(v)}] as number).filter(x => x !== null);\nreturn Math.max(...xs) - Math.min(...xs);`,
    py: (_l, v) => `xs = [r[${q(v)}] for r in table if r[${q(v)}] is not None]\nprint(max(xs) - min(xs))`,
  },
  {
    ts: (_l, v) => `const xs = table.map(r => r[${q(v)}] as number).filter(x => x !== null);\nconst mean = xs.reduce((a, b) => a + b, 0) / xs.length;\nreturn xs.filter(x => x > mean).length;`,
    py: (_l, v) => `xs = [r[${q(v)}] for r in table if r[${q(v)}] is not None]\nm = sum(xs) / len(xs)\nprint(len([x for x in xs if x > m]))`,
  },
  {
    ts: (l, v) => `const row = table.find(r => String(r[${q(l)}]) === String(table[0][${q(l)}]));\nreturn row ? (row[${q(v)}] as number) : "none";`,
    py: (l, v) => `row = next((r for r in table if str(r[${q(l)}]) == str(table[0][${q(l)}])), None)\nprint(row[${q(v)}] if row else "none")`,
  },
];

function pick(table: Table): { label: string; value: string } | undefined {
  const label = table.columns.find((_c, i) => table.kinds[i] === "label") ?? table.columns[0];
  const value = table.columns.find((c, i) => table.kinds[i] === "number" && c !== label);
  if (label === undefined || value === undefined) return undefined;
  const numbers = table.rows.filter((r) => typeof r[value] === "number").length;
  return numbers >= 2 ? { label, value } : undefined;
}

/** Build `count` work items by cycling over the ChartQA tables and the snippet templates. */
export function buildWorkload(dataDir: string, count: number): WorkItem[] {
  const lines = readFileSync(join(dataDir, "questions.jsonl"), "utf8").trim().split("\n");
  const charts = new Map<string, { csv: string; table: Table; cols: { label: string; value: string } }>();
  for (const line of lines) {
    const item = JSON.parse(line) as { chart: string; table: string | null };
    if (!item.table || charts.has(item.chart)) continue;
    const csv = readFileSync(join(dataDir, item.table), "utf8").replace(/\r\n/g, "\n").trim();
    const table = parseCsv(csv);
    const cols = pick(table);
    if (cols) charts.set(item.chart, { csv, table, cols });
  }
  const list = [...charts.values()];
  const items: WorkItem[] = [];
  for (let i = 0; i < count; i++) {
    const chart = list[i % list.length]!;
    const t = TEMPLATES[Math.floor(i / list.length) % TEMPLATES.length]!;
    const { label, value } = chart.cols;
    const rows = chart.table.rows;
    const response = [
      "<programability>yes</programability>",
      "<csv>",
      chart.csv,
      "</csv>",
      "<code>",
      t.ts(label, value),
      "</code>",
      "<answer>0</answer>",
    ].join("\n");
    items.push({ id: `w${i}`, response, answer: "0", python: t.py(label, value), rowsJson: JSON.stringify(rows) });
  }
  return items;
}
