/**
 * ChartQA's relaxed accuracy, as in google-research/pix2struct `metrics.py` (`relaxed_correctness`):
 * numbers within 5% relative of a non-zero target; otherwise case-insensitive exact match.
 * A trailing `%` divides by 100 (each side on its own), as the reference does.
 */

// Python's float() grammar: optional sign, digits with single underscores between them,
// optional fraction and exponent, or inf/infinity/nan (any case); surrounding whitespace allowed.
const DIGITS = "\\d(?:_?\\d)*";
const PY_FLOAT = new RegExp(
  `^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  "i",
);
// What float() strips: ASCII whitespace, and non-ASCII Unicode whitespace (mapped to spaces first).
const PY_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;

// Python's float() accepts any Unicode decimal digit (category Nd). Nd code points come in runs of
// ten starting at zero, so a digit's value is its distance from the start of its run, mod 10.
function asciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGIT, (ch) => {
    let cp = ch.codePointAt(0)!;
    const start = cp;
    while (IS_DIGIT.test(String.fromCodePoint(cp - 1))) cp--;
    return String((start - cp) % 10);
  });
}

/** Parse like Python's `float(text)`; undefined where Python raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  let t = text.replace(PY_STRIP, "");
  if (/[^\x00-\x7f]/.test(t)) t = asciiDigits(t);
  if (!PY_FLOAT.test(t)) return undefined;
  const lower = t.toLowerCase().replace(/_/g, "");
  if (lower.endsWith("nan")) return Number.NaN;
  if (lower.endsWith("inf") || lower.endsWith("infinity")) return lower.startsWith("-") ? -Infinity : Infinity;
  return Number(lower);
}

/** The reference `_to_float`: a trailing run of `%` is stripped and the value divided by 100. */
export function toFloat(text: string): number | undefined {
  if (text.endsWith("%")) {
    const v = pythonFloat(text.replace(/%+$/, ""));
    return v === undefined ? undefined : v / 100;
  }
  return pythonFloat(text);
}

/** `relaxed_correctness(target, prediction)`: true when the prediction counts as correct. */
export function relaxedCorrectness(target: string, prediction: string, maxRelativeChange = 0.05): boolean {
  const p = toFloat(prediction);
  const t = toFloat(target);
  // Python: `if prediction_float is not None and target_float:` — 0.0 is falsy, NaN is truthy.
  if (p !== undefined && t !== undefined && t !== 0) {
    return Math.abs(p - t) / Math.abs(t) <= maxRelativeChange;
  }
  return prediction.toLowerCase() === target.toLowerCase();
}
