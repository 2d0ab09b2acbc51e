/**
 * Data checks — "is the extracted table right?".
 *
 * Against a gold table ({@link compareTables}): ChartQA/DePlot's RNSS, DePlot's RMS and Code-as-Thought's
 * data-accuracy score. Without one ({@link tableConsistencyWarnings}): internal consistency of the table
 * (shares that do not sum to 100, totals that are not the sum of their parts, repeated labels, empty
 * columns).
 */
import type { Table } from "../table/index.js";
import { catDataAccuracy, type DataAccuracyScore } from "./data-accuracy.js";
import { relativeMappingSimilarity, type PrecisionRecall } from "./rms.js";
import { relativeNumberSetSimilarity } from "./rnss.js";

export { catDataAccuracy, DATA_ACCURACY_WEIGHTS, type DataAccuracyScore } from "./data-accuracy.js";
export {
  relativeMappingSimilarity,
  rmsDetails,
  RMS_NUMBER_THETA,
  RMS_TEXT_THETA,
  type PrecisionRecall,
  type RmsOptions,
  type RmsResult,
} from "./rms.js";
export { relativeDistance, relativeNumberSetSimilarity, rnssDetails, rnssOfNumbers, tableNumbers, type RnssResult } from "./rnss.js";
export { tableConsistencyWarnings, type ConsistencyCode, type ConsistencyWarning } from "./consistency.js";
export { linearTableToCsv, type LinearTableOptions } from "./linear-table.js";
export { minCostAssignment, type Assignment, type CostMatrix } from "./hungarian.js";
export { anls, levenshtein, normalizedLevenshtein } from "./text-similarity.js";

/** Every gold-table metric of a predicted table, each in [0, 1] (1 = identical). */
export interface TableComparison {
  /** RNSS: relative number set similarity (ChartQA / DePlot). */
  rnss: number;
  /** RMS: relative mapping similarity (DePlot), best of the prediction and its transpose. */
  rms: PrecisionRecall;
  /** Code-as-Thought data accuracy: `0.2·columns + 0.1·rows + 0.7·values`. */
  data: DataAccuracyScore;
}

/**
 * Compare a predicted (extracted) table with the gold table.
 *
 * @example compareTables(parseCsv(extracted), parseCsv(gold)).rms.f1
 */
export function compareTables(pred: Table, gold: Table): TableComparison {
  return {
    rnss: relativeNumberSetSimilarity(pred, gold),
    rms: relativeMappingSimilarity(pred, gold),
    data: catDataAccuracy(pred, gold),
  };
}
