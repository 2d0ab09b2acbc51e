/**
 * Request bodies of `catbox serve`, validated with zod at the boundary. Objects are strict:
 * an unknown (e.g. misspelt) field is a 400 that names it.
 */
import { z } from "zod";
import { REWARD_DIALECTS } from "../reward/types.js";

/** `POST /v1/run`: one response, as `catbox run` takes it. */
export const runBodySchema = z.strictObject({
  response: z.string(),
  /** Gold answer: adds `correct`. */
  answer: z.string().nullable().optional(),
  /** Accept only the canonical shape. */
  strict: z.boolean().optional(),
  /** Add the replayable trace to the output as `trace`. */
  trace: z.boolean().optional(),
});

const weight = z.number().min(-1000).max(1000);

/** `POST /v1/reward`: a batch of responses with gold labels. */
export function rewardBodySchema(maxItems: number) {
  const item = z.strictObject({
    response: z.string(),
    answer: z.union([z.string(), z.array(z.string()).min(1)]),
    table: z.string().nullable().optional(),
    programmable: z.boolean().nullable().optional(),
    /** Echoed back unchanged (any JSON). */
    id: z.unknown().optional(),
  });
  return z.strictObject({
    items: z.array(item).min(1).max(maxItems),
    weights: z.strictObject({ accuracy: weight, decision: weight, data: weight, format: weight, agree: weight }).partial().optional(),
    dialect: z.enum([...REWARD_DIALECTS, "auto"]).optional(),
    partialDecision: z.number().min(0).max(1).optional(),
    accuracyMetric: z.enum(["relaxed", "lenient"]).optional(),
    strict: z.boolean().optional(),
    /** Include each item's full run output as `output`. */
    output: z.boolean().optional(),
  });
}

/** `POST /v1/check`: a predicted table against the gold table, both CSV. */
export const checkBodySchema = z.strictObject({
  table: z.string().min(1),
  gold: z.string().min(1),
});

/** `POST /v1/ask`: a chart and a question (other fields are passed to the configured `ask`). */
export const askBodySchema = z.looseObject({
  question: z.string().min(1),
  image: z.string().min(1),
});

export type RunBody = z.infer<typeof runBodySchema>;
export type RewardBody = z.infer<ReturnType<typeof rewardBodySchema>>;
export type CheckBody = z.infer<typeof checkBodySchema>;
export type AskBody = z.infer<typeof askBodySchema>;
