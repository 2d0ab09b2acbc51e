import type { EvalRunManifest } from "../run-manifest.js";
import type { EvalResult } from "../types.js";
import { breakdowns, failures, overall, type Breakdown, type Overall } from "./stats.js";

/** What a failure shows from its trace: the model's table, code or reasoning, and the gold table. */
export interface FailureDetail {
  csv: string | null;
  code: string | null;
  think: string | null;
  goldTable: string | null;
  repairs: string[];
  logs: string[];
  /** The last model response, when nothing parsed out of it. */
  response: string | null;
}

/** Everything both report formats render, computed once. */
export interface ReportModel {
  manifest: EvalRunManifest | undefined;
  overall: Overall;
  breakdowns: Breakdown[];
  failures: Array<{ result: EvalResult; detail: FailureDetail | null }>;
  /** Failures not shown (over `maxFailures`). */
  moreFailures: number;
}

/** Inputs of a report: the results, the traces of (at least) the failures by id, and run.json. */
export interface ReportInput {
  results: EvalResult[];
  traces: ReadonlyMap<string, unknown>;
  manifest?: EvalRunManifest;
  /** Failures listed at most (default 200). */
  maxFailures?: number;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

/** The parts of a trace file (a `catbox.trace/1` trace plus its `eval` item) a failure shows. */
export function failureDetail(trace: unknown): FailureDetail | null {
  if (typeof trace !== "object" || trace === null) return null;
  const t = trace as {
    parsed?: { csv?: unknown; code?: unknown; think?: unknown; repairs?: unknown } | null;
    result?: { logs?: unknown };
    eval?: { goldTable?: unknown };
    ask?: { rounds?: Array<{ response?: unknown }> };
  };
  const rounds = t.ask?.rounds ?? [];
  const last = rounds.length > 0 ? str(rounds[rounds.length - 1]!.response) : null;
  const parsed = t.parsed ?? null;
  return {
    csv: str(parsed?.csv),
    code: str(parsed?.code),
    think: str(parsed?.think),
    goldTable: str(t.eval?.goldTable),
    repairs: Array.isArray(parsed?.repairs) ? parsed!.repairs.filter((x): x is string => typeof x === "string") : [],
    logs: Array.isArray(t.result?.logs) ? t.result!.logs.filter((x): x is string => typeof x === "string").slice(0, 20) : [],
    response: parsed === null ? last : null,
  };
}

/** Compute the report's content: a pure function of results, traces and run settings. */
export function reportModel(input: ReportInput): ReportModel {
  const results = [...input.results].sort((a, b) => a.index - b.index);
  const failed = failures(results);
  const max = input.maxFailures ?? 200;
  return {
    manifest: input.manifest,
    overall: overall(results),
    breakdowns: breakdowns(results),
    failures: failed.slice(0, max).map((result) => ({ result, detail: failureDetail(input.traces.get(result.id)) })),
    moreFailures: Math.max(0, failed.length - max),
  };
}

/** A short text of a result's answer. */
export function answerShown(r: EvalResult): string {
  return r.answerText ?? "(no answer)";
}

/** Settings worth showing in a report header, as label/value pairs. */
export function settingsShown(m: EvalRunManifest | undefined): Array<[string, string]> {
  if (!m) return [];
  const s = m.settings;
  const out: Array<[string, string]> = [
    ["data set", `${s.dataset} (${s.format})`],
    ["model", s.model],
    ["mode", s.mode],
    ["on error", `${s.onError}${s.onError === "repair" ? ` (at most ${s.maxRepairs})` : ""}`],
  ];
  if (s.samples > 1) out.push(["samples", String(s.samples)]);
  if (s.constrain) out.push(["constrained decoding", "yes"]);
  if (s.temperature !== null) out.push(["temperature", String(s.temperature)]);
  const last = m.sessions[m.sessions.length - 1];
  out.push(["started", m.createdAt]);
  if (last && m.sessions.length > 1) out.push(["sessions", `${m.sessions.length} (last ${last.startedAt})`]);
  if (last?.limit !== null && last?.limit !== undefined) out.push(["limit", String(last.limit)]);
  return out;
}
