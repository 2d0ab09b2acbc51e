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
  /**
   * Other values the same text may stand for when OCR confused its separators: "48.158" may be
   * 48158 (a thousands separator read as a point), "1,441" may be 1.441, "1,5" may be 15 (a
   * separator inserted), "75" may be 7.5 or 0.75 (a point dropped). Absent when there are none.
   * Callers with an independent estimate (an axis) may pick the reading closest to it.
   */
  alternatives?: number[];
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
  const out: LabelNumber = { value, text: negative && value !== 0 ? `-${digits}` : digits, percent };
  const alternatives = separatorAlternatives(body)
    .map((v) => Number((v * (negative ? -1 : 1)).toPrecision(12)))
    .filter((v, i, all) => Number.isFinite(v) && v !== value && all.indexOf(v) === i);
  if (alternatives.length > 0) out.alternatives = alternatives;
  return out;
}

/** Readings of a number's body (sign and units stripped) under other separator mistakes. */
function separatorAlternatives(body: string): number[] {
  const out: number[] = [];
  const single = /^(\d+)[.,](\d+)$/.exec(body);
  if (single) {
    // One separator: the other meaning (thousands vs decimal), or a separator OCR inserted.
    out.push(Number(single[1]! + single[2]!));
    if (single[2]!.length === 3) out.push(Number(`${single[1]}.${single[2]}`));
  } else if (/^\d{2,}$/.test(body) && !/^0/.test(body)) {
    // A decimal point OCR dropped.
    const n = Number(body);
    for (let k = 1; k <= Math.min(3, body.length - 1); k++) out.push(n / 10 ** k);
  } else if (/^\d{1,3}(?:[ ']\d{3})+$/.test(body) && body.split(/[ ']/).length === 2) {
    // "48 158" could also be a decimal whose point OCR read as a gap.
    out.push(Number(body.replace(/[ ']/, ".")));
  }
  return out;
}

/** Format a value read from pixels: enough significant digits for the axis' resolution. */
export function formatValue(value: number, step: number): string {
  if (!Number.isFinite(value)) return "";
  const decimals = step > 0 ? Math.max(0, Math.min(6, Math.ceil(-Math.log10(step)) + 1)) : 2;
  const t = value.toFixed(decimals);
  return t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t;
}
