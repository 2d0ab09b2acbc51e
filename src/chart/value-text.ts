/**
 * Reading numbers printed on a chart (value labels, axis ticks) from OCR text. Unlike grounding's
 * `numbersIn`, which lists every reading of a string, this picks the one a chart most plausibly
 * means, keeping the sign, and refuses text that is not essentially a number.
 */

/** A number read from a label: its value and how it is written back into a CSV cell. */
export interface LabelNumber {
  value: number;
  /** Plain decimal text, as printed (decimals kept): "2345", "7.69", "-0.5". */
  text: string;
  /** The label carried a percent sign. */
  percent: boolean;
}

// Digits OCR commonly confuses in chart fonts.
const LOOKALIKE: Record<string, string> = { O: "0", o: "0", l: "1", I: "1", "|": "1", S: "5" };
const UNIT_WORDS =
  /\b(?:million|billion|trillion|thousand|bn|mn|m|k|b|tn|tonnes|tons|t|kg|g|years?|yrs|days?|hours?|per cent|percent|pp|points?|usd|eur|gbp|us dollars|dollars|euros|people|mt|gw|twh|kwh|km|mph)\b\.?/gi;

/**
 * The number a label states, or `null` when the text is not a number with at most a unit, sign,
 * currency, percent or magnitude word around it (so "2019" is a number, "Q3 2019" is not).
 * Thousands separators: `1,441`, `2 345` and `1.441.000` read as thousands; a single `,` or `.`
 * followed by other than three digits is a decimal point.
 */
export function readLabelNumber(raw: string): LabelNumber | null {
  let s = raw.trim().replace(/[\u2212\u2013\u2014]/g, "-").replace(/\u00a0|\u202f/g, " ");
  if (s.length === 0 || s.length > 40) return null;
  // Fix lookalike letters only between or beside digits.
  s = s.replace(/(?<=\d)[OolIS|](?=\d|$|\s|%)|(?<=^|\s|-)[OolI|](?=\d)/g, (c) => LOOKALIKE[c] ?? c);
  const percent = /%/.test(s);
  let body = s
    .replace(UNIT_WORDS, " ")
    .replace(/[%*$€£¥₹]/g, " ")
    .replace(/^\s*[([]|[)\]]\s*$/g, " ")
    .trim();
  const negative = /^-\s*\d/.test(body) || /^\(\s*\d.*\)$/.test(s.trim());
  body = body.replace(/^[-+]\s*/, "");
  if (!/^\d[\d.,' ]*$/.test(body)) return null;
  body = body.replace(/\s+$/, "");
  let digits: string;
  if (/^\d{1,3}(?:[ ']\d{3})+(?:[.,]\d+)?$/.test(body)) {
    digits = body.replace(/[ ']/g, "").replace(",", ".");
  } else if (/ /.test(body)) {
    return null;
  } else if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(body)) {
    digits = body.replace(/,/g, "");
  } else if (/^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$/.test(body)) {
    digits = body.replace(/\./g, "").replace(",", ".");
  } else if (/^\d+[.,]\d+$/.test(body)) {
    digits = body.replace(",", ".");
  } else if (/^\d+$/.test(body)) {
    digits = body;
  } else {
    return null;
  }
  digits = digits.replace(/^0+(?=\d)/, "");
  const value = Number(digits) * (negative ? -1 : 1);
  if (!Number.isFinite(value)) return null;
  return { value, text: negative && value !== 0 ? `-${digits}` : digits, percent };
}

/** Format a value read from pixels: enough significant digits for the axis' resolution. */
export function formatValue(value: number, step: number): string {
  if (!Number.isFinite(value)) return "";
  const decimals = step > 0 ? Math.max(0, Math.min(6, Math.ceil(-Math.log10(step)) + 1)) : 2;
  const t = value.toFixed(decimals);
  return t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t;
}
