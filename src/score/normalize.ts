/**
 * Text clean-up shared by the lenient rules and answer extraction: what a model wraps around an
 * answer that carries no meaning (surrounding quotes, Markdown emphasis, backticks, a trailing full
 * stop) is removed; what could carry meaning is kept.
 */

/** Curly quotes and apostrophes → straight ones (`Don’t` = `Don't`). */
const CURLY = /[\u2018\u2019\u201A\u201B\u2032]|[\u201C\u201D\u201E\u201F\u2033]/g;
/** A pair of wrappers around the whole text: quotes, backticks, Markdown bold/italic. */
const WRAPPED = /^(\*\*|__|["'`*_])([\s\S]*)\1$/;
/** Trailing sentence punctuation (`450.` → `450`, `Yes!` → `Yes`). */
const TRAILING_PUNCT = new Set([".", "!", "?", ";", ":", ",", "。", "！", "？"]);
/** A final full stop that closes a one-letter abbreviation (`U.S.`, `e.g.`) is kept. */
const ABBREVIATION_END = /(?:^|[\s.])\p{L}\.$/u;

/** Straight quotes, single spaces, trimmed. */
export function tidySpaces(text: string): string {
  return text
    .replace(CURLY, (q) => (/[\u201C-\u201F\u2033]/.test(q) ? '"' : "'"))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Remove meaningless wrapping: surrounding quotes, backticks and `**`/`*`/`_` emphasis (repeatedly),
 * then trailing sentence punctuation. `"**450.**"` → `450`; `U.S.` stays `U.S.`.
 */
export function stripWrapping(text: string): string {
  let t = tidySpaces(text);
  for (let i = 0; i < 8; i++) {
    const before = t;
    const m = WRAPPED.exec(t);
    if (m !== null && m[2]!.trim() !== "") t = m[2]!.trim();
    if (!ABBREVIATION_END.test(t)) t = trimEndChars(t, TRAILING_PUNCT).trim();
    if (t === before) break;
  }
  return t;
}

/**
 * `text` without a trailing run of the given characters. A loop, not a regex: `/[.]+$/` is
 * quadratic on a long run of dots followed by something else.
 */
export function trimEndChars(text: string, chars: ReadonlySet<string>): string {
  let end = text.length;
  while (end > 0 && chars.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}
