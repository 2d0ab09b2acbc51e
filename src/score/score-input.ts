/**
 * The input lines `catbox score` accepts, turned into items to score. Three shapes (documented in
 * the README):
 * - predictions: `{"id","prediction","answer"}` — `prediction` is raw model text (run through
 *   `extractAnswer`), `answer` the gold (a string or an array of strings; `gold` is read first if present);
 * - catbox results: `{"id","answer",…,"gold"?}` as `catbox run --batch` / `ask --batch` write them —
 *   `answer` is the model's answer (scored as it is), the gold comes from `gold`; a line without a
 *   gold is not scored, but a `correct` flag it carries is tallied as "reported";
 * - ChartBench records: `{"id","type":{…},"conversation":[{"label","query","answer"},…]}` — each turn
 *   is one item (`id` `"<id>#<turn>"`), `label` the gold, `answer` raw model text; `type`'s fields
 *   (`task`, `chart`, …) can be used for breakdowns.
 */
import type { Answer } from "../sandbox/types.js";
import { answerToText } from "../verify/answer-text.js";
import { extractAnswer, type ExtractionMethod } from "./extract-answer.js";

/** One thing to score, read from an input line. */
export interface ScoreItem {
  id: unknown;
  /** The answer scored (extracted from raw text, or given); null when there is none. */
  answer: string | null;
  /** How the answer was obtained: an extraction method, or `given` (catbox result lines). */
  method: ExtractionMethod | "given";
  /** Gold answers; null when the line has none (the item is not scored). */
  golds: string[] | null;
  /** A `correct` flag the line carried (catbox results), when it had one. */
  reported?: boolean;
  /** Field values for breakdowns (strings; `null` for JSON null). */
  fields: Record<string, string>;
}

/** A line that could not be used; the message says why. */
export class BadLine extends Error {}

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A gold answer as strings: a string, a number, a boolean (Yes/No), or an array of those. */
function goldsOf(value: unknown, where: string): string[] | null {
  if (value === undefined || value === null) return null;
  const one = (v: unknown): string => {
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (typeof v === "boolean") return v ? "Yes" : "No";
    throw new BadLine(`${where} must be a string, a number or an array of them`);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) throw new BadLine(`${where} is an empty array`);
    return value.map(one);
  }
  return [one(value)];
}

function fieldsOf(rec: Rec, by: readonly string[], extra?: Rec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of by) {
    const v = rec[name] !== undefined ? rec[name] : extra?.[name];
    if (v === null) out[name] = "null";
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[name] = String(v);
  }
  return out;
}

function extracted(raw: unknown, where: string): { answer: string | null; method: ExtractionMethod } {
  if (raw === null || raw === undefined) return { answer: null, method: "none" };
  if (typeof raw !== "string") throw new BadLine(`${where} must be a string (raw model text) or null`);
  return extractAnswer(raw);
}

/** Catbox's answer (number, string, boolean, list) as text; null stays null. */
function givenAnswer(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || Array.isArray(value)) return answerToText(value as Answer);
  throw new BadLine(`"answer" must be a string, number, boolean, list or null`);
}

/**
 * The items of one parsed input line, with breakdown fields `by`.
 * @throws BadLine when the line is none of the accepted shapes.
 */
export function itemsOf(value: unknown, by: readonly string[]): ScoreItem[] {
  if (!isRecord(value)) throw new BadLine("a line must be a JSON object");
  const id = value.id ?? null;
  if (Array.isArray(value.conversation)) {
    const type = isRecord(value.type) ? value.type : undefined;
    const fields = fieldsOf(value, by, type);
    return value.conversation.map((turn, k) => {
      if (!isRecord(turn)) throw new BadLine(`conversation turn ${k} must be an object`);
      const golds = goldsOf(turn.label, `conversation turn ${k} "label"`);
      return { id: `${String(id)}#${k}`, ...extracted(turn.answer, `conversation turn ${k} "answer"`), golds, fields };
    });
  }
  const fields = fieldsOf(value, by);
  if ("prediction" in value) {
    const golds = goldsOf(value.gold !== undefined ? value.gold : value.answer, value.gold !== undefined ? '"gold"' : '"answer"');
    return [{ id, ...extracted(value.prediction, '"prediction"'), golds, fields }];
  }
  if ("answer" in value) {
    const item: ScoreItem = { id, answer: givenAnswer(value.answer), method: "given", golds: goldsOf(value.gold, '"gold"'), fields };
    if (typeof value.correct === "boolean") item.reported = value.correct;
    return [item];
  }
  throw new BadLine('a line needs "prediction" (raw model text), "answer" (a catbox result) or "conversation" (ChartBench)');
}
