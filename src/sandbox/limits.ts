import { UsageError } from "../errors.js";
import { DEFAULT_LIMITS, type SandboxLimits } from "./types.js";

const MAX: SandboxLimits = {
  timeoutMs: 600_000,
  wallTimeoutMs: 900_000,
  memoryLimitBytes: 8 * 1024 * 1024 * 1024,
  maxAnswerBytes: 256 * 1024 * 1024,
  maxLogBytes: 256 * 1024 * 1024,
  maxAnswerItems: 10_000_000,
};
const MIN: SandboxLimits = {
  timeoutMs: 1,
  wallTimeoutMs: 50,
  memoryLimitBytes: 8 * 1024 * 1024,
  maxAnswerBytes: 16,
  maxLogBytes: 0,
  maxAnswerItems: 1,
};

/** Fill in defaults and check every limit is a number within its sane range. */
export function resolveLimits(partial?: Partial<SandboxLimits>): SandboxLimits {
  const limits: SandboxLimits = { ...DEFAULT_LIMITS };
  if (partial === undefined) return limits;
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SandboxLimits)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < MIN[key] || value > MAX[key]) {
      throw new UsageError(`limit ${key} must be a number from ${MIN[key]} to ${MAX[key]}, got ${String(value)}`);
    }
    limits[key] = value;
  }
  // The wall deadline must leave room for the CPU limit plus process overhead.
  if (partial.wallTimeoutMs === undefined) {
    limits.wallTimeoutMs = Math.max(limits.wallTimeoutMs, limits.timeoutMs * 2 + 2_000);
  }
  return limits;
}

/**
 * The limits of one run: the sandbox's defaults with the run's own on top (a key the run leaves
 * out keeps the sandbox's value). A run that sets timeoutMs but no wallTimeoutMs gets a wall
 * deadline with room for that CPU limit, and never less than the sandbox's.
 */
export function mergeLimits(base: SandboxLimits, override: Partial<SandboxLimits>): SandboxLimits {
  const merged: Partial<SandboxLimits> = { ...base };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SandboxLimits)[]) {
    if (override[key] !== undefined) merged[key] = override[key];
  }
  const limits = resolveLimits(merged);
  if (override.wallTimeoutMs === undefined && override.timeoutMs !== undefined) {
    limits.wallTimeoutMs = Math.min(MAX.wallTimeoutMs, Math.max(base.wallTimeoutMs, limits.timeoutMs * 2 + 2_000));
  }
  return limits;
}
