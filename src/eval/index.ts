/**
 * Evaluation: run a model over a chart-QA data set, score every answer, and report accuracy
 * broken down by split, complexity, path, agreement and error, with the failures' tables and code.
 *
 *   await using backend = createModelBackend("http://127.0.0.1:8000/v1");
 *   await using sandbox = createSandbox();
 *   const summary = await runEval({ dataset: "../shared/data/chartqa", runDir: "runs/qwen", backend, sandbox, limit: 100 });
 */
export { runEval, traceFileName, RUN_FILES, type RunEvalOptions, type EvalSummary } from "./run-eval.js";
export { openDataset, detectFormat, extractQuestion, parseGroundTruth, type ReferenceGold } from "./datasets/index.js";
export { loadResults, rewriteResults, ResultsWriter, RETRY_ERROR_CODES, type LoadedResults, type ResultsRepairs } from "./results-file.js";
export { readManifest, settingsDiff, startSession, RUN_SCHEMA, type EvalRunManifest, type EvalSession, type EvalSettings } from "./run-manifest.js";
export { barProgress, lineProgress, silentProgress, type EvalProgress } from "./progress.js";
export { buildReport, writeReport, type Report } from "./report/index.js";
export type { DatasetFormat, EvalComplexity, EvalDataset, EvalItem, EvalResult, EvalTraceItem } from "./types.js";
