// The local path (no model: OCR + chart geometry + question compiler) over ChartQA, measured:
// table accuracy against the gold tables (RMS F1, RNSS) per detected chart kind and per source,
// question accuracy (relaxed) per split, the share of questions declined, and time per chart.
//
//   npm run eval:local -- [--data DIR] [--limit N] [--charts REGEX] [--out FILE.json] [--ocr-cache FILE.jsonl]
//
// --ocr-cache (development only): take OCR results from a JSONL of {chart, ...OcrResult} lines
// instead of running OCR, to iterate on the chart reader quickly; OCR times are then meaningless.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { compareTables } from "../src/check/index.js";
import { runResponse } from "../src/engine/run-response.js";
import { LocalModels, readChartLocally, writeLocalResponse, type OcrLoader } from "../src/local/index.js";
import type { OcrEngine, OcrResult } from "../src/ocr/index.js";
import { packageRoot } from "../src/paths.js";
import { createSandbox } from "../src/sandbox/index.js";
import { parseCsv } from "../src/table/index.js";

interface QuestionLine {
  id: string;
  split: string;
  chart: string;
  question: string;
  answer: string;
  table: string | null;
  image: string | null;
}

interface ChartRow {
  chart: string;
  source: string;
  kind: string | null;
  confidence: number | null;
  declineReason?: string;
  rmsF1: number | null;
  rnss: number | null;
  ms: { ocr: number; geometry: number; total: number };
}

interface QuestionRow {
  id: string;
  split: string;
  chart: string;
  declined: boolean;
  correct: boolean;
  answer: unknown;
  gold: string;
  shape?: string;
  error?: string;
  declineReason?: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** ChartQA's chart sources, by file-name pattern. */
function sourceOf(chart: string): string {
  if (chart.startsWith("two_col_") || chart.startsWith("multi_col_")) return "statista";
  if (/^\d{1,8}$/.test(chart)) return "pew";
  if (chart.startsWith("OECD_")) return "oecd";
  return "owid";
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (n: number, d: number) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`);
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");

/** An OCR "engine" answering from a cache file, keyed by the image bytes' hash. */
function cachedOcr(file: string, data: string, charts: string[], byChart: Map<string, QuestionLine[]>): OcrLoader {
  const byName = new Map<string, OcrResult>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const { chart, ...result } = JSON.parse(line) as OcrResult & { chart: string };
    byName.set(chart, result);
  }
  const byHash = new Map<string, OcrResult>();
  for (const chart of charts) {
    const hit = byName.get(chart);
    if (hit) byHash.set(createHash("sha256").update(readFileSync(join(data, byChart.get(chart)![0]!.image!))).digest("hex"), hit);
  }
  return async (): Promise<OcrEngine> => {
    const dispose = async () => {};
    return {
      recognize: async (image) => {
        const hit = byHash.get(createHash("sha256").update(image as Uint8Array).digest("hex"));
        if (!hit) throw new Error("chart not in the OCR cache");
        return hit;
      },
      dispose,
      [Symbol.asyncDispose]: dispose,
      options: {} as OcrEngine["options"],
    };
  };
}

async function main(): Promise<void> {
  const data = resolve(arg("--data") ?? join(packageRoot(), "..", "shared", "data", "chartqa"));
  const limit = arg("--limit") === undefined ? Infinity : Number(arg("--limit"));
  const pattern = new RegExp(arg("--charts") ?? ".");
  const out = resolve(arg("--out") ?? join(packageRoot(), "eval-runs", "local-chartqa.json"));
  const lines = readFileSync(join(data, "questions.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as QuestionLine);
  const byChart = new Map<string, QuestionLine[]>();
  for (const q of lines) {
    if (q.image === null || !pattern.test(q.chart)) continue;
    byChart.set(q.chart, [...(byChart.get(q.chart) ?? []), q]);
  }
  const cache = arg("--ocr-cache");
  const cached = cache ? new Set(readFileSync(cache, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => (JSON.parse(l) as { chart: string }).chart)) : undefined;
  const charts = [...byChart.keys()].filter((c) => !cached || cached.has(c)).sort().slice(0, limit);

  await using models = new LocalModels(cache ? { loadOcr: cachedOcr(cache, data, charts, byChart) } : {});
  await using sandbox = createSandbox({ workers: 1 });
  const t0 = performance.now();
  await models.ready();
  const loadMs = performance.now() - t0;
  const chartRows: ChartRow[] = [];
  const questionRows: QuestionRow[] = [];
  for (const [i, chart] of charts.entries()) {
    const qs = byChart.get(chart)!;
    const bytes = new Uint8Array(readFileSync(join(data, qs[0]!.image!)));
    const c0 = performance.now();
    const { extraction, ms: readMs } = await readChartLocally(bytes, models);
    for (const q of qs) {
      const local = await writeLocalResponse(bytes, q.question, models, { sandbox });
      const { output } = await runResponse(local.text, { sandbox, gold: q.answer });
      const declined = local.declined !== undefined;
      questionRows.push({
        id: q.id,
        split: q.split,
        chart,
        declined,
        correct: !declined && output.correct === true,
        answer: declined ? null : output.answer,
        gold: q.answer,
        ...(local.shape ? { shape: local.shape } : {}),
        ...(output.error ? { error: output.error.code } : {}),
        ...(local.declined ? { declineReason: local.declined } : {}),
      });
    }
    const total = performance.now() - c0;
    let rmsF1: number | null = null;
    let rnss: number | null = null;
    const goldPath = qs[0]!.table;
    if (goldPath !== null) {
      const gold = parseCsv(readFileSync(join(data, goldPath)));
      if (extraction.ok) {
        const cmp = compareTables(parseCsv(extraction.csv), gold);
        rmsF1 = cmp.rms.f1;
        rnss = cmp.rnss;
      } else {
        rmsF1 = 0;
        rnss = 0;
      }
    }
    chartRows.push({
      chart,
      source: sourceOf(chart),
      kind: extraction.ok ? extraction.reading.kind : null,
      confidence: extraction.ok ? extraction.reading.confidence : null,
      ...(extraction.ok ? {} : { declineReason: extraction.reason }),
      rmsF1,
      rnss,
      ms: { ocr: readMs.ocr, geometry: readMs.geometry, total },
    });
    if ((i + 1) % 50 === 0) process.stderr.write(`eval:local: ${i + 1}/${charts.length} charts\n`);
  }
  const report = summarize(chartRows, questionRows, loadMs);
  process.stdout.write(report);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ charts: chartRows, questions: questionRows }, null, 1));
  process.stdout.write(`\nper-chart and per-question details: ${out}\n`);
}

function summarize(charts: ChartRow[], questions: QuestionRow[], loadMs: number): string {
  const out: string[] = [];
  const scored = charts.filter((c) => c.rmsF1 !== null);
  const read = scored.filter((c) => c.kind !== null);
  out.push(`# catbox local path on ChartQA (${charts.length} charts, ${questions.length} questions)`, "");
  out.push(`Table accuracy against the gold tables (${scored.length} of the charts have one; ${read.length} of those were read, the rest declined and count as 0 in "all"):`, "");
  out.push("| group | charts | RMS F1 (read) | RNSS (read) | RMS F1 (all) | RNSS (all) |", "|---|---|---|---|---|---|");
  const row = (name: string, group: ChartRow[], all: ChartRow[]) =>
    out.push(`| ${name} | ${group.length} | ${f3(mean(group.map((c) => c.rmsF1!)))} | ${f3(mean(group.map((c) => c.rnss!)))} | ${f3(mean(all.map((c) => c.rmsF1!)))} | ${f3(mean(all.map((c) => c.rnss!)))} |`);
  row("all", read, scored);
  for (const kind of [...new Set(read.map((c) => c.kind!))].sort()) {
    const g = read.filter((c) => c.kind === kind);
    row(`kind ${kind}`, g, g);
  }
  for (const source of [...new Set(scored.map((c) => c.source))].sort()) {
    row(`source ${source}`, read.filter((c) => c.source === source), scored.filter((c) => c.source === source));
  }
  out.push(`| declined (no reading) | ${scored.length - read.length} | | | | |`, "");
  out.push("Question accuracy (ChartQA relaxed; declined questions count as wrong):", "");
  out.push("| split | questions | relaxed accuracy | answered | accuracy when answered | declined |", "|---|---|---|---|---|---|");
  for (const split of ["augmented", "human", "all"]) {
    const qs = split === "all" ? questions : questions.filter((q) => q.split === split);
    const answered = qs.filter((q) => !q.declined);
    const ok = qs.filter((q) => q.correct).length;
    out.push(`| ${split} | ${qs.length} | ${pct(ok, qs.length)} | ${answered.length} | ${pct(ok, answered.length)} | ${pct(qs.length - answered.length, qs.length)} |`);
  }
  const totals = charts.map((c) => c.ms.total);
  const ocr = charts.map((c) => c.ms.ocr);
  const geo = charts.map((c) => c.ms.geometry);
  out.push("", "Time per chart on this machine (ms; OCR models loaded once beforehand):", "");
  out.push("| stage | median | p90 |", "|---|---|---|");
  out.push(`| total (OCR + geometry + every question compiled and run) | ${quantile(totals, 0.5).toFixed(0)} | ${quantile(totals, 0.9).toFixed(0)} |`);
  out.push(`| OCR | ${quantile(ocr, 0.5).toFixed(0)} | ${quantile(ocr, 0.9).toFixed(0)} |`);
  out.push(`| geometry (decode + read) | ${quantile(geo, 0.5).toFixed(1)} | ${quantile(geo, 0.9).toFixed(1)} |`);
  out.push(`| model load (once) | ${loadMs.toFixed(0)} | |`);
  return out.join("\n") + "\n";
}

await main();
