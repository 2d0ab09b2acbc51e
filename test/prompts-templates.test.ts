import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { auditArithmetic } from "../src/audit/index.js";
import { runResponse } from "../src/engine/run-response.js";
import { UsageError } from "../src/errors.js";
import { buildPrompt, loadTemplate, parseTemplate, promptTemplatePath, PROMPT_MODES, type PromptMode } from "../src/prompts/index.js";
import { parseResponseStrict } from "../src/response/index.js";
import { createSandbox } from "../src/sandbox/index.js";

const sandbox = createSandbox({ workers: 1 });
afterAll(() => sandbox.dispose());

/** The bodies of the fenced blocks with info string `info` (```info … ```). */
function fenced(text: string, info: string): string[] {
  const re = new RegExp("^```" + info + "\\n([\\s\\S]*?)^```$", "gm");
  return [...text.matchAll(re)].map((m) => m[1]);
}

const CODE_CONTRACT = [
  "body of a function",
  "`return` value is the answer",
  "a number, a string, a boolean, or a flat array of those",
  "`table`: an array of row objects",
  "keyed by the exact header text",
  "`number | string | null`",
  "`45%` → `45`",
  "`$3.2` → `3.2`",
  "`1,204` → `1204`",
  "are `null`",
  "`columns`: the header names",
  "`math`: mathjs",
  "Use it only if needed",
  "`console.log`",
  "Use the column names exactly as written in your CSV header",
  "Reading a column that does not exist throws an error",
];
const ANSWER_RULE = ["just the value", "ChartQA", "a number without units or `%`", "`Yes` or `No`", "a label's text exactly as on the chart"];
const TAGS: Record<PromptMode, { present: string[]; absent: string[] }> = {
  adaptive: { present: ["programability", "csv", "code", "answer", "think"], absent: [] },
  code: { present: ["programability", "csv", "code", "answer"], absent: ["think"] },
  cot: { present: ["programability", "think", "answer"], absent: ["csv", "code"] },
};

describe("prompt templates", () => {
  it.each(PROMPT_MODES)("%s: loads once and builds system and user messages", (mode) => {
    expect(loadTemplate(mode)).toBe(loadTemplate(mode));
    const { system, user } = buildPrompt(mode, "  What is the highest value?  ");
    expect(user).toBe("Question: What is the highest value?");
    expect(system.length).toBeGreaterThan(500);
    for (const leftover of ["<!--", "-->", "{{", "}}"]) expect(system).not.toContain(leftover);
    expect(promptTemplatePath(mode)).toMatch(new RegExp(`grammars[/\\\\]prompts[/\\\\]${mode}\\.md$`));
  });

  it.each(PROMPT_MODES)("%s: uses the tags exactly as the strict parser spells them", (mode) => {
    const { system } = buildPrompt(mode, "Q?");
    for (const tag of TAGS[mode].present) {
      expect(system).toContain(`<${tag}>`);
      expect(system).toContain(`</${tag}>`);
    }
    for (const tag of TAGS[mode].absent) expect(system).not.toContain(`<${tag}>`);
    expect(system).not.toMatch(/programmability/i);
    expect(system).toContain('spelled `programability` (one "m")');
    expect(system).toContain("Write nothing before `<programability>` and nothing after `</answer>`");
    for (const piece of ANSWER_RULE) expect(system).toContain(piece);
  });

  it.each(["adaptive", "code"] as const)("%s: states the sandbox contract", (mode) => {
    const { system } = buildPrompt(mode, "Q?");
    for (const piece of CODE_CONTRACT) expect(system).toContain(piece);
  });

  it("cot asks for checked arithmetic and no code", () => {
    const { system } = buildPrompt("cot", "Q?");
    expect(system).toContain("`a − b = c`");
    expect(system).toContain("Do not write code");
    expect(system).toContain("holds exactly `no`");
    expect(buildPrompt("code", "Q?").system).toContain("holds exactly `yes`");
  });

  it.each(PROMPT_MODES)("%s: the format sketches and the worked example parse with the strict parser", (mode) => {
    const text = readFileSync(promptTemplatePath(mode), "utf8");
    const examples = fenced(text, "example");
    expect(examples).toHaveLength(1);
    const parsed = parseResponseStrict(examples[0]);
    if (mode === "code") expect(parsed.programmable).toBe(true);
    if (mode === "cot") expect(parsed.programmable).toBe(false);
    const sketches = fenced(text, "text");
    expect(sketches.length).toBe(mode === "adaptive" ? 2 : 1);
    for (const sketch of sketches) expect(() => parseResponseStrict(sketch)).not.toThrow();
  });

  it.each(PROMPT_MODES)("%s: the worked example's answer is right (code run in the sandbox, arithmetic audited)", async (mode) => {
    const example = fenced(readFileSync(promptTemplatePath(mode), "utf8"), "example")[0];
    const { output } = await runResponse(example, { sandbox, strict: true });
    expect(output.error).toBeNull();
    if (output.path === "code") {
      expect(output).toMatchObject({ verified: true, agree: true });
      expect(String(output.computed)).toBe(output.stated);
    } else {
      const think = parseResponseStrict(example).think ?? "";
      const audit = auditArithmetic(think);
      expect(audit.checked).toBeGreaterThan(0);
      expect(audit.wrong).toEqual([]);
    }
  });

  it("inserts the question literally", () => {
    for (const q of ["What is $& and $1?", "Is {{question}} here?", "Line one\nline two"]) {
      expect(buildPrompt("adaptive", q).user).toBe(`Question: ${q}`);
    }
  });

  it("rejects an unknown mode and an empty question", () => {
    expect(() => buildPrompt("python" as PromptMode, "Q?")).toThrow(UsageError);
    expect(() => buildPrompt("code", "  ")).toThrow(UsageError);
  });

  it("rejects a template without its markers or placeholder", () => {
    expect(() => parseTemplate("no markers")).toThrow(/<!-- system -->/);
    expect(() => parseTemplate("<!-- user -->\nQ: {{question}}\n<!-- system -->\nS")).toThrow();
    expect(() => parseTemplate("<!-- system -->\nS\n<!-- user -->\nQ")).toThrow(/\{\{question\}\}/);
    expect(parseTemplate("note\n<!-- system -->\n S \n<!-- user -->\nQ: {{question}}\n")).toEqual({ system: "S", user: "Q: {{question}}" });
  });
});
