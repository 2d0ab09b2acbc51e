/**
 * Finds the format's tags in free text, forgivingly: any case, near-miss spellings
 * (`programmability`, `thinking`, `final_answer`) and spaces inside the brackets.
 * Runs in linear time: each `<` is examined with bounded look-ahead, no regex backtracking.
 */

/** The five blocks of the format. */
export type BlockKind = "programability" | "csv" | "code" | "think" | "answer";

/** One recognised tag occurrence. */
export interface Tag {
  kind: BlockKind;
  closing: boolean;
  /** Offset of `<`. */
  start: number;
  /** Offset just after `>`. */
  end: number;
  /** Name was a near-miss spelling or the brackets held spaces. */
  misspelled: boolean;
  /** Name used upper-case letters. */
  miscased: boolean;
}

const MAX_NAME = 32;
const MAX_SPACES = 2;

/** Near-miss names (lower-case, `-`/`_` removed) accepted for each block. */
const ALIASES: Record<string, BlockKind> = {
  programability: "programability",
  programmability: "programability",
  programable: "programability",
  programmable: "programability",
  csv: "csv",
  code: "code",
  think: "think",
  thinking: "think",
  thought: "think",
  thoughts: "think",
  reasoning: "think",
  answer: "answer",
  answers: "answer",
  finalanswer: "answer",
};

/** Levenshtein distance, for short names only. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Maps a tag name to its block, or `null` if it is not one of ours. */
export function classifyTagName(name: string): { kind: BlockKind; exact: boolean } | null {
  const lower = name.toLowerCase();
  let key = "";
  for (const ch of lower) if (ch !== "-" && ch !== "_") key += ch;
  let kind: BlockKind | undefined = ALIASES[key];
  // Other typos of "programability" (programabilty, programmibility, …).
  if (kind === undefined && key.startsWith("progra") && editDistance(key, "programability") <= 3) {
    kind = "programability";
  }
  if (kind === undefined) return null;
  return { kind, exact: lower === kind };
}

function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45 || code === 95
  );
}

function skipSpaces(text: string, j: number): [number, number] {
  let n = 0;
  while (n <= MAX_SPACES && text[j] === " ") {
    j++;
    n++;
  }
  return [j, n];
}

/** All recognised tags in `text`, in order of position. Unknown `<names>` are skipped. */
export function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  let i = text.indexOf("<");
  while (i >= 0) {
    let [j, spaces] = skipSpaces(text, i + 1);
    const closing = text[j] === "/";
    if (closing) {
      const [k, more] = skipSpaces(text, j + 1);
      j = k;
      spaces += more;
    }
    const nameStart = j;
    while (j < text.length && j - nameStart <= MAX_NAME && isNameChar(text.charCodeAt(j))) j++;
    const name = text.slice(nameStart, j);
    const [k, trailing] = skipSpaces(text, j);
    j = k;
    spaces += trailing;
    const known = name.length > 0 && name.length <= MAX_NAME && text[j] === ">" ? classifyTagName(name) : null;
    if (known !== null) {
      tags.push({
        kind: known.kind,
        closing,
        start: i,
        end: j + 1,
        misspelled: !known.exact || spaces > 0,
        miscased: name !== name.toLowerCase(),
      });
      i = text.indexOf("<", j + 1);
    } else {
      i = text.indexOf("<", i + 1);
    }
  }
  return tags;
}
