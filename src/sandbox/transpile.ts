import { transform } from "sucrase";
import type { SnippetError } from "./types.js";

/** Largest snippet accepted, in UTF-16 code units. Model snippets are a few hundred characters. */
export const MAX_CODE_CHARS = 64 * 1024;

export type TranspileResult = { ok: true; js: string } | { ok: false; error: SnippetError };

/** 1-based line and column of a 0-based offset into `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Strip TypeScript types from a snippet (a function body) with sucrase, which keeps line numbers
 * unchanged, so positions in errors raised later still point at the snippet's own lines.
 */
export function transpileSnippet(code: string): TranspileResult {
  if (code.length > MAX_CODE_CHARS) {
    return {
      ok: false,
      error: {
        code: "SYNTAX_ERROR",
        message: `snippet is ${code.length} characters; the limit is ${MAX_CODE_CHARS}. Write a shorter snippet.`,
      },
    };
  }
  try {
    const out = transform(code, { transforms: ["typescript"], disableESTransforms: true, production: true });
    return { ok: true, js: out.code };
  } catch (e) {
    const err = e as { message?: unknown; pos?: unknown };
    const raw = typeof err.message === "string" ? err.message : String(e);
    const reason = raw.replace(/\s*\(\d+:\d+\)\s*$/, "");
    const pos = typeof err.pos === "number" ? positionOf(code, err.pos) : undefined;
    return {
      ok: false,
      error: {
        code: "SYNTAX_ERROR",
        message: pos ? `SyntaxError: ${reason} (at line ${pos.line}:${pos.column})` : `SyntaxError: ${reason}`,
        ...(pos ? { line: pos.line, column: pos.column } : {}),
      },
    };
  }
}
