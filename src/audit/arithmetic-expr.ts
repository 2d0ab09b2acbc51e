/**
 * Arithmetic expressions over tokens: a small recursive-descent parser (numbers, `+ - * /`,
 * `p% of x`, unary minus, parentheses) and the sanitised mathjs source of a parsed
 * expression. The source is built only from our own number literals, operators and
 * parentheses — never from the model's text — so `evaluate` only ever sees
 * `[0-9.+\-*\/() ]`.
 */
import { createRequire } from "node:module";
import type * as MathJs from "mathjs";

// mathjs takes ~200 ms to load; load it on the first claim, not whenever the CLI starts.
let mathEvaluate: typeof MathJs.evaluate | undefined;
function evaluate(source: string): unknown {
  mathEvaluate ??= (createRequire(import.meta.url)("mathjs") as typeof MathJs).evaluate;
  return mathEvaluate(source);
}
import type { NumToken, OpToken, Token } from "./arithmetic-tokens.js";

/** A parsed expression. `of` marks a percentage used as `p% of x` (always a fraction). */
export type Expr =
  | { t: "num"; tok: NumToken; of: boolean }
  | { t: "neg"; x: Expr }
  | { t: "paren"; x: Expr }
  | { t: "bin"; op: "+" | "-" | "*" | "/"; a: Expr; b: Expr; opTok: OpToken };

/** How to read marks that have more than one plausible meaning. */
export interface Reading {
  /** `45%` as 0.45 (otherwise 45, as printed). `p% of x` is always a fraction. */
  percentAsFraction: boolean;
  /** `2.5 million` as 2,500,000 (otherwise 2.5, as printed). */
  applyScale: boolean;
}

const MAX_DEPTH = 24;
const SAFE_SOURCE = /^[0-9.+\-*/() ]+$/;
const MAX_SOURCE = 2000;

/** Parses tokens[s, e) as one complete expression, or returns null. */
export function parseExpr(tokens: readonly Token[], s: number, e: number): Expr | null {
  let i = s;
  const expr = (depth: number): Expr | null => {
    let a = term(depth);
    while (a !== null && i < e) {
      const t = tokens[i];
      if (t.kind !== "op" || (t.op !== "+" && t.op !== "-")) break;
      i += 1;
      const b = term(depth);
      if (b === null) return null;
      a = { t: "bin", op: t.op, a, b, opTok: t };
    }
    return a;
  };
  const term = (depth: number): Expr | null => {
    let a = unary(depth);
    while (a !== null && i < e) {
      const t = tokens[i];
      if (t.kind !== "op" || (t.op !== "*" && t.op !== "/" && t.op !== "of")) break;
      if (t.op === "of") {
        if (a.t !== "num" || !a.tok.percent || a.of) return null;
        a = { ...a, of: true };
      }
      i += 1;
      const b = unary(depth);
      if (b === null) return null;
      a = { t: "bin", op: t.op === "/" ? "/" : "*", a, b, opTok: t };
    }
    return a;
  };
  const unary = (depth: number): Expr | null => {
    if (i >= e || depth > MAX_DEPTH) return null;
    const t = tokens[i];
    if (t.kind === "num") {
      i += 1;
      return { t: "num", tok: t, of: false };
    }
    if (t.kind === "op" && (t.op === "-" || t.op === "+") && !t.spaceAfter) {
      // A sign is attached to its operand ("-5", "−3"); a spaced dash is prose, not a sign.
      i += 1;
      const x = unary(depth + 1);
      if (x === null) return null;
      return t.op === "-" ? { t: "neg", x } : x;
    }
    if (t.kind === "lp") {
      i += 1;
      const x = expr(depth + 1);
      if (x === null || i >= e || tokens[i].kind !== "rp") return null;
      i += 1;
      return { t: "paren", x };
    }
    return null;
  };
  const result = expr(0);
  return result !== null && i === e ? result : null;
}

/** True when the expression has a binary operator (so it is a computation, not a number). */
export function isComputation(x: Expr): boolean {
  if (x.t === "bin") return true;
  if (x.t === "num") return false;
  return isComputation(x.x);
}

/** Every number literal in the expression. */
export function literalsOf(x: Expr, out: NumToken[] = []): NumToken[] {
  if (x.t === "num") out.push(x.tok);
  else if (x.t === "bin") {
    literalsOf(x.a, out);
    literalsOf(x.b, out);
  } else literalsOf(x.x, out);
  return out;
}

/**
 * True when the expression subtracts a larger number from a smaller one with a hyphen or
 * en dash (`10-15`, `18 - 24`): it may be a range, so a failed check is not reported.
 */
export function hasRangeDash(x: Expr): boolean {
  if (x.t === "num") return false;
  if (x.t !== "bin") return hasRangeDash(x.x);
  if (x.op === "-" && x.opTok.dash && x.a.t === "num" && x.b.t === "num" && x.a.tok.value < x.b.tok.value) return true;
  return hasRangeDash(x.a) || hasRangeDash(x.b);
}

/**
 * Relative slack for operands that look like rounded earlier results (two or more
 * decimals and three or more significant digits, e.g. `6.67` for 20/3) when they are
 * multiplied or divided: `6.67 × 3 = 20.00` is the model's rounding, not an error.
 * The sum of half a unit in the last place of each such operand, relative; at most 0.5%.
 */
export function roundedOperandSlack(x: Expr): number {
  let slack = 0;
  const operand = (y: Expr): void => {
    let z = y;
    while (z.t === "paren" || z.t === "neg") z = z.x;
    if (z.t !== "num" || z.tok.decimals < 2 || z.tok.value === 0) return;
    if (z.tok.literal.replace(".", "").replace(/^0+/, "").length < 3) return;
    slack += (0.5 * 10 ** -z.tok.decimals) / z.tok.value;
  };
  const walk = (y: Expr): void => {
    if (y.t === "num") return;
    if (y.t !== "bin") return walk(y.x);
    if (y.op === "*" || y.op === "/") {
      operand(y.a);
      operand(y.b);
    }
    walk(y.a);
    walk(y.b);
  };
  walk(x);
  return Math.min(slack, 0.005);
}

/** The mathjs source for the expression under a reading: digits, `.`, operators, parentheses only. */
export function mathSource(x: Expr, reading: Reading): string {
  switch (x.t) {
    case "num": {
      let s = x.tok.literal;
      if (reading.applyScale && x.tok.scale !== 1) s = `(${s}*${x.tok.scale.toFixed(0)})`;
      if (x.of || (reading.percentAsFraction && x.tok.percent)) s = `(${s}/100)`;
      return s;
    }
    case "neg":
      return `(-${mathSource(x.x, reading)})`;
    case "paren":
      return `(${mathSource(x.x, reading)})`;
    case "bin":
      return `${mathSource(x.a, reading)} ${x.op} ${mathSource(x.b, reading)}`;
  }
}

/**
 * Evaluates the expression with mathjs under a reading. Returns null when the source is
 * not safe or too long, or the result is not a finite number (e.g. division by zero).
 */
export function evaluateExpr(x: Expr, reading: Reading): number | null {
  const source = mathSource(x, reading);
  if (source.length > MAX_SOURCE || !SAFE_SOURCE.test(source)) return null;
  let value: unknown;
  try {
    value = evaluate(source);
  } catch {
    return null;
  }
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * The range of values the expression can take when each decimal literal stands for any
 * number that rounds to it (`0.67` for 0.665–0.675); integers are exact. Null when a
 * divisor's range contains zero.
 */
export function intervalOf(x: Expr, reading: Reading): [number, number] | null {
  switch (x.t) {
    case "num": {
      let factor = reading.applyScale ? x.tok.scale : 1;
      if (x.of || (reading.percentAsFraction && x.tok.percent)) factor /= 100;
      const half = x.tok.decimals > 0 ? 0.5 * 10 ** -x.tok.decimals : 0;
      return [(x.tok.value - half) * factor, (x.tok.value + half) * factor];
    }
    case "neg": {
      const r = intervalOf(x.x, reading);
      return r === null ? null : [-r[1], -r[0]];
    }
    case "paren":
      return intervalOf(x.x, reading);
    case "bin": {
      const a = intervalOf(x.a, reading);
      const b = intervalOf(x.b, reading);
      if (a === null || b === null) return null;
      if (x.op === "+") return [a[0] + b[0], a[1] + b[1]];
      if (x.op === "-") return [a[0] - b[1], a[1] - b[0]];
      if (x.op === "/" && b[0] <= 0 && b[1] >= 0) return null;
      const c = x.op === "*" ? [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]] : [a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1]];
      return [Math.min(...c), Math.max(...c)];
    }
  }
}
