/**
 * Types for RL rewards: what a trainer sends for one response, the weights, and the components
 * reported back. See `score-reward.ts` for how each component is computed.
 */
import type { RunOutput, RunSettings } from "../engine/types.js";
import type { SandboxRunner } from "../sandbox/types.js";

/**
 * Response formats a reward can read:
 * - `catbox`: catbox's own tags (`<programability>`, `<csv>`, `<code>`, `<answer>` / `<think>`);
 * - `clarivis-r1`: `<think>…</think><answer>…</answer>` (visual path only);
 * - `cat-paper`: the Code-as-Thought paper's style: a `<CODE>`/`<DIRECT>` strategy token, Python
 *   building `chart_data = pd.DataFrame({...})` (read as a literal, never run), and `\boxed{answer}`.
 */
export const REWARD_DIALECTS = ["catbox", "clarivis-r1", "cat-paper"] as const;
export type RewardDialect = (typeof REWARD_DIALECTS)[number];

/** Weight of each component in the reward (a plain weighted sum; weights need not sum to 1). */
export interface RewardWeights {
  accuracy: number;
  decision: number;
  data: number;
  format: number;
  agree: number;
}

/** The Code-as-Thought paper's weights: 0.8·accuracy + 0.3·decision + 0.15·data + 0.05·format. */
export const DEFAULT_REWARD_WEIGHTS: Readonly<RewardWeights> = Object.freeze({ accuracy: 0.8, decision: 0.3, data: 0.15, format: 0.05, agree: 0 });

/** One response to score, with its gold labels. */
export interface RewardItem {
  /** The model's full response text. */
  response: string;
  /** Gold answer, or several acceptable answers. */
  answer: string | string[];
  /** Gold data table as CSV (enables the `data` component). */
  table?: string | null;
  /** Gold visual-programmability label (enables the `decision` component). */
  programmable?: boolean | null;
}

/**
 * Each component in [0, 1]:
 * - `format`: 1 when the response has its dialect's exact shape (catbox: strict parse);
 * - `accuracy`: the answer is correct against the gold answer(s) (computed answer on the code
 *   path, stated answer on the visual path; ChartQA relaxed accuracy by default);
 * - `data`: CaT data-accuracy of the response's table against the gold table (code path only;
 *   0 on the visual path or without a gold table);
 * - `decision`: with a gold `programmable` label, 1 for the right path with the right answer,
 *   `partialDecision` for the right path with a wrong answer, 0 for the wrong path (0 without a label);
 * - `agree`: 1 when the computed answer agrees with the stated one (catbox code path only).
 */
export interface RewardComponents {
  format: number;
  accuracy: number;
  data: number;
  decision: number;
  agree: number;
}

/** Options for {@link scoreReward}. */
export interface RewardOptions extends RunSettings {
  sandbox: SandboxRunner;
  /** Weights to override (the rest keep {@link DEFAULT_REWARD_WEIGHTS}). */
  weights?: Partial<RewardWeights>;
  /** Response format; `auto` (the default) detects it per response. */
  dialect?: RewardDialect | "auto";
  /** `decision` for the right path with a wrong answer (default 0.5). */
  partialDecision?: number;
  /** Which correctness `accuracy` uses: ChartQA `relaxed` (default) or the more forgiving `lenient`. */
  accuracyMetric?: "relaxed" | "lenient";
  signal?: AbortSignal;
}

/** Options for {@link scoreRewardBatch}. */
export interface RewardBatchOptions extends RewardOptions {
  /** Responses scored at once (default 64). Output order never depends on it. */
  concurrency?: number;
}

/** A scored response. */
export interface RewardResult {
  /** The weighted sum of the components. */
  reward: number;
  components: RewardComponents;
  /** The dialect the response was read as. */
  dialect: RewardDialect;
  /** The path the response took (`programmable` yes = `code`), or null when it could not be read. */
  programmable: boolean | null;
  /** The run output (`catbox run` JSON); for the other dialects, the same shape with the stated answer. */
  output: RunOutput;
  /** Why a component scored 0 where that is not obvious (no table read, unreadable gold table, …). */
  notes: string[];
}
