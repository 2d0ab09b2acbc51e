/**
 * Markdown code fences (```lang … ```) as models emit them around code and CSV.
 * Line-based and linear-time; no backtracking regular expressions.
 */
import { hasNonWs, skipWs, trimWs } from "./text-utils.js";

const FENCE = "```";

/** A fenced block found in a span of text. */
export interface Fence {
  /** Offset of the opening fence line. */
  start: number;
  /** Offset just after the closing fence line (or the end of the span if unclosed). */
  end: number;
  /** Info string after the opening ``` (e.g. `ts`), lower-cased; `""` for a bare fence. */
  info: string;
  /** The text between the fence lines. */
  content: string;
}

/** Languages whose fences hold a snippet. */
export const CODE_FENCE_LANGS: ReadonlySet<string> = new Set([
  "ts", "typescript", "js", "javascript", "tsx", "jsx", "mjs", "node",
]);

function isInfoChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
    code === 45 || code === 95 || code === 43 || code === 46
  );
}

/** If `line` is an opening fence line, its lower-cased info string; otherwise `null`. */
export function fenceInfo(line: string): string | null {
  const t = trimWs(line);
  if (!t.startsWith(FENCE)) return null;
  const info = trimWs(t.slice(FENCE.length));
  for (let i = 0; i < info.length; i++) if (!isInfoChar(info.charCodeAt(i))) return null;
  return info.toLowerCase();
}

function isClosingFence(line: string): boolean {
  return trimWs(line) === FENCE;
}

/** End offset of the line starting at `pos` (index of its `\n`, or `to`); never looks past `to`. */
function lineEnd(text: string, pos: number, to: number): number {
  while (pos < to && text.charCodeAt(pos) !== 10) pos++;
  return pos;
}

/** Every fenced block that starts within `text[from, to)`, in order. */
export function findFences(text: string, from: number, to: number): Fence[] {
  const fences: Fence[] = [];
  let pos = from;
  while (pos < to) {
    const eol = lineEnd(text, pos, to);
    const info = fenceInfo(text.slice(pos, eol));
    if (info === null) {
      pos = eol + 1;
      continue;
    }
    const contentStart = Math.min(eol + 1, to);
    let p = contentStart;
    let closeStart = -1;
    let closeEnd = to;
    while (p < to) {
      const e = lineEnd(text, p, to);
      if (isClosingFence(text.slice(p, e))) {
        closeStart = p;
        closeEnd = Math.min(e + 1, to);
        break;
      }
      p = e + 1;
    }
    let contentEnd = closeStart < 0 ? to : Math.max(contentStart, closeStart - 1);
    if (contentEnd > contentStart && text[contentEnd - 1] === "\r") contentEnd--;
    let content = text.slice(contentStart, contentEnd);
    // Unclosed fence whose closing ``` sits at the end of the last content line.
    if (closeStart < 0 && trimWs(content).endsWith(FENCE)) {
      const t = trimWs(content);
      content = content.slice(0, skipWs(content, 0) + t.length - FENCE.length);
    }
    fences.push({ start: pos, end: closeEnd, info, content });
    pos = closeEnd;
  }
  return fences;
}

/** Result of removing a fence that wraps a block body. */
export interface Unwrapped {
  /** The body without fence markers (unchanged if there was no fence). */
  text: string;
  /** Whether fence markers were removed. */
  fenced: boolean;
  /** Whether non-blank text outside the fence was dropped. */
  droppedText: boolean;
}

/**
 * Removes a fence around a block body. With `anywhere` false the body must start (after
 * whitespace) with ```; with `anywhere` true the first fence in the body is taken and any
 * text around it is dropped (used when a block's extent was guessed).
 */
export function unwrapFence(body: string, anywhere: boolean): Unwrapped {
  if (!anywhere && !body.startsWith(FENCE, skipWs(body, 0))) return { text: body, fenced: false, droppedText: false };
  const fence = findFences(body, 0, body.length)[0];
  if (fence === undefined) return { text: body, fenced: false, droppedText: false };
  const droppedText = hasNonWs(body.slice(0, fence.start)) || hasNonWs(body.slice(fence.end));
  return { text: fence.content, fenced: true, droppedText };
}

/** Heuristic: does a bare fence's content look like a TypeScript snippet rather than CSV? */
export function looksLikeCode(content: string): boolean {
  return (
    content.includes("return") || content.includes("=>") || content.includes(";") ||
    content.includes("const ") || content.includes("let ") || content.includes("table.")
  );
}

/** Heuristic: does a bare fence's content look like CSV (≥2 lines, each with a comma)? */
export function looksLikeCsv(content: string): boolean {
  const lines = content.split("\n").filter((l) => hasNonWs(l));
  return lines.length >= 2 && lines.every((l) => l.includes(","));
}
