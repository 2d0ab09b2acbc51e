import { SnippetRunError } from "../errors.js";
import { ProcessPoolRunner, type ProcessPoolOptions } from "./process-pool-runner.js";
import type { Answer, SandboxRunner, SnippetResult } from "./types.js";

export type SandboxOptions = { kind?: "process-pool" } & ProcessPoolOptions;

/**
 * Create a sandbox runner. `process-pool` (the default and, today, the only kind) runs isolates in
 * supervised worker processes. Dispose it when done (`await using sandbox = createSandbox()`).
 */
export function createSandbox(options: SandboxOptions = {}): SandboxRunner {
  const { kind = "process-pool", ...rest } = options;
  switch (kind) {
    case "process-pool":
      return new ProcessPoolRunner(rest);
    default:
      throw new Error(`catbox: unknown sandbox kind ${JSON.stringify(kind)}; use "process-pool"`);
  }
}

/** The answer of a successful run; throws `SnippetRunError` (with the failure's code) otherwise. */
export function unwrapResult(result: SnippetResult): Answer {
  if (result.ok) return result.answer;
  throw new SnippetRunError(result.error.code, result.error.message, { ...result.error });
}

export { ProcessPoolRunner, type ProcessPoolOptions } from "./process-pool-runner.js";
export { resolveLimits } from "./limits.js";
export { transpileSnippet } from "./transpile.js";
export * from "./types.js";
