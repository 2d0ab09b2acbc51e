/**
 * Rewards for RL trainers: a weighted sum of format, accuracy, data, decision and agree, each
 * reported on its own. catbox responses run through the engine (the sandbox pool does the heavy
 * lifting); the other dialects are read without running anything.
 */
import { setMaxListeners } from "node:events";
import { catDataAccuracy } from "../check/index.js";
import { runCode, runResponse, snippetTableOf } from "../engine/run-response.js";
import type { RunOutput } from "../engine/types.js";
import { CatboxError, UsageError } from "../errors.js";
import { parseResponse, parseResponseStrict, type ParsedResponse } from "../response/index.js";
import { scoreAnswer } from "../score/index.js";
import { parseCsv } from "../table/index.js";
import type { Table } from "../table/types.js";
import { answersMatch, answerToText } from "../verify/answer-text.js";
import { detectDialect, readCatPaper, readClarivis } from "./dialects.js";
import {
  DEFAULT_REWARD_WEIGHTS,
  type RewardBatchOptions,
  type RewardComponents,
  type RewardDialect,
  type RewardItem,
  type RewardOptions,
  type RewardResult,
  type RewardWeights,
} from "./types.js";

/** A response read once, graded against any number of gold labels. */
interface Evaluated {
  dialect: RewardDialect;
  format: 0 | 1;
  programmable: boolean | null;
  output: RunOutput;
  /** The table the response gives, or null. */
  table: Table | null;
  /** The CSV text of that table (part of the data metric's cache key), or null. */
  tableText: string | null;
  notes: string[];
}

/** Weights with defaults filled in; throws UsageError for a weight that is not a finite number. */
export function resolveWeights(weights: Partial<RewardWeights> = {}): RewardWeights {
  const out = { ...DEFAULT_REWARD_WEIGHTS };
  for (const [k, v] of Object.entries(weights)) {
    if (!(k in out)) throw new UsageError(`unknown reward weight ${JSON.stringify(k)}; use accuracy, decision, data, format or agree`);
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new UsageError(`reward weight ${k} must be a finite number, got ${String(v)}`);
    out[k as keyof RewardWeights] = v;
  }
  return out;
}

function checkOptions(options: RewardOptions): { weights: RewardWeights; partial: number } {
  const partial = options.partialDecision ?? 0.5;
  if (typeof partial !== "number" || !(partial >= 0 && partial <= 1)) throw new UsageError(`partialDecision must be a number from 0 to 1, got ${String(partial)}`);
  return { weights: resolveWeights(options.weights), partial };
}

/**
 * Run a catbox response through the engine, keeping the table it parsed (for `data`). The code path
 * goes straight to `runCode` with that table; everything else (parse errors, the visual path,
 * missing blocks, CSV errors) is `runResponse`'s, unchanged.
 */
async function runCatbox(response: string, options: RewardOptions): Promise<{ output: RunOutput; table: Table | null; tableText: string | null }> {
  const { sandbox, limits, seed, nowMs, signal } = options;
  const strict = options.strict ?? false;
  const settings = {
    sandbox,
    strict,
    ...(limits ? { limits } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(nowMs !== undefined ? { nowMs } : {}),
    ...(signal ? { signal } : {}),
  };
  const started = performance.now();
  let parsed: ParsedResponse;
  let table: Table;
  let parsedAt = started;
  try {
    parsed = parseResponse(response, { strict });
    if (!parsed.programmable || parsed.csv === null || parsed.code === null) throw new Error("not a runnable code path");
    parsedAt = performance.now();
    table = parseCsv(parsed.csv);
  } catch {
    return { output: (await runResponse(response, settings)).output, table: null, tableText: null };
  }
  const { output } = await runCode(
    {
      table: snippetTableOf(table),
      code: parsed.code,
      stated: parsed.answer,
      repairs: parsed.repairs,
      response,
      parsed: { strict, ...parsed },
      timings: { parse: parsedAt - started, table: performance.now() - parsedAt },
    },
    settings,
  );
  return { output, table, tableText: parsed.csv };
}

async function evaluate(response: string, dialect: RewardDialect, options: RewardOptions): Promise<Evaluated> {
  if (dialect === "clarivis-r1" || dialect === "cat-paper") {
    const r = dialect === "cat-paper" ? readCatPaper(response) : readClarivis(response);
    return { dialect, format: r.format, programmable: r.programmable, output: r.output, table: r.table, tableText: r.tableText, notes: r.notes };
  }
  const { output, table, tableText } = await runCatbox(response, options);
  let format: 0 | 1 = 1;
  try {
    parseResponseStrict(response);
  } catch {
    format = 0;
  }
  const notes: string[] = [];
  if (!format) notes.push(`format: not the strict catbox shape${output.repairs.length ? ` (repairs: ${output.repairs.join(", ")})` : ""}`);
  return { dialect, format, programmable: output.path === null ? null : output.path === "code", output, table, tableText, notes };
}

function isCorrect(ev: Evaluated, golds: string[], metric: "relaxed" | "lenient"): boolean {
  const answer = ev.output.answer;
  if (answer === null || golds.length === 0) return false;
  const text = answerToText(answer);
  const scored = scoreAnswer(text, golds);
  if (metric === "lenient") return scored.lenient;
  // Lists computed on the code path also match a gold list item by item, as `catbox run --answer` does.
  return scored.relaxed || (Array.isArray(answer) && golds.some((g) => answersMatch(g, answer)));
}

/**
 * Cell-for-cell identical tables (same header and raw cells, hence the same typing). The data
 * metric scores these 1 by definition; checking first skips its matching work.
 */
function sameTable(a: Table, b: Table): boolean {
  if (a.rawHeader.length !== b.rawHeader.length || a.raw.length !== b.raw.length) return false;
  if (a.rawHeader.some((h, i) => h !== b.rawHeader[i])) return false;
  return a.raw.every((row, r) => row.length === b.raw[r]!.length && row.every((cell, c) => cell === b.raw[r]![c]));
}

/** A gold table parsed once per distinct CSV text within a call. */
type GoldTables = Map<string, Table | CatboxError>;

/**
 * Per-call caches: gold tables by CSV text, and data scores by (response CSV, gold CSV) — samples of
 * one prompt (a GRPO group) often transcribe the chart identically while their code differs.
 */
interface Caches {
  golds: GoldTables;
  data: Map<string, number>;
}

const MAX_CACHED = 8192;

function newCaches(): Caches {
  return { golds: new Map(), data: new Map() };
}

function goldTable(csv: string, cache: GoldTables): Table | CatboxError {
  let t = cache.get(csv);
  if (t === undefined) {
    try {
      t = parseCsv(csv);
    } catch (e) {
      if (!(e instanceof CatboxError)) throw e;
      t = e;
    }
    if (cache.size < MAX_CACHED) cache.set(csv, t);
  }
  return t;
}

function dataScore(ev: Evaluated, goldCsv: string, gold: Table, caches: Caches): number {
  const pred = ev.table!;
  const key = ev.tableText === null ? null : ev.tableText + "\u0000" + goldCsv;
  const cached = key === null ? undefined : caches.data.get(key);
  if (cached !== undefined) return cached;
  const score = sameTable(pred, gold) ? 1 : catDataAccuracy(pred, gold).score;
  if (key !== null && caches.data.size < MAX_CACHED) caches.data.set(key, score);
  return score;
}

function grade(ev: Evaluated, item: RewardItem, options: RewardOptions, weights: RewardWeights, partial: number, caches: Caches): RewardResult {
  const notes = [...ev.notes];
  const goldAnswers = (Array.isArray(item.answer) ? item.answer : [item.answer]).filter((g): g is string => typeof g === "string");
  const correct = isCorrect(ev, goldAnswers, options.accuracyMetric ?? "relaxed");
  let data = 0;
  if (ev.programmable === true && typeof item.table === "string") {
    const gold = goldTable(item.table, caches.golds);
    if (gold instanceof CatboxError) notes.push(`data: the gold table is unreadable: ${gold.message}`);
    else if (ev.table === null) notes.push("data: the response has no readable table");
    else data = dataScore(ev, item.table, gold, caches);
  }
  let decision = 0;
  if (typeof item.programmable === "boolean" && ev.programmable !== null) {
    decision = ev.programmable === item.programmable ? (correct ? 1 : partial) : 0;
  }
  const components: RewardComponents = {
    format: ev.format,
    accuracy: correct ? 1 : 0,
    data,
    decision,
    agree: ev.output.agree === true ? 1 : 0,
  };
  const reward =
    weights.accuracy * components.accuracy +
    weights.decision * components.decision +
    weights.data * components.data +
    weights.format * components.format +
    weights.agree * components.agree;
  const output: RunOutput = { ...ev.output, correct };
  return { reward, components, dialect: ev.dialect, programmable: ev.programmable, output, notes };
}

function dialectOf(response: string, options: RewardOptions): RewardDialect {
  const d = options.dialect ?? "auto";
  return d === "auto" ? detectDialect(response) : d;
}

/**
 * Score one response for RL: `reward` is the weighted sum of the components (default weights
 * {@link DEFAULT_REWARD_WEIGHTS}), each also returned, with the run output. Never throws for a bad
 * response (it scores 0 where it fails); throws UsageError for bad weights or options.
 */
export async function scoreReward(item: RewardItem, options: RewardOptions): Promise<RewardResult> {
  const { weights, partial } = checkOptions(options);
  const ev = await evaluate(item.response, dialectOf(item.response, options), options);
  return grade(ev, item, options, weights, partial, newCaches());
}

/**
 * Score many responses, results in input order, at most `concurrency` (default 64) in flight.
 * Identical responses in one batch (common with GRPO groups) are run once and graded per item, and
 * the data metric is computed once per distinct (response table, gold table) pair.
 * Rejects with the signal's reason when `signal` aborts.
 */
export async function scoreRewardBatch(items: readonly RewardItem[], options: RewardBatchOptions): Promise<RewardResult[]> {
  const { weights, partial } = checkOptions(options);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 64));
  // One linked signal per batch, allowed one listener per run in flight (the pool adds one per run).
  const linked = new AbortController();
  setMaxListeners(concurrency + 8, linked.signal);
  const onAbort = () => linked.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const runOptions: RewardOptions = options.signal ? { ...options, signal: linked.signal } : options;
  const results: RewardResult[] = new Array(items.length);
  const seen = new Map<string, Promise<Evaluated>>();
  const caches = newCaches();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      options.signal?.throwIfAborted();
      const i = next++;
      const item = items[i]!;
      const dialect = dialectOf(item.response, options);
      const key = dialect + "\u0000" + item.response;
      let ev = seen.get(key);
      if (ev === undefined) {
        ev = evaluate(item.response, dialect, runOptions);
        seen.set(key, ev);
      }
      results[i] = grade(await ev, item, options, weights, partial, caches);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, items.length)) }, worker));
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  options.signal?.throwIfAborted();
  return results;
}
