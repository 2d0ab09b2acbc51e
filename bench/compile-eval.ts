// The question compiler on real ChartQA questions: compile each question against its gold table, run
// the snippet in the sandbox, and score the answer with ChartQA's relaxed accuracy.
//
//   npx tsx bench/compile-eval.ts [dataDir] [--misses] [--refusals] [--shape NAME] [--split NAME]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileQuestion } from "../src/compile/index.js";
import { snippetTableOf } from "../src/engine/run-response.js";
import { createSandbox } from "../src/sandbox/index.js";
import type { Answer, SandboxRunner } from "../src/sandbox/types.js";
import { parseCsv } from "../src/table/index.js";
import type { Table } from "../src/table/types.js";
import { answersMatch } from "../src/verify/answer-text.js";

/** Totals for one split: questions with a table, compiled questions, and correct compiled answers. */
export interface SplitStats {
  total: number;
  compiled: number;
  correct: number;
}

/** Totals for one question shape. */
export interface ShapeStats {
  compiled: number;
  correct: number;
}

/** One evaluated question. */
export interface CompileEvalItem {
  id: string;
  split: string;
  question: string;
  gold: string;
  /** The shape when compiled, else the refusal reason. */
  shape?: string;
  reason?: string;
  code?: string;
  answer?: Answer;
  /** The sandbox error code when the snippet failed to run. */
  error?: string;
  correct: boolean;
}

export interface CompileEvalResult {
  bySplit: Record<string, SplitStats>;
  byShape: Record<string, ShapeStats>;
  /** Sandbox failures of compiled snippets, by error code (SYNTAX_ERROR should never appear). */
  errors: Record<string, number>;
  items: CompileEvalItem[];
}

interface QuestionLine {
  id: string;
  split: string;
  question: string;
  answer: string;
  table: string | null;
}

/**
 * Compile every ChartQA question that has a gold table (`questions.jsonl` + `tables/` in `dataDir`),
 * run the snippets in a sandbox and score them with the relaxed rule (`answersMatch`).
 */
export async function compileEval(dataDir: string, options: { sandbox?: SandboxRunner } = {}): Promise<CompileEvalResult> {
  const lines = readFileSync(join(dataDir, "questions.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as QuestionLine);
  const sandbox = options.sandbox ?? createSandbox({ workers: 2 });
  const tables = new Map<string, Table>();
  const bySplit: Record<string, SplitStats> = {};
  const byShape: Record<string, ShapeStats> = {};
  const errors: Record<string, number> = {};
  try {
    const jobs = lines
      .filter((q) => q.table !== null)
      .map(async (q): Promise<CompileEvalItem> => {
        let table = tables.get(q.table!);
        if (table === undefined) {
          table = parseCsv(readFileSync(join(dataDir, q.table!)));
          tables.set(q.table!, table);
        }
        const base = { id: q.id, split: q.split, question: q.question, gold: q.answer };
        const compiled = compileQuestion(q.question, table);
        if (!compiled.ok) return { ...base, reason: compiled.reason, correct: false };
        const result = await sandbox.run({ code: compiled.code, table: snippetTableOf(table) });
        if (!result.ok) return { ...base, shape: compiled.shape, code: compiled.code, error: result.error.code, correct: false };
        return { ...base, shape: compiled.shape, code: compiled.code, answer: result.answer, correct: answersMatch(q.answer, result.answer) };
      });
    const items = await Promise.all(jobs);
    for (const it of items) {
      const s = (bySplit[it.split] ??= { total: 0, compiled: 0, correct: 0 });
      s.total++;
      if (it.shape !== undefined) {
        s.compiled++;
        const sh = (byShape[it.shape] ??= { compiled: 0, correct: 0 });
        sh.compiled++;
        if (it.correct) {
          s.correct++;
          sh.correct++;
        }
      }
      if (it.error !== undefined) errors[it.error] = (errors[it.error] ?? 0) + 1;
    }
    return { bySplit, byShape, errors, items };
  } finally {
    if (options.sandbox === undefined) await sandbox.dispose();
  }
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)}%`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataDir = args.find((a) => !a.startsWith("--") && !/^\w+$/.test(a)) ?? join(import.meta.dirname, "..", "..", "shared", "data", "chartqa");
  const flag = (name: string) => args.includes(`--${name}`);
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const r = await compileEval(dataDir);
  const shape = value("shape");
  const split = value("split");
  const shown = r.items.filter((it) => (shape === undefined || it.shape === shape) && (split === undefined || it.split === split));
  if (flag("misses")) {
    for (const it of shown.filter((x) => x.shape !== undefined && !x.correct)) {
      console.log(`✗ [${it.shape}] ${it.id} ${it.question}\n   gold=${it.gold} got=${JSON.stringify(it.answer)} ${it.error ?? ""}`);
      if (flag("code")) console.log(it.code!.replace(/^/gm, "     "));
    }
  }
  if (flag("refusals")) {
    for (const it of shown.filter((x) => x.shape === undefined)) console.log(`· ${it.id} ${it.question} => ${it.gold}\n   ${it.reason}`);
  }
  if (flag("hits")) {
    for (const it of shown.filter((x) => x.correct)) {
      console.log(`✓ [${it.shape}] ${it.question} => ${JSON.stringify(it.answer)}`);
      if (flag("code")) console.log(it.code!.replace(/^/gm, "     "));
    }
  }
  console.log("split       total  compiled  coverage  correct  precision  accuracy");
  for (const [name, s] of Object.entries(r.bySplit)) {
    console.log(
      `${name.padEnd(10)} ${String(s.total).padStart(6)} ${String(s.compiled).padStart(9)} ${pct(s.compiled, s.total).padStart(9)} ${String(s.correct).padStart(8)} ${pct(s.correct, s.compiled).padStart(10)} ${pct(s.correct, s.total).padStart(9)}`,
    );
  }
  console.log("\nshape              compiled  correct  precision");
  for (const [name, s] of Object.entries(r.byShape).sort((a, b) => b[1].compiled - a[1].compiled)) {
    console.log(`${name.padEnd(18)} ${String(s.compiled).padStart(8)} ${String(s.correct).padStart(8)} ${pct(s.correct, s.compiled).padStart(10)}`);
  }
  if (Object.keys(r.errors).length > 0) console.log("\nsandbox errors:", r.errors);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
