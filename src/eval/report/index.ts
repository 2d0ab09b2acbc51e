/**
 * Eval reports: `buildReport` turns results, traces and run settings into Markdown and a
 * self-contained HTML page (charts as inline SVG rendered with vega-lite); `writeReport(runDir)`
 * reads a run folder and (re)writes `report.md` and `report.html`.
 */
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { IoError, UsageError } from "../../errors.js";
import { loadResults } from "../results-file.js";
import { readManifest } from "../run-manifest.js";
import { breakdownCharts } from "./charts.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { reportModel, type ReportInput } from "./model.js";

export interface Report {
  markdown: string;
  html: string;
}

/** Render both report formats. Deterministic: the same inputs give the same bytes. */
export async function buildReport(input: ReportInput): Promise<Report> {
  const model = reportModel(input);
  const charts = await breakdownCharts(model.breakdowns);
  return { markdown: renderMarkdown(model), html: renderHtml(model, charts) };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, "utf8");
    await rename(tmp, path);
  } catch (e) {
    throw new IoError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Read a run folder (`results.jsonl`, `run.json`, and the traces of the failures) and write
 * `report.md` and `report.html` beside them. Returns the paths written.
 */
export async function writeReport(runDir: string, options: { maxFailures?: number } = {}): Promise<{ markdown: string; html: string; results: number }> {
  const resultsPath = join(runDir, "results.jsonl");
  if (!existsSync(resultsPath)) throw new UsageError(`${runDir} is not an eval run folder (no results.jsonl)`);
  const { results } = await loadResults(resultsPath);
  const manifest = await readManifest(join(runDir, "run.json"));
  const traces = new Map<string, unknown>();
  const max = options.maxFailures ?? 200;
  let wanted = 0;
  for (const r of [...results].sort((a, b) => a.index - b.index)) {
    if (r.relaxed || r.trace === null) continue;
    if (wanted++ >= max) break;
    try {
      traces.set(r.id, JSON.parse(await readFile(join(runDir, r.trace), "utf8")));
    } catch {
      // a missing or unreadable trace: the failure is listed without its table and code
    }
  }
  const report = await buildReport({ results, traces, ...(manifest ? { manifest } : {}), maxFailures: max });
  const md = join(runDir, "report.md");
  const html = join(runDir, "report.html");
  await writeAtomic(md, report.markdown);
  await writeAtomic(html, report.html);
  return { markdown: md, html, results: results.length };
}

export { breakdownSpec, inlineSvg, renderSvg } from "./charts.js";
export { escapeHtml } from "./html.js";
export { failureDetail, reportModel, type FailureDetail, type ReportInput, type ReportModel } from "./model.js";
export { breakdowns, overall, pct, type Breakdown, type Bucket, type Overall } from "./stats.js";
