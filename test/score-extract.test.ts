import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractAnswer, scoreAnswer, type ExtractionMethod } from "../src/score/index.js";
import { relaxedCorrectness } from "../src/verify/relaxed.js";

describe("extractAnswer on hand cases", () => {
  const cases: [raw: string, answer: string | null, method: ExtractionMethod][] = [
    // answer tags: the last one wins; an unclosed last tag runs to the end; boxed inside a tag is unwrapped
    ["<answer>12</answer>", "12", "answer-tag"],
    ["<answer>1</answer> on second thought <answer> 2 </answer>", "2", "answer-tag"],
    ["<programability>no</programability><think>…</think><ANSWER>light blue</ANSWER>", "light blue", "answer-tag"],
    ["reasoning… <answer>Lamb", "Lamb", "answer-tag"],
    ["<answer>\\boxed{42}</answer>", "42", "answer-tag"],
    ["<answer> </answer>\nThe answer is 7.", "7", "answer-is"],
    // boxed: nested braces, \text, \%, the last one
    ["So $\\boxed{3}$ then $\\boxed{\\frac{1}{2}}$", "\\frac{1}{2}", "boxed"],
    ["Final: \\boxed{\\text{Australia}}", "Australia", "boxed"],
    ["\\boxed{45\\%}", "45%", "boxed"],
    ["\\boxed{1{,}204}", "1,204", "boxed"],
    ["broken \\boxed{12 and nothing closes", "broken \\boxed{12 and nothing closes", "last-line"],
    // the answer is / answer: / final answer:
    ["The sum is 10 + 5.\nThe answer is 15.", "15", "answer-is"],
    ["Answer: Yes", "Yes", "answer-is"],
    ["**Final Answer:** 3.5", "3.5", "answer-is"],
    ["Final answer:\n\n**2014**", "2014", "answer-is"],
    ["The correct answer is: U.S.", "U.S.", "answer-is"],
    ["Therefore, the answer is no, this graph is not a scatter chart.", "no", "answer-is"],
    ["The answer is 42. Because the bars add up.", "42", "answer-is"],
    // a reply that opens with a bare Yes/No and goes on
    ["No. This graph is a combination chart, not an area chart.", "No", "yes-no"],
    ["Yes, according to the chart the value is higher.", "Yes", "yes-no"],
    ["No\n\nThe given graph is not a pie chart.", "No", "yes-no"],
    ["**Yes**. It is.", "Yes", "yes-no"],
    // the last non-empty line, Markdown stripped
    ["Yes.", "Yes", "last-line"],
    ["450.", "450", "last-line"],
    ["Let me look.\n\n- **Gambia**\n\n", "Gambia", "last-line"],
    ["Steps…\n### `17.3%`\n```\n", "17.3%", "last-line"],
    ["No role", "No role", "last-line"],
    ["No answer.", "No answer", "last-line"],
    ["Approximately 40 exajoules.", "Approximately 40 exajoules", "last-line"],
    ["42</s>", "42", "last-line"],
    ["  \"Gray\"  <|im_end|>", "Gray", "last-line"],
    // nothing there
    ["", null, "none"],
    [" \n\t\n ", null, "none"],
    ["```\n---\n", null, "none"],
  ];
  for (const [raw, answer, method] of cases) {
    it(`${JSON.stringify(raw).slice(0, 60)} → ${method}`, () => {
      expect(extractAnswer(raw)).toEqual({ answer, method });
    });
  }

  it("finishes quickly on hostile text", () => {
    const t0 = performance.now();
    for (const s of ["\\boxed{".repeat(100_000), "<answer>".repeat(100_000), "The answer is ".repeat(100_000), " ".repeat(500_000) + "x", "**".repeat(200_000), "\n".repeat(500_000), "`".repeat(500_000)]) {
      extractAnswer(s);
    }
    expect(performance.now() - t0).toBeLessThan(50_000); // hang guard
  });
});

// Real outputs of five models on ChartBench: each conversation turn's `answer` is raw model text and
// its `label` the gold. Yes/No tasks come in pairs; NQA turns are numeric questions.
describe("extractAnswer on real ChartBench predictions", () => {
  const dir = new URL("../../shared/data/chartbench/predictions/", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort();
  interface Turn { label: string; answer: string }
  interface Rec { type: { task: string }; conversation: Turn[] }

  // Relaxed accuracy of the extracted answers, per model: a sane band around what these models score
  // (measured: InternVL2-8B 59.2%, Phi-3.5-Vision 63.4%, Qwen2.5-VL-3B 73.8%, DePlot 55.1%, GPT-4o 71.6%).
  const BAND: Record<string, [number, number]> = {
    "InternVL2-8B": [0.5, 0.7],
    "Phi-3.5-Vision": [0.55, 0.75],
    "Qwen2.5-VL-3B-Instruct": [0.65, 0.85],
    deplot: [0.45, 0.65],
    gpt4o: [0.6, 0.8],
  };

  it("has the five models", () => {
    expect(files.map((f) => f.replace(/\.jsonl$/, "")).sort()).toEqual(Object.keys(BAND).sort());
  });

  for (const file of files) {
    const model = file.replace(/\.jsonl$/, "");
    it(`${model}: extracts an answer from (nearly) every turn, and relaxed accuracy lands in a sane range`, () => {
      const recs = readFileSync(new URL(file, dir), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Rec);
      const methods: Partial<Record<ExtractionMethod, number>> = {};
      let n = 0, relaxed = 0, lenient = 0, raw = 0, yn = 0, ynRight = 0, nqa = 0, nqaRight = 0;
      for (const rec of recs) {
        for (const turn of rec.conversation) {
          const { answer, method } = extractAnswer(turn.answer);
          methods[method] = (methods[method] ?? 0) + 1;
          const s = scoreAnswer(answer ?? "", turn.label);
          n++;
          if (s.relaxed) relaxed++;
          if (s.lenient) lenient++;
          if (relaxedCorrectness(turn.label, turn.answer)) raw++;
          if (rec.type.task === "NQA") {
            nqa++;
            if (s.relaxed) nqaRight++;
          } else {
            yn++;
            if (s.relaxed) ynRight++;
          }
        }
      }
      expect(n).toBeGreaterThan(1800);
      expect((methods.none ?? 0) / n).toBeLessThanOrEqual(0.01);
      const [lo, hi] = BAND[model]!;
      expect(relaxed / n).toBeGreaterThanOrEqual(lo);
      expect(relaxed / n).toBeLessThanOrEqual(hi);
      expect(lenient).toBeGreaterThanOrEqual(relaxed); // ChartBench has no year golds
      expect(relaxed).toBeGreaterThanOrEqual(raw); // extraction never hurts here
      // Yes/no turns: better than chance; numeric turns: hard for every model, but not hopeless.
      expect(ynRight / yn).toBeGreaterThan(0.55);
      expect(nqaRight / nqa).toBeGreaterThan(0.2);
      expect(nqaRight / nqa).toBeLessThan(0.7);
    });
  }
});
