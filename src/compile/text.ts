/**
 * Text normalisation shared by question parsing and name matching: one tokenizer for questions,
 * table labels and column headers, so that "U.S." and "US", "Mar 2021" and "March 2021",
 * "2019/2020" and "2019/20*", "1,000" and "1000" come out as the same tokens.
 */

/** One token of a normalised text. `key` is the form used for matching (stemmed, canonical). */
export interface Token {
  /** Lower-cased surface form (numbers canonicalised, see {@link canonicalNumber}). */
  text: string;
  /** Matching key: plural-stemmed word, canonical month, canonical number or season. */
  key: string;
  kind: "word" | "number";
  /** Character offsets in the normalised source string. */
  start: number;
  end: number;
}

const MONTHS: Record<string, string> = {
  january: "jan", jan: "jan", february: "feb", feb: "feb", march: "mar", mar: "mar", april: "apr", apr: "apr",
  may: "may", june: "jun", jun: "jun", july: "jul", jul: "jul", august: "aug", aug: "aug",
  september: "sep", sept: "sep", sep: "sep", october: "oct", oct: "oct", november: "nov", nov: "nov",
  december: "dec", dec: "dec",
};

/** Month index (1–12) of a canonical month key, for ordering time labels. */
export const MONTH_INDEX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const IRREGULAR: Record<string, string> = {
  men: "man", women: "woman", children: "child", people: "person", persons: "person", mice: "mouse",
  feet: "foot", teeth: "tooth", geese: "goose", data: "data", news: "news", series: "series",
  species: "species", analyses: "analysis", crises: "crisis", indices: "index", us: "us", yes: "yes",
  bus: "bus", gas: "gas", this: "this", has: "has", was: "was", is: "is", its: "its", less: "less",
  plus: "plus", status: "status", virus: "virus", campus: "campus", bonus: "bonus", census: "census",
  focus: "focus", basis: "basis", thesis: "thesis", diabetes: "diabetes", politics: "politics",
  economics: "economics", mathematics: "mathematics", physics: "physics", always: "always",
  various: "various", previous: "previous", serious: "serious", famous: "famous", nervous: "nervous",
  religious: "religious", numerous: "numerous", dangerous: "dangerous", obvious: "obvious",
  across: "across", thus: "thus", towards: "toward", afterwards: "afterward", sometimes: "sometimes",
};

/** Plural-insensitive stem of a lower-case word ("countries" → "country", "boxes" → "box"). */
export function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
  if (/(?:ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) return word;
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

/** "1,204.50" → "1204.5"; "07" stays "07" only inside seasons (see {@link tokenize}). */
export function canonicalNumber(text: string): string {
  const plain = text.replace(/,(?=\d{3}\b)/g, "");
  const n = Number(plain);
  return Number.isFinite(n) ? String(n) : plain;
}

/**
 * "2019/2020", "2019/20" and "19/20" → "2019/20" (a season: the second year follows the first);
 * other slashes stay as written.
 */
function canonicalSeason(a: string, b: string): string {
  if (a.length === 4 && b.length === 4 && Number(b) === Number(a) + 1) return `${a}/${b.slice(2)}`;
  if (a.length === 2 && b.length === 2 && Number(b) === (Number(a) + 1) % 100) return `${Number(a) >= 50 ? "19" : "20"}${a}/${b}`;
  return `${a}/${b}`;
}

const QUARTER_WORDS: Record<string, string> = {
  first: "1", "1st": "1", one: "1", second: "2", "2nd": "2", two: "2", third: "3", "3rd": "3", three: "3", fourth: "4", "4th": "4", four: "4",
};

/**
 * Quarters written out, as charts label them: "the first quarter of 2021" and "quarter four of
 * 2021" → "q1 2021"; "Q32014" → "q3 2014".
 */
function foldQuarters(text: string): string {
  return text
    .replace(/\b(first|1st|second|2nd|third|3rd|fourth|4th) quarter(?: of)?(?: the year)?(?: (?:fy ?)?(?=\d{4}\b|'\d{2}\b))/g, (_, w: string) => `q${QUARTER_WORDS[w]} `)
    .replace(/\bquarter (one|two|three|four|[1-4])(?: of)?(?: (?:fy ?)?(?=\d{4}\b|'\d{2}\b))/g, (_, w: string) => `q${QUARTER_WORDS[w] ?? w} `)
    .replace(/\bq([1-4])((?:19|20)\d{2})\b/g, "q$1 $2");
}

/** Lower-case, fold typographic quotes/dashes, drop footnote marks and diacritics, spell quarters as charts do. */
export function foldText(text: string): string {
  const folded = text
    .replace(/[\u00b4\u02bc\u02b9]/g, "'")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u201a\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    // an abbreviated year whose apostrophe was read as a star or a quote: "*19", '"18'
    .replace(/^\s*[*"](\d{2})\s*$/, "'$1")
    // a quarter or half-year whose year's apostrophe was read as a quote or lost: Q2"19, Q218 → q2 '19
    .replace(/\b([qh])([1-4])\s*["'*°]?\s*(\d{2})(?!\d)/gi, (_, l: string, n: string, y: string) => `${l}${n} '${y}`)
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[*†‡§¶]+/g, " ")
    .replace(/\ufffd/g, " ")
    .toLowerCase();
  return foldQuarters(folded);
}

// Numbers (with thousands separators and decimals), seasons like 2019/20, abbreviated years like '20,
// dotted abbreviations like u.s. or e.g., and plain words.
const TOKEN_RE = /\b(\d+(?:st|nd|rd|th)\b|[a-z]+-\d+\b)|'(\d{2})\b|(\d+(?:,\d{3}(?!\d))*(?:\.\d+)?|\.\d+)(?:\/(\d{2,4}))?|((?:[a-z]\.){2,})|([a-z0-9]+(?:'[a-z]+)?)/g;

/** Split normalised text into tokens (see {@link Token}). */
export function tokenize(text: string): Token[] {
  const folded = foldText(text);
  const out: Token[] = [];
  for (const m of folded.matchAll(TOKEN_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (m[1] !== undefined) {
      out.push({ text: m[1], key: m[1], kind: "word", start, end });
    } else if (m[2] !== undefined) {
      // '20 → 2020 (charts abbreviate recent years this way)
      const year = String(2000 + Number(m[2]) > 2035 ? 1900 + Number(m[2]) : 2000 + Number(m[2]));
      out.push({ text: year, key: year, kind: "number", start, end });
    } else if (m[3] !== undefined) {
      if (m[4] !== undefined && /^\d+$/.test(m[3])) {
        const key = canonicalSeason(m[3], m[4]);
        out.push({ text: key, key, kind: "number", start, end });
      } else {
        const key = canonicalNumber(m[3]);
        out.push({ text: key, key, kind: "number", start, end });
        if (m[4] !== undefined) out.push({ text: m[4], key: canonicalNumber(m[4]), kind: "number", start, end });
      }
    } else if (m[5] !== undefined) {
      const word = m[5].replace(/\./g, "");
      out.push({ text: word, key: word, kind: "word", start, end });
    } else {
      let word = m[6]!;
      // possessives and contractions: "men's" → "men", "don't" stays whole
      if (/'s$/.test(word)) word = word.slice(0, -2);
      else if (/s'$/.test(word)) word = word.slice(0, -1);
      const month = MONTHS[word];
      out.push({ text: word, key: month ?? stem(word), kind: "word", start, end });
    }
  }
  return out;
}

/** Words that carry no meaning for matching names ("the share of the population" ~ "population share"). */
export const STOP_WORDS = new Set([
  "the", "a", "an", "of", "in", "on", "for", "to", "and", "by", "at", "with", "from", "as", "per", "or",
  "that", "this", "these", "those", "its", "it", "their", "there", "into", "than", "vs", "versus", "&",
  "between", "among",
]);

/** Word numbers that appear in chart questions ("seven percent", "the three highest"). */
export const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, hundred: 100,
};

/** Ordinals for ranking ("second highest", "3rd largest"). */
export const ORDINALS: Record<string, number> = {
  first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, fifth: 5, "5th": 5,
  sixth: 6, "6th": 6, seventh: 7, "7th": 7, eighth: 8, "8th": 8, ninth: 9, "9th": 9, tenth: 10, "10th": 10,
};
