import { transform } from "sucrase";
import type { SnippetError } from "./types.js";

/** Largest snippet accepted, in UTF-16 code units. Model snippets are a few hundred characters. */
export const MAX_CODE_CHARS = 64 * 1024;

/** A 1-based line and column. */
export interface SourcePosition {
  line: number;
  column: number;
}

export type TranspileResult =
  | {
      ok: true;
      js: string;
      /** Maps a position in `js` to the same place in the snippet as written (types stripped shift columns). */
      toSource: (p: SourcePosition) => SourcePosition;
    }
  | { ok: false; error: SnippetError };

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

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decode source-map `mappings` into, per generated line, [generatedColumn, sourceLine, sourceColumn] (0-based). */
function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  let segments: number[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  let genColumn = 0;
  let fields: number[] = [];
  let value = 0;
  let shift = 0;
  const endSegment = () => {
    if (fields.length >= 4) {
      genColumn += fields[0]!;
      sourceLine += fields[2]!;
      sourceColumn += fields[3]!;
      segments.push([genColumn, sourceLine, sourceColumn]);
    } else if (fields.length >= 1) {
      genColumn += fields[0]!;
    }
    fields = [];
  };
  for (let i = 0; i <= mappings.length; i++) {
    const ch = i < mappings.length ? mappings[i]! : ";";
    if (ch === "," || ch === ";") {
      endSegment();
      if (ch === ";") {
        lines.push(segments);
        segments = [];
        genColumn = 0;
      }
      continue;
    }
    const digit = BASE64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return lines;
}

/** Position mapper from sucrase's token-level source map (decoded only when an error needs it). */
function positionMapper(mappings: string): (p: SourcePosition) => SourcePosition {
  let decoded: number[][][] | undefined;
  return (p) => {
    decoded ??= decodeMappings(mappings);
    const segments = decoded[p.line - 1];
    if (segments === undefined) return p;
    let best: number[] | undefined;
    for (const seg of segments) {
      if (seg[0]! <= p.column - 1) best = seg;
      else break;
    }
    if (best === undefined) return p;
    return { line: best[1]! + 1, column: best[2]! + (p.column - 1 - best[0]!) + 1 };
  };
}

const identity = (p: SourcePosition): SourcePosition => p;

/**
 * Strip TypeScript types from a snippet (a function body) with sucrase, which keeps line numbers
 * unchanged; columns after a stripped annotation move, and `toSource` maps them back.
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
    const out = transform(code, {
      transforms: ["typescript"],
      disableESTransforms: true,
      production: true,
      filePath: "snippet.ts",
      sourceMapOptions: { compiledFilename: "snippet.js" },
    });
    const toSource = out.code === code || out.sourceMap === undefined ? identity : positionMapper(out.sourceMap.mappings);
    return { ok: true, js: out.code, toSource };
  } catch (e) {
    const err = e as { message?: unknown; pos?: unknown };
    const raw = typeof err.message === "string" ? err.message : String(e);
    const reason = raw.replace(/^Error transforming [^:]*: /, "").replace(/\s*\(\d+:\d+\)\s*$/, "");
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
