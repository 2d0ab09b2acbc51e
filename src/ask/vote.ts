import type { RunOutput } from "../engine/types.js";
import type { Answer } from "../sandbox/types.js";
import { answerToText } from "../verify/answer-text.js";

/** The voting key of an answer: its ChartQA text form, case-folded; numbers to 6 significant digits. */
export function voteKey(answer: Answer): string {
  if (typeof answer === "number") return String(Number(answer.toPrecision(6)));
  return answerToText(answer).trim().toLowerCase();
}

/**
 * Self-consistency: the most common answer among the *verified* ones (code path, ran cleanly);
 * only when none is verified, the most common answer overall. Ties go to the earliest sample.
 */
export function majorityVote(outputs: RunOutput[]): { winner: number; tally: Array<{ answer: Answer | null; verified: boolean; count: number }> } {
  const verified = outputs.some((o) => o.verified && o.answer !== null);
  const groups = new Map<string, { first: number; count: number; answer: Answer; verified: boolean }>();
  outputs.forEach((o, i) => {
    if (o.answer === null || (verified && !o.verified)) return;
    const key = voteKey(o.answer);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { first: i, count: 1, answer: o.answer, verified: o.verified });
  });
  let best: { first: number; count: number } | undefined;
  for (const g of groups.values()) if (best === undefined || g.count > best.count) best = g;
  const tally = [...groups.values()].map((g) => ({ answer: g.answer, verified: g.verified, count: g.count }));
  return { winner: best?.first ?? 0, tally };
}
