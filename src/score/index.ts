/**
 * Answer scoring: ChartQA's relaxed accuracy (the reference metric, bit for bit) and `lenient` (the
 * documented normalisation on top of it), several gold answers, and answer extraction from raw
 * model text. `scoreFile` is the library behind `catbox score`.
 */
export { scoreAnswer, type AnswerScore } from "./score-answer.js";
export { relaxedMatchAny } from "./relaxed-any.js";
export { lenientMatch, lenientMatchAny, numbersMatch, textKey, yearOf, yesNoOf } from "./lenient.js";
export { parseLenientNumber, parseNumberWords, scaledValue, type LenientNumber } from "./lenient-number.js";
export { extractAnswer, type ExtractedAnswer, type ExtractionMethod } from "./extract-answer.js";
export { itemsOf, BadLine, type ScoreItem } from "./score-input.js";
export {
  scoreFile,
  scoreLines,
  scoreItem,
  DEFAULT_BREAKDOWN,
  MAX_GROUPS,
  type Accuracy,
  type ItemResult,
  type ScoreFileOptions,
  type ScoreSummary,
  type Tally,
} from "./score-file.js";
