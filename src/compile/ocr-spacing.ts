import { STOP_WORDS, stem, type Token } from "./text.js";

/**
 * Spellings of a name with the chart reader's spacing slips undone against the question's words:
 * words split apart ("Re venue", "Num ber" for "revenue", "number") or run together ("RobkuTV",
 * "Worker'shealth" for "Robku TV", "worker's health"). Each variant joins or splits a word only to
 * make it one the question uses.
 */
export function withOcrSpacing(aliases: string[][], tokens: Token[]): string[][] {
  const keys = new Set(tokens.map((t) => t.key));
  const out = [...aliases];
  for (const alias of aliases) {
    const fixed: string[] = [];
    let changed = false;
    for (let i = 0; i < alias.length; i++) {
      const w = alias[i]!;
      const next = alias[i + 1];
      if (next !== undefined && !keys.has(w) && !/\d/.test(w + next)) {
        const joined = stem(w + next);
        if (joined.length >= 5 && keys.has(joined)) {
          fixed.push(joined);
          changed = true;
          i++;
          continue;
        }
      }
      const split = keys.has(w) || w.length < 5 ? undefined : splitBy(w.replace(/'s?/g, ""), tokens);
      if (split !== undefined) {
        fixed.push(...split);
        changed = true;
      } else fixed.push(w);
    }
    if (changed && !out.some((a) => a.join(" ") === fixed.join(" "))) out.push(fixed);
  }
  return out;
}

/** The content keys of two to four consecutive question words that, run together, spell `word`. */
function splitBy(word: string, tokens: Token[]): string[] | undefined {
  for (let i = 0; i < tokens.length; i++) {
    let text = "";
    for (let j = i; j < Math.min(tokens.length, i + 4); j++) {
      if (tokens[j]!.kind !== "word") break;
      text += tokens[j]!.text;
      if (!word.startsWith(text) && stem(text) !== word) break;
      if (j > i && (text === word || stem(text) === word)) {
        const parts = tokens.slice(i, j + 1);
        if (parts.some((t) => t.text.length < 2)) break;
        return parts.filter((t) => !STOP_WORDS.has(t.text)).map((t) => t.key);
      }
    }
  }
  return undefined;
}
