import type { RunOutput } from "../engine/types.js";
import type { TableGrounding } from "../grounding/ground-table.js";
import type { LocalReadingSummary } from "../model/types.js";
import type { Answer, SandboxLimits } from "../sandbox/types.js";

/** How the model is asked: decide programmability itself, always write code, or reason visually. */
export type AskMode = "adaptive" | "code" | "cot";

/**
 * What to do when the code path fails (unknown column, syntax error, unparseable response…):
 * `repair` sends the error back for a corrected response (at most `maxRepairs` rounds),
 * `cot` re-asks in visual mode, `stated` takes the model's own `<answer>` marked unverified.
 */
export type OnErrorPolicy = "repair" | "cot" | "stated";

/** The outcome of checking the arithmetic in visual reasoning. */
export interface ArithmeticReport {
  checked: number;
  wrong: Array<{ claim: string; left: string; claimed: number; actual: number }>;
}

/** One request/response exchange with the model, as recorded in the trace. */
export interface AskRound {
  kind: "initial" | "repair" | "cot" | "sample";
  mode: AskMode;
  /** The user text sent this round (the image is recorded once, by hash). */
  prompt: string;
  response: string;
  output: RunOutput;
  model: { attempts: number; ms: number; finishReason: string | null; usage?: { promptTokens: number; completionTokens: number } };
}

/** `catbox ask` output: the same fields as `catbox run`, plus the model, rounds and timings. */
export interface AskOutput extends RunOutput {
  model: string;
  mode: AskMode;
  /** Model calls made (initial + repairs + re-asks + samples). */
  rounds: number;
  /** How the final answer was reached. */
  resolution: "code" | "visual" | "repaired" | "cot-fallback" | "stated-fallback" | "majority" | "declined" | "failed";
  /** With the local backend: the chart kind, confidence and value source it read, and the question shape. */
  reading?: LocalReadingSummary;
  /** With `resolution: "declined"`: why the backend could not answer (answer is null). */
  declined?: string;
  /**
   * The code path's table checked against the text printed on the chart (local OCR): which labels
   * and numbers are on the chart. Absent when grounding is off or the answer took the visual path.
   */
  grounding?: TableGrounding;
  arithmetic?: ArithmeticReport;
  /** With --samples: the answers voted on and the winning count. */
  votes?: Array<{ answer: Answer | null; verified: boolean; count: number }>;
  timings: { image: number; model: number; engine: number; grounding?: number; total: number };
}

export interface AskSettings {
  mode?: AskMode;
  constrain?: boolean;
  onError?: OnErrorPolicy;
  /** Repair rounds at most (default 2). */
  maxRepairs?: number;
  /** Self-consistency: K responses, majority over verified answers first (default 1). */
  samples?: number;
  /** Default 0 (greedy), or 0.7 when samples > 1. */
  temperature?: number;
  maxTokens?: number;
  /** Long-side pixel budget for the image sent (default 1024). */
  maxImageSidePx?: number;
  limits?: Partial<SandboxLimits>;
  seed?: number;
  nowMs?: number;
}
