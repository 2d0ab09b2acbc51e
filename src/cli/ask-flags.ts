import type { AskMode, AskSettings, OnErrorPolicy } from "../ask/types.js";
import { UsageError } from "../errors.js";
import { limitsFrom, nowFrom, wholeNumber, type SandboxFlags } from "./options.js";

/** The flags `ask` and `eval` share (how the model is asked and how failures are recovered). */
export interface AskFlags extends SandboxFlags {
  mode: AskMode;
  constrain?: boolean;
  onError: OnErrorPolicy;
  maxRepairs: string;
  samples: string;
  temperature?: string;
  maxTokens?: string;
  maxImagePx: string;
}

/** --temperature: a number from 0 to 2. */
export function temperatureOf(value: string): number {
  const t = Number(value);
  if (!Number.isFinite(t) || t < 0 || t > 2) throw new UsageError(`--temperature must be a number from 0 to 2, got ${JSON.stringify(value)}`);
  return t;
}

/** AskSettings from the shared flags, each checked. */
export function askSettingsFrom(flags: AskFlags): AskSettings {
  const nowMs = nowFrom(flags);
  return {
    mode: flags.mode,
    constrain: flags.constrain ?? false,
    onError: flags.onError,
    maxRepairs: wholeNumber("--max-repairs", flags.maxRepairs, 0, 10),
    samples: wholeNumber("--samples", flags.samples, 1, 64),
    maxImageSidePx: wholeNumber("--max-image-px", flags.maxImagePx, 64, 8192),
    limits: limitsFrom(flags),
    ...(flags.temperature !== undefined ? { temperature: temperatureOf(flags.temperature) } : {}),
    ...(flags.maxTokens !== undefined ? { maxTokens: wholeNumber("--max-tokens", flags.maxTokens, 1, 1_000_000) } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(nowMs !== undefined ? { nowMs } : {}),
  };
}
