import type { AskMode, AskSettings, OnErrorPolicy } from "../ask/types.js";
import { UsageError } from "../errors.js";
import { limitsFrom, nowFrom, type SandboxFlags } from "./options.js";

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

/** A whole number flag within [min, max], or a UsageError naming the flag. */
export function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
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
