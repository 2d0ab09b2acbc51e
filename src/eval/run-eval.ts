import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { askChart } from "../ask/ask-chart.js";
import type { AskSettings } from "../ask/types.js";
import { CatboxError, ModelError, UsageError } from "../errors.js";
import type { ModelBackend } from "../model/types.js";
import { catboxVersion } from "../paths.js";
import type { SandboxRunner } from "../sandbox/types.js";
import { scoreAnswer } from "../score/index.js";
import { writeTrace } from "../trace/io.js";
import type { Trace } from "../trace/schema.js";
import { answerToText } from "../verify/answer-text.js";
import { openDataset } from "./datasets/index.js";
import { silentProgress, type EvalProgress } from "./progress.js";
import { writeReport } from "./report/index.js";
import { loadResults, RETRY_ERROR_CODES, ResultsWriter, type ResultsRepairs } from "./results-file.js";
import { startSession, type EvalSettings } from "./run-manifest.js";
import type { DatasetFormat, EvalItem, EvalResult, EvalTraceItem } from "./types.js";

/** Files of a run folder. */
export const RUN_FILES = { results: "results.jsonl", manifest: "run.json", traces: "traces", reportMd: "report.md", reportHtml: "report.html" } as const;

export interface RunEvalOptions extends AskSettings {
  /** The data set: a ChartQA folder, a JSONL file, or a Parquet file or folder. */
  dataset: string;
  /** Format of the data set (default: recognised from the path). */
  format?: DatasetFormat;
  /** The run folder (created if missing; resumed if it holds a run). */
  runDir: string;
  backend: ModelBackend;
  sandbox: SandboxRunner;
  /** Only the first N items of the data set. */
  limit?: number;
  /** Items in flight at once (default 4). */
  concurrency?: number;
  /** Resume even when the recorded settings differ. */
  force?: boolean;
  signal?: AbortSignal;
  progress?: EvalProgress;
  /** Human notes (resume, repairs) for stderr. */
  onNotice?: (message: string) => void;
  /** Stop after this many model-server errors in a row (default 10; 0 never stops). */
  maxConsecutiveModelErrors?: number;
  /** Write report.md and report.html at the end (default true). */
  report?: boolean;
  /** Failures listed in the report at most (default 200). */
  maxFailures?: number;
}

export interface EvalSummary {
  runDir: string;
  /** Items in scope (the data set, or the first `limit`). */
  total: number;
  /** Items answered in this session. */
  asked: number;
  /** Items already in the results when the session started. */
  skipped: number;
  /** What was dropped from the results file when resuming. */
  repairs: ResultsRepairs;
  resumed: boolean;
  /** Results in the file now, and how many are correct. */
  results: number;
  relaxed: number;
  lenient: number;
  /** False when the session stopped early (interrupted). */
  complete: boolean;
}

/**
 * A file name for an item's trace: the id with characters outside `[A-Za-z0-9._-]` percent-encoded;
 * long ids are cut and suffixed with a hash so that names stay unique and short.
 */
export function traceFileName(id: string): string {
  let safe = id.replace(/[^A-Za-z0-9._-]/g, (c) => "%" + Buffer.from(c, "utf8").toString("hex").toUpperCase().replace(/(..)(?=.)/g, "$1%"));
  if (safe.startsWith(".")) safe = "%2E" + safe.slice(1);
  if (safe.length > 100) safe = safe.slice(0, 80) + "-" + createHash("sha256").update(id).digest("hex").slice(0, 16);
  return `${safe}.json`;
}

function settingsOf(options: RunEvalOptions, dataset: { path: string; format: DatasetFormat }, model: string): EvalSettings {
  return {
    dataset: dataset.path,
    format: dataset.format,
    model,
    mode: options.mode ?? "adaptive",
    constrain: options.constrain ?? false,
    onError: options.onError ?? "repair",
    maxRepairs: options.maxRepairs ?? 2,
    samples: options.samples ?? 1,
    temperature: options.temperature ?? null,
    maxTokens: options.maxTokens ?? null,
    maxImageSidePx: options.maxImageSidePx ?? 1024,
    limits: options.limits ?? {},
    seed: options.seed ?? null,
    nowMs: options.nowMs ?? null,
  };
}

function baseResult(item: EvalItem, index: number): Omit<EvalResult, "answer" | "answerText" | "stated" | "path" | "verified" | "agree" | "relaxed" | "lenient" | "error" | "errorMessage" | "rounds" | "resolution" | "ms" | "trace"> {
  return {
    index,
    id: item.id,
    question: item.question,
    gold: item.answers,
    split: item.split ?? null,
    complexity: item.complexity ?? null,
    programmable: item.programmable ?? null,
  };
}

/**
 * Evaluate a model on a data set: ask every item (`askChart`), score it (`scoreAnswer`), and append
 * one line per item to `RUN_DIR/results.jsonl` as it completes, with its trace in
 * `RUN_DIR/traces/`. Resumable: items already in the results are skipped, a line cut short by a
 * kill is dropped, items that ended in a model-server error are asked again, and a run folder
 * refuses settings other than its own (`run.json`) unless `force`. Ends by writing the reports.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalSummary> {
  const runDir = resolve(options.runDir);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(options.limit));
  const progress = options.progress ?? silentProgress;
  const notice = options.onNotice ?? (() => undefined);
  const signal = options.signal;
  const maxModelErrors = options.maxConsecutiveModelErrors ?? 10;

  const dataset = await openDataset(options.dataset, options.format);
  await options.backend.ready?.(signal);
  await mkdir(join(runDir, RUN_FILES.traces), { recursive: true });
  const settings = settingsOf(options, dataset, options.backend.id);
  const session = await startSession(join(runDir, RUN_FILES.manifest), settings, { limit: limit ?? null, concurrency, catbox: catboxVersion() }, options.force ?? false);
  if (session.forced.length > 0) notice(`--force: continuing with changed settings (${session.forced.join(", ")})`);

  const resultsPath = join(runDir, RUN_FILES.results);
  const loaded = await loadResults(resultsPath, { repair: true, dropRetryable: true });
  const { repairs } = loaded;
  if (repairs.truncatedBytes > 0) notice(`dropped a last line cut short (${repairs.truncatedBytes} bytes); that item is asked again`);
  if (repairs.invalidLines > 0) notice(`dropped ${repairs.invalidLines} invalid line(s) from ${RUN_FILES.results}`);
  if (repairs.duplicateLines > 0) notice(`dropped ${repairs.duplicateLines} repeated id(s) from ${RUN_FILES.results}`);
  if (repairs.retryLines > 0) notice(`asking ${repairs.retryLines} item(s) again that ended in a model-server error`);
  const done = new Set(loaded.results.map((r) => r.id));
  if (session.resumed) notice(`resuming ${runDir}: ${done.size} item(s) already done`);

  const total = Math.min(limit ?? Infinity, dataset.size ?? Infinity);
  const writer = await ResultsWriter.open(resultsPath);
  let asked = 0;
  let skipped = 0;
  let failure: unknown;
  let consecutiveModelErrors = 0;
  let stopped: ModelError | undefined;
  const inflight = new Set<Promise<void>>();

  const evaluate = async (item: EvalItem, index: number): Promise<EvalResult | null> => {
    const t0 = performance.now();
    const base = baseResult(item, index);
    const failed = (code: string, message: string): EvalResult => ({
      ...base,
      answer: null,
      answerText: null,
      stated: null,
      path: null,
      verified: false,
      agree: null,
      relaxed: false,
      lenient: false,
      error: code,
      errorMessage: message,
      rounds: 0,
      resolution: null,
      ms: Math.round(performance.now() - t0),
      trace: null,
    });
    if (item.image === null) return failed("IMAGE_ERROR", "the data set gives no image for this item");
    try {
      const { output, trace } = await askChart(item.image, item.question, { ...options, gold: item.answers[0] ?? null, ...(signal ? { signal } : {}) });
      if (signal?.aborted) return null;
      const traceRel = `${RUN_FILES.traces}/${traceFileName(item.id)}`;
      const evalItem: EvalTraceItem = { id: item.id, question: item.question, answers: item.answers, goldTable: item.goldTable ?? null, split: item.split ?? null, complexity: item.complexity ?? null, programmable: item.programmable ?? null };
      await writeTrace(join(runDir, traceRel), { ...trace, eval: evalItem } as Trace);
      const answerText = output.answer === null ? null : answerToText(output.answer);
      const score = answerText === null ? { relaxed: false, lenient: false } : scoreAnswer(answerText, item.answers);
      return {
        ...base,
        answer: output.answer,
        answerText,
        stated: output.stated,
        path: output.path,
        verified: output.verified,
        agree: output.agree,
        relaxed: score.relaxed,
        lenient: score.lenient,
        error: output.error?.code ?? null,
        errorMessage: output.error?.message ?? null,
        rounds: output.rounds,
        resolution: output.resolution,
        ms: Math.round(performance.now() - t0),
        trace: traceRel,
      };
    } catch (e) {
      if (signal?.aborted) return null; // interrupted: not recorded, asked again on resume
      if (!(e instanceof CatboxError)) throw e;
      return failed(e.code, e.message);
    }
  };

  const record = async (result: EvalResult | null) => {
    if (result === null) return;
    await writer.append(result);
    asked++;
    progress.tick(result);
    if (result.error !== null && RETRY_ERROR_CODES.has(result.error)) {
      consecutiveModelErrors++;
      if (maxModelErrors > 0 && consecutiveModelErrors >= maxModelErrors && stopped === undefined) {
        stopped = new ModelError(`stopped after ${consecutiveModelErrors} model-server errors in a row (last: ${result.errorMessage}); re-run the same command to resume`);
      }
    } else consecutiveModelErrors = 0;
  };

  progress.start(Number.isFinite(total) ? total : undefined, Math.min(done.size, Number.isFinite(total) ? total : done.size));
  const seen = new Set<string>();
  let index = -1;
  try {
    for await (const item of dataset.items(limit)) {
      index++;
      if (seen.has(item.id)) throw new UsageError(`the data set repeats the id ${JSON.stringify(item.id)} (item ${index + 1}); ids must be unique to resume a run`);
      seen.add(item.id);
      if (done.has(item.id)) {
        skipped++;
        continue;
      }
      while (inflight.size >= concurrency && failure === undefined) await Promise.race(inflight);
      if (failure !== undefined || stopped !== undefined || signal?.aborted) break;
      const i = index;
      const p: Promise<void> = evaluate(item, i)
        .then(record)
        .catch((e: unknown) => {
          failure ??= e;
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
  } catch (e) {
    failure ??= e;
  } finally {
    await Promise.all(inflight);
    progress.stop();
    await writer.close();
  }
  if (failure !== undefined) throw failure;
  if (stopped !== undefined) throw stopped;

  const complete = !signal?.aborted;
  const final = await loadResults(resultsPath);
  if (complete && options.report !== false) await writeReport(runDir, options.maxFailures !== undefined ? { maxFailures: options.maxFailures } : {});
  return {
    runDir,
    total: Number.isFinite(total) ? total : index + 1,
    asked,
    skipped,
    repairs,
    resumed: session.resumed,
    results: final.results.length,
    relaxed: final.results.filter((r) => r.relaxed).length,
    lenient: final.results.filter((r) => r.lenient).length,
    complete,
  };
}
