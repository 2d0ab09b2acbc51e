/**
 * Reading the response formats trainers already use (besides catbox's own): detection, and the
 * Clarivis-R1 and Code-as-Thought-paper readers. Neither reader runs code.
 */
import type { RunOutput } from "../engine/types.js";
import type { Table } from "../table/types.js";
import { extractDataFrame } from "./pandas-frame.js";
import type { RewardDialect } from "./types.js";

/** What a non-catbox reader found in a response. */
export interface DialectReading {
  /** 1 when the response has the dialect's exact shape. */
  format: 0 | 1;
  /** The path chosen (true = code), or null when the response does not say and nothing implies it. */
  programmable: boolean | null;
  /** The stated answer, or null. */
  answer: string | null;
  /** The table read from the response (code path), or null. */
  table: Table | null;
  /** The CSV text the table was read from (a cache key for the data metric), or null. */
  tableText: string | null;
  output: RunOutput;
  notes: string[];
}

const STRATEGY = /<(CODE|DIRECT)>/g;
const CATBOX_TAG = /<\s*\/?\s*(?:programm?ability|csv)\s*>|<code>|<\/code>/i;

/**
 * Guess a response's dialect: a `<CODE>`/`<DIRECT>` strategy token (without a `</CODE>` closing
 * tag) or a `\boxed{}` answer outside catbox tags ⇒ `cat-paper`; `<think>` and `<answer>` without
 * catbox's blocks ⇒ `clarivis-r1`; otherwise `catbox`. Pass `dialect` to skip the guess.
 */
export function detectDialect(response: string): RewardDialect {
  const catboxTags = CATBOX_TAG.test(response);
  if (/<(?:CODE|DIRECT)>/.test(response) && !response.includes("</CODE>")) return "cat-paper";
  if (!catboxTags && response.includes("\\boxed{") && !/<answer>/i.test(response)) return "cat-paper";
  if (!catboxTags && /<think>/i.test(response) && /<answer>/i.test(response)) return "clarivis-r1";
  return "catbox";
}

function outputOf(path: RunOutput["path"], answer: string | null, error: RunOutput["error"], parseMs: number): RunOutput {
  return {
    path,
    answer,
    computed: null,
    stated: answer,
    agree: null,
    verified: false,
    repairs: [],
    error,
    logs: [],
    ms: { parse: parseMs, table: 0, transpile: 0, run: 0, total: parseMs },
  };
}

/**
 * The content of the last `\boxed{…}` (braces matched), with `\text{}`-style wrappers, `$` and
 * `\%` escapes removed; null when there is none or it is unclosed.
 */
export function boxedAnswer(text: string): string | null {
  const at = text.lastIndexOf("\\boxed{");
  if (at < 0) return null;
  let depth = 1;
  let i = at + 7;
  for (; i < text.length && depth > 0; i++) {
    const c = text[i];
    if (c === "\\" && (text[i + 1] === "{" || text[i + 1] === "}")) i++;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
  }
  if (depth !== 0) return null;
  let inner = text.slice(at + 7, i - 1);
  for (let k = 0; k < 4; k++) inner = inner.replace(/\\(?:text|textbf|textrm|mathrm|mathbf|mbox)\s*\{([^{}]*)\}/g, "$1");
  inner = inner.replace(/\\([%$&#_{}])/g, "$1").replace(/^\s*\$+|\$+\s*$/g, "");
  const t = inner.trim();
  return t === "" ? null : t;
}

/** Clarivis-R1 style: `<think>…</think><answer>…</answer>`, visual path. */
export function readClarivis(response: string): DialectReading {
  const t0 = performance.now();
  const notes: string[] = [];
  const m = /<answer>([\s\S]*?)<\/answer>/i.exec(response);
  let answer = m ? m[1]!.trim() : null;
  if (answer !== null && answer.includes("\\boxed{")) answer = boxedAnswer(answer) ?? answer;
  if (answer === "") answer = null;
  const format = wellFormedThinkAnswer(response) ? 1 : 0;
  if (!format) notes.push("format: not exactly <think>…</think><answer>…</answer> with non-empty blocks");
  const error = answer === null ? { code: "PARSE_ERROR" as const, message: "no <answer>…</answer> in the response" } : null;
  return { format, programmable: false, answer, table: null, tableText: null, output: outputOf("visual", answer, error, performance.now() - t0), notes };
}

function wellFormedThinkAnswer(response: string): boolean {
  const t = response.trim();
  if (!t.startsWith("<think>")) return false;
  const thinkEnd = t.indexOf("</think>");
  if (thinkEnd < 0 || t.slice(7, thinkEnd).trim() === "" || t.slice(7, thinkEnd).includes("<think>")) return false;
  const rest = t.slice(thinkEnd + 8).trimStart();
  if (!rest.startsWith("<answer>")) return false;
  const answerEnd = rest.indexOf("</answer>");
  return answerEnd > 0 && rest.slice(8, answerEnd).trim() !== "" && rest.slice(answerEnd + 9).trim() === "";
}

/**
 * Code-as-Thought paper style: the strategy token decides the path (`<CODE>` = programmable), the
 * answer is the last `\boxed{}`, and on the code path the `pd.DataFrame` literal is the table.
 * Format: exactly one strategy token, a boxed answer, and (for `<CODE>`) a readable DataFrame.
 */
export function readCatPaper(response: string): DialectReading {
  const t0 = performance.now();
  const notes: string[] = [];
  const tokens: string[] = [];
  STRATEGY.lastIndex = 0;
  for (let m = STRATEGY.exec(response); m !== null && tokens.length < 3; m = STRATEGY.exec(response)) tokens.push(m[1]!);
  const answer = boxedAnswer(response);
  let programmable: boolean | null = tokens.length > 0 ? tokens[0] === "CODE" : null;
  let table: Table | null = null;
  let tableText: string | null = null;
  let tableOk = false;
  if (programmable !== false) {
    const frame = extractDataFrame(response);
    if (frame.ok) {
      table = frame.table;
      tableText = frame.csv;
      tableOk = true;
    } else if (programmable === true) {
      notes.push(`data: ${frame.reason}`);
    }
    // Like catbox's missing-programability repair: no token, but a table ⇒ the code path.
    if (programmable === null) programmable = frame.ok ? true : answer !== null ? false : null;
  }
  if (tokens.length !== 1) notes.push(tokens.length === 0 ? "format: no <CODE>/<DIRECT> strategy token" : "format: more than one strategy token");
  if (answer === null) notes.push("format: no \\boxed{} answer");
  const format = tokens.length === 1 && answer !== null && (tokens[0] === "DIRECT" || tableOk) ? 1 : 0;
  const error = answer === null ? { code: "PARSE_ERROR" as const, message: "no \\boxed{} answer in the response" } : null;
  const path = programmable === null ? null : programmable ? "code" : "visual";
  return { format, programmable, answer, table, tableText, output: outputOf(path, answer, error, performance.now() - t0), notes };
}
