import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseParseError } from "../src/errors.js";
import { MAX_RESPONSE_BYTES, parseResponseStrict } from "../src/response/index.js";
import { ROOT, fixtureTexts } from "./helpers/grammar-runners.js";

const yes = (csv: string, code: string, answer = "A") =>
  `<programability>yes</programability>\n<csv>${csv}</csv>\n<code>${code}</code>\n<answer>${answer}</answer>\n`;
const no = (think: string, answer = "A") =>
  `<programability>no</programability>\n<think>${think}</think>\n<answer>${answer}</answer>\n`;

/** The error a strict parse of `text` throws (fails the test if it does not throw). */
function strictError(text: unknown): ResponseParseError {
  try {
    parseResponseStrict(text as string);
  } catch (err) {
    expect(err).toBeInstanceOf(ResponseParseError);
    return err as ResponseParseError;
  }
  throw new Error(`strict parser accepted ${JSON.stringify(text)}`);
}

describe("parseResponseStrict: canonical responses", () => {
  it("parses the code path of the reference example", () => {
    const text = readFileSync(join(ROOT, "fixtures/responses/canonical/code-price-index.txt"), "utf8");
    expect(parseResponseStrict(text)).toEqual({
      programmable: true,
      csv: "Country,Price index\nLamb,103.7\nCorn,103.13",
      code:
        'const top = table.reduce((a, b) => (b["Price index"] as number) > (a["Price index"] as number) ? b : a);\n' +
        "return top.Country;",
      think: null,
      answer: "Lamb",
      repairs: [],
    });
  });

  it("parses the visual path", () => {
    const r = parseResponseStrict(no("\n  The line rises.\n", "Up"));
    expect(r).toEqual({ programmable: false, csv: null, code: null, think: "The line rises.", answer: "Up", repairs: [] });
  });

  it("accepts every canonical fixture", () => {
    const fixtures = fixtureTexts("canonical");
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
    for (const [name, text] of fixtures) expect(parseResponseStrict(text).repairs, name).toEqual([]);
  });

  it("removes only one leading and trailing line break from CSV and code (CRLF too)", () => {
    const r = parseResponseStrict(readFileSync(join(ROOT, "fixtures/responses/canonical/code-crlf.txt"), "utf8"));
    expect(r.csv).toBe("City,Population (m)\r\nTokyo,37.4\r\nDelhi,31.0");
    expect(r.code).toBe("return table.length;");
    expect(parseResponseStrict(yes("\n\nA,B\n1,2\n\n", "  return 1;  ")).csv).toBe("\nA,B\n1,2\n");
    expect(parseResponseStrict(yes("A,B", "  return 1;  ")).code).toBe("  return 1;  ");
  });

  it("allows '<', other tags and partial closing tags inside bodies", () => {
    const r = parseResponseStrict(yes("a,b\n<1,</cs", "const s = '<code>' + '</cod';\nreturn 1 < 2;", "<5"));
    expect(r.csv).toBe("a,b\n<1,</cs");
    expect(r.code).toBe("const s = '<code>' + '</cod';\nreturn 1 < 2;");
    expect(r.answer).toBe("<5");
    expect(parseResponseStrict(no("</answer>", "x")).think).toBe("</answer>");
  });

  it("allows any amount of space, tab, CR and LF around and between tags, or none", () => {
    const tight = "<programability>no</programability><think>t</think><answer>a</answer>";
    expect(parseResponseStrict(tight).answer).toBe("a");
    expect(parseResponseStrict(` \t\r\n${tight.replaceAll("><", ">\n\t \r\n<")}\n\n`).answer).toBe("a");
  });

  it("allows code that starts with one or two backticks but not a fence", () => {
    expect(parseResponseStrict(yes("a", "`x`.length")).code).toBe("`x`.length");
    expect(parseResponseStrict(yes("a", "``")).code).toBe("``");
    expect(strictError(yes("a", "\n```ts\nreturn 1;\n```\n")).message).toContain("starts with a Markdown fence");
  });
});

describe("parseResponseStrict: malformed responses", () => {
  const cases: [string, string, string][] = [
    ["text before the first tag", `Sure!\n${no("t")}`, "expected <programability> at line 1"],
    ["misspelled first tag", no("t").replace(/programability/g, "programmability"), "expected <programability> at line 1"],
    ["upper-case tag", no("t").replace("<think>", "<Think>"), "expected <think> after </programability> at line 2"],
    ["yes with a capital", no("t").replace(">no<", ">Yes<"), '<programability> must contain exactly "yes" or "no" at line 1, found "Yes"'],
    ["space around yes", yes("a", "b").replace(">yes<", "> yes <"), 'must contain exactly "yes" or "no" at line 1'],
    ["unclosed programability", "<programability>yes", "unclosed <programability> opened at line 1: missing </programability>"],
    ["code before csv", yes("a", "b").replace(/<csv>a<\/csv>\n(<code>b<\/code>)/, "$1\n<csv>a</csv>"), "expected <csv> after </programability> at line 2"],
    ["visual path with csv", no("t").replace("<think>t</think>", "<csv>a</csv>"), "expected <think> after </programability> at line 2"],
    ["empty csv", yes("", "b"), "<csv> opened at line 2 is empty"],
    ["blank code", yes("a", " \n\t"), "<code> opened at line 3 is empty"],
    ["blank answer", yes("a", "b", "  "), "<answer> opened at line 4 is empty"],
    ["empty think", no(""), "<think> opened at line 2 is empty"],
    ["unclosed code", yes("a", "b").replace("</code>", ""), "unclosed <code> opened at line 3: missing </code>"],
    ["unclosed answer", no("t").replace("</answer>", ""), "unclosed <answer> opened at line 3: missing </answer>"],
    ["fenced csv", yes("\n```csv\na,b\n```\n", "b"), "<csv> opened at line 2 starts with a Markdown fence"],
    ["missing answer", yes("a", "b").replace("<answer>A</answer>\n", ""), "expected <answer> after </code> at line 3"],
    ["closing tag inside code", yes("a", 'const s = "</code>";'), "expected <answer> after </code> at line 3"],
    ["text after the answer", `${no("t")}Hope this helps.`, "unexpected text after </answer> at line 4"],
    ["a second answer", `${no("t")}<answer>B</answer>`, "unexpected text after </answer> at line 4"],
    ["empty input", "", "expected <programability> at line 1"],
  ];
  it.each(cases)("rejects %s", (_name, text, message) => {
    const err = strictError(text);
    expect(err.code).toBe("PARSE_ERROR");
    expect(err.message).toContain(message);
  });

  it("reports the line in the error details", () => {
    const err = strictError(yes("a", "b").replace("<code>", "<CODE>"));
    expect(err.details).toMatchObject({ line: 3 });
    expect(err.message).toBe('expected <code> after </csv> at line 3, found "<CODE>b</code>\\n<answer>A"…');
  });

  it("rejects every malformed fixture with the message its sidecar names", () => {
    const fixtures = fixtureTexts("malformed");
    for (const [name, text] of fixtures) {
      const side = JSON.parse(
        readFileSync(join(ROOT, "fixtures/responses/malformed", name.replace(/\.txt$/, ".json")), "utf8"),
      ) as { strictError: string };
      expect(strictError(text).message, name).toContain(side.strictError);
    }
  });

  it("rejects non-strings and oversized input with a clear message", () => {
    expect(strictError(undefined).message).toBe("response must be a string, got undefined");
    expect(strictError(null).message).toBe("response must be a string, got null");
    const big = no("x".repeat(MAX_RESPONSE_BYTES));
    expect(strictError(big).message).toMatch(/too large: \d+ bytes; the limit is 1048576 bytes \(1 MiB\)/);
    // The limit counts UTF-8 bytes, not characters.
    const wide = no("é".repeat(MAX_RESPONSE_BYTES / 2));
    expect(wide.length).toBeLessThan(MAX_RESPONSE_BYTES);
    expect(strictError(wide).message).toContain("the limit is 1048576 bytes");
  });
});
