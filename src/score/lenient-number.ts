import { magnitudeOf, parseNumberCell, type Magnitude } from "../table/normalize-cell.js";
import { stripWrapping } from "./normalize.js";

/** A number read leniently from an answer. */
export interface LenientNumber {
  /** The number as printed: 45 for `45%`, 1.2 for `1.2 million`, 21 for `twenty-one`. */
  printed: number;
  /** The text carried a `%` (or the word `percent`). */
  percent: boolean;
  /** A magnitude word or letter after the number (`1.2M`, `3 billion`), not applied to `printed`. */
  magnitude?: Magnitude;
}

const SCALE: Record<Magnitude, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** The value with its magnitude applied (`1.2 million` → 1,200,000). */
export function scaledValue(n: LenientNumber): number {
  return n.magnitude === undefined ? n.printed : n.printed * SCALE[n.magnitude];
}

/** Hedges before a number: `approximately 40`, `about 5`, `~12`. */
const HEDGE = /^(?:approximately|approx\.?|about|around|roughly|nearly|almost|circa|~|≈|≃)\s*/i;
/** Currency codes before or after the number. */
const CODE_BEFORE = /^(?:USD|EUR|GBP|JPY|CNY|INR|AUD|CAD)\s+(?=[-+\d.$€£¥])/;
/**
 * A unit word after the number, after a space (`22 minutes`, `40 kWh`, `7 USD`), or a degree sign
 * attached to it (`32.4°C`). `5G` keeps its letter: a label, not a number with a unit.
 */
const UNIT_TAIL = /(?:\s+[\p{L}°]|°)[\p{L}°/().'-]*$/u;
/** Words that join numbers (`20 or 30`, `2 and a half`): a tail holding one is not a unit. */
const CONNECTOR = /^\s*(?:and|or|to|than|plus|minus|times|by)\s*$/i;
const HAS_DIGIT = /\d/;

/**
 * Read an answer as a number, leniently: wrapping quotes, Markdown and trailing punctuation are
 * dropped; a leading hedge (`approximately`, `about`, `~`); currency (`$`, `€`, `£`, `USD`);
 * thousands separators; `%` or `percent`; magnitudes (`1.2M`, `3.4 million`, `250 (thousand)`);
 * up to three unit words after a written number (`22 minutes`); or the whole answer as English
 * number words (`five`, `twenty-one`, `one hundred and five`, `five million`).
 * Returns undefined for anything else (ranges, dates, labels like `65+`, sentences).
 */
export function parseLenientNumber(text: string): LenientNumber | undefined {
  if (text.length > 200) return undefined;
  let s = stripWrapping(text).replace(HEDGE, "").replace(CODE_BEFORE, "");
  s = s.replace(/\s*\b(?:percent|per cent|pct)\b\.?/i, "%");
  s = s.replace(/\(\s*(thousands?|millions?|billions?|trillions?)\s*\)/i, "$1");
  if (s === "") return undefined;
  const words = parseNumberWords(s);
  if (words !== undefined) return words;
  for (let drops = 0; drops <= 3; drops++) {
    if (HAS_DIGIT.test(s)) {
      const n = numberCell(s);
      if (n !== undefined) return n;
    } else {
      return undefined;
    }
    const tail = UNIT_TAIL.exec(s);
    if (tail === null || CONNECTOR.test(tail[0])) return undefined;
    const shorter = s.slice(0, tail.index).trimEnd();
    if (shorter === "") return undefined;
    s = shorter;
  }
  return undefined;
}

function numberCell(s: string): LenientNumber | undefined {
  const v = parseNumberCell(s);
  if (typeof v !== "number") return undefined;
  const percent = /%[\s*†‡§¶⁰¹²³⁴⁵⁶⁷⁸⁹]*$/.test(s);
  const magnitude = percent ? undefined : magnitudeOf(s);
  return magnitude === undefined ? { printed: v, percent } : { printed: v, percent, magnitude };
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALE_WORDS: Record<string, Magnitude> = { thousand: "thousand", million: "million", billion: "billion", trillion: "trillion" };

/**
 * English number words, the whole text: `five`, `twenty-one`, `one hundred and five`,
 * `two thousand three hundred`, `five million` (printed 5, magnitude million), `12 percent` is not
 * words (digits are read by {@link parseLenientNumber}). Undefined unless every word is part of the number.
 */
export function parseNumberWords(text: string): LenientNumber | undefined {
  let t = text.toLowerCase().trim();
  let percent = false;
  if (t.endsWith("%")) {
    percent = true;
    t = t.slice(0, -1).trim();
  }
  const tokens = t.split(/[\s-]+/).filter((w) => w !== "");
  if (tokens.length === 0 || tokens.length > 16) return undefined;
  let sign = 1;
  if (tokens[0] === "minus" || tokens[0] === "negative") {
    sign = -1;
    tokens.shift();
  }
  let i = 0;
  let total = 0;
  let lastScale = Infinity;
  let lastScaleWord: Magnitude | undefined;
  let scales = 0;
  let group = 0;
  let any = false;
  while (i < tokens.length) {
    const start = i;
    group = 0;
    const u = UNITS[tokens[i]!];
    if (u !== undefined && u > 0 && tokens[i + 1] === "hundred") {
      group = u * 100;
      i += 2;
      if (tokens[i] === "and") i++;
    }
    const tens = TENS[tokens[i] ?? ""];
    if (tens !== undefined) {
      group += tens;
      i++;
      const unit = UNITS[tokens[i] ?? ""];
      if (unit !== undefined && unit > 0 && unit < 10) {
        group += unit;
        i++;
      }
    } else {
      const unit = UNITS[tokens[i] ?? ""];
      if (unit !== undefined && (unit > 0 || (start === 0 && tokens.length === 1))) {
        group += unit;
        i++;
      }
    }
    if (i === start) return undefined;
    any = true;
    const scaleWord = SCALE_WORDS[tokens[i] ?? ""];
    if (scaleWord !== undefined) {
      const scale = SCALE[scaleWord];
      if (scale >= lastScale || group === 0) return undefined;
      total += group * scale;
      lastScale = scale;
      lastScaleWord = scaleWord;
      scales++;
      group = 0;
      i++;
      if (tokens[i] === "and") i++;
    } else {
      total += group;
      group = 0;
      if (i < tokens.length) return undefined;
    }
  }
  if (!any) return undefined;
  // "five million" reads as 5 with a magnitude, like "5 million"; "two thousand three hundred" as 2300.
  if (scales === 1 && tokens[tokens.length - 1] === lastScaleWord && lastScaleWord !== undefined) {
    return { printed: (sign * total) / SCALE[lastScaleWord], percent, magnitude: lastScaleWord };
  }
  return { printed: sign * total || 0, percent };
}
