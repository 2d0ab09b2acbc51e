import type { Answer } from "../sandbox/types.js";
import { relaxedCorrectness } from "./relaxed.js";

/**
 * An answer as ChartQA writes answers: numbers in shortest round-trip form, booleans as
 * "Yes"/"No", lists as "[a, b]".
 */
export function answerToText(answer: Answer): string {
  if (Array.isArray(answer)) return "[" + answer.map((a) => scalarText(a)).join(", ") + "]";
  return scalarText(answer);
}

function scalarText(a: number | string | boolean): string {
  if (typeof a === "boolean") return a ? "Yes" : "No";
  return String(a);
}

/** Split "[a, b]" / "a, b" style list text into items; undefined when it is not a list. */
export function listItems(text: string): string[] | undefined {
  const t = text.trim();
  if (!(t.startsWith("[") && t.endsWith("]"))) return undefined;
  const inner = t.slice(1, -1).trim();
  if (inner === "") return [];
  return inner.split(",").map((s) => s.trim().replace(/^(['"])(.*)\1$/, "$2"));
}

/**
 * Does `answer` match `target` under the relaxed rule? Scalars use `relaxedCorrectness`;
 * a list answer matches a list target item by item (same length, same order), or as text.
 */
export function answersMatch(target: string, answer: Answer | string): boolean {
  const text = typeof answer === "string" ? answer : answerToText(answer);
  if (relaxedCorrectness(target, text)) return true;
  const want = listItems(target);
  const got = Array.isArray(answer) ? answer.map((a) => scalarText(a)) : listItems(text);
  if (want === undefined || got === undefined || want.length !== got.length) return false;
  return want.every((w, i) => relaxedCorrectness(w, got[i]!));
}
