import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answersMatch, answerToText } from "../src/verify/answer-text.js";
import { pythonFloat, relaxedCorrectness } from "../src/verify/relaxed.js";

// The reference definition (google-research/pix2struct metrics.py, relaxed_correctness), run by
// python3 itself as the oracle: catbox must agree with it on every pair.
const ORACLE = `
import json, sys
def _to_float(text):
    try:
        if text.endswith("%"):
            return float(text.rstrip("%")) / 100.0
        else:
            return float(text)
    except ValueError:
        return None
def relaxed_correctness(target, prediction, max_relative_change=0.05):
    prediction_float = _to_float(prediction)
    target_float = _to_float(target)
    if prediction_float is not None and target_float:
        relative_change = abs(prediction_float - target_float) / abs(target_float)
        return relative_change <= max_relative_change
    else:
        return prediction.lower() == target.lower()
pairs = json.load(sys.stdin)
print(json.dumps([relaxed_correctness(t, p) for t, p in pairs]))
`;

function oracle(pairs: [string, string][]): boolean[] {
  return JSON.parse(execFileSync("python3", ["-c", ORACLE], { input: JSON.stringify(pairs), maxBuffer: 64 * 1024 * 1024 }).toString());
}

const ODD = [
  "0", "0.0", "-0", "1,000", "1000", "45%", "45", "0.45", "45%%", "%", " 12 ", "1_000", "1__000", "_1", "1e3", "1E-2", "inf", "-Infinity",
  "nan", "NaN", "Yes", "yes", "No", ".5", "5.", "+3", "--3", "0x10", "1 000", "12.5%", "[2014, 2016]", "", " ", "\t7\n", "1e", "e5", "١٢",
  "3.0000001", "2.85", "3.15", "3.16", "2.84", "-3", "Infinity%", "1.5e+2", "0.05", "0.0500001", "100", "95", "105", "105.0001", "94.999", "\x1c5", "\ufeff5", "\u00a05\u3000", "𝟓", "٥%", "1\u20005",
];

describe("relaxedCorrectness matches the python reference", () => {
  it("on odd cases, every ordered pair", () => {
    const pairs: [string, string][] = [];
    for (const t of ODD) for (const p of ODD) pairs.push([t, p]);
    const want = oracle(pairs);
    const got = pairs.map(([t, p]) => relaxedCorrectness(t, p));
    const diffs = pairs.filter((_, i) => want[i] !== got[i]);
    expect(diffs).toEqual([]);
  });

  it("on real ChartQA gold answers with perturbed predictions", () => {
    const golds = readFileSync(new URL("../../shared/data/chartqa/questions.jsonl", import.meta.url), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { answer: string }).answer);
    const pairs: [string, string][] = [];
    for (const g of golds) {
      const n = Number(g);
      pairs.push([g, g], [g, g.toUpperCase()], [g, ` ${g} `], [g, `${g}%`], [g, "0"]);
      if (Number.isFinite(n)) pairs.push([g, String(n * 1.04)], [g, String(n * 1.06)], [g, String(n * 0.951)], [g, String(n * 0.949)], [g, n.toLocaleString("en-US")]);
    }
    expect(pairs.length).toBeGreaterThan(5000);
    const want = oracle(pairs);
    const diffs = pairs.filter(([t, p], i) => want[i] !== relaxedCorrectness(t, p));
    expect(diffs).toEqual([]);
  });
});

describe("pythonFloat", () => {
  it("parses what float() parses and rejects what it rejects", () => {
    expect(pythonFloat(" 1_000 ")).toBe(1000);
    expect(pythonFloat("1e3")).toBe(1000);
    expect(pythonFloat("-inf")).toBe(-Infinity);
    expect(Number.isNaN(pythonFloat("nan"))).toBe(true);
    expect(pythonFloat("1,000")).toBeUndefined();
    expect(pythonFloat("0x10")).toBeUndefined();
    expect(pythonFloat("1__0")).toBeUndefined();
  });
});

describe("answer comparison", () => {
  it("writes answers as ChartQA does", () => {
    expect(answerToText(true)).toBe("Yes");
    expect(answerToText([2014, 2016])).toBe("[2014, 2016]");
    expect(answerToText(0.1 + 0.2)).toBe("0.30000000000000004");
  });
  it("matches list answers item by item with the relaxed rule", () => {
    expect(answersMatch("[2014, 2016]", [2014, 2016])).toBe(true);
    expect(answersMatch("[Lamb, Corn]", ["Corn", "Lamb"])).toBe(false);
    expect(answersMatch("[Lamb, Corn]", ["lamb", "corn"])).toBe(true);
    expect(answersMatch("[10.0, 20]", [10.4, 19.5])).toBe(true);
    expect(answersMatch("[10, 20]", [10])).toBe(false);
    expect(answersMatch("No", false)).toBe(true);
  });
});
