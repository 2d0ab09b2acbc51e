import type { TableView } from "./table-view.js";
import { stem } from "./text.js";

/**
 * Nouns that name what a chart's categories are (countries, years, companies, …): "what country …",
 * "the second largest company" ask for a category, not a number.
 */
const ENTITY_NOUNS = new Set(
  (
    "year month day week quarter season period decade time date country nation state city region province territory " +
    "continent county district area location place destination company brand team club player carrier airline platform " +
    "cause field category group sector segment option response answer game product app channel party " +
    "magazine retailer animal subject genre movie film show format type source method market name industry " +
    "organization organisation manufacturer university school port generation race ethnicity gender occupation " +
    "profession job store website site network operator provider bank mode vehicle model device console language " +
    "religion sport league event tournament artist author singer celebrity candidate politician president leader " +
    "drug disease crop food commodity item activity reason issue factor problem concern topic service feature " +
    "program programme book song album stadium airport hotel restaurant chain publisher studio shop car label " +
    "opinion age range social media outlet newspaper technology system airline operator producer exporter importer " +
    "partner supplier vendor investor owner holder sponsor station character series tv channel console tool platform " +
    "competitor rival sitcom domain studio " +
    "entity characteristic country/region"
  )
    .split(" ")
    .map(stem),
);

/** Is this word a noun for a category (or the table's category header, like "Country")? */
export function isEntityNoun(word: string, view: TableView): boolean {
  const s = stem(word);
  if (ENTITY_NOUNS.has(s)) return true;
  const header = view.labelCol.toLowerCase().split(/\W+/).filter((w) => w.length > 2).map(stem);
  return header.includes(s) && !["characteristic", "entity", "value"].includes(s);
}

const TIME_TARGET = /\b(?:in|for|during|since|by|on|at|from|of)? ?(?:what|which) (?:(?:academic|fiscal|financial|school|calendar|marketing|crop|sales|tax|model) )?(?:year|month|season|period|quarter|decade|date|day)s?\b/;

/**
 * Does the question ask for a category (a label: a country, a year) or for a number? `time` when the
 * asked category is a point in time ("when", "in what year").
 */
export function answerKind(t: string, view: TableView): "label" | "time" | "value" {
  if (/^(?:in |for )?how (?:many|much)\b/.test(t) && !TIME_TARGET.test(t)) return "value";
  if (/^when\b/.test(t) || TIME_TARGET.test(t)) return "time";
  if (/^(?:what|which) (?:is|was) the name\b/.test(t)) return "label";
  if (/\bwhich (?:value|number|figure)\b/.test(t)) return "value";
  if (/^(?:which|what) (?:is|was) (?:the )?(?:\S+ ){0,3}(?:value|number|figure|amount|percentage|share|data)\b/.test(t) && !/\b(?:represent|represents|indicate|indicates)\b/.test(t)) {
    return "value";
  }
  if (/^(?:which|who|whom|whose|where)\b/.test(t)) return "label";
  // "Find the category whose value is 82 and 15", "identify the country where …"
  const find = /^(?:find|identify|name|give|tell)(?: me)?(?: out)? (?:the |which |what )?(\S+)/.exec(t);
  if (find && isEntityNoun(find[1]!, view)) return "label";
  // "In what state were 40 percent …", "from what continent …"
  const inWhat = /^(?:in|for|at|from|of|by|to|on|with) what (\S+)(?: (\S+))?/.exec(t);
  if (inWhat && [inWhat[1], inWhat[2]].some((w) => w !== undefined && !/^@/.test(w) && isEntityNoun(w, view))) return "label";
  // "Among all three bars which bar is at the peak", "In brazil which share is high"
  if (!/^(?:what|how|is|are|was|were|do|does|did|can|could)\b/.test(t) && /\b(?:which|who)\b/.test(t)) return "label";
  if (/\b(?:represent|represents|represented|stands? for|indicates?|denotes?)\b/.test(t)) return "label";
  // "the most popular eyewear", "the least popular game"
  if (/^what (?:is|was|are|were) the (?:most|least) (?:popular|common|favou?rite|preferred|used|visited|watched|played|liked)\b(?! (?:percentage|share|value|number|amount)\b)/.test(t)) {
    return "label";
  }
  const what = /^what (.*)$/.exec(t);
  if (what) {
    const ws = what[1]!.split(" ");
    // "what country …", "what instant messaging app …": a category noun before the verb
    for (let i = 0; i < Math.min(ws.length, 4); i++) {
      const w = ws[i]!;
      if (/^(?:is|was|are|were|had|has|did|does|do|will|would|can|could|accounted|made|received|generated|registered|sold|had)$/.test(w)) break;
      if (isEntityNoun(w, view)) return "label";
    }
    // "what was the (second) largest copper mining company …"
    const sup = /^(?:is|was|are|were) (?:the|@m\d+|[a-z]+) (?:name of the )?(?:\S+ )?(?:most |least )?(?:highest|largest|biggest|greatest|lowest|smallest|leading|top|main|record|most|least|popular|common|valuable|important|effective|tiniest)\b(.*)$/.exec(what[1]!);
    if (sup) {
      const after = sup[1]!.trim().split(" ");
      for (let i = 0; i < Math.min(after.length, 4); i++) {
        const w = after[i]!;
        if (/^(?:in|of|for|on|at|by|with|among|from|to|that|which|who|between|@\S+)$/.test(w)) break;
        if (isEntityNoun(w, view)) return "label";
      }
    }
    if (/^(?:is|was|are|were) the (?:\S+ ){1,4}with the\b/.test(what[1]!) && /^(?:is|was) the (\S+ ){0,3}(?:\S+)/.test(what[1]!)) {
      const head = /^(?:is|was|are|were) the ((?:\S+ ){1,4})with the\b/.exec(what[1]!)![1]!.trim().split(" ");
      if (head.some((w) => isEntityNoun(w, view))) return "label";
    }
  }
  return "value";
}

const TIME_NOUN = /^(?:year|month|day|week|quarter|season|period|decade|time|date|point)$/;

/**
 * The category noun a "which …" question asks for ("which country", "which of the following
 * countries", "what age group"), stemmed; undefined when it names none.
 */
export function askedNoun(t: string, view: TableView): string | undefined {
  const m =
    /^(?:(?:in|for|among|of|from|at) )?(?:which|what)(?: (?:one )?of (?:the|these|those)(?: (?:following|follow|given|listed|shown|two|three|four|five|@n\d+))*)? (\S+)(?: (\S+))?/.exec(t) ??
    /\b(?:which|what) (\S+)(?: (\S+))?/.exec(t);
  if (!m) return undefined;
  for (const w of [m[1], m[2]]) if (w !== undefined && !/^@/.test(w) && isEntityNoun(w, view)) return stem(w);
  return undefined;
}

/**
 * Does the question ask for a series rather than a category: the categories are points in time and
 * the asked noun is not ("which country has the highest X over the years" on rows of years with a
 * series per country)?
 */
export function seriesAsked(t: string, view: TableView): boolean {
  if (view.time === null) return false;
  const noun = askedNoun(t, view);
  return noun !== undefined && !TIME_NOUN.test(noun);
}
