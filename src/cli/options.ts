import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";
import { createSandbox } from "../sandbox/index.js";
import type { SandboxLimits, SandboxRunner } from "../sandbox/types.js";

/** Sandbox flags shared by exec, run and replay. */
export interface SandboxFlags {
  timeoutMs?: number;
  wallTimeoutMs?: number;
  memoryMb?: number;
  maxAnswerBytes?: number;
  maxLogBytes?: number;
  seed?: number;
  now?: string;
  workers?: number;
}

function intArg(name: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
    return Number(value);
  };
}

/** Add the sandbox limit flags to a command. */
export function addSandboxFlags(cmd: Command, { seed = true }: { seed?: boolean } = {}): Command {
  cmd
    .addOption(new Option("--timeout-ms <n>", "time limit per snippet inside the isolate, ms (default 2000)").argParser(intArg("--timeout-ms")))
    .addOption(new Option("--wall-timeout-ms <n>", "wall-clock deadline per snippet, ms (default max(10000, 2×timeout+2000))").argParser(intArg("--wall-timeout-ms")))
    .addOption(new Option("--memory-mb <n>", "isolate heap limit, MiB (default 128)").argParser(intArg("--memory-mb")))
    .addOption(new Option("--max-answer-bytes <n>", "largest answer, bytes of JSON (default 1048576)").argParser(intArg("--max-answer-bytes")))
    .addOption(new Option("--max-log-bytes <n>", "largest console output kept, bytes (default 65536)").argParser(intArg("--max-log-bytes")))
    .addOption(new Option("--workers <n>", "sandbox worker processes (default: CPU count, max 4)").argParser(intArg("--workers")));
  if (seed) {
    cmd
      .addOption(new Option("--seed <n>", "seed for Math.random (default 0)").argParser(intArg("--seed")))
      .addOption(new Option("--now <iso>", "frozen Date for the snippet (default 2024-01-01T00:00:00Z)"));
  }
  return cmd;
}

/** A whole number flag within [min, max], or a UsageError naming the flag. */
export function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/** Limits from flags (only the ones given). */
export function limitsFrom(flags: SandboxFlags): Partial<SandboxLimits> {
  const limits: Partial<SandboxLimits> = {};
  if (flags.timeoutMs !== undefined) limits.timeoutMs = flags.timeoutMs;
  if (flags.wallTimeoutMs !== undefined) limits.wallTimeoutMs = flags.wallTimeoutMs;
  if (flags.memoryMb !== undefined) limits.memoryLimitBytes = flags.memoryMb * 1024 * 1024;
  if (flags.maxAnswerBytes !== undefined) limits.maxAnswerBytes = flags.maxAnswerBytes;
  if (flags.maxLogBytes !== undefined) limits.maxLogBytes = flags.maxLogBytes;
  return limits;
}

/** --now as epoch milliseconds. */
export function nowFrom(flags: SandboxFlags): number | undefined {
  if (flags.now === undefined) return undefined;
  const ms = Date.parse(flags.now);
  if (Number.isNaN(ms)) throw new UsageError(`--now must be an ISO date such as 2024-01-01T00:00:00Z, got ${JSON.stringify(flags.now)}`);
  return ms;
}

/** A sandbox configured from flags; the caller disposes it. */
export function sandboxFrom(flags: SandboxFlags): SandboxRunner {
  if (flags.workers !== undefined && (flags.workers < 1 || flags.workers > 64)) {
    throw new UsageError(`--workers must be from 1 to 64, got ${flags.workers}`);
  }
  return createSandbox({ limits: limitsFrom(flags), ...(flags.workers !== undefined ? { workers: flags.workers } : {}) });
}
