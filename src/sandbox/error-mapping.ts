import type { SandboxLimits, SnippetError } from "./types.js";

/** What the in-isolate prelude reports when a snippet fails (see sandbox/prelude.js). */
export interface InnerFailure {
  code: "SNIPPET_ERROR" | "UNKNOWN_COLUMN" | "INVALID_ANSWER" | "ANSWER_TOO_LARGE";
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

/** Turn the prelude's report into a public SnippetError (codes, messages, positions). */
export function mapSnippetFailure(f: InnerFailure): SnippetError {
  if (f.code === "INVALID_ANSWER" || f.code === "ANSWER_TOO_LARGE") return { code: f.code, message: f.message };
  const pos = snippetPosition(f.stack);
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

/** Classify an exception thrown by isolated-vm itself while compiling or running a snippet. */
export function classifyRunError(e: unknown, limits: SandboxLimits, phase: "compile" | "run"): SnippetError {
  const err = e as { name?: unknown; message?: unknown };
  const message = typeof err?.message === "string" ? err.message : String(e);
  if (/timed out/i.test(message)) {
    return { code: "TIMEOUT", message: `the snippet used more than its CPU time limit of ${limits.timeoutMs} ms (timeoutMs); look for an endless loop or a very large computation` };
  }
  if (/memory limit|out of memory|allocation failed/i.test(message)) {
    return { code: "MEMORY_LIMIT", message: `the snippet used more than its memory limit of ${Math.round(limits.memoryLimitBytes / 1048576)} MiB (memoryLimitBytes)` };
  }
  if (/disposed/i.test(message)) {
    return { code: "SANDBOX_CRASH", message: "the sandbox isolate was stopped while the snippet ran" };
  }
  // isolated-vm appends "[snippet.ts:L:C]" to syntax errors; strip it into line/column.
  const pos = snippetPosition(message);
  const clean = message.replace(/\s*\[[^\]]*\]\s*$/, "").split("\n")[0]!.slice(0, 2000);
  if (phase === "compile" || err?.name === "SyntaxError") {
    return pos
      ? { code: "SYNTAX_ERROR", message: `SyntaxError: ${clean} (at line ${pos.line}:${pos.column})`, line: pos.line, column: pos.column }
      : { code: "SYNTAX_ERROR", message: `SyntaxError: ${clean}` };
  }
  return { ...located(clean, pos) };
}
