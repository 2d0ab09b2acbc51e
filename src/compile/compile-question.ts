import type { Table } from "../table/types.js";
import { answerKind } from "./answer-kind.js";
import { checkPlan } from "./check-plan.js";
import { emitPlan } from "./emit.js";
import { skeletonOf } from "./mentions.js";
import { isFail } from "./operands.js";
import { matchedOf } from "./matched.js";
import { normalizeSkeleton, type RuleInput, type RuleResult } from "./rule-kit.js";
import { aggregateRule, changeRule, differenceRule, ratioRule } from "./rules-arith.js";
import { argRankRule, medianLabelRule, whichOfRule } from "./rules-label.js";
import { reverseLookupRule } from "./rules-reverse.js";
import { trendRule } from "./rules-trend.js";
import { countRowsRule, countRule, lookupRule, rangeTotalRule, valueRankRule } from "./rules-value.js";
import { isYesNo, yesNoRule } from "./rules-yesno.js";
import { viewOf } from "./table-view.js";
import type { CompileResult, QUESTION_SHAPES } from "./types.js";

/**
 * Words about how the chart looks (colours, positions, legends): the table cannot answer them, so
 * the question is refused rather than guessed. Only words outside the table's own names count.
 */
const VISUAL = new RegExp(
  "\\b(?:colou?rs?|colou?red|dark|light|lighter|darker|lightest|darkest|navy|shaded|legend|leftmost|rightmost|left|right|" +
    "middle|center|centre|uppermost|upper|top ?most|bottommost|x-axis|y-axis|axis|heading|title|dotted|dashed|dots?|" +
    "curve|slice|icon|grid|sequence)\\b",
);
/** A colour naming a mark ("the green bar", "red represents"); "soft brown coal" is data. */
const COLOUR_MARK =
  /\b(?:red|blue|green|yellow|orange|purple|pink|gr[ae]y|brown|black|white|violet|cyan|magenta|teal|maroon|turquoise|beige|golden|silver)(?: \S+)? (?:bars?|lines?|segments?|graphs?|dots?|areas?|slices?|portions?|parts?|ones?|data|values?|columns?|pieces?|sections?|represents?|indicates?|stands?|shows?|points?|circles?|squares?|charts?|plots?|curves?|bubbles?)\b|\b(?:the|in|of) (?:red|blue|green|yellow|orange|purple|pink|gr[ae]y|brown|black|violet)$/;

/** Positional phrases: "the first bar", "the last two bars", "the 1st uppermost bar". */
const POSITION =
  /\b(?:first|last|1st|2nd|3rd|second|third|final|initial|starting|ending|next|previous|bottom|top) (?!(?:highest|largest|biggest|greatest|lowest|smallest|shortest|tallest|longest|least|most|maximum|minimum)\b)(?:\S+ )?(?:bars?|segments?|values?|points?|columns?|dots?|rows?|categor(?:y|ies)|data)\b/;

type Rule = (input: RuleInput) => RuleResult;

/** Rules for questions whose answer is a number or Yes/No, in the order they are tried. */
const VALUE_RULES: Rule[] = [trendRule, countRule, countRowsRule, changeRule, differenceRule, ratioRule, aggregateRule, valueRankRule, rangeTotalRule, lookupRule];
/** Rules for questions whose answer is a category (or a series name). */
const LABEL_RULES: Rule[] = [whichOfRule, trendRule, argRankRule, medianLabelRule, reverseLookupRule];

/**
 * Compile a chart question into a TypeScript snippet over `table`, deterministically and without a
 * model. Understood shapes ({@link QUESTION_SHAPES}): value lookup, reverse lookup, max/min, rank,
 * difference, ratio, sum, average, median, mode, product, count (with a condition), comparison
 * (Yes/No, or which of two), change, percentage change and trend. Column and category names are
 * matched to the table fuzzily (case, plurals, synonyms, abbreviations and acronyms, number
 * formats, year spellings, distinctive partial names, words run together, one typo).
 *
 * Questions outside these shapes, about how the chart looks (colours, positions), or whose names
 * cannot be tied to one place in the table give `{ ok: false, reason }`: never a guess.
 */
export function compileQuestion(question: string, table: Table): CompileResult {
  if (table.columns.length === 0 || table.rows.length === 0) return { ok: false, reason: "the table is empty" };
  const view = viewOf(table);
  const sk = skeletonOf(question, view);
  const t = normalizeSkeleton(sk.text);
  if (t === "") return { ok: false, reason: "the question is empty" };
  const visual = VISUAL.exec(t) ?? COLOUR_MARK.exec(t) ?? POSITION.exec(t);
  if (visual) return { ok: false, reason: `the question is about the chart's appearance ("${visual[0]}"), not its data` };
  const input: RuleInput = { t, sk, view, kind: isYesNo(t) ? "value" : answerKind(t, view) };

  let result: RuleResult = null;
  if (isYesNo(t) && !/(@m\d+)(?: ,)? or (@m\d+)/.test(t)) {
    result = yesNoRule(input);
  } else {
    const kind = input.kind;
    const rules = kind === "value" ? VALUE_RULES : LABEL_RULES;
    // A number that names exactly one cell settles a category question ("which company had 15.4%")
    // before words like "most powerful" are read as a superlative.
    const reverse = kind === "value" ? null : reverseLookupRule(input);
    if (reverse !== null && !isFail(reverse)) result = reverse;
    else {
      for (const rule of rules) {
        result = rule(input);
        if (result !== null) break;
      }
    }
  }
  if (result === null) return { ok: false, reason: "the question matches none of the supported shapes" };
  if (isFail(result)) return { ok: false, reason: result.fail };
  const unsupported = checkPlan(result, input, question);
  if (unsupported !== null) return { ok: false, reason: unsupported };
  return { ok: true, code: emitPlan(result.plan, view), shape: result.shape, matched: matchedOf(result.plan, view) };
}
