/**
 * Small text helpers shared by the response parsers. All are linear-time and use no
 * regular expressions that could backtrack.
 */
import { ResponseParseError } from "../errors.js";
import { MAX_RESPONSE_BYTES } from "./types.js";

/** The whitespace the format allows between tags: space, tab, CR, LF (nothing else). */
export function isWs(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
}

/** True if `s` has at least one character that is not format whitespace. */
export function hasNonWs(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isWs(s[i])) return true;
  return false;
}

/** Index of the first non-whitespace character at or after `pos` (or `s.length`). */
export function skipWs(s: string, pos: number): number {
  while (pos < s.length && isWs(s[pos])) pos++;
  return pos;
}

/** Trims format whitespace (space, tab, CR, LF) from both ends. */
export function trimWs(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isWs(s[start])) start++;
  while (end > start && isWs(s[end - 1])) end--;
  return s.slice(start, end);
}

/**
 * Removes one leading line break (optionally preceded by spaces/tabs) and one trailing
 * line break (optionally followed by spaces/tabs): `"<csv>\nA,B\n</csv>"` → `"A,B"`.
 * Other whitespace is kept.
 */
export function stripOuterLineBreaks(s: string): string {
  let start = 0;
  while (start < s.length && (s[start] === " " || s[start] === "\t")) start++;
  if (s[start] === "\r" && s[start + 1] === "\n") start += 2;
  else if (s[start] === "\n") start += 1;
  else start = 0;
  let end = s.length;
  while (end > start && (s[end - 1] === " " || s[end - 1] === "\t")) end--;
  if (end - 1 > start && s[end - 1] === "\n" && s[end - 2] === "\r") end -= 2;
  else if (end > start && s[end - 1] === "\n") end -= 1;
  else end = s.length;
  return s.slice(start, Math.max(start, end));
}

/** 1-based line number of offset `pos` in `s`. */
export function lineAt(s: string, pos: number): number {
  let line = 1;
  const stop = Math.min(pos, s.length);
  for (let i = 0; i < stop; i++) if (s.charCodeAt(i) === 10) line++;
  return line;
}

/** A short, quoted preview of the text at `pos`, for error messages. */
export function preview(s: string, pos: number, max = 24): string {
  if (pos >= s.length) return "end of text";
  const chunk = s.slice(pos, pos + max);
  return JSON.stringify(chunk) + (pos + max < s.length ? "…" : "");
}

/** Throws a `ResponseParseError` unless `text` is a string within {@link MAX_RESPONSE_BYTES}. */
export function checkInput(text: unknown): asserts text is string {
  if (typeof text !== "string") {
    throw new ResponseParseError(`response must be a string, got ${text === null ? "null" : typeof text}`);
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so short strings need no count.
  const bytes = text.length * 3 <= MAX_RESPONSE_BYTES ? 0 : Buffer.byteLength(text, "utf8");
  if (bytes > MAX_RESPONSE_BYTES) {
    throw new ResponseParseError(
      `response is too large: ${bytes} bytes; the limit is ${MAX_RESPONSE_BYTES} bytes (1 MiB)`,
      { limitBytes: MAX_RESPONSE_BYTES },
    );
  }
}
