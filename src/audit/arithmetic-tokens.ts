/**
 * Tokenizer for arithmetic in free-text reasoning (the visual path's `<think>`).
 *
 * It turns prose into numbers, operators, parentheses, equality signs and "everything
 * else" (words, punctuation). It is deliberately conservative: anything that could be a
 * date, a range, a phone number, a version, a label such as `Q1` or `2nd`, or a
 * European-formatted number becomes a word, so it can never be read as arithmetic.
 * One linear pass with sticky regular expressions; no backtracking-prone patterns.
 */
import { applyWords } from "./arithmetic-words.js";

/** A binary or unary arithmetic operator; `of` is the `%`-of operator (`45% of 200`). */
export type Op = "+" | "-" | "*" | "/" | "of";

interface TokenBase {
  start: number;
  end: number;
  /** Whitespace comes right before this token. */
  space: boolean;
  /** This is the first token on its line. */
  lineStart: boolean;
}

/** A number as printed: `1,204.5`, `$3.2`, `45%`, `2.5 million`, `1.2k`, `25°C`. */
export interface NumToken extends TokenBase {
  kind: "num";
  /** Digits and at most one dot, thousands separators removed (safe to put in an expression). */
  literal: string;
  value: number;
  /** Digits shown after the decimal point. */
  decimals: number;
  /** Written with `%`, `percent` or `per cent`. */
  percent: boolean;
  /** Multiplier of a magnitude word or suffix (`million`, `k`, `bn`…); 1 when there is none. */
  scale: number;
}

export interface OpToken extends TokenBase {
  kind: "op";
  op: Op;
  /** A hyphen or en dash, which may also be a range or a prose dash (not U+2212). */
  dash: boolean;
  /** Whitespace comes right after this token (set by the tokenizer's final pass). */
  spaceAfter: boolean;
}

export interface EqToken extends TokenBase {
  kind: "eq";
  /** `≈`, `=~`, `~=`, `≃`, "approximately", "about", "around", "roughly" … */
  approx: boolean;
  /** A word: `is`, `equals`, `is equal to`. */
  word: boolean;
}

export interface OtherToken extends TokenBase {
  kind: "lp" | "rp" | "word" | "punct";
  /** Lower-cased text for words; the character(s) otherwise. */
  text: string;
}

export type Token = NumToken | OpToken | EqToken | OtherToken;

const WS = /\s+/y;
// Dates (2022-01-06, 1/2/2020), phone numbers, part numbers: two or more joined separators.
const MULTI_JOINED = /\d+(?:[-–/.]\d+){2,}(?![\d])/y;
// Year ranges and fiscal years written without spaces: 2019-2020, 2019–20, 2019/20.
const YEAR_RANGE = /(?:1[89]|2[01])\d\d[-–/](?:\d\d|\d{4})(?!\d)/y;
// Any unspaced en dash between numbers is a range (10–15).
const EN_DASH_RANGE = /\d[\d.,]*–\d[\d.,]*/y;
const CURRENCY = /(?:US\$|[$€£¥₹])(?=\d)/y;
const NUMBER = /(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/y;
const ATTACHED_SCALE = /(?:bn|mn|k|K|M|B)(?![\p{L}\p{N}_])/uy;
const SPACED_SCALE = /\s*(thousand|million|billion|trillion|bn|mn)(?![\p{L}\p{N}_])/uy;
const PERCENT = /\s*(?:\\?%|percent(?![\p{L}])|per cent(?![\p{L}]))/uy;
const UNIT_SUFFIX = /(?:°[CF]?|€|£)/y;
const WORD = /[\p{L}_][\p{L}\p{N}_]*(?:'\p{L}+)?/uy;
const LATEX = /\\(times|cdot|div|approx|left|right)(?![A-Za-z])/y;
const EQ_SYMBOL = /=~|~=|≈|≃|≅|≒|==?/y;
const ALNUM_RUN = /[\p{L}\p{N}_.,]*/uy;

const SCALES: Record<string, number> = {
  k: 1e3, K: 1e3, thousand: 1e3, M: 1e6, mn: 1e6, million: 1e6, B: 1e9, bn: 1e9, billion: 1e9, trillion: 1e12,
};
const MAX_LITERAL = 40;
const DIGIT = /\d/;
const LETTER = /\p{L}/u;
const OTHER_DIGIT = /\p{N}/u;

function match(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? null : m[0];
}

/**
 * Splits `text` into tokens. Whitespace is not a token; each token records whether
 * whitespace preceded it and whether it starts a line.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let space = true;
  let lineStart = true;
  const push = (t: Token): void => {
    out.push(t);
    space = false;
    lineStart = false;
  };
  const other = (kind: OtherToken["kind"], start: number, end: number, value?: string): void =>
    push({ kind, start, end, space, lineStart, text: value ?? text.slice(start, end) });

  while (i < text.length) {
    const ws = match(WS, text, i);
    if (ws !== null) {
      space = true;
      if (ws.includes("\n")) lineStart = true;
      i += ws.length;
      continue;
    }
    const ch = text[i];
    if (ch >= "0" && ch <= "9") {
      const word = match(MULTI_JOINED, text, i) ?? match(YEAR_RANGE, text, i) ?? match(EN_DASH_RANGE, text, i);
      if (word !== null) {
        other("word", i, i + word.length);
        i += word.length;
        continue;
      }
    }
    const currency = match(CURRENCY, text, i);
    if (currency !== null || (ch >= "0" && ch <= "9")) {
      i = readNumber(text, i, currency?.length ?? 0, { space, lineStart }, push, other);
      continue;
    }
    if (ch === "*" && text[i + 1] === "*") {
      other("punct", i, i + 2); // Markdown bold, never a power operator here
      i += 2;
      continue;
    }
    const latex = ch === "\\" ? match(LATEX, text, i) : null;
    if (latex !== null) {
      const name = latex.slice(1);
      const end = i + latex.length;
      if (name === "approx") push({ kind: "eq", start: i, end, space, lineStart, approx: true, word: false });
      else if (name === "div") push({ kind: "op", op: "/", dash: false, spaceAfter: false, start: i, end, space, lineStart });
      else if (name === "times" || name === "cdot") push({ kind: "op", op: "*", dash: false, spaceAfter: false, start: i, end, space, lineStart });
      // \left and \right produce no token: the bracket after them does.
      i = end;
      continue;
    }
    const op = operatorOf(ch);
    if (op !== null) {
      push({ kind: "op", op, dash: ch === "-" || ch === "–", spaceAfter: false, start: i, end: i + 1, space, lineStart });
      i += 1;
      continue;
    }
    const eq = match(EQ_SYMBOL, text, i);
    if (eq !== null) {
      const prev = text[i - 1];
      const next = text[i + eq.length];
      if (prev === "<" || prev === ">" || prev === "!" || next === ">") {
        other("punct", i, i + eq.length); // <=, >=, !=, =>
      } else {
        const approx = eq !== "=" && eq !== "==";
        push({ kind: "eq", start: i, end: i + eq.length, space, lineStart, approx, word: false });
      }
      i += eq.length;
      continue;
    }
    if (ch === "(" || ch === ")") {
      other(ch === "(" ? "lp" : "rp", i, i + 1);
      i += 1;
      continue;
    }
    const word = match(WORD, text, i);
    if (word !== null) {
      other("word", i, i + word.length, word.toLowerCase());
      i += word.length;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    other("punct", i, i + width);
    i += width;
  }
  for (let k = 0; k < out.length; k++) {
    const t = out[k];
    if (t.kind === "op") t.spaceAfter = k + 1 < out.length ? out[k + 1].space : true;
  }
  return applyWords(out);
}

function operatorOf(ch: string): Op | null {
  switch (ch) {
    case "+":
      return "+";
    case "-":
    case "−": // U+2212 minus sign
    case "–": // en dash (spaced; unspaced ones between numbers were taken as ranges)
      return "-";
    case "×":
    case "*":
    case "∗":
    case "·":
    case "⋅":
      return "*";
    case "÷":
    case "/":
    case "∕":
      return "/";
    default:
      return null;
  }
}

/**
 * Reads a number (with its currency, percent, magnitude and unit marks) at `at`, where
 * `prefix` characters of currency come first. A malformed or attached number (`1.204,5`,
 * `2nd`, `3D`, `4²`) becomes a word. Returns the index after what it consumed.
 */
function readNumber(
  text: string,
  at: number,
  prefix: number,
  flags: { space: boolean; lineStart: boolean },
  push: (t: Token) => void,
  other: (kind: "word", start: number, end: number) => void,
): number {
  const digitsAt = at + prefix;
  const raw = match(NUMBER, text, digitsAt) ?? "";
  let end = digitsAt + raw.length;
  const asWord = (): number => {
    const rest = match(ALNUM_RUN, text, end) ?? "";
    other("word", at, end + rest.length);
    return end + rest.length;
  };
  if (raw.length === 0 || raw.length > MAX_LITERAL) return asWord();
  const next = text[end] ?? "";
  const afterNext = text[end + 1] ?? "";
  if (DIGIT.test(next) || ((next === "," || next === ".") && DIGIT.test(afterNext))) return asWord();
  const literal = raw.replace(/,/g, "");
  const dot = literal.indexOf(".");
  let scale = 1;
  let percent = false;
  let timesNext = false;
  if (LETTER.test(next)) {
    const attached = match(ATTACHED_SCALE, text, end);
    if (attached !== null) {
      scale = SCALES[attached];
      end += attached.length;
    } else if ((next === "x" || next === "X") && DIGIT.test(afterNext)) {
      timesNext = true; // 1920x1080: the x is an operator
    } else {
      return asWord();
    }
  } else if (OTHER_DIGIT.test(next)) {
    return asWord(); // superscripts and other digits: 4², 3½
  }
  if (scale === 1) {
    const unit = match(UNIT_SUFFIX, text, end);
    if (unit !== null) end += unit.length;
    const pct = match(PERCENT, text, end);
    if (pct !== null) {
      percent = true;
      end += pct.length;
    } else {
      const spaced = match(SPACED_SCALE, text, end);
      if (spaced !== null) {
        scale = SCALES[spaced.trim()];
        end += spaced.length;
      }
    }
  }
  push({
    kind: "num",
    start: at,
    end,
    ...flags,
    literal,
    value: Number(literal),
    decimals: dot < 0 ? 0 : literal.length - dot - 1,
    percent,
    scale,
  });
  if (timesNext) {
    push({ kind: "op", op: "*", dash: false, spaceAfter: false, start: end, end: end + 1, space: false, lineStart: false });
    end += 1;
  }
  return end;
}
