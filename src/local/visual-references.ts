/**
 * Questions about how a chart looks ("the blue bar", "the leftmost bar", "what colour is…"), which
 * a table alone cannot answer, resolved with what the local reader saw: each mark's colour and the
 * order of the categories on the chart. A colour or position is rewritten into the series or
 * category it names (and the question compiled as usual), or, for questions asking for a colour,
 * its meaning or the number of colours, answered by a short snippet that states what was seen.
 */
import type { ChartReading } from "../chart/types.js";
import { baseNamesOf, COLOUR_PHRASE, colourName, parseColourPhrase, pickColour } from "./colour-names.js";

/** What a visual question resolves to. */
export type VisualResolution =
  | { kind: "rewritten"; question: string; notes: string[] }
  /** A snippet answering directly; `wrap` asks for `code` around the compiled `question`'s snippet. */
  | { kind: "direct"; code: string; notes: string[] }
  | { kind: "colour-of-label"; question: string; colours: Record<string, string>; notes: string[] }
  | { kind: "unresolved"; reason: string };

const MARK = "(?:bars?|lines?|graphs?|segments?|portions?|slices?|sections?|areas?|parts?|dots?|points?|colou?rs?|columns?|plots?|regions?|ones?|circles?|pieces?|curves?|data)";
const COLOUR_REF = new RegExp(`\\b(?:the |in |of )?(${COLOUR_PHRASE})(?:[ -]colou?red)?(?: (${MARK}))?\\b`, "gi");
const POSITION_REF =
  /\b(?:the )?(leftmost|left-most|rightmost|right-most|first|last|top|topmost|top-most|uppermost|bottom|bottommost|bottom-most|lowermost|middle|centre|center)(?: most)? (bar|point|value|data point|dot|category|column|segment|one|year)\b/gi;
const MEANING = /\b(?:represent(?:s|ed|ing)?|indicat(?:es?|ed|ing)|denot(?:es?|ed)|stands? for|signif(?:y|ies)|mean(?:s|t)?)\b/i;
const ASKS_COLOUR = /\b(?:what(?:'s| is| are)?(?: the)? colou?rs?|which colou?r|colou?r of|colou?r (?:is|are|does|has|represents))\b/i;
const COUNT_COLOURS = /\bhow many (?:different )?colou?rs\b/i;

/** Who a mark colour stands for: row labels (pies, bars coloured by category) or series names. */
function targets(reading: ChartReading): { names: string[]; colours: string[]; what: "category" | "series" } | null {
  const c = reading.colours;
  if (!c) return null;
  if (c.rows && c.rows.length === reading.rows.length) return { names: reading.rows.map((r) => r[0]!), colours: c.rows, what: "category" };
  if (c.series.length === reading.columns.length - 1) return { names: reading.columns.slice(1), colours: c.series, what: "series" };
  return null;
}

/** Resolve the visual references in `question` against what the chart reader saw. */
export function resolveVisual(question: string, reading: ChartReading): VisualResolution {
  const t = targets(reading);
  const notes: string[] = [];

  if (t && COUNT_COLOURS.test(question)) {
    const distinct = [...new Set(t.colours)];
    const code = `// The chart's marks are drawn in ${distinct.length} colour(s): ${distinct.map((c) => `${colourName(c)} (${c})`).join(", ")}.\nreturn ${distinct.length};`;
    return { kind: "direct", code, notes: [`counted the ${distinct.length} mark colours read from the pixels`] };
  }

  const colourRefs = [...question.matchAll(COLOUR_REF)];
  if (t && colourRefs.length === 1 && MEANING.test(question) && !/\d/.test(question)) {
    const phrase = parseColourPhrase(colourRefs[0]![1]!)!;
    const i = pickColour(phrase, t.colours);
    if (i === null) return { kind: "unresolved", reason: `no single ${t.what} is drawn in ${phrase.text}` };
    const name = t.names[i]!;
    if (/^Series \d+$/.test(name)) return { kind: "unresolved", reason: `the ${phrase.text} marks' series has no name the reader could find` };
    if (/^\s*(?:is|are|does|do)\b/i.test(question)) {
      // "Is the green graph represent Satisfied?": whether the named series is the one drawn in that colour.
      const named = oneNamed(question, t);
      if (typeof named !== "string") return named;
      const code = `// The ${phrase.text} marks (${t.colours[i]}) are the ${t.what} ${JSON.stringify(name)}; the question names ${JSON.stringify(named)}.\nreturn ${named === name};`;
      return { kind: "direct", code, notes: [`"${phrase.text}" is the ${t.what} "${name}" (${t.colours[i]})`] };
    }
    const code = `// The ${phrase.text} marks (${t.colours[i]}) are the ${t.what} ${JSON.stringify(name)}.\nreturn ${JSON.stringify(name)};`;
    return { kind: "direct", code, notes: [`"${phrase.text}" is the ${t.what} "${name}" (${t.colours[i]})`] };
  }

  if (t && /^\s*(?:is|are|does|do)\b/i.test(question) && colourRefs.length === 1 && /\bcolou?r/i.test(question)) {
    // "Is the colour of DK segment gray?": compare the named mark's colour with the phrase.
    const phrase = parseColourPhrase(colourRefs[0]![1]!)!;
    const named = oneNamed(question, t);
    if (typeof named !== "string") return named;
    const hex = t.colours[t.names.indexOf(named)]!;
    const yes = baseNamesOf(hex).includes(phrase.base) && (phrase.shade === null || colourName(hex).startsWith(phrase.shade));
    const code = `// The ${t.what} ${JSON.stringify(named)} is drawn in ${hex} (${colourName(hex)}); the question asks for ${phrase.text}.\nreturn ${yes};`;
    return { kind: "direct", code, notes: [`the colour of "${named}" read from the pixels`] };
  }

  if (t && ASKS_COLOUR.test(question)) {
    const colours: Record<string, string> = {};
    t.names.forEach((n, i) => (colours[n] = colourName(t.colours[i]!)));
    const named = t.names.filter((n) => mentions(question, n));
    if (named.length === 1) {
      const n = named[0]!;
      const code = `// The ${t.what} ${JSON.stringify(n)} is drawn in ${t.colours[t.names.indexOf(n)]}.\nreturn ${JSON.stringify(colours[n])};`;
      return { kind: "direct", code, notes: [`the colour of "${n}" read from the pixels`] };
    }
    // "Which colour has the highest value?": the category or series first, then its colour.
    const asLabel = question.replace(ASKS_COLOUR, (m) => (/^which/i.test(m) ? `which ${t.what}` : m)).replace(/\bcolou?r(?:ed)?\b/gi, t.what);
    return { kind: "colour-of-label", question: asLabel, colours, notes: [`answered with the colour of the ${t.what} found`] };
  }

  let rewritten = question;
  if (colourRefs.length > 0) {
    if (!t) return { kind: "unresolved", reason: "the chart reader recorded no mark colours" };
    for (const m of colourRefs) {
      const phrase = parseColourPhrase(m[1]!)!;
      const i = pickColour(phrase, t.colours);
      if (i === null) return { kind: "unresolved", reason: `no single ${t.what} is drawn in ${phrase.text}` };
      rewritten = rewritten.replace(m[0], ` ${t.names[i]}`);
      notes.push(`the question's "${m[0].trim()}" read as the ${t.what} "${t.names[i]}" (${t.colours[i]}, ${colourName(t.colours[i]!)})`);
    }
  }
  for (const m of [...rewritten.matchAll(POSITION_REF)]) {
    const row = positionRow(m[1]!.toLowerCase().replace(/-/g, ""), reading);
    if (row === null) return { kind: "unresolved", reason: `"${m[0].trim()}" does not name one category of a ${reading.kind} chart` };
    const label = reading.rows[row]![0]!;
    rewritten = rewritten.replace(m[0], label);
    notes.push(`the question's "${m[0].trim()}" read as the category "${label}" (position ${row + 1} of ${reading.rows.length})`);
  }
  if (rewritten === question) return { kind: "unresolved", reason: "no colour or position of a mark was recognised" };
  return { kind: "rewritten", question: rewritten.replace(/\s+/g, " ").trim(), notes };
}

/** The one category or series the question names, or why there is not exactly one. */
function oneNamed(question: string, t: NonNullable<ReturnType<typeof targets>>): string | VisualResolution {
  const named = t.names.filter((n) => mentions(question, n));
  return named.length === 1 ? named[0]! : { kind: "unresolved", reason: `the question names ${named.length} ${t.what} where one is expected` };
}

/** The row a position word names, in chart order (left to right; top to bottom for horizontal bars). */
function positionRow(word: string, reading: ChartReading): number | null {
  const n = reading.rows.length;
  if (n === 0) return null;
  const horizontal = reading.kind.startsWith("hbar");
  if (reading.kind === "pie") return word === "first" ? 0 : word === "last" ? n - 1 : null;
  if (word === "middle" || word === "centre" || word === "center") return n % 2 === 1 ? (n - 1) / 2 : null;
  const first = ["first", horizontal ? "top" : "leftmost", horizontal ? "topmost" : "left", horizontal ? "uppermost" : ""].filter(Boolean);
  const last = ["last", horizontal ? "bottom" : "rightmost", horizontal ? "bottommost" : "", horizontal ? "lowermost" : ""].filter(Boolean);
  if (first.includes(word)) return 0;
  if (last.includes(word)) return n - 1;
  return null;
}

function mentions(question: string, name: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  const n = norm(name);
  return n.length > 0 && ` ${norm(question)} `.includes(` ${n} `);
}
