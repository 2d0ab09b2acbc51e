/**
 * The grammars in grammars/ are checked with real parsers for their languages (see
 * helpers/grammar-runners.ts) and must describe exactly the strict parser's language:
 * on fixtures and on many seeded random valid and near-valid responses, every grammar's
 * verdict equals the strict parser's. Needs python3-lark (apt-get install -y python3-lark).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseResponseStrict } from "../src/response/index.js";
import {
  ROOT,
  fixtureTexts,
  gbnfVerdicts,
  grammarText,
  pythonVerdicts,
  responseFixtures,
} from "./helpers/grammar-runners.js";
import { genValid, mutate, rng } from "./helpers/response-gen.js";

const gbnf = grammarText("catbox.gbnf");
const lark = grammarText("catbox.lark");
const regexSource = grammarText("catbox.regex");
const jsRegex = new RegExp(`^(?:${regexSource})$`);

function strictAccepts(text: string): boolean {
  try {
    parseResponseStrict(text);
    return true;
  } catch {
    return false;
  }
}

/** Verdicts of all four grammar parsers on `inputs`, keyed by parser. */
async function allVerdicts(inputs: string[]): Promise<Record<string, boolean[]>> {
  const py = pythonVerdicts(lark, regexSource, inputs);
  return {
    gbnf: await gbnfVerdicts(gbnf, inputs),
    "lark-earley": py.earley,
    "lark-lalr": py.lalr,
    "regex-python": py.regex,
    "regex-js": inputs.map((s) => jsRegex.test(s)),
  };
}

/** Inputs on which a parser's verdict differs from the strict parser's. */
function disagreements(inputs: string[], verdicts: Record<string, boolean[]>): string[] {
  const out: string[] = [];
  inputs.forEach((input, i) => {
    const strict = strictAccepts(input);
    for (const [name, v] of Object.entries(verdicts)) {
      if (v[i] !== strict) out.push(`${name} says ${v[i]}, strict says ${strict}: ${JSON.stringify(input)}`);
    }
  });
  return out;
}

describe("grammar files", () => {
  it("the regex file is one line with no trailing newline", () => {
    expect(regexSource).not.toMatch(/[\r\n]/);
  });

  it("all parsers load the grammars and reject the empty string", async () => {
    const v = await allVerdicts([""]);
    for (const [name, verdict] of Object.entries(v)) expect(verdict, name).toEqual([false]);
  });
});

describe("fixtures", () => {
  const canonical = fixtureTexts("canonical");
  const malformed = fixtureTexts("malformed");
  const responses = responseFixtures().map((p): [string, string] => [relative(ROOT, p), readFileSync(p, "utf8")]);
  const accepted = [...canonical, ...responses];
  let verdicts: Record<string, boolean[]>;

  beforeAll(async () => {
    verdicts = await allVerdicts([...accepted, ...malformed].map(([, t]) => t));
  }, 120_000);

  it("has canonical and malformed fixtures to check", () => {
    expect(canonical.length).toBeGreaterThanOrEqual(5);
    expect(malformed.length).toBeGreaterThanOrEqual(5);
  });

  it("every grammar accepts every canonical fixture and fixtures/**/response.txt", () => {
    for (const [name, v] of Object.entries(verdicts)) {
      const rejected = accepted.filter((_, i) => !v[i]).map(([f]) => f);
      expect(rejected, `${name} rejected`).toEqual([]);
    }
    for (const [f, text] of accepted) expect(strictAccepts(text), f).toBe(true);
  });

  it("every grammar rejects every malformed fixture", () => {
    for (const [name, v] of Object.entries(verdicts)) {
      const wronglyAccepted = malformed.filter((_, i) => v[accepted.length + i]).map(([f]) => f);
      expect(wronglyAccepted, `${name} accepted`).toEqual([]);
    }
  });
});

describe("grammars match the strict parser exactly", () => {
  it("on hand-picked edge cases", async () => {
    const yes = (csv: string, code: string, answer = "A") =>
      `<programability>yes</programability><csv>${csv}</csv><code>${code}</code><answer>${answer}</answer>`;
    const no = (think: string, answer = "A") => `<programability>no</programability><think>${think}</think><answer>${answer}</answer>`;
    const cases = [
      yes("a", "b"), yes("a", "return a < b;"), yes("a", "</cod"), yes("a", "x</code"), yes("a", "<"),
      yes("a", "`x`"), yes("a", "``"), yes("a", "```"), yes("a", " \n```ts\nx\n```"), yes("a", "a```"),
      yes(" ", "b"), yes("a", "b", ""), yes("a", "b", " \n"), yes("a</csv", "b"), yes("<</csv", "b"),
      no("t"), no("<think>"), no("</thin"), no(" ", "x"), no("t", "<"), no("t", "</answer"),
      no("t").replace("no<", "No<"), no("t").toUpperCase(), ` \r\n\t${no("t")}\n\n`, `x${no("t")}`, `${no("t")}x`,
      no("t").replace("</programability>", "</programability>\n\n"), no("t").replace("<answer>", " <answer>"),
      yes("a", "b").replace("<csv>", "<csv >"), yes("a", "b").replace("yes", "yes "),
      yes("a", "x</code>y"), yes("a</csv>b", "c"), no("t</think>u"), no("t", "a</answer>b"), no("t", "</answer>"),
    ];
    const verdicts = await allVerdicts(cases);
    expect(disagreements(cases, verdicts)).toEqual([]);
  }, 60_000);

  it("on seeded random valid responses and near-misses", async () => {
    const r = rng(20240601);
    const valid = Array.from({ length: 80 }, () => genValid(r));
    const mutated = Array.from({ length: 160 }, (_, i) => {
      let s = valid[i % valid.length];
      const edits = 1 + Math.floor(r() * 2);
      for (let k = 0; k < edits; k++) s = mutate(r, s);
      return s;
    });
    const inputs = [...valid, ...mutated];
    const verdicts = await allVerdicts(inputs);
    // Everyone agrees with strict on every input, and valid ones are accepted by all.
    expect(disagreements(inputs, verdicts)).toEqual([]);
    expect(valid.every(strictAccepts)).toBe(true);
    // The near-misses must exercise both verdicts, or the comparison proves little.
    const strictOnMutated = mutated.map(strictAccepts);
    expect(strictOnMutated.filter(Boolean).length).toBeGreaterThan(15);
    expect(strictOnMutated.filter((x) => !x).length).toBeGreaterThan(60);
  }, 120_000);
});
