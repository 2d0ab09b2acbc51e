import type { SnippetErrorCode } from "../errors.js";
import type { Cell } from "../table/types.js";

/** What a snippet may return: a number, string, boolean, or a flat array of those. */
export type Answer = number | string | boolean | Array<number | string | boolean>;

/** Resource limits for one snippet run. Every limit carries its unit in its name. */
export interface SandboxLimits {
  /** Time the snippet may run inside the isolate (isolated-vm `timeout`, measured as elapsed time while it executes). */
  timeoutMs: number;
  /** Wall-clock deadline for the whole run, enforced from outside the worker process. */
  wallTimeoutMs: number;
  /** Heap limit of the isolate the snippet runs in (rounded up to whole MiB). */
  memoryLimitBytes: number;
  /** Largest serialised answer (JSON, UTF-16 code units ≈ bytes for ASCII). */
  maxAnswerBytes: number;
  /** Largest total of captured console output. */
  maxLogBytes: number;
  /** Largest array a snippet may return. */
  maxAnswerItems: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  timeoutMs: 2_000,
  wallTimeoutMs: 10_000,
  memoryLimitBytes: 128 * 1024 * 1024,
  maxAnswerBytes: 1024 * 1024,
  maxLogBytes: 64 * 1024,
  maxAnswerItems: 10_000,
});

/** The table a snippet sees, as plain data (what crosses into the isolate). */
export interface SnippetTable {
  columns: string[];
  rows: Cell[][];
}

/** One snippet run. */
export interface SnippetJob {
  /** TypeScript (or JavaScript) function body; its `return` value is the answer. */
  code: string;
  table: SnippetTable;
  /** Seed for Math.random (recorded in traces). Default 0. */
  seed?: number;
  /** Frozen "now" for Date, in epoch milliseconds (recorded in traces). Default 2024-01-01T00:00:00Z. */
  nowMs?: number;
  limits?: Partial<SandboxLimits>;
}

/** Time spent, in milliseconds. `queue` is time waiting for a free worker. */
export interface SnippetTimings {
  transpile: number;
  run: number;
  total: number;
  queue?: number;
}

/** A snippet error as data: a stable code, a message that says what to fix, and where. */
export interface SnippetError {
  code: SnippetErrorCode;
  message: string;
  /** 1-based line in the snippet's own coordinates, when known. */
  line?: number;
  /** 1-based column in the snippet's own coordinates, when known. */
  column?: number;
  /** For UNKNOWN_COLUMN: the name the snippet asked for, and the closest real column. */
  unknownColumn?: string;
  suggestion?: string | null;
}

interface RunCommon {
  logs: string[];
  logsTruncated: boolean;
  /** The JavaScript actually run (types stripped), when transpiling succeeded. */
  js?: string;
  seed: number;
  nowMs: number;
  ms: SnippetTimings;
}

export interface SnippetSuccess extends RunCommon {
  ok: true;
  answer: Answer;
}

export interface SnippetFailure extends RunCommon {
  ok: false;
  error: SnippetError;
}

/** The outcome of one run: expected failures are data, not exceptions. */
export type SnippetResult = SnippetSuccess | SnippetFailure;

/** Counters a runner keeps (exposed for `/metrics` and the benchmark). */
export interface SandboxStats {
  runs: number;
  errorsByCode: Partial<Record<SnippetErrorCode, number>>;
  workerRestarts: number;
  workers: number;
}

/** A sandbox runner: one implementation per file, chosen by `createSandbox`. */
export interface SandboxRunner extends AsyncDisposable {
  /** Run one snippet. Never rejects for snippet failures; rejects only if the runner is disposed. */
  run(job: SnippetJob, options?: { signal?: AbortSignal }): Promise<SnippetResult>;
  stats(): SandboxStats;
  dispose(): Promise<void>;
}

export const DEFAULT_NOW_MS = Date.UTC(2024, 0, 1);
