import type { AnswerPath } from "../engine/types.js";
import type { Answer } from "../sandbox/types.js";
import type { AskOutput } from "../ask/types.js";

/** ChartQA-Split's difficulty labels for the chart and for the question (null where absent). */
export interface EvalComplexity {
  chart: string | null;
  question: string | null;
}

/**
 * One question of an evaluation data set, whatever format it came from.
 * - `image`: a file path (absolute, or relative to the working directory) or the encoded bytes;
 *   null when the data set gives none (the item is then recorded as an `IMAGE_ERROR`).
 * - `answers`: accepted gold answers (at least one).
 * - `goldTable`: the chart's gold data as CSV text, when the data set has it.
 * - `programmable`: the data set's gold programmability label, when it has one.
 */
export interface EvalItem {
  id: string;
  image: string | Uint8Array | null;
  question: string;
  answers: string[];
  split?: string;
  complexity?: EvalComplexity;
  goldTable?: string;
  programmable?: boolean;
}

/** The data set formats `openDataset` reads. */
export type DatasetFormat = "chartqa" | "jsonl" | "parquet";

/** A data set opened for reading: items are read lazily, in a stable order. */
export interface EvalDataset {
  format: DatasetFormat;
  /** Absolute path of the file or folder. */
  path: string;
  /** Items in the data set (before any limit), when known cheaply. */
  size?: number;
  /** The items, in data-set order, at most `limit` of them. */
  items(limit?: number): AsyncIterable<EvalItem>;
}

/**
 * One line of `RUN_DIR/results.jsonl`: one item, asked, answered and scored.
 * `relaxed` is ChartQA's relaxed accuracy; `lenient` the scorer's lenient match (units, words for
 * numbers…). `error` is the error code of the final answer (null when it ran cleanly).
 */
export interface EvalResult {
  /** Position of the item in the data set (0-based). */
  index: number;
  id: string;
  question: string;
  gold: string[];
  answer: Answer | null;
  /** The answer as ChartQA text ("Yes"/"No", "[a, b]"); null when there is none. */
  answerText: string | null;
  /** The model's own `<answer>` (on the code path it may disagree with what the code computed). */
  stated: string | null;
  path: AnswerPath | null;
  verified: boolean;
  agree: boolean | null;
  relaxed: boolean;
  lenient: boolean;
  error: string | null;
  errorMessage: string | null;
  rounds: number;
  resolution: AskOutput["resolution"] | null;
  split: string | null;
  complexity: EvalComplexity | null;
  /** The data set's gold programmability label, when it has one. */
  programmable: boolean | null;
  /** Wall-clock time for the item, ms. */
  ms: number;
  /** The trace, relative to the run folder (null when the item failed before a model answered). */
  trace: string | null;
}

/** What a run recorded about each item in its trace (beside the replayable `catbox.trace/1` fields). */
export interface EvalTraceItem {
  id: string;
  question: string;
  answers: string[];
  goldTable: string | null;
  split: string | null;
  complexity: EvalComplexity | null;
  programmable: boolean | null;
}
