/**
 * Fuzzy text matching for grounding: a "skeleton" form that ignores case, accents, spacing,
 * punctuation and the usual OCR confusions, and an approximate-substring search over it.
 */

/** A word break in a skeleton: skipped for free by the search, and where short labels must start and end. */
export const BREAK = -1;

/** Characters OCR confuses on printed text, folded to one form (both sides get the same folding). */
const CONFUSIONS: Record<string, string> = { o: "0", l: "1", i: "1", "|": "1", "!": "1" };
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;
const LETTER = /\p{L}/u;
const COMBINING = /\p{M}/gu;

/**
 * The skeleton of a text as code points: lower case, accents and compatibility forms removed,
 * `o`→`0` and `l`/`i`/`|`→`1` folded, every run of other characters (spaces, punctuation,
 * symbols) one {@link BREAK}, and a break between letters and digits as written ("Male10335" is
 * "male|10335", "2O1O" is "2|0|1|0"). Leading and trailing breaks are dropped.
 */
export function skeleton(text: string): number[] {
  const folded = text.normalize("NFKD").replace(COMBINING, "").toLowerCase();
  const out: number[] = [];
  let previous = "";
  for (const ch of folded) {
    const c = CONFUSIONS[ch] ?? ch;
    if (LETTER_OR_DIGIT.test(c)) {
      // A switch between letters and digits (as written, before folding) is a word break too:
      // OCR often runs a label into its value ("Male10335").
      const kind = DIGIT.test(ch) ? "digit" : LETTER.test(ch) ? "letter" : "";
      if (kind !== "" && previous !== "" && kind !== previous && out.length > 0 && out[out.length - 1] !== BREAK) out.push(BREAK);
      previous = kind;
      out.push(c.codePointAt(0) as number);
    } else {
      previous = "";
      if (out.length > 0 && out[out.length - 1] !== BREAK) out.push(BREAK);
    }
  }
  if (out[out.length - 1] === BREAK) out.pop();
  return out;
}

/** A label's skeleton without breaks: OCR often drops or adds spaces, so the label's own are not required. */
export function compactSkeleton(text: string): number[] {
  return skeleton(text).filter((c) => c !== BREAK);
}

/**
 * Edits tolerated when looking for a label of `length` skeleton characters: none up to 4
 * (short labels such as "US", "Q1" or "'20" must match exactly, as whole words), 1 up to 7,
 * then one in five.
 */
export function allowedEdits(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  return Math.floor(length / 5);
}

/**
 * The fewest edits (insertions, deletions, substitutions) that turn `pattern` into some substring of
 * `text` (Sellers' algorithm), where breaks in `text` may be skipped for free. With `wholeWords`,
 * the substring must start and end at a break or an end of `text`. Returns `Infinity` when there is
 * no such substring.
 */
export function approximateFind(pattern: number[], text: number[], wholeWords: boolean): number {
  const m = pattern.length;
  if (m === 0) return 0;
  const INF = 1 << 29;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  // Column for the empty prefix of text: a match may start here (position 0 is a boundary).
  prev[0] = 0;
  for (let i = 1; i <= m; i++) prev[i] = i;
  let best = endsAt(0, text, wholeWords) ? prev[m] : INF;
  for (let j = 1; j <= text.length; j++) {
    const t = text[j - 1];
    if (t === BREAK) {
      // Free skip: every alignment carries over; a new match may start after the break.
      cur.set(prev);
      cur[0] = 0;
    } else {
      cur[0] = wholeWords ? INF : 0;
      for (let i = 1; i <= m; i++) {
        const sub = prev[i - 1] + (pattern[i - 1] === t ? 0 : 1);
        const del = prev[i] + 1; // text char unmatched
        const ins = cur[i - 1] + 1; // pattern char unmatched
        const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
        cur[i] = v;
      }
    }
    if (endsAt(j, text, wholeWords) && cur[m] < best) {
      best = cur[m];
      if (best === 0) return 0;
    }
    [prev, cur] = [cur, prev];
  }
  return best >= INF ? Infinity : best;
}

function endsAt(j: number, text: number[], wholeWords: boolean): boolean {
  return !wholeWords || j === text.length || text[j] === BREAK;
}
