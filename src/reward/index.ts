/**
 * Rewards for RL trainers: `scoreReward` / `scoreRewardBatch` turn a model response and its gold
 * labels into a weighted reward with each component reported, for catbox's own format, the
 * Clarivis-R1 `<think>/<answer>` format and the Code-as-Thought paper's format.
 */
export { scoreReward, scoreRewardBatch, resolveWeights } from "./score-reward.js";
export { detectDialect, boxedAnswer, readCatPaper, readClarivis, type DialectReading } from "./dialects.js";
export { extractDataFrame, pythonSource, type FrameExtraction } from "./pandas-frame.js";
export {
  parsePythonLiteral,
  parseCallArguments,
  isPyDict,
  PyLiteralError,
  DEFAULT_PY_LITERAL_LIMITS,
  type PyValue,
  type PyDict,
  type PyArg,
  type PyLiteralLimits,
} from "./python-literal.js";
export {
  DEFAULT_REWARD_WEIGHTS,
  REWARD_DIALECTS,
  type RewardBatchOptions,
  type RewardComponents,
  type RewardDialect,
  type RewardItem,
  type RewardOptions,
  type RewardResult,
  type RewardWeights,
} from "./types.js";
