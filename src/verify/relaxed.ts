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
// str.strip() with no argument removes Unicode whitespace (str.isspace), which JS's trim matches closely.

/** Parse like Python's `float(text)`; undefined where Python raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  const t = text.trim();
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
