import { stem, STOP_WORDS, tokenize } from "./text.js";

/**
 * The spellings a table name may take in a question: its own words, without a parenthetical or
 * footnote, either side of a colon, and the usual abbreviations ("U.S." / "United States").
 * Each alias is a list of matching keys with stop words removed.
 */
export function aliasesOf(name: string): string[][] {
  const out: string[][] = [];
  const add = (text: string) => {
    const keys = contentKeys(text);
    if (keys.length === 0) return;
    for (const k of expandAbbreviations(keys)) {
      if (!out.some((a) => a.join(" ") === k.join(" "))) out.push(k);
    }
  };
  add(name);
  const demonym = DEMONYMS[contentKeys(name).join(" ")];
  if (demonym !== undefined) out.push([demonym]);
  const synonym = SYNONYMS[contentKeys(name).join(" ")];
  if (synonym !== undefined) for (const s of synonym) out.push([s]);
  const noParens = name.replace(/\([^)]*\)|\[[^\]]*\]/g, " ");
  add(noParens);
  if (name.includes(":")) for (const part of name.split(":")) add(part);
  // "Generally produces accurate conclusions (e.g., ...)" and "Cooking (e.g., MasterChef, ...)"
  const eg = /^(.*?)\s*[,(]\s*e\.g\./i.exec(name);
  if (eg) add(eg[1]!);
  // "Small dwelling buildings, owner-occupied" is asked about as "owner-occupied small dwelling buildings"
  const parts = noParens.split(/,(?!\d{3})/).map((p) => p.trim());
  if (parts.length === 2 && parts.every((p) => /[a-z]{3}/i.test(p))) add(`${parts[1]} ${parts[0]}`);
  // "Indian Hotels (IHCL)": the acronym in brackets is a name of its own
  // (not a place: "(USA)" is shared by many names and asked about as a place)
  for (const m of name.matchAll(/\(([A-Z][A-Z&]{2,6})\)/g)) {
    if (!ABBREVIATIONS.some(([short]) => short === m[1]!.toLowerCase())) add(m[1]!);
  }
  return out;
}

/**
 * A name whose words were run together ("LafargeHolcim", "NorthMacedonia"), with the words apart;
 * null when there is nothing to split. Only the whole name or its surname should match this
 * spelling: "Whats App" must not be found in "what app".
 */
export function unglued(name: string): string[] | null {
  const noParens = name.replace(/\([^)]*\)|\[[^\]]*\]/g, " ");
  if (!/\p{Ll}\p{Lu}/u.test(noParens)) return null;
  const keys = contentKeys(noParens.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2"));
  // every part a word as written ("Whats" is no word of its own: "what app" is not "WhatsApp")
  const words = tokenize(noParens.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")).map((t) => t.text);
  if (words.some((w) => stem(w) !== w && !/\d/.test(w))) return null;
  return keys.length > 0 ? keys : null;
}

/** Country → adjective ("Spain" is named "the Spanish shores"). Keys are matching keys. */
const DEMONYMS: Record<string, string> = {
  spain: "spanish", italy: "italian", france: "french", germany: "german", china: "chinese", japan: "japanese",
  india: "indian", russia: "russian", canada: "canadian", mexico: "mexican", brazil: "brazilian",
  australia: "australian", "south korea": "korean", korea: "korean", "united kingdom": "british", uk: "british",
  "united state": "american", us: "american", usa: "american", sweden: "swedish", norway: "norwegian",
  denmark: "danish", finland: "finnish", poland: "polish", netherland: "dutch", greece: "greek", turkey: "turkish",
  portugal: "portuguese", ireland: "irish", switzerland: "swiss", austria: "austrian", belgium: "belgian",
  egypt: "egyptian", israel: "israeli", iran: "iranian", iraq: "iraqi", pakistan: "pakistani", nigeria: "nigerian",
  kenya: "kenyan", argentina: "argentinian", chile: "chilean", colombia: "colombian", peru: "peruvian",
  "new zealand": "new zealander", vietnam: "vietnamese", thailand: "thai", indonesia: "indonesian",
  philippine: "filipino", malaysia: "malaysian", singapore: "singaporean", ukraine: "ukrainian", hungary: "hungarian",
  "czech republic": "czech", czechia: "czech", romania: "romanian", malta: "maltese", cyprus: "cypriot",
  europe: "european", asia: "asian", africa: "african",
};

/** One-word names with a common other spelling ("Male" is asked about as "men"). Keys are matching keys. */
const SYNONYMS: Record<string, string[]> = {
  male: ["man", "boy", "males"],
  female: ["woman", "girl", "females"],
  man: ["male"],
  woman: ["female"],
  boy: ["male"],
  girl: ["female"],
};

/** Matching keys of a text without stop words. */
export function contentKeys(text: string): string[] {
  return tokenize(text)
    .filter((t) => !STOP_WORDS.has(t.text))
    .map((t) => t.key);
}

const ABBREVIATIONS: Array<[string, string]> = [
  ["us", "united state"],
  ["usa", "united state"],
  ["us", "usa"],
  ["uk", "united kingdom"],
  ["uk", "great britain"],
  ["uk", "britain"],
  ["eu", "european union"],
  ["uae", "united arab emirate"],
  ["ussr", "soviet union"],
  ["nz", "new zealand"],
  ["rep", "republican"],
  ["dem", "democrat"],
  ["govt", "government"],
  ["intl", "international"],
  ["ad", "advertising"],
  ["ads", "advertising"],
];

/** Add spellings with each known abbreviation expanded or contracted. */
function expandAbbreviations(keys: string[]): string[][] {
  const text = ` ${keys.join(" ")} `;
  const out = [keys];
  for (const [short, long] of ABBREVIATIONS) {
    for (const [from, to] of [[short, long], [long, short]] as const) {
      if (text.includes(` ${from} `)) {
        const replaced = text.replace(` ${from} `, ` ${to} `).trim().split(" ");
        out.push(replaced);
      }
    }
  }
  return out;
}

/**
 * Words too common in chart titles, headers and questions to identify a name on their own: a
 * question word matching one of these is not, by itself, a mention of a longer name.
 */
export const GENERIC_WORDS = new Set([
  "share", "number", "value", "rate", "percentage", "percent", "total", "respondent", "person", "population",
  "year", "amount", "million", "billion", "thousand", "trillion", "dollar", "euro", "us", "u", "s", "index",
  "score", "other", "all", "age", "aged", "group", "level", "data", "chart", "graph", "bar", "line", "point",
  "country", "region", "state", "world", "global", "average", "mean", "median", "highest", "lowest", "high",
  "low", "largest", "smallest", "most", "least", "more", "less", "sum", "difference", "ratio", "count",
  "new", "old", "per", "capita", "gdp", "unit", "metric", "ton", "tonne", "kilogram", "gram", "kg", "km",
  "sale", "revenue", "market", "price", "cost", "growth", "change", "increase", "decrease", "not", "no",
  "yes", "very", "much", "many", "some", "any", "none", "only", "each", "both", "one", "time", "times",
  "first", "second", "third", "last", "top", "bottom", "left", "right", "upper", "lower", "middle", "about",
  "adult", "people", "american", "household", "company", "business", "industry", "service", "product",
  "based", "including", "e", "g", "eg", "etc", "like", "how", "when", "where", "why", "say",
  "said", "think", "expected", "forecast", "estimated", "projected", "2", "1", "0", "3", "4", "5",
  "dont", "don't", "know", "refused", "n", "others", "somewhat", "well", "good", "bad",
]);
