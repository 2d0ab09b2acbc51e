/**
 * Auditing the arithmetic in visual-path reasoning. The `<think>` block is prose, but it
 * usually contains arithmetic ("2050 − 1150 = 900", "45% of 200 is 90"). `auditArithmetic`
 * finds those claims, evaluates each left side with mathjs and says which are wrong.
 *
 * It is conservative: a wrong flag on correct reasoning is worse than a missed claim, so
 * anything that might not be arithmetic (dates, ranges, labels, function calls, claims
 * followed by "more than…") is skipped. Work is bounded: at most `maxChars` characters,
 * `maxEquals` equality signs and `maxClaims` claims, with expressions of at most 48 tokens.
 */
import { checkClaim, checkRestatement } from "./arithmetic-check.js";
import { isComputation, parseExpr, type Expr } from "./arithmetic-expr.js";
import { tokenize, type EqToken, type Token } from "./arithmetic-tokens.js";

/** One checked claim. */
export interface ArithmeticClaim {
  /** The claim as written (whitespace collapsed), from its left side to the claimed number. */
  claim: string;
  /** The left side as written. */
  left: string;
  /** The claimed number (under the reading of `%` and magnitudes that came closest). */
  claimed: number;
  /** What the left side evaluates to (same reading). */
  actual: number;
  ok: boolean;
  /** Made with `≈`, `~=`, "approximately", "about"…: checked with the approximate tolerance. */
  approx: boolean;
}

/** A claim whose arithmetic is wrong. */
export type WrongClaim = Pick<ArithmeticClaim, "claim" | "left" | "claimed" | "actual">;

/** The result of {@link auditArithmetic}. */
export interface ArithmeticAudit {
  /** How many claims were checked (`claims.length`). */
  checked: number;
  /** The claims whose arithmetic is wrong, in text order. */
  wrong: WrongClaim[];
  /** Every checked claim, in text order. */
  claims: ArithmeticClaim[];
  /** A bound was hit (text length, equality signs or claims): later text was not audited. */
  truncated: boolean;
}

/** Bounds on the work {@link auditArithmetic} does. */
export interface AuditArithmeticOptions {
  /** Characters of text read (default 200,000). */
  maxChars?: number;
  /** Claims checked (default 200). */
  maxClaims?: number;
  /** Equality signs examined (default 2,000). */
  maxEquals?: number;
}

const MAX_EXPR_TOKENS = 48;
const MAX_CHAIN = 12;
const MAX_CLAIM_TEXT = 200;
/** Words after a claimed number that make it a comparison, not a result ("= 25% more than…"). */
const STOP_WORDS = new Set([
  "than", "more", "less", "higher", "lower", "greater", "smaller", "larger", "bigger", "fewer",
  "above", "below", "times", "of", "out", "over", "under",
]);
/** Function names before a left side make it an argument, not an expression ("log 100 + 1"). */
const FUNCTION_WORDS = new Set(["log", "ln", "lg", "sqrt", "exp", "sin", "cos", "tan", "abs", "round", "floor", "ceil"]);
/**
 * Aggregates before a left side make it a list ("the average of 10 + 20 = 15") unless the
 * left side does the division itself ("the average of (10 + 20) / 2 = 15").
 */
const AGGREGATE_WORDS = new Set(["avg", "average", "mean", "median", "max", "min", "maximum", "minimum", "std", "var", "mode"]);
const EXPR_KINDS = new Set<Token["kind"]>(["num", "op", "lp", "rp"]);

interface Segment {
  expr: Expr;
  /** Token range [s, e). */
  s: number;
  e: number;
}

/**
 * Finds the arithmetic claims in `think` and checks each with mathjs. A claim is
 * `EXPR = NUMBER` (also `≈`, `=~`, `~=`, "equals", "is", "is approximately" …) where EXPR
 * has at least one operator; chains `a + b = c = d` are checked link by link.
 */
export function auditArithmetic(think: string, options: AuditArithmeticOptions = {}): ArithmeticAudit {
  const maxChars = options.maxChars ?? 200_000;
  const maxClaims = options.maxClaims ?? 200;
  const maxEquals = options.maxEquals ?? 2_000;
  if (typeof think !== "string") return result([], false);
  let truncated = think.length > maxChars;
  const text = truncated ? think.slice(0, maxChars) : think;
  const tokens = tokenize(text);
  const claims: ArithmeticClaim[] = [];
  const span = (s: number, e: number): string => collapse(text.slice(tokens[s].start, tokens[e - 1].end));

  let equals = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].kind !== "eq") continue;
    if (++equals > maxEquals) {
      truncated = true;
      break;
    }
    const segments: Array<Segment | null> = [leftSide(tokens, k)];
    const eqs: EqToken[] = [];
    let j = k;
    while (j < tokens.length && tokens[j].kind === "eq" && segments.length < MAX_CHAIN) {
      eqs.push(tokens[j] as EqToken);
      const prev = segments[segments.length - 1];
      const ratio = prev !== null && prev.expr.t === "bin" && prev.expr.op === "/";
      const seg = rightSide(tokens, j + 1, ratio);
      if (seg === null) break;
      segments.push(seg);
      j = seg.e;
    }
    k = Math.max(k, tokens[j]?.kind === "eq" ? j : j - 1);

    // Check each link of the chain: a computation against the next step, and a number
    // restated after a computation ("… = 0.225 = 22.5%").
    let seenComputation = false;
    for (let a = 0; a + 1 < segments.length; a++) {
      const seg = segments[a];
      const next = segments[a + 1]!;
      if (seg === null) continue;
      const computation = isComputation(seg.expr);
      seenComputation ||= computation;
      const nextComputation = isComputation(next.expr);
      if (!seenComputation || (nextComputation && !computation)) continue;
      const approx = eqs[a].approx;
      const check = nextComputation ? checkRestatement(seg.expr, next.expr, approx) : checkClaim(seg.expr, next.expr, approx);
      if (check === null) continue;
      if (claims.length >= maxClaims) return result(claims, true);
      claims.push({ claim: span(seg.s, next.e), left: span(seg.s, seg.e), claimed: check.claimed, actual: check.actual, ok: check.ok, approx });
    }
  }
  return result(claims, truncated);
}

function result(claims: ArithmeticClaim[], truncated: boolean): ArithmeticAudit {
  const wrong = claims.filter((c) => !c.ok).map(({ claim, left, claimed, actual }) => ({ claim, left, claimed, actual }));
  return { checked: claims.length, wrong, claims, truncated };
}

/**
 * The expression that ends right before the equality at `k`: the longest run of number,
 * operator and parenthesis tokens that parses. Null when there is none, or when what comes
 * before it shows it is only part of something larger (an operator or number before it,
 * a function name, "average of").
 */
function leftSide(tokens: readonly Token[], k: number): Segment | null {
  let w = k;
  while (w > 0 && k - w < MAX_EXPR_TOKENS && EXPR_KINDS.has(tokens[w - 1].kind)) w -= 1;
  for (let s = w; s < k; s++) {
    const expr = parseExpr(tokens, s, k);
    if (expr === null) continue;
    return standsAlone(tokens, s, expr) ? { expr, s, e: k } : null;
  }
  return null;
}

function standsAlone(tokens: readonly Token[], s: number, expr: Expr): boolean {
  const before = tokens[s - 1];
  if (before === undefined) return true;
  const divides = expr.t === "bin" && expr.op === "/";
  const isFunction = (t: Token | undefined): boolean =>
    t !== undefined && t.kind === "word" && (FUNCTION_WORDS.has(t.text) || (AGGREGATE_WORDS.has(t.text) && !divides));
  switch (before.kind) {
    case "num":
    case "op":
    case "rp":
    case "eq":
      return false;
    case "lp": {
      // "(20 + 30 = 50)" is prose; "50 × (20 + 30 = …" and "sqrt(16 + 9 = …" are fragments.
      const outer = tokens[s - 2];
      if (outer === undefined) return true;
      if (outer.kind === "op" || outer.kind === "num" || isFunction(outer)) return false;
      return !(outer.kind === "word" && !before.space);
    }
    case "word":
      if (isFunction(before)) return false;
      if (before.text === "of" && isFunction(tokens[s - 2])) return false;
      return !(tokens[s].kind === "lp" && !tokens[s].space); // f(3 + 4)
    case "punct":
      return !/^[\^√∛∜²³¹⁰-⁹]$/.test(before.text);
  }
}

/**
 * The expression that starts at `from` (after an equality): the longest run that parses.
 * Null when nothing parses, or when what follows shows it continues beyond what we can
 * read (`= 50 × A`, `= 5 / year`, `= 25% more than …`, `= 4 times the…`, `= 4²`, another
 * number).
 */
function rightSide(tokens: readonly Token[], from: number, ratio: boolean): Segment | null {
  let w = from;
  while (w < tokens.length && w - from < MAX_EXPR_TOKENS && EXPR_KINDS.has(tokens[w].kind)) w += 1;
  for (let e = w; e > from; e--) {
    const expr = parseExpr(tokens, from, e);
    if (expr === null) continue;
    return endsCleanly(tokens, e, ratio) ? { expr, s: from, e } : null;
  }
  return null;
}

/** `ratio`: the step before is a division, so "≈ 1.15 times the smaller" states its result. */
function endsCleanly(tokens: readonly Token[], e: number, ratio: boolean): boolean {
  const after = tokens[e];
  if (after === undefined) return true;
  switch (after.kind) {
    case "num":
      return false;
    case "op":
      return after.dash && after.space && after.spaceAfter; // a prose dash: "= 900 - a big gap"
    case "word":
      return !STOP_WORDS.has(after.text) || (ratio && after.text === "times");
    case "punct":
      return !/^[\^√²³¹⁰-⁹]$/.test(after.text);
    default:
      return true;
  }
}

function collapse(s: string): string {
  const c = s.replace(/\s+/g, " ").trim();
  return c.length > MAX_CLAIM_TEXT ? c.slice(0, MAX_CLAIM_TEXT - 1) + "…" : c;
}
