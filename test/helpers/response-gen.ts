/**
 * Seeded generators of canonical responses and near-misses, for property tests of the
 * parsers and grammars. Valid responses are built to satisfy the strict shape by
 * construction (checked with plain string tests, independently of the parser).
 */

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const WS = ["", "", " ", "\n", "\r\n", "\t", "\n\n", " \n  "];
/** Body fragments chosen to stress closing-tag exclusion and fence detection. */
const PIECES = [
  "a", "Lamb", "42", "3.5", ",", "\n", " ", "\t", "x < y", "a<b", "<", "<<", ">", "/", "</", "<>",
  "`", "``", "```", "Array<string>", "</cs", "</csv", "</co", "</cod", "</code", "</thin", "</think",
  "</answe", "</answer", "<csv>", "</csv>", "<code>", "</code>", "<think>", "</think>", "<answer>",
  "</answer>", "<programability>", "</x>", "return t;", "\"q,r\"", "é", "😀",
];

function rawBody(r: Rand): string {
  const n = 1 + Math.floor(r() * 8);
  let s = "";
  for (let i = 0; i < n; i++) s += pick(r, PIECES);
  return s;
}

function isBlank(s: string): boolean {
  return /^[ \t\r\n]*$/.test(s);
}

/** A body for `tag` that satisfies the strict rules (retries until it does). */
export function genBody(r: Rand, tag: "csv" | "code" | "think" | "answer"): string {
  for (;;) {
    const lead = pick(r, WS);
    const s = lead + rawBody(r) + pick(r, WS);
    if (s.includes(`</${tag}>`) || isBlank(s)) continue;
    if ((tag === "csv" || tag === "code") && s.replace(/^[ \t\r\n]+/, "").startsWith("```")) continue;
    return s;
  }
}

/** A canonical response (code or visual path, chosen at random). */
export function genValid(r: Rand): string {
  const w = () => pick(r, WS);
  if (r() < 0.5) {
    return (
      `${w()}<programability>yes</programability>${w()}<csv>${genBody(r, "csv")}</csv>${w()}` +
      `<code>${genBody(r, "code")}</code>${w()}<answer>${genBody(r, "answer")}</answer>${w()}`
    );
  }
  return (
    `${w()}<programability>no</programability>${w()}<think>${genBody(r, "think")}</think>${w()}` +
    `<answer>${genBody(r, "answer")}</answer>${w()}`
  );
}

const TAGS = ["programability", "csv", "code", "think", "answer"];
const INSERTS = ["<", ">", "/", "`", "```", " ", "\n", "a", "Y", "</code>", "</csv>", "</answer>", "</think>", "<code>"];

/** One random edit of `s` that often (not always) breaks the strict shape. */
export function mutate(r: Rand, s: string): string {
  const at = Math.floor(r() * (s.length + 1));
  switch (Math.floor(r() * 9)) {
    case 0: // delete a character
      return s.slice(0, at) + s.slice(at + 1);
    case 1: // insert something
      return s.slice(0, at) + pick(r, INSERTS) + s.slice(at);
    case 2: // truncate
      return s.slice(0, at);
    case 3: { // upper-case or misspell a tag
      const tag = pick(r, TAGS);
      return r() < 0.5 ? s.replace(`<${tag}>`, `<${tag.toUpperCase()}>`) : s.replace(`<${tag}>`, `<${tag}s>`);
    }
    case 4: // prose around
      return r() < 0.5 ? `Sure. ${s}` : `${s} Done.`;
    case 5: // empty a body
      return s.replace(/(<(?:csv|code|think|answer)>)[^]*?(<\/(?:csv|code|think|answer)>)/, "$1 $2");
    case 6: // fence a body
      return s.replace(/<(csv|code)>/, (m) => `${m}\n\`\`\`ts\n`);
    case 7: // change the yes/no value
      return s.replace(/<programability>(yes|no)</, `<programability>${pick(r, ["Yes", "no", "yes", " yes", "true"])}<`);
    default: // swap the path's yes/no (body shape no longer matches)
      return s.includes(">yes<") ? s.replace(">yes<", ">no<") : s.replace(">no<", ">yes<");
  }
}
