import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseParseError } from "../src/errors.js";
import {
  REPAIR_CODES,
  parseResponse,
  parseResponseStrict,
  type ParsedResponse,
  type RepairCode,
} from "../src/response/index.js";
import { ROOT, fixtureTexts } from "./helpers/grammar-runners.js";
import { genValid, mutate, rng } from "./helpers/response-gen.js";

const CSV = "<csv>\nMonth,Visitors\nJan,1200\n</csv>";
const CODE = "<code>\nreturn table[0].Visitors;\n</code>";
const YES = "<programability>yes</programability>";
const NO = "<programability>no</programability>";

/** The error `parseResponse(text)` throws (fails the test if it does not throw). */
function tolerantError(text: unknown): ResponseParseError {
  try {
    parseResponse(text as string);
  } catch (err) {
    expect(err).toBeInstanceOf(ResponseParseError);
    return err as ResponseParseError;
  }
  throw new Error(`tolerant parser accepted ${JSON.stringify(text)}`);
}

describe("parseResponse on canonical input", () => {
  it("gives exactly the strict result, with no repairs, for every canonical fixture", () => {
    for (const [name, text] of fixtureTexts("canonical")) {
      expect(parseResponse(text), name).toEqual(parseResponseStrict(text));
    }
  });

  it("gives exactly the strict result for seeded random canonical responses", () => {
    const r = rng(7);
    for (let i = 0; i < 400; i++) {
      const text = genValid(r);
      expect(parseResponse(text), JSON.stringify(text)).toEqual(parseResponseStrict(text));
    }
  });

  it("on seeded near-misses: agrees with strict when strict accepts, else repairs or throws PARSE_ERROR", () => {
    const r = rng(99);
    let repaired = 0;
    for (let i = 0; i < 1500; i++) {
      let text = genValid(r);
      for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) text = mutate(r, text);
      let strict: ParsedResponse | null = null;
      try {
        strict = parseResponseStrict(text);
      } catch {
        // not canonical
      }
      let tolerant: ParsedResponse;
      try {
        tolerant = parseResponse(text);
      } catch (err) {
        expect(err, JSON.stringify(text)).toBeInstanceOf(ResponseParseError);
        expect(strict, JSON.stringify(text)).toBeNull();
        continue;
      }
      if (strict !== null) {
        expect(tolerant, JSON.stringify(text)).toEqual(strict);
        continue;
      }
      // Not canonical, so something must have been repaired, and said so.
      expect(tolerant.repairs.length, JSON.stringify(text)).toBeGreaterThan(0);
      expect(new Set(tolerant.repairs).size).toBe(tolerant.repairs.length);
      for (const code of tolerant.repairs) expect(REPAIR_CODES).toContain(code);
      repaired++;
    }
    expect(repaired).toBeGreaterThan(300);
  });

  it("delegates to the strict parser with { strict: true }", () => {
    const messy = `<Programmability>Yes</Programmability>\n${CSV}\n${CODE}`;
    expect(parseResponse(messy).repairs).toEqual(["tag-spelling", "tag-case", "programability-value", "missing-answer"]);
    expect(() => parseResponse(messy, { strict: true })).toThrow(/expected <programability> at line 1/);
  });
});

describe("parseResponse: malformed fixtures", () => {
  for (const [name, text] of fixtureTexts("malformed")) {
    const side = JSON.parse(
      readFileSync(join(ROOT, "fixtures/responses/malformed", name.replace(/\.txt$/, ".json")), "utf8"),
    ) as { defect: string; repairs?: RepairCode[]; expect?: Partial<ParsedResponse>; error?: string; message?: string };
    it(`${name}: ${side.defect}`, () => {
      if (side.error !== undefined) {
        const err = tolerantError(text);
        expect(err.code).toBe(side.error);
        expect(err.message).toContain(side.message);
        return;
      }
      const r = parseResponse(text);
      expect(r.repairs).toEqual(side.repairs);
      expect(r).toMatchObject(side.expect ?? {});
    });
  }
});

/**
 * One case per repair code (plus combinations); `repairs` is the exact expected list:
 * repairs tied to a place come in text order, whole-response ones after them.
 */
const REPAIR_CASES: { name: string; text: string; repairs: RepairCode[]; expect?: Partial<ParsedResponse> }[] = [
  { name: "spaces inside brackets", text: `< programability >no</ programability ><think>t</think>< answer >x</answer>`, repairs: ["tag-spelling"], expect: { answer: "x" } },
  { name: "programabilty typo and final_answer", text: `<programabilty>no</programabilty><think>t</think><final_answer>x</final_answer>`, repairs: ["tag-spelling"], expect: { answer: "x" } },
  { name: "mixed case", text: `${YES}<CSV>\na\n</Csv>${CODE}<answer>1</answer>`, repairs: ["tag-case"], expect: { csv: "a" } },
  { name: "bare fence inside <code>", text: `${YES}${CSV}<code>\n\`\`\`\nreturn 1;\n\`\`\`\n</code>`, repairs: ["code-fence", "missing-answer"], expect: { code: "return 1;" } },
  { name: "```js fence inside <code>, closed on the code line", text: `${YES}${CSV}<code>\`\`\`js\nreturn 1;\`\`\`</code><answer>1</answer>`, repairs: ["code-fence"], expect: { code: "return 1;" } },
  { name: "bare fences instead of both tags", text: `${YES}\n\`\`\`\nA,B\n1,2\n\`\`\`\n\`\`\`\nreturn table.length;\n\`\`\`\n<answer>1</answer>`, repairs: ["csv-fence", "code-fence"], expect: { csv: "A,B\n1,2", code: "return table.length;" } },
  { name: "true for yes", text: `<programability>true</programability>${CSV}${CODE}<answer>1</answer>`, repairs: ["programability-value"], expect: { programmable: true } },
  { name: "unrecognised value, path inferred", text: `<programability>maybe</programability>${CSV}${CODE}<answer>1</answer>`, repairs: ["programability-value"], expect: { programmable: true } },
  { name: "inferred visual path", text: `<think>t</think><answer>x</answer>`, repairs: ["missing-programability"], expect: { programmable: false, think: "t" } },
  { name: "inferred code path from a fence only", text: `\`\`\`ts\nreturn 1;\n\`\`\`\n${CSV}`, repairs: ["code-fence", "missing-programability", "missing-answer", "tag-order"], expect: { programmable: true } },
  { name: "unclosed code before answer", text: `${YES}${CSV}<code>\nreturn 1;\n<answer>1</answer>`, repairs: ["unclosed-tag"], expect: { code: "return 1;", answer: "1" } },
  { name: "unclosed answer at the end", text: `${YES}${CSV}${CODE}<answer> 1200 `, repairs: ["unclosed-tag"], expect: { answer: "1200" } },
  { name: "closing tag without opening (answer)", text: `${NO}<think>t</think>\nThe answer is:\n42</answer>`, repairs: ["surrounding-text", "unopened-tag"], expect: { answer: "42" } },
  { name: "closing tag without opening (fenced code)", text: `${YES}${CSV}\n\`\`\`ts\nreturn 1;\n\`\`\`\n</code>`, repairs: ["code-fence", "unopened-tag", "missing-answer"], expect: { code: "return 1;" } },
  { name: "answer before code", text: `${YES}${CSV}<answer>1</answer>${CODE}`, repairs: ["tag-order"], expect: { answer: "1" } },
  { name: "two answers", text: `${NO}<think>t</think><answer>first</answer><answer>second</answer>`, repairs: ["duplicate-tag"], expect: { answer: "first" } },
  { name: "think on the code path", text: `${YES}<think>reading the bars</think>${CSV}${CODE}<answer>1</answer>`, repairs: ["extra-block"], expect: { think: "reading the bars", programmable: true } },
  { name: "csv on the visual path", text: `${NO}${CSV}<think>t</think><answer>x</answer>`, repairs: ["extra-block"], expect: { csv: "Month,Visitors\nJan,1200" } },
  { name: "empty answer on the code path", text: `${YES}${CSV}${CODE}<answer> </answer>`, repairs: ["missing-answer"], expect: { answer: null } },
  { name: "empty think on the visual path", text: `${NO}<think>\n</think><answer>x</answer>`, repairs: ["missing-think"], expect: { think: null } },
  { name: "whole response in an xml fence", text: `\`\`\`xml\n${NO}<think>t</think><answer>x</answer>\n\`\`\``, repairs: ["surrounding-text"], expect: { answer: "x" } },
  { name: "tags inside a body stay content", text: `${YES}<csv>a</csv><code>const s = "<answer>no</answer>";\nreturn s;</code><answer>ok</answer>`, repairs: [], expect: { answer: "ok" } },
];

describe("parseResponse: each repair", () => {
  it.each(REPAIR_CASES)("$name", ({ text, repairs, expect: fields }) => {
    const r = parseResponse(text);
    expect(r.repairs).toEqual(repairs);
    expect(r).toMatchObject(fields ?? {});
  });

  it("every documented repair code is produced by some case", () => {
    const fixtures = fixtureTexts("malformed").flatMap(([, t]) => {
      try {
        return parseResponse(t).repairs;
      } catch {
        return [];
      }
    });
    const produced = new Set([...REPAIR_CASES.flatMap((c) => c.repairs), ...fixtures]);
    expect([...REPAIR_CODES].filter((c) => !produced.has(c))).toEqual([]);
  });
});

describe("parseResponse: unusable input", () => {
  it.each([
    ["prose only", "I cannot answer.", "no usable response: found no <programability>"],
    ["unknown yes/no and nothing else", "<programability>maybe</programability>", 'holds "maybe" (not yes/no)'],
    ["code path without csv", `${YES}${CODE}<answer>1</answer>`, "needs <csv> (or a ```csv fence), but none was found"],
    ["code path with an empty csv", `${YES}<csv> </csv>${CODE}`, "needs <csv>"],
    ["code path with neither", `${YES}<answer>1</answer>`, "needs <csv> (or a ```csv fence) and <code> (or a ```ts fence)"],
    ["visual path with only think", `${NO}<think>t</think>`, "visual path (programability no) needs a non-empty <answer>"],
    ["not a string", 42, "response must be a string, got number"],
  ])("%s", (_name, text, message) => {
    const err = tolerantError(text);
    expect(err.code).toBe("PARSE_ERROR");
    expect(err.message).toContain(message);
  });

  it("names the missing parts in the error details", () => {
    expect(tolerantError(`${YES}<answer>1</answer>`).details).toEqual({ missing: ["csv", "code"] });
  });
});

describe("parseResponse: hostile input completes quickly", () => {
  const timed = (text: string): { ms: number; error: string } => {
    const t0 = performance.now();
    let error = "accepted";
    try {
      parseResponse(text);
    } catch (err) {
      expect(err).toBeInstanceOf(ResponseParseError);
      error = (err as Error).message;
    }
    return { ms: performance.now() - t0, error };
  };
  // Each input is near the 1 MiB cap; a quadratic step would take minutes, not ms.
  const K = 1000 * 1000;
  it.each([
    ["'<' repeated", "<".repeat(K), "no usable response"],
    ["'<<<<' with slashes and spaces", "< / <  /".repeat(K / 8), "no usable response"],
    ["unclosed <code> repeated", "<code>".repeat(K / 6), "needs <csv>"],
    ["alternating unclosed tags", "<csv></code>".repeat(K / 12), "no usable response"],
    ["many duplicate blocks", "<think>t</think>".repeat(K / 16), "visual path (programability no) needs a non-empty <answer>"],
    ["programability then '<'", `<programability>${"<".repeat(K)}`, "no usable response"],
    ["fence lines", "```\n".repeat(K / 4), "no usable response"],
    ["a fence line of spaces", `\`\`\`${" ".repeat(K)}x\n`, "no usable response"],
    ["long tag-like names", `<${"a".repeat(K)}>`, "no usable response"],
    ["near-miss names", "<programmabilityyyy>".repeat(K / 20), "no usable response"],
    ["stray text between many blocks", "<think>t</think>x".repeat(K / 17), "needs a non-empty <answer>"],
    ["fences between many blocks", "<think>t</think>\n```\nx\n```\n".repeat(K / 28), "needs a non-empty <answer>"],
    ["one huge unclosed answer", `${NO}<answer>${"x ".repeat(K / 2)}`, "accepted"],
  ])("%s", (_name, text, message) => {
    const { ms, error } = timed(text);
    expect(error).toContain(message);
    expect(ms).toBeLessThan(30_000); // hang guard
  });

  it("rejects 10 MB of text at once, naming the limit", () => {
    const { ms, error } = timed("a".repeat(10 * 1024 * 1024));
    expect(error).toBe("response is too large: 10485760 bytes; the limit is 1048576 bytes (1 MiB)");
    expect(ms).toBeLessThan(10_000); // hang guard
  });
});
