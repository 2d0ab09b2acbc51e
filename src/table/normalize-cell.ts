/**
 * Cell normalisation: turn one CSV cell into a number *as it is printed on the chart*.
 *
 * Rules (documented in the README; every rule has a test in `test/table-normalize-cell.test.ts`):
 *
 * 1. Surrounding whitespace is ignored.
 * 2. Missing → `null`: empty, `nan`/`NaN`, `n/a`, `N/A`, `NA`, `n.a.`, `null`, `#N/A` (any case), and any
 *    cell with no letter or digit at all (`-`, `–`, `—`, `−`, `--`, `...`, `*`, `\`). `None` is text (a
 *    survey answer).
 * 3. Unicode minus (U+2212) and dashes (‒ – — ― ﹣ －) count as `-`. A leading `+` is allowed (`+5%` → 5).
 * 4. Thousands separators: `,` in groups of three (`1,204.5` → 1204.5) and spaces / no-break spaces in
 *    groups of three (`1 204` → 1204). A comma that is not a thousands group (`1,5`, `1.204,5`) is *not*
 *    a number in the default mode; {@link parseNumberCell} with `decimalComma` reads European numbers, and
 *    `parseCsv` uses that mode for a whole column only when the column needs it (see `type-columns.ts`).
 *    Otherwise plain JavaScript decimals: `.5`, `5.`, `1e3` are numbers.
 * 5. Percent: `45%` → 45 (the printed number, not 0.45 — ChartQA gold answers use the printed number).
 * 6. Currency symbols before or after the number are dropped: `$3.2`, `-$3.2`, `$-3.2`, `US$3.2`, `€5`,
 *    `5 €`, `£`, `¥`, `₹`, `₩`, `₽`, `₺`, `₦`, `₱`, `₫`, `₴`, `₪`, `฿`, `¢`.
 * 7. Trailing footnote marks are dropped: `*`, `**`, `†`, `‡`, `§`, `¶` and superscript digits
 *    (`15%*` → 15, `2024*` → 2024, `3.5¹` → 3.5).
 * 8. Magnitude words and letters are dropped, keeping the printed number: `1.97M` → 1.97, `1.2k` → 1.2,
 *    `3.4 million` → 3.4, `$3.2bn` → 3.2 (k, K, M, B, bn, mn, tn, thousand, million, billion, trillion).
 *    `parseCsv` warns (`MIXED_COLUMN`) when one column mixes different magnitudes, since they are not scaled.
 * 9. Parentheses are *not* negatives: on charts `(188)` is usually a sample size or a note, so it stays text.
 * 10. Everything else stays text (`undefined`): labels such as `Q1`, `2019/20`, `'20`, `FY 2020`, `50-64`,
 *    `65+`, `<1%`, `~5`, `(5)`, `0x10`, `Infinity`, and OCR debris such as `..55`.
 *
 * `-0` is returned as `0`. Results are always finite.
 */

/** Options for {@link parseNumberCell}. */
export interface ParseNumberOptions {
  /**
   * European notation: `,` is the decimal mark and `.` / spaces group thousands (`1.204,5` → 1204.5,
   * `1,5` → 1.5, `1.204` → 1204). Default `false` (English notation: `1,204.5`).
   */
  decimalComma?: boolean;
}

/** Plain numbers (the overwhelmingly common case) skip all the work below. */
const PLAIN = /^-?\d+(?:\.\d+)?$/;
const PLAIN_PERCENT = /^-?\d+(?:\.\d+)?%$/;
/** Word-like missing markers, compared in lower case after trimming. */
const MISSING_WORDS = new Set(["nan", "n/a", "na", "n.a.", "n.a", "null", "#n/a"]);
/** A sign: ASCII `-`/`+`, Unicode minus (U+2212) and dashes (‒ – — ― ﹣ －). */
const SIGN = "[-+\\u2012\\u2013\\u2014\\u2015\\u2212\\uFE63\\uFF0D]";
/** Currency symbols. A prefix may also be a country-qualified dollar: `US$`, `HK$`, `R$`, `NT$`. */
const CURRENCY = "[$€£¥₹₩₽₺₦₱₫₴₪฿¢]";
/** Magnitude suffixes that are dropped (the printed number is kept, not scaled). */
const MAGNITUDE = "[kKMB]|bn|Bn|BN|mn|Mn|tn|Tn|(?:thousand|million|billion|trillion)s?";
/** Trailing footnote marks (asterisks, daggers, section/pilcrow signs, superscript digits). */
const FOOTNOTES = "[\\s*†‡§¶⁰¹²³⁴⁵⁶⁷⁸⁹]*";
/** English body: thousands groups with `,` or spaces, optional fraction and exponent; needs a digit. */
const ENGLISH_BODY =
  "(?=\\.?\\d)(?:\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?:[ \\u00A0\\u2009\\u202F]\\d{3})+|\\d+)?(?:\\.\\d*)?(?:[eE][+-]?\\d+)?";
/** European body: thousands groups with `.` or spaces, optional `,` fraction; needs a digit. */
const EUROPEAN_BODY = "(?=,?\\d)(?:\\d{1,3}(?:[. \\u00A0\\u2009\\u202F]\\d{3})+|\\d+)?(?:,\\d*)?";

/**
 * The whole cell in one pass. Groups: 1 sign, 2 currency prefix, 3 sign after the prefix (`$-3`),
 * 4 body, 5 percent, 6 magnitude, 7 currency suffix.
 */
function cellPattern(body: string): RegExp {
  return new RegExp(
    `^\\s*(${SIGN})?\\s*(?:([A-Z]{1,3}\\$|${CURRENCY})\\s*(${SIGN})?\\s*)?(${body})` +
      `\\s*(?:(%)|(${MAGNITUDE}))?\\s*(${CURRENCY})?${FOOTNOTES}$`,
  );
}
const ENGLISH_CELL = cellPattern(ENGLISH_BODY);
const EUROPEAN_CELL = cellPattern(EUROPEAN_BODY);
const HAS_ALNUM = /[\p{L}\p{N}]/u;
const ENGLISH_SEPARATORS = /[,\s]/g;
const EUROPEAN_SEPARATORS = /[.\s]/g;

/**
 * Parse one CSV cell as a number as printed on the chart.
 *
 * @returns the number; `null` when the cell is a missing-value marker (`""`, `-`, `nan`, `n/a`, …);
 *   `undefined` when the cell is text (not a number).
 * @example parseNumberCell("1,204.5") // 1204.5
 * @example parseNumberCell("45%*")    // 45
 * @example parseNumberCell("nan")     // null
 * @example parseNumberCell("2019/20") // undefined
 */
export function parseNumberCell(raw: string, options?: ParseNumberOptions): number | null | undefined {
  const decimalComma = options?.decimalComma === true;
  if (!decimalComma) {
    if (PLAIN.test(raw)) return finite(Number(raw));
    if (PLAIN_PERCENT.test(raw)) return finite(Number(raw.slice(0, -1)));
  }
  const m = (decimalComma ? EUROPEAN_CELL : ENGLISH_CELL).exec(raw);
  if (m !== null) return fromMatch(m, decimalComma);
  const s = raw.trim();
  if (s === "") return null;
  if (s.length <= 4 && MISSING_WORDS.has(s.toLowerCase())) return null;
  const c0 = s.charCodeAt(0);
  if ((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122)) return undefined;
  // Not a number: a cell without any letter or digit ("-", "—", "...", "\") carries no value.
  return HAS_ALNUM.test(s) ? undefined : null;
}

function fromMatch(m: RegExpExecArray, decimalComma: boolean): number | undefined {
  const [, sign1, prefix, sign2, body] = m;
  if (sign1 !== undefined && sign2 !== undefined) return undefined; // "-$-3"
  if (prefix !== undefined && m[7] !== undefined) return undefined; // "$3 €"
  const sign = sign1 ?? sign2;
  let value: number;
  if (decimalComma) {
    value = Number(body.replace(EUROPEAN_SEPARATORS, "").replace(",", "."));
  } else {
    value = Number(body.length > 3 ? body.replace(ENGLISH_SEPARATORS, "") : body);
  }
  return finite(sign !== undefined && sign !== "+" ? -value : value);
}

/** Finite numbers only (and `-0` → `0`); `NaN`/`Infinity` → `undefined`. */
function finite(n: number): number | undefined {
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n;
}

/** A magnitude word or letter that {@link parseNumberCell} dropped, normalised. */
export type Magnitude = "thousand" | "million" | "billion" | "trillion";

/**
 * The magnitude suffix of a cell that parses as a number (`"1.2k"` → `"thousand"`, `"$3bn"` →
 * `"billion"`), or `undefined` when it has none. Used to warn about columns that mix magnitudes.
 */
export function magnitudeOf(raw: string): Magnitude | undefined {
  const suffix = ENGLISH_CELL.exec(raw)?.[6];
  if (suffix === undefined) return undefined;
  const w = suffix.toLowerCase();
  if (w === "k" || w.startsWith("thousand")) return "thousand";
  if (w === "m" || w === "mn" || w.startsWith("million")) return "million";
  if (w === "b" || w === "bn" || w.startsWith("billion")) return "billion";
  return "trillion";
}
