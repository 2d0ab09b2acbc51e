import type { SourcePosition } from "./transpile.js";
import type { SandboxLimits, SnippetError } from "./types.js";

type ToSource = (p: SourcePosition) => SourcePosition;
const identity: ToSource = (p) => p;

/** What the in-isolate prelude reports when a snippet fails (see sandbox/prelude.js). */
export interface InnerFailure {
  code: "SNIPPET_ERROR" | "UNKNOWN_COLUMN" | "INVALID_ANSWER" | "ANSWER_TOO_LARGE" | "SYNTAX_ERROR";
  name?: string;
  message: string;
  stack?: string;
  column?: string;
  suggestion?: string | null;
}

const SNIPPET_POSITION = /snippet\.ts:(\d+):(\d+)/;

/** First position inside the snippet named by a stack or message, if any. */
export function snippetPosition(text: string | undefined): { line: number; column: number } | undefined {
  if (!text) return undefined;
  const m = SNIPPET_POSITION.exec(text);
  if (!m) return undefined;
  const line = Number(m[1]);
  const column = Number(m[2]);
  return line >= 1 ? { line, column } : undefined;
}

function located(message: string, pos: { line: number; column: number } | undefined): SnippetError {
  return pos
    ? { code: "SNIPPET_ERROR", message: `${message} (at line ${pos.line}:${pos.column})`, line: pos.line, column: pos.column }
    : { code: "SNIPPET_ERROR", message };
}

/**
 * Turn the prelude's report into a public SnippetError (codes, messages, positions). `toSource`
 * maps positions in the type-stripped JavaScript back to the snippet as written.
 */
export function mapSnippetFailure(f: InnerFailure, toSource: ToSource = identity): SnippetError {
  if (f.code === "INVALID_ANSWER" || f.code === "ANSWER_TOO_LARGE" || f.code === "SYNTAX_ERROR") return { code: f.code, message: f.message };
  const found = snippetPosition(f.stack);
  const pos = found && toSource(found);
  if (f.code === "UNKNOWN_COLUMN") {
    const base = located(f.message, pos);
    return { ...base, code: "UNKNOWN_COLUMN", unknownColumn: f.column ?? "", suggestion: f.suggestion ?? null };
  }
  const name = f.name || "Error";
  if (name === "RangeError" && /allocation failed/i.test(f.message)) {
    return { ...located(`RangeError: ${f.message}; the snippet ran out of memory`, pos), code: "MEMORY_LIMIT" };
  }
  return located(f.message ? `${name}: ${f.message}` : name, pos);
}

/** What the executor observed about a failed run (so that snippet text cannot fake a limit). */
export interface RunObservation {
  /** Milliseconds since the snippet started running in the isolate. */
  ranMs: number;
  /** Whether isolated-vm disposed the isolate (it does so when the heap limit is hit). */
  isolateDisposed: boolean;
}

const IVM_TIMEOUT = /^Script execution timed out\.?$/;

/**
 * Classify an exception thrown by isolated-vm while compiling or running a snippet. At run time
 * this is either isolated-vm's own error (timeout, memory limit) or a value that escaped the
 * prelude: an unhandled promise rejection, or a throw from code outside the wrapper function.
 * Since such values carry snippet-chosen messages, limit codes are only given when `seen`
 * confirms them (the run lasted its CPU budget; the isolate really was disposed).
 */
export function classifyRunError(
  e: unknown,
  limits: SandboxLimits,
  phase: "compile" | "run",
  seen?: RunObservation,
  toSource: ToSource = identity,
): SnippetError {
  const err = e as { name?: unknown; message?: unknown; stack?: unknown };
  const message = typeof err?.message === "string" ? err.message : String(e);
  const name = typeof err?.name === "string" && err.name !== "" ? err.name : "Error";
  if (IVM_TIMEOUT.test(message) && (seen === undefined || seen.ranMs >= limits.timeoutMs * 0.9)) {
    return { code: "TIMEOUT", message: `the snippet ran longer than its time limit of ${limits.timeoutMs} ms (timeoutMs); look for an endless loop or a very large computation` };
  }
  const disposed = seen === undefined || seen.isolateDisposed;
  if ((disposed && /memory limit|out of memory/i.test(message)) || (name === "RangeError" && /allocation failed/i.test(message))) {
    return { code: "MEMORY_LIMIT", message: `the snippet used more than its memory limit of ${Math.round(limits.memoryLimitBytes / 1048576)} MiB (memoryLimitBytes)` };
  }
  if (disposed && /disposed/i.test(message)) {
    return { code: "SANDBOX_CRASH", message: "the sandbox isolate was stopped while the snippet ran" };
  }
  // isolated-vm appends "[snippet.ts:L:C]" to syntax errors; strip it into line/column. A value
  // that escaped at run time carries its position in its stack, above the host's own frames.
  const stack = typeof err?.stack === "string" ? err.stack.split("(<isolated-vm boundary>)")[0] : undefined;
  const found = snippetPosition(message) ?? (phase === "run" ? snippetPosition(stack) : undefined);
  const pos = found && toSource(found);
  const clean = message.replace(/\s*\[[^\]]*\]\s*$/, "").split("\n")[0]!.slice(0, 2000);
  if (phase === "compile") {
    return pos
      ? { code: "SYNTAX_ERROR", message: `SyntaxError: ${clean} (at line ${pos.line}:${pos.column})`, line: pos.line, column: pos.column }
      : { code: "SYNTAX_ERROR", message: `SyntaxError: ${clean}` };
  }
  const isError = typeof e === "object" && e !== null;
  return { ...located(isError ? `${name}: ${clean}` : `the snippet threw ${typeof e}: ${clean}`, pos) };
}
