import { CatboxError } from "../errors.js";
import { parseResponse } from "../response/index.js";
import type { ParsedResponse } from "../response/types.js";
import { resolveLimits } from "../sandbox/limits.js";
import { DEFAULT_NOW_MS, type SandboxRunner, type SnippetTable } from "../sandbox/types.js";
import { parseCsv } from "../table/index.js";
import type { Table } from "../table/types.js";
import { buildTrace, tableSha256 } from "../trace/build.js";
import type { Trace } from "../trace/schema.js";
import { answersMatch } from "../verify/answer-text.js";
import { tableConsistencyWarnings } from "../check/consistency.js";
import type { RunError, RunOutput, RunSettings, RunTimings, TableIssue } from "./types.js";

export interface RunResponseOptions extends RunSettings {
  sandbox: SandboxRunner;
  /** Gold answer: adds `correct` to the output. */
  gold?: string | null;
  signal?: AbortSignal;
}

/** A run's output plus its full trace (write it with `writeTrace`). */
export interface RunRecord {
  output: RunOutput;
  trace: Trace;
}

/** What `runCode` needs: a table (parsed or given) and a snippet, plus the context of the response. */
export interface CodeRunInput {
  table: SnippetTable & { raw?: string[][]; warnings?: TableIssue[] };
  /** Consistency warnings about the table (computed by runResponse from the typed table). */
  consistency?: TableIssue[];
  code: string;
  stated: string | null;
  repairs: ParsedResponse["repairs"];
  response: string | null;
  parsed: Trace["parsed"];
  timings: { parse: number; table: number };
}

function errorOf(e: unknown): RunError {
  if (e instanceof CatboxError) return { code: e.code, message: e.message };
  throw e;
}

function zeroTimings(): RunTimings {
  return { parse: 0, table: 0, transpile: 0, run: 0, total: 0 };
}

function withCorrect(output: RunOutput, gold: string | null | undefined): RunOutput {
  if (gold === undefined || gold === null) return output;
  return { ...output, correct: output.answer !== null && answersMatch(gold, output.answer) };
}

/** Typed rows as the sandbox receives them (arrays aligned with `columns`). */
export function snippetTableOf(table: Table): CodeRunInput["table"] {
  return {
    columns: table.columns,
    rows: table.rows.map((row) => table.columns.map((c) => row[c] ?? null)),
    raw: table.raw,
    warnings: table.warnings,
  };
}

/**
 * Run one model response end to end: parse it, take the visual answer or parse the CSV and run the
 * snippet in the sandbox, compare computed and stated answers, and return the output and its trace.
 * Never throws for a bad response: problems are reported in `output.error`.
 */
export async function runResponse(response: string, options: RunResponseOptions): Promise<RunRecord> {
  const started = performance.now();
  const strict = options.strict ?? false;
  const limits = resolveLimits(options.limits);
  const seed = options.seed ?? 0;
  const nowMs = options.nowMs ?? DEFAULT_NOW_MS;
  const gold = options.gold ?? null;
  const traceOf = (output: RunOutput, parsed: Trace["parsed"], extra: Partial<Trace> = {}): Trace =>
    buildTrace({ input: { response, gold }, parsed, table: null, code: null, limits, seed, nowMs, result: output, logsTruncated: false, ...extra });

  let parsed: ParsedResponse;
  try {
    parsed = parseResponse(response, { strict });
  } catch (e) {
    const ms = { ...zeroTimings(), parse: performance.now() - started, total: performance.now() - started };
    const output = withCorrect(emptyOutput(null, null, [], errorOf(e), ms), gold);
    return { output, trace: traceOf(output, null) };
  }
  const parsedAt = performance.now();
  const parsedTrace: Trace["parsed"] = { strict, ...parsed };

  if (!parsed.programmable) {
    const ms = { ...zeroTimings(), parse: parsedAt - started, total: parsedAt - started };
    const error: RunError | null = parsed.answer === null ? { code: "PARSE_ERROR", message: "the response chose the visual path but has no <answer>" } : null;
    const output = withCorrect({ ...emptyOutput("visual", parsed.answer, parsed.repairs, error, ms), answer: parsed.answer }, gold);
    return { output, trace: traceOf(output, parsedTrace) };
  }

  if (parsed.csv === null || parsed.code === null) {
    const missing = parsed.csv === null ? "<csv>" : "<code>";
    const ms = { ...zeroTimings(), parse: parsedAt - started, total: parsedAt - started };
    const error: RunError = { code: "PARSE_ERROR", message: `the response chose the code path but has no ${missing} block` };
    const output = withCorrect(emptyOutput("code", parsed.answer, parsed.repairs, error, ms), gold);
    return { output, trace: traceOf(output, parsedTrace) };
  }

  let table: Table;
  try {
    table = parseCsv(parsed.csv);
  } catch (e) {
    const now = performance.now();
    const ms = { ...zeroTimings(), parse: parsedAt - started, table: now - parsedAt, total: now - started };
    const output = withCorrect(emptyOutput("code", parsed.answer, parsed.repairs, errorOf(e), ms), gold);
    return { output, trace: traceOf(output, parsedTrace, { code: { ts: parsed.code, js: null } }) };
  }
  const tabledAt = performance.now();
  return runCode(
    {
      table: snippetTableOf(table),
      code: parsed.code,
      stated: parsed.answer,
      repairs: parsed.repairs,
      response,
      parsed: parsedTrace,
      consistency: tableConsistencyWarnings(table),
      timings: { parse: parsedAt - started, table: tabledAt - parsedAt },
    },
    { ...options, limits, seed, nowMs, gold },
  );
}

function emptyOutput(
  path: RunOutput["path"],
  stated: string | null,
  repairs: RunOutput["repairs"],
  error: RunError | null,
  ms: RunTimings,
): RunOutput {
  return { path, answer: null, computed: null, stated, agree: null, verified: false, repairs, error, logs: [], ms };
}

/** Run a snippet over a table (the code path), with the response's context for the output and trace. */
export async function runCode(input: CodeRunInput, options: RunResponseOptions): Promise<RunRecord> {
  const limits = resolveLimits(options.limits);
  const seed = options.seed ?? 0;
  const nowMs = options.nowMs ?? DEFAULT_NOW_MS;
  const gold = options.gold ?? null;
  const result = await options.sandbox.run(
    { code: input.code, table: { columns: input.table.columns, rows: input.table.rows }, limits, seed, nowMs },
    options.signal ? { signal: options.signal } : {},
  );
  const ms: RunTimings = {
    parse: input.timings.parse,
    table: input.timings.table,
    transpile: result.ms.transpile,
    run: result.ms.run,
    total: input.timings.parse + input.timings.table + result.ms.total,
  };
  let output: RunOutput;
  if (result.ok) {
    output = {
      path: "code",
      answer: result.answer,
      computed: result.answer,
      stated: input.stated,
      agree: input.stated === null ? null : answersMatch(input.stated, result.answer),
      verified: true,
      repairs: input.repairs,
      error: null,
      logs: result.logs,
      ms,
    };
  } else {
    output = { ...emptyOutput("code", input.stated, input.repairs, { ...result.error }, ms), logs: result.logs };
  }
  const warnings: TableIssue[] = [...(input.table.warnings ?? []), ...(input.consistency ?? [])];
  if (warnings.length > 0 || input.consistency !== undefined) output = { ...output, warnings };
  output = withCorrect(output, gold);
  const trace = buildTrace({
    input: { response: input.response, gold },
    parsed: input.parsed,
    table: {
      columns: input.table.columns,
      rows: input.table.rows,
      ...(input.table.raw ? { raw: input.table.raw } : {}),
      warnings: input.table.warnings ?? [],
      sha256: tableSha256(input.table),
    },
    code: { ts: input.code, js: result.js ?? null },
    limits,
    seed,
    nowMs,
    result: output,
    logsTruncated: result.logsTruncated,
  });
  return { output, trace };
}
