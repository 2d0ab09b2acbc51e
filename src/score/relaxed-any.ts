import { relaxedCorrectness } from "../verify/relaxed.js";

/**
 * ChartQA's relaxed accuracy with several gold answers: the prediction is correct when it is
 * correct against any one of them (the best counts), as pix2struct scores a question with
 * several targets (`max(relaxed_correctness(t, p) for t in targets)`). Each comparison is the
 * reference `relaxed_correctness` bit for bit: no trimming, no extraction. No golds → false.
 *
 * @example relaxedMatchAny(["45%", "45"], "45")  // true (the second gold)
 */
export function relaxedMatchAny(golds: readonly string[], prediction: string): boolean {
  return golds.some((gold) => relaxedCorrectness(gold, prediction));
}
