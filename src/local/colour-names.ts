/**
 * Colour words in questions ("the dark blue bar") and the colours of marks read from pixels: a
 * colour's basic name, and which of a chart's mark colours a colour phrase names.
 */

/** Basic colour names a question may use (British and American spellings, common synonyms). */
const BASE_WORDS: Record<string, string> = {
  red: "red",
  orange: "orange",
  yellow: "yellow",
  gold: "yellow",
  golden: "yellow",
  green: "green",
  olive: "green",
  teal: "teal",
  turquoise: "teal",
  cyan: "teal",
  blue: "blue",
  navy: "blue",
  purple: "purple",
  violet: "purple",
  magenta: "pink",
  pink: "pink",
  brown: "brown",
  maroon: "red",
  grey: "grey",
  gray: "grey",
  silver: "grey",
  black: "black",
  white: "white",
  beige: "brown",
};

/** Words that make a colour lighter or darker. */
const LIGHTER = new Set(["light", "lighter", "lightest", "pale", "sky", "bright"]);
const DARKER = new Set(["dark", "darker", "darkest", "deep", "navy", "maroon"]);

/** A colour phrase read from a question. */
export interface ColourPhrase {
  base: string;
  shade: "light" | "dark" | null;
  /** The words as written. */
  text: string;
}

/** Regex source of a colour phrase: an optional shade word, then a colour word. */
export const COLOUR_PHRASE = `(?:(?:${[...LIGHTER, ...DARKER].join("|")})[ -])?(?:${Object.keys(BASE_WORDS).join("|")})`;

/** Parse a phrase matched by {@link COLOUR_PHRASE}. */
export function parseColourPhrase(text: string): ColourPhrase | null {
  const words = text.toLowerCase().split(/[ -]+/);
  const baseWord = words[words.length - 1]!;
  const base = BASE_WORDS[baseWord];
  if (base === undefined) return null;
  const mods = words.slice(0, -1);
  const shade = mods.some((w) => DARKER.has(w)) || baseWord === "navy" || baseWord === "maroon" ? "dark" : mods.some((w) => LIGHTER.has(w)) ? "light" : null;
  return { base, shade, text };
}

interface Hsl {
  h: number;
  s: number;
  l: number;
}

function hsl(hex: string): Hsl {
  const v = parseInt(hex.slice(1), 16);
  const r = ((v >> 16) & 255) / 255;
  const g = ((v >> 8) & 255) / 255;
  const b = (v & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (h * 60 + 360) % 360;
  return { h, s, l };
}

/** The basic names a colour answers to (a teal answers to teal, blue and green). */
export function baseNamesOf(hex: string): string[] {
  const { h, s, l } = hsl(hex);
  if (l < 0.12) return ["black"];
  if (l > 0.95) return ["white"];
  if (s < 0.15 || (s < 0.25 && l > 0.75)) return l < 0.25 ? ["black", "grey"] : ["grey"];
  // Slate: a bluish or greenish grey that questions call grey.
  if (s < 0.2 && l < 0.6) return ["grey", ...hueNames(h)];
  if (h < 45 && h >= 10 && l < 0.33) return ["brown", "orange", "red"];
  // Published palettes' brick reds, burnt oranges, mustards and olives answer to both neighbours.
  if (h < 10 || h >= 345) return ["red"];
  // ChartQA's own answers call one brick red (#b13608) "red" on one chart and "orange" on another.
  if (h < 20) return l < 0.5 ? ["orange", "red", "brown"] : ["orange", "red"];
  if (h < 40) return l < 0.5 ? ["orange", "brown"] : ["orange"];
  if (h < 48) return ["yellow", "orange"];
  if (h < 58) return ["yellow"];
  if (h < 75) return s < 0.5 ? ["green", "yellow"] : ["yellow", "green"];
  if (h < 165) return ["green"];
  if (h < 195) return ["teal", "blue", "green"];
  if (h < 260) return ["blue"];
  if (h < 290) return ["purple"];
  return ["pink", "purple"];
}

function hueNames(h: number): string[] {
  if (h < 20 || h >= 345) return ["red"];
  if (h < 48) return ["orange"];
  if (h < 75) return ["yellow"];
  if (h < 165) return ["green"];
  if (h < 260) return ["blue"];
  return ["purple"];
}

/** The name a colour is most plainly called: "dark blue", "light green", "grey". */
export function colourName(hex: string): string {
  const base = baseNamesOf(hex)[0]!;
  const { l } = hsl(hex);
  if (base === "black" || base === "white") return base;
  if (l < 0.3) return `dark ${base}`;
  if (l > 0.68) return `light ${base}`;
  return base;
}

/**
 * Which of `colours` (hex) the phrase names: the only colour of that name; among several, the
 * darkest for "dark", the lightest for "light", and for a bare name the one not noticeably
 * darker or lighter than the rest. `null` when none or no single one fits.
 */
export function pickColour(phrase: ColourPhrase, colours: readonly string[]): number | null {
  const candidates = colours.map((c, i) => ({ i, l: hsl(c).l, names: baseNamesOf(c) })).filter((c) => c.names.includes(phrase.base));
  if (candidates.length === 0) return null;
  // A colour's own name ranks before names it only answers to (teal before blue).
  const primary = candidates.filter((c) => c.names[0] === phrase.base);
  const pool = primary.length > 0 ? primary : candidates;
  if (pool.length === 1) return pool[0]!.i;
  const sorted = [...pool].sort((a, b) => a.l - b.l);
  const gap = (a: { l: number }, b: { l: number }) => Math.abs(a.l - b.l) >= 0.08;
  if (phrase.shade === "dark") return gap(sorted[0]!, sorted[1]!) ? sorted[0]!.i : null;
  if (phrase.shade === "light") return gap(sorted[sorted.length - 1]!, sorted[sorted.length - 2]!) ? sorted[sorted.length - 1]!.i : null;
  // A bare name: the one plainly called so ("blue" beside "dark blue", or beside "light blue").
  const plain = pool.filter((c) => colourName(colours[c.i]!) === phrase.base);
  if (plain.length === 1) return plain[0]!.i;
  if (pool.length === 2 && gap(sorted[0]!, sorted[1]!)) {
    if (sorted[0]!.l < 0.3) return sorted[1]!.i;
    if (sorted[1]!.l > 0.68) return sorted[0]!.i;
  }
  return null;
}
