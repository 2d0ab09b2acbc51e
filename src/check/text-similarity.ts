/**
 * Edit-distance helpers shared by the table metrics: Levenshtein distance over Unicode code points (as
 * Python's `editdistance` counts them), its normalised form, and ANLS as pix2struct defines it.
 *
 * The metrics compare thousands of short strings; {@link toCodes} converts a string once and the `*Codes`
 * variants reuse two module-level rows, so a comparison allocates nothing.
 */

/** A string as code points (UTF-16 surrogate pairs count as one character, as in Python). */
export type Codes = Int32Array;

// Recently converted strings: the metrics compare the same headers and labels many times, and
// reusing one Codes array per string lets the pattern-mask cache below hit. Bounded: cleared when full.
const codesCache = new Map<string, Codes>();
const CODES_CACHE_MAX = 4096;

/** Code points of `s` (the same array for the same recent string: treat it as read-only). */
export function toCodes(s: string): Codes {
  let cached = codesCache.get(s);
  if (cached === undefined) {
    if (codesCache.size >= CODES_CACHE_MAX) codesCache.clear();
    cached = codePoints(s);
    codesCache.set(s, cached);
  }
  return cached;
}

function codePoints(s: string): Codes {
  const out = new Int32Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out[n++] = c;
    if (c > 0xffff) i++;
  }
  return n === s.length ? out : out.slice(0, n);
}

/** Bit masks of a pattern's characters for {@link myers}: `ascii[c]` for c < 128, `other` for the rest. */
interface PatternMasks {
  ascii: Int32Array;
  other: Map<number, number> | null;
}

const masksCache = new WeakMap<Codes, PatternMasks>();

function masksOf(pattern: Codes): PatternMasks {
  let masks = masksCache.get(pattern);
  if (masks === undefined) {
    const ascii = new Int32Array(128);
    let other: Map<number, number> | null = null;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c < 128) ascii[c] |= 1 << i;
      else {
        other ??= new Map();
        other.set(c, (other.get(c) ?? 0) | (1 << i));
      }
    }
    masks = { ascii, other };
    masksCache.set(pattern, masks);
  }
  return masks;
}

/**
 * Levenshtein distance by Myers' bit-parallel algorithm (Hyyrö's formulation) for a pattern of 1–32
 * characters: one pass over `text`, a few word operations per character. Returns `max + 1` once the
 * distance is known to exceed `max`.
 */
function myers(pattern: Codes, text: Codes, max: number): number {
  const m = pattern.length;
  const { ascii, other } = masksOf(pattern);
  const high = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  const n = text.length;
  for (let j = 0; j < n; j++) {
    const c = text[j];
    const eq = c < 128 ? ascii[c] : (other?.get(c) ?? 0);
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if ((ph & high) !== 0) score++;
    else if ((mh & high) !== 0) score--;
    // Each remaining character lowers the distance by at most 1.
    if (score - (n - j - 1) > max) return max + 1;
    ph = (ph << 1) | 1;
    mh = mh << 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  return score;
}

let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);

/** The textbook dynamic programme, for patterns too long for {@link myers}. */
function dynamic(x: Codes, y: Codes, max: number): number {
  const n = x.length;
  const m = y.length;
  if (prevRow.length <= m) {
    prevRow = new Int32Array(2 * m + 2);
    curRow = new Int32Array(2 * m + 2);
  }
  let prev = prevRow;
  let cur = curRow;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const xi = x[i - 1];
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (xi === y[j - 1] ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

/**
 * Levenshtein distance of two code-point arrays; with `max`, returns `max + 1` as soon as the distance is
 * known to exceed `max`. Bit-parallel when one side has at most 32 characters.
 */
export function levenshteinCodes(x: Codes, y: Codes, max = Infinity): number {
  const n = x.length;
  const m = y.length;
  if (n === 0) return Math.min(m, max + 1);
  if (m === 0) return Math.min(n, max + 1);
  if (Math.abs(n - m) > max) return max + 1;
  let d: number;
  if (n <= 32) d = myers(x, y, max);
  else if (m <= 32) d = myers(y, x, max);
  else d = dynamic(x, y, max);
  return Math.min(d, max + 1);
}

/**
 * Levenshtein distance (insertions, deletions, substitutions, each cost 1) between two strings.
 * With `max`, returns `max + 1` as soon as the distance is known to exceed `max` (cheaper).
 */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  return levenshteinCodes(toCodes(a), toCodes(b), max);
}

/**
 * Normalised Levenshtein distance: `levenshtein(a, b) / max(len(a), len(b))`, in [0, 1]; 0 for two empty
 * strings.
 */
export function normalizedLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const x = toCodes(a);
  const y = toCodes(b);
  return levenshteinCodes(x, y) / Math.max(x.length, y.length);
}

/** Equal code-point arrays. */
function sameCodes(x: Codes, y: Codes): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** {@link anls} of two code-point arrays. */
export function anlsCodes(target: Codes, prediction: Codes, theta = 0.5): number {
  if (sameCodes(target, prediction)) return 1;
  const longest = Math.max(target.length, prediction.length);
  // Stop the DP as soon as the distance is known to exceed theta·longest.
  const bound = Math.floor(theta * longest + 1e-9);
  const d = levenshteinCodes(target, prediction, bound);
  if (d > bound) return 0;
  const nl = d / longest;
  return nl <= theta ? 1 - nl : 0;
}

/**
 * ANLS of one pair as pix2struct's `anls_metric` computes it: `1 − NL(a, b)` when the normalised
 * Levenshtein distance `NL` is at most `theta`, else 0. Case-sensitive (callers lower-case first).
 * Two empty strings score 1.
 */
export function anls(target: string, prediction: string, theta = 0.5): number {
  if (target === prediction) return 1;
  return anlsCodes(toCodes(target), toCodes(prediction), theta);
}
