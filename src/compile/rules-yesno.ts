import { GT, isFail, LT, parsePool, refsOf, SAME_VALUE, seriesOf, superlativeOf } from "./operands.js";
import { trendYesNoRule } from "./rules-trend.js";
import { contextFor, fail, parsePair, type RuleInput, type RuleResult } from "./rule-kit.js";


const YES_NO_START = /^(?:is|are|was|were|does|do|did|has|have|can|will|would|could|should)\b/;
const STATEMENT = /[ ,]*(?:is|are) (?:this|the|that|it) (?:statement )?(?:correct|true|right|valid)$/;

/** Is this a yes/no question? ("Is A greater than B?", "…. Is this statement correct?") */
export function isYesNo(t: string): boolean {
  return YES_NO_START.test(t) || STATEMENT.test(t) || /^(?:say )?yes or no\b/.test(t);
}

/** Yes/no questions: comparisons of two numbers, "is any bar below 10", "is X decreasing". */
export function yesNoRule(input: RuleInput): RuleResult {
  const { t } = input;
  if (!isYesNo(t)) return null;
  let body = t.replace(STATEMENT, "").replace(/^(?:say )?yes or no\b[ ,]*/, "");
  body = body.replace(YES_NO_START, "").trim();

  const trend = trendYesNoRule(input, body);
  if (trend !== null) return trend;

  // "All the bars show the same value. Is it correct?": the largest equals the smallest
  if (/^(?:all|every)\b/.test(body) && SAME_VALUE.test(body) && refsOf(body, input.sk).mentions.length === 0 && refsOf(body, input.sk).numbers.length === 0) {
    const ctx = contextFor(input, [body]);
    const col = seriesOf([], ctx);
    if (isFail(col)) return col;
    const pool = { kind: "series" as const, col };
    return { shape: "comparison", plan: { kind: "compare", a: { kind: "rank", dir: "max", k: 1, pool }, op: "=", b: { kind: "rank", dir: "min", k: 1, pool } } };
  }

  const quant = new RegExp(`^(any|all|every|each)(?: of)? (.*?) (?:is |are |was |were |has |have )?(?:a )?(?:value )?(${GT}|${LT})(?: than)? (@n\\d+)(?: %| percent)?$`).exec(body);
  if (quant) {
    const noNames = refsOf(quant[2]!, input.sk).mentions.length === 0 && input.view.valueCols.length > 1;
    const pool = noNames ? { kind: "grid" as const, cols: input.view.valueCols } : parsePool(quant[2]!, contextFor(input, [quant[2]!]));
    if (isFail(pool)) return pool;
    const value = input.sk.numbers[Number(quant[4]!.slice(2))]!.value;
    const op = new RegExp(`^(?:${GT})$`).test(quant[3]!) ? ">" : "<";
    return { shape: "comparison", plan: { kind: "quantified", quantifier: quant[1] === "any" ? "any" : "every", pool, op, value } };
  }

  const cmp = new RegExp(`^(.+?) (?:is |are |was |were |has |have |had )?(?:a |an )?(?:value )?(${GT}|${LT}|equal to|equals|equal|the same as|same as)(?: in value)?(?: than| then| to)? (.+)$`).exec(body);
  if (cmp) {
    const left = cmp[1]!.replace(/ (?:is|are|was|were|has|have|had)$/, "");
    const right = cmp[3]!.replace(/ (?:value|values|in value)$/, "");
    const pair = parsePair(input, left, right);
    if (isFail(pair)) return pair;
    const word = cmp[2]!;
    const op = new RegExp(`^(?:${GT})$`).test(word) ? ">" : new RegExp(`^(?:${LT})$`).test(word) ? "<" : "=";
    return { shape: "comparison", plan: { kind: "compare", a: pair[0], op, b: pair[1] } };
  }

  // "Is the value of X 52?" / "Is the percentage of X 52%?"
  const eq = /^(.+?) (@n\d+)(?: %| percent)?$/.exec(body);
  if (eq && refsOf(eq[1]!, input.sk).numbers.length === 0) {
    const pair = parsePair(input, eq[1]!, eq[2]!);
    if (isFail(pair)) return pair;
    return { shape: "comparison", plan: { kind: "compare", a: pair[0], op: "=", b: pair[1] } };
  }
  const top = superlativeYesNo(input, body);
  if (top !== null) return top;
  return fail("a yes/no question the compiler cannot read as a comparison");
}

/**
 * "Does Russia have the highest freight transport?", "can you say Denmark has the highest tax?": the
 * named value is compared with the series' extreme.
 */
function superlativeYesNo(input: RuleInput, body: string): RuleResult {
  const text = body.replace(/^(?:you )?(?:say|tell|confirm|agree)(?: that)? /, "");
  if (new RegExp(`\\b(?:${GT}|${LT}|than|@n\\d+)\\b`).test(text.replace(/\b(?:more|less) likely\b/, ""))) return null;
  const sup = superlativeOf(text, input.sk);
  if (sup === undefined || sup.count !== undefined || sup.rank !== 1) return null;
  const ws = text.split(" ");
  const left = ws.slice(0, sup.at).join(" ").replace(/ (?:is|are|was|were|has|have|had|holds?|shows?|records?|recorded|gets?|got)(?: the)?$| the$/, "").trim();
  const right = `the ${ws.slice(sup.at).join(" ")}`;
  if (!refsOf(left, input.sk).mentions.some((m) => m.rows.length > 0) || /\b(?:third|half|twice|double|times|quarter|fourth|fifth)\b/.test(text)) return null;
  const pair = parsePair(input, left, right);
  if (isFail(pair)) return pair;
  if (pair[0].kind !== "cell" || pair[1].kind !== "rank") return fail("a superlative yes/no question that does not name one value");
  return { shape: "comparison", plan: { kind: "compare", a: pair[0], op: "=", b: pair[1] } };
}
