import type { Mention, Skeleton } from "./mentions.js";
import { hasContent, isFail, parseExpr, refsOf, type Fail, type OperandContext } from "./operands.js";
import type { TableView } from "./table-view.js";
import type { Expr, Plan, QuestionShape } from "./types.js";

/** A recognised question: its shape and plan. */
export interface Intent {
  shape: QuestionShape;
  plan: Plan;
}

/** A rule returns an intent, a failure (the shape was recognised but cannot be tied to the table), or null (not this shape). */
export type RuleResult = Intent | Fail | null;

/** What every rule sees: the normalised skeleton text and the table. */
export interface RuleInput {
  /** The skeleton text after {@link normalizeSkeleton}. */
  t: string;
  sk: Skeleton;
  view: TableView;
  /** What the question asks for: a number, a category, or a point in time. */
  kind: "value" | "label" | "time";
}

/** Context for operand fragments: every mention not inside one of them. */
export function contextFor(input: RuleInput, fragments: string[]): OperandContext {
  const inside = new Set<Mention>();
  for (const f of fragments) for (const m of refsOf(f, input.sk).mentions) inside.add(m);
  return { view: input.view, sk: input.sk, context: input.sk.mentions.filter((m) => !inside.has(m)) };
}

/**
 * Parse two parallel operands ("A's X" and "B"): each may borrow a dimension from the other or from
 * the rest of the question, so "the X of A more than B" compares A and B in series X.
 */
export function parsePair(input: RuleInput, a: string, b: string): [Expr, Expr] | Fail {
  for (const side of [a, b]) if (!hasContent(side)) return { fail: `"${side}" names nothing in the table` };
  const base = contextFor(input, [a, b]);
  const ma = refsOf(a, input.sk).mentions;
  const mb = refsOf(b, input.sk).mentions;
  const ea = parseExpr(a, { ...base, context: borrow(base.context, mb, ma) });
  if (isFail(ea)) return ea;
  const eb = parseExpr(b, { ...base, context: borrow(base.context, ma, mb) });
  if (isFail(eb)) return eb;
  if (JSON.stringify(ea) === JSON.stringify(eb)) return { fail: "both operands name the same value" };
  return [ea, eb];
}

/** Context mentions plus the other operand's mentions of a dimension this operand leaves open. */
export function borrow(context: Mention[], other: Mention[], own: Mention[]): Mention[] {
  const ownRows = own.some((m) => m.rows.length > 0 && m.cols.length === 0);
  const ownCols = own.some((m) => m.cols.length > 0 && m.rows.length === 0);
  const extra = other.filter((m) => (m.rows.length > 0 && m.cols.length === 0 && !ownRows) || (m.cols.length > 0 && m.rows.length === 0 && !ownCols));
  const ctxHasRows = context.some((m) => m.rows.length > 0);
  const ctxHasCols = context.some((m) => m.cols.length > 0);
  return [...context, ...extra.filter((m) => (m.rows.length > 0 ? !ctxHasRows : !ctxHasCols))];
}

/** Split "A and B" at each " and " (or another separator) in turn; the first split whose halves parse wins. */
export function splitPair(input: RuleInput, text: string, sep: RegExp): [Expr, Expr] | Fail | null {
  let firstFail: Fail | null = null;
  for (const m of text.matchAll(sep)) {
    const a = text.slice(0, m.index).trim();
    const b = text.slice(m.index! + m[0].length).trim();
    if (a === "" || b === "") continue;
    const pair = parsePair(input, a, b);
    if (!isFail(pair)) return pair;
    firstFail ??= pair;
  }
  return firstFail;
}

/**
 * Lower-case skeleton text with common misspellings and phrasings folded ("more then" → "more than",
 * "what's" → "what is"), question fillers removed.
 */
export function normalizeSkeleton(text: string): string {
  return (" " + text + " ")
    .replace(/^ (?:can|could) you (?:please )?(?:be able to |able to )?(?:identify|find|tell|give|calculate|compute|work out|figure out|determine|find out)(?: me)? /, " ")
    .replace(/ then /g, " than ")
    .replace(/ (?:or|and) (?:higher|above|better|older|over|up)(?= |$)/g, " ")
    .replace(/ vale /g, " value ")
    .replace(/ (?:loest|lowst|lowet) /g, " lowest ")
    .replace(/ (?:hightest|higest|highst) /g, " highest ")
    .replace(/ (?:in|on|of|from) (?:the |this )?(?:given )?(?:bar |line |pie )?(?:chart|graph|diagram|figure|plot)\b/g, " ")
    .replace(/ (?:shown|given|depicted|represented|displayed)(?= )/g, " ")
    .replace(/ according to (?:the )?(?:given )?(?:data|chart|graph)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export const fail = (reason: string): Fail => ({ fail: reason });
