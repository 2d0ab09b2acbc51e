import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditArithmetic } from "../src/audit/index.js";
import { parseCsv } from "../src/table/index.js";

const DATA = join(import.meta.dirname, "../../shared/data");

describe("auditArithmetic over real model outputs (ChartBench predictions)", () => {
  it("runs over every answer and prompt quickly, without throwing or flagging", () => {
    const dir = join(DATA, "chartbench/predictions");
    const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
    expect(files.length).toBeGreaterThanOrEqual(5);
    let texts = 0;
    let chars = 0;
    let checked = 0;
    let wrong = 0;
    const t0 = performance.now();
    for (const file of files) {
      for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
        if (line.trim() === "") continue;
        const record = JSON.parse(line) as { conversation: Array<{ query: string; answer: string }> };
        for (const turn of record.conversation) {
          for (const text of [turn.answer, turn.query]) {
            const report = auditArithmetic(text);
            texts += 1;
            chars += text.length;
            checked += report.checked;
            wrong += report.wrong.length;
          }
        }
      }
    }
    const ms = performance.now() - t0;
    console.log(`ChartBench predictions: ${texts} texts (${chars} chars) from ${files.length} models; ${checked} claims checked, ${wrong} wrong; ${ms.toFixed(0)} ms`);
    expect(texts).toBeGreaterThan(20_000);
    // These outputs are short yes/no and value answers with dates, years and decimals but no
    // arithmetic: nothing may be flagged.
    expect(wrong).toBe(0);
    expect(ms).toBeLessThan(50_000); // hang guard; speed belongs to npm run bench
  });

  it("finds no false claims in ChartVLM's descriptions, summaries and redrawing code (ChartX)", () => {
    const records = JSON.parse(readFileSync(join(DATA, "chartx/chartvlm_predictions.json"), "utf8")) as Array<Record<string, unknown>>;
    let wrong = 0;
    for (const r of records) for (const v of Object.values(r)) if (typeof v === "string") wrong += auditArithmetic(v).wrong.length;
    expect(wrong).toBe(0);
  });
});

const CLEAN_CELL = /^-?[$€£]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/;

interface Printed {
  raw: string;
  value: number;
}

/** Writes `value` the way `like` is printed: same decimals, currency, `%` and thousands separators. */
function printLike(value: number, decimals: number, a: string, b: string): string {
  const grouped = a.includes(",") || b.includes(",");
  const body = grouped
    ? Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    : Math.abs(value).toFixed(decimals);
  const currency = /[$€£]/.exec(a)?.[0] ?? "";
  const sameCurrency = currency !== "" && b.includes(currency) ? currency : "";
  const percent = a.endsWith("%") && b.endsWith("%") ? "%" : "";
  return `${value < 0 ? "-" : ""}${sameCurrency}${body}${percent}`;
}

const decimalsOf = (raw: string): number => /\.(\d+)/.exec(raw)?.[1].length ?? 0;

/** Two printed numbers from the first numeric column of each real ChartQA table. */
function realPairs(): Array<{ table: string; labels: [string, string]; cells: [Printed, Printed] }> {
  const dir = join(DATA, "chartqa/tables");
  const out: Array<{ table: string; labels: [string, string]; cells: [Printed, Printed] }> = [];
  for (const file of readdirSync(dir).sort()) {
    let table;
    try {
      table = parseCsv(readFileSync(join(dir, file)));
    } catch {
      continue;
    }
    const col = table.kinds.findIndex((k, i) => k === "number" && i > 0);
    if (col < 0) continue;
    const picked: Array<{ label: string; cell: Printed }> = [];
    for (let r = 0; r < table.rows.length && picked.length < 2; r++) {
      const raw = table.raw[r][col].trim();
      const value = table.rows[r][table.columns[col]];
      if (typeof value === "number" && CLEAN_CELL.test(raw) && value > 0) picked.push({ label: String(table.raw[r][0]), cell: { raw, value } });
    }
    if (picked.length === 2) out.push({ table: file, labels: [picked[0].label, picked[1].label], cells: [picked[0].cell, picked[1].cell] });
  }
  return out;
}

describe("auditArithmetic on reasoning over real chart numbers (ChartQA gold tables)", () => {
  const pairs = realPairs();

  it("has enough real tables to work with", () => {
    expect(pairs.length).toBeGreaterThan(200);
  });

  it("accepts correct arithmetic on numbers as printed ($, %, thousands separators, decimals)", () => {
    let checked = 0;
    for (const { table, labels, cells } of pairs) {
      const [big, small] = cells[0].value >= cells[1].value ? cells : [cells[1], cells[0]];
      const d = Math.max(decimalsOf(big.raw), decimalsOf(small.raw));
      const claims = [
        `${big.raw} − ${small.raw} = ${printLike(big.value - small.value, d, big.raw, small.raw)}`,
        `${big.raw} + ${small.raw} = ${printLike(big.value + small.value, d, big.raw, small.raw)}`,
        `(${big.raw} + ${small.raw}) / 2 = ${printLike((big.value + small.value) / 2, d + 1, big.raw, small.raw)}`,
        `${big.raw} / ${small.raw} ≈ ${(big.value / small.value).toFixed(2)}`,
      ];
      const think =
        `The chart shows ${labels[0]} at ${cells[0].raw} and ${labels[1]} at ${cells[1].raw}.\n` +
        `The gap is ${claims[0]}. Together they make ${claims[1]}, an average of ${claims[2]}.\n` +
        `The larger is ${claims[3]} times the smaller.`;
      const report = auditArithmetic(think);
      expect(report.wrong, `${table}: ${think}`).toEqual([]);
      for (const claim of claims) expect(report.claims.map((c) => c.claim), `${table}: ${think}`).toContain(claim);
      checked += report.checked;
    }
    console.log(`ChartQA tables: ${pairs.length} tables, ${checked} correct claims on real printed numbers, 0 flagged`);
  });

  it("flags the same steps when their results are off", () => {
    let flagged = 0;
    for (const { table, cells } of pairs) {
      const [big, small] = cells[0].value >= cells[1].value ? cells : [cells[1], cells[0]];
      const d = Math.max(decimalsOf(big.raw), decimalsOf(small.raw));
      const off = (v: number, places: number): number => v + Math.max(2 * 10 ** -places, Math.abs(v) * 0.03);
      const claims = [
        `${big.raw} − ${small.raw} = ${printLike(off(big.value - small.value, d), d, big.raw, small.raw)}`,
        `${big.raw} + ${small.raw} = ${printLike(off(big.value + small.value, d), d, big.raw, small.raw)}`,
        `${big.raw} / ${small.raw} ≈ ${off(big.value / small.value, 2).toFixed(2)}`,
      ];
      const report = auditArithmetic(`Step 1: ${claims[0]}.\nStep 2: ${claims[1]}.\nStep 3: ${claims[2]}.`);
      expect(report.wrong.map((w) => w.claim), table).toEqual(claims);
      flagged += report.wrong.length;
    }
    expect(flagged).toBe(pairs.length * 3);
  });
});
