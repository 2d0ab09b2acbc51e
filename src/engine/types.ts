import type { ErrorCode } from "../errors.js";
import type { RepairCode } from "../response/types.js";
import type { Answer, SandboxLimits, SnippetTimings } from "../sandbox/types.js";

/** Which way the answer was produced: by running code over the table, or the model's visual reasoning. */
export type AnswerPath = "code" | "visual";

/** An error in a run's output: a stable code, a message that says what to fix, and where in the snippet. */
export interface RunError {
  code: ErrorCode;
  message: string;
  line?: number;
  column?: number;
  unknownColumn?: string;
  suggestion?: string | null;
}

/**
 * The JSON `catbox run` prints for one response.
 * - `answer`: the computed answer on the code path (verified), the stated one on the visual path.
 * - `agree`: computed vs stated under ChartQA's relaxed rule; null when either is missing.
 * - `correct`: only when a gold answer was given.
 */
export interface RunOutput {
  path: AnswerPath | null;
  answer: Answer | null;
  computed: Answer | null;
  stated: string | null;
  agree: boolean | null;
  verified: boolean;
  repairs: RepairCode[];
  error: RunError | null;
  correct?: boolean;
  /**
   * Problems with the response's table that did not stop the run: CSV parse warnings (RAGGED_ROW,
   * DUPLICATE_HEADER, …) and internal-consistency warnings (SHARES_DONT_SUM, TOTAL_MISMATCH,
   * DUPLICATE_LABEL, EMPTY_COLUMN). Present on the code path once the CSV parsed.
   */
  warnings?: TableIssue[];
  logs: string[];
  ms: RunTimings;
}

export interface RunTimings {
  parse: number;
  table: number;
  transpile: number;
  run: number;
  total: number;
}

/** A non-fatal problem found in a table. */
export interface TableIssue {
  code: string;
  message: string;
  row?: number;
  column?: string;
}

/** Options shared by `runResponse`, `runBatch` and `replay`. */
export interface RunSettings {
  /** Strict parsing: exactly the canonical shape, no repairs. Default false (tolerant). */
  strict?: boolean;
  limits?: Partial<SandboxLimits>;
  seed?: number;
  nowMs?: number;
}

export type { Answer, SnippetTimings };
