/** `scoreAnswer`: both verdicts (relaxed and lenient) for one answer, the entry point rewards and eval import. */
import { lenientMatchAny } from "./lenient.js";
import { relaxedMatchAny } from "./relaxed-any.js";

/** Both verdicts for one answer. */
export interface AnswerScore {
  /** ChartQA relaxed accuracy (pix2struct `relaxed_correctness`), best over the golds. */
  relaxed: boolean;
  /** The lenient rules (see the README), best over the golds. */
  lenient: boolean;
}

/**
 * Score one answer against one or several gold answers (the best counts).
 * `prediction` is an answer, not raw model text: run `extractAnswer` on raw text first.
 * An empty list of golds scores false on both.
 *
 * @example scoreAnswer("45", ["45%"])   // { relaxed: false, lenient: true }
 * @example scoreAnswer("2010", "2009")  // { relaxed: true, lenient: false } (years are exact)
 */
export function scoreAnswer(prediction: string, golds: string | string[]): AnswerScore {
  const list = typeof golds === "string" ? [golds] : golds;
  return { relaxed: relaxedMatchAny(list, prediction), lenient: lenientMatchAny(list, prediction) };
}
