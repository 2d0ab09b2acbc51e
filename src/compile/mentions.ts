import { aliasesOf, GENERIC_WORDS, unglued } from "./names.js";
import { withOcrSpacing } from "./ocr-spacing.js";
import { labelText, type TableView } from "./table-view.js";
import { foldText, NUMBER_WORDS, STOP_WORDS, tokenize, type Token } from "./text.js";

/** A place where the question names a row (category) or a column (series) of the table. */
export interface Mention {
  /** Token range in the question, `[start, end)`. */
  start: number;
  end: number;
  /** Candidate rows (indices into the table) and columns; more than one candidate means ambiguous. */
  rows: number[];
  cols: string[];
  /** Every word of the name was matched (not just a distinctive part, like "Western" for "Western Europe"). */
  exact: boolean;
  /** The matched question text. */
  text: string;
  /** When the matched words are one number (a label like 2019 or 50), that number. */
  number?: number;
}

/** A number written in the question that names nothing in the table. */
export interface NumberRef {
  value: number;
  /** Followed by "%", "percent" or "percentage points". */
  percent: boolean;
  text: string;
}

/** The question with table names and numbers replaced by placeholders (`@m0`, `@n0`). */
export interface Skeleton {
  /** Lower-case words, `,` kept, names as `@mK`, numbers as `@nK`. */
  text: string;
  mentions: Mention[];
  numbers: NumberRef[];
}

interface Match {
  start: number;
  end: number;
  score: number;
  exact: boolean;
  row?: number;
  col?: string;
}

/** Find the table's names and the question's numbers and build the question's {@link Skeleton}. */
export function skeletonOf(question: string, view: TableView): Skeleton {
  const folded = foldText(question);
  const tokens = tokenize(question);
  const mentions = findMentions(tokens, view, question);
  const numbers: NumberRef[] = [];
  const parts: string[] = [];
  let prevEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/,/.test(folded.slice(prevEnd, t.start)) && parts.length > 0) parts.push(",");
    const m = mentions.findIndex((x) => x.start === i);
    if (m >= 0) {
      parts.push(`@m${m}`);
      i = mentions[m]!.end - 1;
      prevEnd = tokens[i]!.end;
      continue;
    }
    prevEnd = t.end;
    const after = folded.slice(t.end, t.end + 12);
    const next = tokens[i + 1]?.text;
    const percent = /^\s*%/.test(after) || next === "percent" || next === "percentage" || next === "pp";
    if (t.kind === "number" && /^-?\d*\.?\d+$/.test(t.key)) {
      numbers.push({ value: Number(t.key), percent, text: t.text });
      parts.push(`@n${numbers.length - 1}`);
    } else if (t.kind === "word" && NUMBER_WORDS[t.text] !== undefined && t.text !== "one") {
      numbers.push({ value: NUMBER_WORDS[t.text]!, percent, text: t.text });
      parts.push(`@n${numbers.length - 1}`);
    } else {
      parts.push(t.text);
    }
  }
  return { text: parts.join(" "), mentions, numbers };
}

/**
 * Match every row label and series header against the question's words. With the question's own
 * text, a surname names a person ("Mbappe" for "Kylian Mbappe") when both are capitalised.
 */
export function findMentions(tokens: Token[], view: TableView, question?: string): Mention[] {
  const content: number[] = [];
  tokens.forEach((t, i) => {
    if (!STOP_WORDS.has(t.text)) content.push(i);
  });
  const keys = content.map((i) => tokens[i]!.key);
  const matches: Match[] = [];
  const candidates: Array<{ row?: number; col?: string; name: string }> = [
    ...view.labels.map((l, row) => ({ row, name: labelText(l) })),
    ...view.valueCols.map((col) => ({ col, name: col })),
  ];
  const allAliases = candidates.map((c) => aliasesOf(c.name));
  candidates.forEach((cand, ci) => {
    const aliases = withOcrSpacing(allAliases[ci]!, tokens);
    const glued = unglued(cand.name);
    if (glued !== null) aliases.push(glued);
    const fullLength = Math.max(...aliases.map((a) => a.length), 0);
    for (const alias of aliases) {
      for (const run of commonRuns(alias, keys)) {
        const exact = run.length === alias.length;
        if (!exact) {
          // A part of a name counts only when it identifies the name: "Western" for "Western Europe"
          // (its first word, half of it), or two or more of its words; never "share" or "other".
          const words = alias.slice(run.aliasAt, run.aliasAt + run.length);
          if (!distinctive(words)) continue;
          const share = run.length / alias.length;
          // "2017" for "Jan '17", "2015/16" for "NBA (2015/16)"; not one year of a label listing many
          const year = run.length === 1 && /^\d{4}(?:\/\d{2})?$/.test(words[0]!) && alias.filter((w) => /^\d{4}/.test(w)).length === 1;
          const surname = share >= 0.5 && run.aliasAt + run.length === alias.length && question !== undefined && isSurname(words[0]!, cand.name, question);
          if (!(share > 0.5 || run.length >= 3 || (run.aliasAt === 0 && share >= 0.5) || year || surname)) continue;
          if (alias === glued && !surname) continue;
          // ...and only when no other name of the same kind contains those words too
          const shared = candidates.some((other, oi) => oi !== ci && (other.row === undefined) === (cand.row === undefined) && allAliases[oi]!.some((a) => containsRun(a, words)));
          if (shared) continue;
        }
        // Full names score above any part of a name; longer matches above shorter ones; loose word
        // matches ("immediate" for "Immediately") below exact ones.
        const base = exact ? 100 + 10 * run.length + (alias.length === fullLength ? 1 : 0) : 10 * run.length + run.length / alias.length;
        const score = base - 3 * run.loose;
        const start = content[run.keysAt]!;
        const end = content[run.keysAt + run.length - 1]! + 1;
        matches.push({ start, end, score, exact, row: cand.row, col: cand.col });
      }
    }
    // Acronyms: "National Basketball Association" for "NBA"
    for (const alias of aliases) {
      if (alias.length !== 1 || !/^[a-z]{3,5}$/.test(alias[0]!)) continue;
      const acronym = alias[0]!;
      if (!new RegExp(`\\b${acronym.toUpperCase()}\\b`).test(cand.name)) continue; // written as an acronym in the table
      for (let k = 0; k + acronym.length <= keys.length; k++) {
        const window = content.slice(k, k + acronym.length).map((i) => tokens[i]!);
        if (window.every((t, j) => t.kind === "word" && t.text[0] === acronym[j]) && content[k + acronym.length - 1]! - content[k]! < acronym.length + 2) {
          matches.push({ start: content[k]!, end: content[k + acronym.length - 1]! + 1, score: 100 + 10 * acronym.length - 2, exact: true, row: cand.row, col: cand.col });
        }
      }
    }
    // Words run together or split apart in the table ("Not atall", "Boo mer", "Aboutthe same").
    const squashed = tokenize(cand.name).map((t) => t.key).join("");
    if (squashed.length >= 5 && !/^\d+$/.test(squashed)) {
      for (let i = 0; i < tokens.length; i++) {
        let text = "";
        for (let j = i; j < Math.min(tokens.length, i + 8); j++) {
          text += tokens[j]!.key;
          if (text.length > squashed.length) break;
          if (text === squashed) {
            const words = tokens.slice(i, j + 1).filter((t) => !STOP_WORDS.has(t.text)).length;
            matches.push({ start: i, end: j + 1, score: 100 + 10 * Math.max(words, 1) - 2, exact: true, row: cand.row, col: cand.col });
          }
        }
      }
    }
  });
  const chosen = selectMentions(matches, tokens);
  // "pet food": a part of one name ("Pet insurance") right before another name in full is a modifier
  return chosen.filter((m, i) => {
    if (m.exact || m.rows.length === 0) return true;
    const next = chosen[i + 1];
    return !(next !== undefined && next.start === m.end && next.exact && next.rows.length > 0);
  });
}

/**
 * A person's surname: the last word of a capitalised name of two or three words ("Kylian Mbappe",
 * "Community of Madrid"), written capitalised in the question too.
 */
function isSurname(key: string, name: string, question: string): boolean {
  const words = name.replace(/\([^)]*\)/g, " ").replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2").trim().split(/\s+/).filter((w) => !STOP_WORDS.has(w.toLowerCase()));
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^\p{Lu}/u.test(w))) return false;
  const last = foldText(words[words.length - 1]!).replace(/[^a-z0-9]/g, "");
  if (last.length < 4 || GENERIC_WORDS.has(key) || /\d/.test(last)) return false;
  const plain = question.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return new RegExp(`(?<![\\p{L}])${last[0]!.toUpperCase()}${last.slice(1)}(?![\\p{L}])`, "u").test(plain);
}

function containsRun(alias: string[], words: string[]): boolean {
  for (let i = 0; i + words.length <= alias.length; i++) {
    if (words.every((w, j) => sameWord(alias[i + j]!, w))) return true;
  }
  return false;
}

/** A partial name must contain a word that identifies it (not "share", "total", "2"). */
function distinctive(words: string[]): boolean {
  if (words.filter((w) => /^\d+$/.test(w)).length >= 2) return true; // an age range: "18 and 29" for "Ages 18-29"
  return words.some((w) => !GENERIC_WORDS.has(w) && (w.length >= 3 || /^\d{4}/.test(w)) && !/^\d{1,3}$/.test(w));
}

interface Run {
  aliasAt: number;
  keysAt: number;
  length: number;
  /** How many of the run's words matched only loosely (see {@link sameWord}). */
  loose: number;
}

/**
 * Do two matching keys name the same word? Equal, or (for words of five letters or more) one a
 * prefix of the other by at most three letters: "immediate"/"immediately", "democrat"/"democratic".
 */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 3 || /\d/.test(a) || /\d/.test(b)) return false;
  if (a.startsWith(b) || b.startsWith(a)) return true;
  // the reader's i/l confusion: "Aslans" for "Asians"
  if (a.length === b.length && [...a].filter((c, i) => c !== b[i]).length === 1) {
    const i = [...a].findIndex((c, k) => c !== b[k]);
    if (/^[il]$/.test(a[i]!) && /^[il]$/.test(b[i]!)) return true;
  }
  // one typo in a long word: "Autria", "causal" for "casual"
  return a.length >= 6 && b.length >= 6 && oneEditApart(a, b);
}

/** One insertion, deletion, substitution or swap of neighbours apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Maximal runs of consecutive words shared by the alias and the question. */
function commonRuns(alias: string[], keys: string[]): Run[] {
  const runs: Run[] = [];
  for (let a = 0; a < alias.length; a++) {
    for (let k = 0; k < keys.length; k++) {
      if (!sameWord(alias[a]!, keys[k]!)) continue;
      if (a > 0 && k > 0 && sameWord(alias[a - 1]!, keys[k - 1]!)) continue; // not maximal on the left
      let len = 1;
      while (a + len < alias.length && k + len < keys.length && sameWord(alias[a + len]!, keys[k + len]!)) len++;
      let loose = 0;
      for (let i = 0; i < len; i++) if (alias[a + i] !== keys[k + i]) loose++;
      runs.push({ aliasAt: a, keysAt: k, length: len, loose });
    }
  }
  return runs;
}

/** Keep the best non-overlapping spans; candidates tied on the same span stay together (ambiguous). */
function selectMentions(matches: Match[], tokens: Token[]): Mention[] {
  const groups = new Map<string, { start: number; end: number; score: number; exact: boolean; rows: Set<number>; cols: Set<string> }>();
  for (const m of matches) {
    const key = `${m.start}:${m.end}`;
    const g = groups.get(key);
    if (g === undefined || m.score > g.score) {
      groups.set(key, { start: m.start, end: m.end, score: m.score, exact: m.exact, rows: new Set(), cols: new Set() });
    }
    const best = groups.get(key)!;
    if (Math.floor(m.score) === Math.floor(best.score)) {
      if (m.row !== undefined) best.rows.add(m.row);
      if (m.col !== undefined) best.cols.add(m.col);
    }
  }
  const ordered = [...groups.values()].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Array<boolean>(tokens.length).fill(false);
  const chosen: Mention[] = [];
  for (const g of ordered) {
    let free = true;
    for (let i = g.start; i < g.end; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = g.start; i < g.end; i++) taken[i] = true;
    const span = tokens.slice(g.start, g.end);
    const mention: Mention = {
      start: g.start,
      end: g.end,
      rows: [...g.rows].sort((a, b) => a - b),
      cols: [...g.cols],
      exact: g.exact,
      text: span.map((t) => t.text).join(" "),
    };
    if (span.length === 1 && span[0]!.kind === "number" && /^-?\d*\.?\d+$/.test(span[0]!.key)) mention.number = Number(span[0]!.key);
    chosen.push(mention);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
