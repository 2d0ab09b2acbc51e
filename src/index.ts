/**
 * catbox — a Code-as-Thought engine for charts.
 *
 * A model answers a chart question with a CSV table and a TypeScript snippet; catbox parses the
 * response, runs the snippet over the table in an isolated-vm sandbox (in supervised worker
 * processes), and returns an answer anyone can audit and replay.
 *
 * ```ts
 * import { createSandbox, runResponse } from "catbox";
 * await using sandbox = createSandbox();
 * const { output, trace } = await runResponse(responseText, { sandbox, gold: "Lamb" });
 * ```
 */

// Errors
export {
  CatboxError,
  CsvError,
  ImageError,
  IoError,
  ModelError,
  MODEL_ERROR_CODES,
  type ModelErrorCode,
  ResponseParseError,
  SnippetRunError,
  TraceError,
  UsageError,
  INPUT_ERROR_CODES,
  SNIPPET_ERROR_CODES,
  type ErrorCode,
  type InputErrorCode,
  type SnippetErrorCode,
} from "./errors.js";

// Response format
export { parseResponse, parseResponseStrict } from "./response/index.js";
export { REPAIR_CODES, MAX_RESPONSE_BYTES, type ParsedResponse, type ParseResponseOptions, type RepairCode } from "./response/types.js";

// Tables
export { parseCsv, tableToCsv, parseNumberCell, DEFAULT_CSV_LIMITS, type ParseCsvOptions } from "./table/index.js";
export type { Cell, ColumnKind, Table, TableWarning } from "./table/types.js";

// Sandbox
export { createSandbox, unwrapResult, ProcessPoolRunner, resolveLimits, transpileSnippet, type SandboxOptions, type ProcessPoolOptions } from "./sandbox/index.js";
export {
  DEFAULT_LIMITS,
  DEFAULT_NOW_MS,
  type Answer,
  type SandboxLimits,
  type SandboxRunner,
  type SandboxStats,
  type SnippetError,
  type SnippetFailure,
  type SnippetJob,
  type SnippetResult,
  type SnippetSuccess,
  type SnippetTable,
  type SnippetTimings,
} from "./sandbox/types.js";

// Engine
export { runResponse, runCode, snippetTableOf, type RunRecord, type RunResponseOptions, type CodeRunInput } from "./engine/run-response.js";
export { runBatch, type BatchOptions, type BatchOutput } from "./engine/run-batch.js";
export { replayTrace, type ReplayOptions, type ReplayRecord } from "./engine/replay.js";
export type { AnswerPath, RunError, RunOutput, RunSettings, RunTimings, TableIssue } from "./engine/types.js";

// Verification
export { relaxedCorrectness, pythonFloat, toFloat } from "./verify/relaxed.js";
export { answersMatch, answerToText } from "./verify/answer-text.js";

// Table checks
export { compareTables, catDataAccuracy, relativeNumberSetSimilarity, relativeMappingSimilarity, tableConsistencyWarnings } from "./check/index.js";

// Scoring
export { scoreAnswer, relaxedMatchAny, lenientMatch, lenientMatchAny, extractAnswer, scoreFile } from "./score/index.js";

// Rewards and the HTTP service
export { scoreReward, scoreRewardBatch, resolveWeights, detectDialect, extractDataFrame, DEFAULT_REWARD_WEIGHTS, REWARD_DIALECTS } from "./reward/index.js";
export { createServeApp, startServer, type ServeOptions, type AskHandler, type RunningServer } from "./serve/index.js";

// Evaluation runs
export { runEval, openDataset, detectFormat, buildReport, writeReport, type RunEvalOptions, type EvalSummary, type EvalItem } from "./eval/index.js";

// Local OCR and grounding
export { createOcrEngine, DEFAULT_OCR_OPTIONS, type OcrBox, type OcrEngine, type OcrEngineOptions, type OcrResult } from "./ocr/index.js";
export { groundCsv, groundTable, groundTableOnImage, type TableGrounding } from "./grounding/index.js";

// Local question compiler (question + table → TypeScript)
export { compileQuestion, QUESTION_SHAPES } from "./compile/index.js";

// Traces
export { TRACE_SCHEMA, traceSchema, type Trace } from "./trace/schema.js";
export { readTrace, writeTrace, validateTrace } from "./trace/io.js";
export { tableSha256, runtimeVersions } from "./trace/build.js";

// Images
export { prepareImage, ACCEPTED_IMAGE_FORMATS, DEFAULT_IMAGE_OPTIONS, type PreparedImage, type PrepareImageOptions } from "./image/index.js";

// Model backends
export {
  createModelBackend,
  LOCAL_MODEL_SPEC,
  LocalChartBackend,
  OpenAICompatibleBackend,
  parseModelSpec,
  MODEL_SPEC_FORMS,
  type CreateModelBackendOptions,
  type LocalBackendOptions,
  type OpenAICompatibleOptions,
} from "./model/index.js";
export type { ChatMessage, ContentPart, DecodingConstraint, GenerateRequest, GenerateResult, ModelBackend } from "./model/types.js";

// The local path: chart geometry → table, shared local models, model-free responses
export {
  CHART_KINDS,
  DEFAULT_DETECTORS,
  DEFAULT_MIN_CONFIDENCE,
  fitAxis,
  loadRaster,
  readChart,
  readChartImage,
  readingToCsv,
  readLabelNumber,
  type AxisScale,
  type ChartDetector,
  type ChartExtraction,
  type ChartInput,
  type ChartKind,
  type ChartReading,
  type DetectorAttempt,
  type DetectorResult,
  type Raster,
  type ReadChartOptions,
} from "./chart/index.js";
export {
  CANNOT_ANSWER_LOCALLY,
  LocalModels,
  readChartLocally,
  writeLocalResponse,
  type LocalChartRead,
  type LocalModelsOptions,
  type LocalResponse,
  type OcrLoader,
} from "./local/index.js";

// Asking a model
export { askChart, grammarFor, type AskOptions, type AskRecord } from "./ask/ask-chart.js";
export { askBatch, doneIds, type AskBatchOptions } from "./ask/ask-batch.js";
export { majorityVote, voteKey } from "./ask/vote.js";
export type { AskMode, AskOutput, AskRound, AskSettings, ArithmeticReport, OnErrorPolicy } from "./ask/types.js";
export { auditArithmetic } from "./audit/index.js";
export { buildPrompt, buildRepairPrompt } from "./prompts/index.js";

// CLI (for embedding)
export { main as cliMain } from "./cli/main.js";
