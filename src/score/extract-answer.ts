/**
 * Answer extraction: find the final answer in a model's raw text, as its own step before scoring.
 * Each rule is tried in order and the first that finds a non-empty answer wins; `method` says which.
 */
import { stripWrapping } from "./normalize.js";

/** Which rule found the answer. */
export type ExtractionMethod = "answer-tag" | "boxed" | "answer-is" | "yes-no" | "last-line" | "none";

/** An extracted answer; `answer` is null only with method `"none"` (nothing but whitespace). */
export interface ExtractedAnswer {
  answer: string | null;
  method: ExtractionMethod;
}

/** End-of-sequence tokens some servers leave in the text. */
const END_TOKENS = /(?:<\/s>|<\|im_end\|>|<\|endoftext\|>|<\|eot_id\|>|<\|end\|>|<end_of_turn>|<eos>)\s*$/i;
const ANSWER_OPEN = /<\s*answer\s*>/gi;
const ANSWER_CLOSE = /<\s*\/\s*answer\s*>/i;
/** "The answer is …", "Answer: …", "**Final answer:** …", "The correct answer would be …". */
const ANSWER_IS = /\b(?:final\s+|correct\s+)?answer[*_]*\s*(?:is|would\s+be|:)[*_:]*[ \t]*/gi;
/** A reply that opens with a bare Yes or No and goes on: `No. This graph is…`, `Yes, the…`, `No\n\nThe chart…`. */
const LEADING_YES_NO = /^[*_]{0,2}(yes|no)[*_]{0,2}(?:[ \t]*[,.;:!–—-]|[ \t]*\r?\n)/i;
/** Markdown at the start of a line: headings, quotes, bullets, numbered items. */
const LINE_MARKDOWN = /^\s*(?:#{1,6}\s+|>\s*|[-*+•]\s+|\d{1,2}[.)]\s+(?=\D))/;
/** Lines that carry nothing: code fences, rules, lone Markdown marks. */
const EMPTY_LINE = /^(?:`{3,}\w*|-{3,}|\*{3,}|_{3,}|[*_#>`]*)$/;

function isEmptyLine(line: string): boolean {
  return EMPTY_LINE.test(line.trim());
}

/**
 * Extract the final answer from raw model text:
 * 1. `answer-tag`: the last `<answer>…</answer>` (an unclosed last tag runs to the end);
 * 2. `boxed`: the last `\boxed{…}` (nested braces; `\text{}`, `\%` unwrapped);
 * 3. `answer-is`: the last "The answer is …" / "Answer: …" / "Final answer: …" (to the end of the
 *    sentence; the next line when the marker ends its line; `no, this graph is…` → `no`);
 * 4. `yes-no`: a reply that opens with a bare Yes/No followed by punctuation or a line break and more
 *    text (`No. This graph is a combination chart.` → `No`);
 * 5. `last-line`: the last non-empty line, stripped of Markdown (headings, bullets, emphasis, backticks),
 *    and reduced to its opening Yes/No as in 4;
 * 6. `none`: the text is empty.
 * The answer has surrounding quotes/emphasis and trailing sentence punctuation removed (`450.` → `450`;
 * `U.S.` is kept).
 */
export function extractAnswer(raw: string): ExtractedAnswer {
  let text = raw;
  for (let i = 0; i < 4 && END_TOKENS.test(text); i++) text = text.replace(END_TOKENS, "");
  const tagged = fromAnswerTag(text);
  if (tagged) return { answer: tagged, method: "answer-tag" };
  const boxed = lastBoxed(text);
  if (boxed) return { answer: boxed, method: "boxed" };
  const stated = fromAnswerIs(text);
  if (stated) return { answer: stated, method: "answer-is" };
  const lead = LEADING_YES_NO.exec(text.trim());
  if (lead !== null && text.trim().slice(lead[0].length).trim() !== "") return { answer: lead[1]!, method: "yes-no" };
  const line = lastLine(text);
  if (line) return { answer: line, method: "last-line" };
  return { answer: null, method: "none" };
}

function fromAnswerTag(text: string): string | undefined {
  let last: RegExpExecArray | null = null;
  ANSWER_OPEN.lastIndex = 0;
  for (let m = ANSWER_OPEN.exec(text); m !== null; m = ANSWER_OPEN.exec(text)) last = m;
  if (last === null) return undefined;
  const rest = text.slice(last.index + last[0].length);
  const close = ANSWER_CLOSE.exec(rest);
  const body = close === null ? rest : rest.slice(0, close.index);
  const inner = lastBoxed(body) ?? cleanLine(body);
  return inner === "" ? undefined : inner;
}

/** The contents of the last well-formed `\boxed{…}`, LaTeX wrappers removed. */
function lastBoxed(text: string): string | undefined {
  let from = text.length;
  for (let guard = 0; guard < 64; guard++) {
    const at = text.lastIndexOf("\\boxed{", from);
    if (at === -1) return undefined;
    const start = at + "\\boxed{".length;
    let depth = 1;
    let i = start;
    for (; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === "\\") i++;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    if (depth === 0) {
      const body = cleanLatex(text.slice(start, i - 1));
      if (body !== "") return body;
    }
    if (at === 0) return undefined;
    from = at - 1;
  }
  return undefined;
}

function cleanLatex(body: string): string {
  let t = body;
  for (let i = 0; i < 4; i++) t = t.replace(/\\(?:text|textbf|textit|mathrm|mathbf|operatorname)\s*\{([^{}]*)\}/g, "$1");
  t = t.replace(/\\%/g, "%").replace(/\\\$/g, "$").replace(/\{,\}/g, ",").replace(/\\[,!;: ]/g, (m) => (m === "\\ " ? " " : ""));
  t = t.replace(/^\$+|\$+$/g, "");
  return stripWrapping(t);
}

function fromAnswerIs(text: string): string | undefined {
  let last: RegExpExecArray | null = null;
  ANSWER_IS.lastIndex = 0;
  for (let m = ANSWER_IS.exec(text); m !== null; m = ANSWER_IS.exec(text)) {
    last = m;
    if (m[0] === "") ANSWER_IS.lastIndex++;
  }
  if (last === null) return undefined;
  const after = text.slice(last.index + last[0].length);
  const lines = after.split(/\r?\n/);
  let line = lines[0] ?? "";
  if (line.trim() === "") line = lines.find((l) => !isEmptyLine(l)) ?? "";
  // To the end of the sentence: a full stop followed by a space ("3.5" and "U.S." at the end survive).
  const stop = /\.\s+(?=\S)/.exec(line);
  if (stop !== null) line = line.slice(0, stop.index);
  const answer = yesNoWord(cleanLine(line));
  return answer === "" ? undefined : answer;
}

/** `no, this graph is not…` → `no`: a bare yes/no that opens a longer answer. */
function yesNoWord(answer: string): string {
  const lead = LEADING_YES_NO.exec(answer);
  return lead !== null && answer.slice(lead[0].length).trim() !== "" ? lead[1]! : answer;
}

function lastLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    if (isEmptyLine(lines[i]!)) continue;
    const answer = yesNoWord(cleanLine(lines[i]!));
    if (answer !== "") return answer;
  }
  return undefined;
}

/** One line (or tag body) without Markdown: leading marks, `**bold**`, `__bold__`, `code`, wrapping, trailing punctuation. */
function cleanLine(line: string): string {
  let t = line.replace(LINE_MARKDOWN, "");
  t = t.replace(/\*\*(.+?)\*\*/g, "$1").replace(/__(.+?)__/g, "$1").replace(/`([^`]+)`/g, "$1");
  return stripWrapping(t);
}
