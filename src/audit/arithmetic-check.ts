/**
 * Checking one arithmetic claim `LEFT = CLAIMED`: evaluate LEFT with mathjs under every
 * plausible reading of its marks and accept the claim when any reading agrees with the
 * claimed number within the model's rounding.
 *
 * Tolerance (documented in the README):
 * - `=`, `equals`, `is`: the exact value rounded, or truncated, to the decimals the claimed
 *   number shows (`100 / 3 = 33.3` and `= 33.33` pass; integers must match exactly).
 * - `≈`, `=~`, `~=`, "approximately", "about", …: as above, but an integer's trailing zeros
 *   also count as rounding (`≈ 1,300` covers 1,250–1,350), plus 0.5% relative slack.
 * - Operands that look like rounded earlier results (`6.67` for 20/3) widen the tolerance
 *   of a product or quotient by their own rounding, at most 0.5% relative.
 * - A restatement `LEFT = RIGHT` with two computations (`(12.5 + 7.5) / 2 = 20 / 2`) holds
 *   when LEFT's value is one RIGHT can take with each of its decimals read as any number
 *   that rounds to it (`2/3 × 90 = 0.67 × 90`), or when RIGHT starts with LEFT's value
 *   (a running computation: `45 + 55 = 100 / 2 = 50`).
 */
import {
  evaluateExpr,
  hasRangeDash,
  intervalOf,
  literalsOf,
  roundedOperandSlack,
  type Expr,
  type Reading,
} from "./arithmetic-expr.js";

/** The outcome of checking one claim. */
export interface ClaimCheck {
  ok: boolean;
  /** The claimed number, under the reading that came closest. */
  claimed: number;
  /** The left side's value, under the reading that came closest (12 significant digits). */
  actual: number;
}

const APPROX_SLACK = 0.005;

/**
 * Checks `left = right`, where `right` is a number (possibly negated). Returns null when
 * the claim cannot be checked (no finite value) or failed only under a reading that may
 * not be arithmetic at all (a hyphen between a smaller and a larger number: a range).
 */
export function checkClaim(left: Expr, right: Expr, approx: boolean): ClaimCheck | null {
  let r: Expr = right;
  let sign = 1;
  while (r.t === "neg" || r.t === "paren") {
    if (r.t === "neg") sign = -sign;
    r = r.x;
  }
  if (r.t !== "num") return null;
  const claimTok = r.tok;
  const leftLits = literalsOf(left);
  const percentReadings = leftLits.some((t) => t.percent) ? [false, true] : [false];
  const scaleReadings = claimTok.scale !== 1 || leftLits.some((t) => t.scale !== 1) ? [false, true] : [false];
  const claimPercent = claimTok.percent ? [false, true] : [false];
  const slack = roundedOperandSlack(left) + (approx ? APPROX_SLACK : 0);

  let best: ClaimCheck | null = null;
  let bestDistance = Infinity;
  for (const applyScale of scaleReadings) {
    for (const percentAsFraction of percentReadings) {
      const reading: Reading = { percentAsFraction, applyScale };
      const value = evaluateExpr(left, reading);
      if (value === null) continue;
      const scale = applyScale ? claimTok.scale : 1;
      const claimed = sign * claimTok.value * scale;
      const unit = unitOf(claimTok.literal, claimTok.decimals, approx) * scale;
      for (const times100 of claimPercent) {
        // "45 / 200 = 22.5%": the left side is a fraction and the claim a percentage.
        const actual = times100 ? value * 100 : value;
        const ok = agrees(actual, claimed, unit, slack);
        const distance = Math.abs(actual - claimed) / Math.max(Math.abs(claimed), 1e-12);
        if (ok || distance < bestDistance) {
          best = { ok, claimed, actual: Number(actual.toPrecision(12)) };
          bestDistance = distance;
        }
        if (ok) return best;
      }
    }
  }
  if (best === null || hasRangeDash(left)) return null;
  return best;
}

/**
 * Checks `left = right` where both sides are computations (a step of a chain). Returns
 * null when it cannot be checked or failed only under a possible range reading.
 */
export function checkRestatement(left: Expr, right: Expr, approx: boolean): ClaimCheck | null {
  const lits = [...literalsOf(left), ...literalsOf(right)];
  const percentReadings = lits.some((t) => t.percent) ? [false, true] : [false];
  const scaleReadings = lits.some((t) => t.scale !== 1) ? [false, true] : [false];
  const slack = roundedOperandSlack(left) + (approx ? APPROX_SLACK : 0);
  let best: ClaimCheck | null = null;
  let bestDistance = Infinity;
  for (const applyScale of scaleReadings) {
    for (const percentAsFraction of percentReadings) {
      const reading: Reading = { percentAsFraction, applyScale };
      const actual = evaluateExpr(left, reading);
      const claimed = evaluateExpr(right, reading);
      const range = intervalOf(right, reading);
      if (actual === null || claimed === null || range === null) continue;
      const loose = slack * Math.abs(actual) + 1e-9 * Math.max(1, Math.abs(actual));
      const ok = actual >= Math.min(range[0], claimed) - loose && actual <= Math.max(range[1], claimed) + loose;
      const distance = Math.abs(actual - claimed) / Math.max(Math.abs(claimed), 1e-12);
      if (ok || distance < bestDistance) {
        best = { ok, claimed: Number(claimed.toPrecision(12)), actual: Number(actual.toPrecision(12)) };
        bestDistance = distance;
      }
      if (ok) return best;
    }
  }
  // A running computation: "45 + 55 = 100 / 2 = 50" means the sum is 100, then halved.
  let first: Expr = right;
  while (first.t === "bin" || first.t === "paren") first = first.t === "bin" ? first.a : first.x;
  const running = checkClaim(left, first, approx);
  if (running?.ok) return running;
  if (best === null || hasRangeDash(left) || hasRangeDash(right)) return null;
  // Report whichever reading of the step came closer ("45 + 55 = 110 / 2": 110, not 55).
  return running !== null && relDistance(running) < relDistance(best) ? running : best;
}

function relDistance(c: ClaimCheck): number {
  return Math.abs(c.actual - c.claimed) / Math.max(Math.abs(c.claimed), 1e-12);
}

/**
 * The rounding unit the claimed number shows: 10^-decimals; for approximate claims of
 * integers, 10^(trailing zeros) as well (`≈ 1,300` is rounded to hundreds).
 */
function unitOf(literal: string, decimals: number, approx: boolean): number {
  if (decimals > 0) return 10 ** -decimals;
  if (!approx) return 1;
  const zeros = /0*$/.exec(literal)?.[0].length ?? 0;
  return 10 ** Math.min(zeros, literal.length - 1);
}

/** True when `claimed` is `actual` rounded or truncated to `unit`, give or take `slack` relative. */
function agrees(actual: number, claimed: number, unit: number, slack: number): boolean {
  const eps = 1e-9 * Math.max(1, Math.abs(actual));
  const diff = Math.abs(actual - claimed);
  const loose = slack * Math.abs(actual) + eps;
  if (diff <= 0.5 * unit + loose) return true;
  // Truncation: the claim drops digits toward zero ("2/3 = 0.66").
  const sameSide = claimed === 0 || Math.sign(claimed) === Math.sign(actual);
  return sameSide && Math.abs(claimed) <= Math.abs(actual) + eps && diff < unit + loose;
}
