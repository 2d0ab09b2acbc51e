import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_REWARD_WEIGHTS, resolveWeights, scoreReward, scoreRewardBatch, type RewardItem } from "../src/reward/index.js";
import { createSandbox } from "../src/sandbox/index.js";

const sandbox = createSandbox({ workers: 2, limits: { timeoutMs: 500 } });
afterAll(() => sandbox.dispose());

// Real ChartQA gold tables (CRLF and footnote marks kept), from the shared data set.
const DATA = join(import.meta.dirname, "..", "..", "shared", "data", "chartqa", "tables");
const MESSENGERS = readFileSync(join(DATA, "two_col_117.csv"), "utf8");
const AIRLINES = readFileSync(join(DATA, "two_col_176.csv"), "utf8");

const MESSENGERS_CSV = `Characteristic,Monthly active users in millions
WhatsApp*,2000
Facebook Messenger*,1300
Weixin / WeChat,1225
QQ,595
Telegram,550
Snapchat*,528`;
const TOP2 = `const top2 = [...table].sort((a, b) => (b["Monthly active users in millions"] as number) - (a["Monthly active users in millions"] as number)).slice(0, 2);
return top2.reduce((s, r) => s + (r["Monthly active users in millions"] as number), 0);`;

function catbox(csv: string, code: string, answer: string): string {
  return `<programability>yes</programability>\n<csv>\n${csv}\n</csv>\n<code>\n${code}\n</code>\n<answer>${answer}</answer>`;
}

const CATBOX_VISUAL = "<programability>no</programability>\n<think>The largest slice is dark blue.</think>\n<answer>dark blue</answer>";
const CLARIVIS = "<think>\nAmerican Airlines has 19.3% and Southwest 17.4%; 19.3 - 17.4 = 1.9.\n</think>\n<answer>1.9</answer>";
const CAT_PAPER_CODE = `<CODE>
Reading the bars into a DataFrame:

\`\`\`python
import pandas as pd

chart_data = pd.DataFrame({
    "Characteristic": ["American Airlines", "Southwest Airlines", "Delta Air Lines", "United Airlines",
                       "Spirit", "Alaska Airlines", "JetBlue Airways", "Frontier", "SkyWest", "Envoy Air", "Other"],
    "Domestic market share": [19.3, 17.4, 15.5, 12.4, 5.8, 5.3, 4.7, 3.6, 3.5, 1.3, 11.2],
})
print(chart_data["Domestic market share"].max() - chart_data["Domestic market share"].min())
\`\`\`

\\boxed{18}`;
const CAT_PAPER_DIRECT = "<DIRECT>\nThe legend colours are hard to separate; the tallest segment is light blue.\n\\boxed{light blue}";

const weightsSum = (c: Record<string, number>, w = DEFAULT_REWARD_WEIGHTS) =>
  w.accuracy * c.accuracy! + w.decision * c.decision! + w.data * c.data! + w.format * c.format! + w.agree * c.agree!;

describe("scoreReward (catbox dialect)", () => {
  it("scores a perfect code-path response: all components 1, reward = sum of the paper's weights", async () => {
    const r = await scoreReward({ response: catbox(MESSENGERS_CSV, TOP2, "3300"), answer: "3300", table: MESSENGERS, programmable: true }, { sandbox });
    expect(r.dialect).toBe("catbox");
    expect(r.components).toEqual({ format: 1, accuracy: 1, data: 1, decision: 1, agree: 1 });
    expect(r.reward).toBeCloseTo(0.8 + 0.3 + 0.15 + 0.05, 10);
    expect(r.output).toMatchObject({ path: "code", answer: 3300, verified: true, correct: true });
    expect(r.notes).toEqual([]);
  });

  it("judges the computed answer, not the stated one; agree catches the mismatch", async () => {
    const wrongCode = TOP2.replace("slice(0, 2)", "slice(0, 3)"); // 4525
    const r = await scoreReward({ response: catbox(MESSENGERS_CSV, wrongCode, "3300"), answer: "3300", table: MESSENGERS, programmable: true }, { sandbox });
    expect(r.components).toMatchObject({ accuracy: 0, agree: 0, decision: 0.5, data: 1, format: 1 });
    expect(r.reward).toBeCloseTo(0.3 * 0.5 + 0.15 + 0.05, 10);
  });

  it("gives partial data credit for a table with a misread value and extra rows", async () => {
    const misread = MESSENGERS_CSV.replace("1225", "1100") + "\nLine,200";
    const r = await scoreReward({ response: catbox(misread, TOP2, "3300"), answer: "3300", table: MESSENGERS }, { sandbox });
    expect(r.components.data).toBeGreaterThan(0.5);
    expect(r.components.data).toBeLessThan(1);
    expect(r.components.decision).toBe(0); // no gold label given
  });

  it("scores the visual path on the stated answer with no data credit", async () => {
    const r = await scoreReward({ response: CATBOX_VISUAL, answer: ["Dark Blue", "navy"], table: MESSENGERS, programmable: false }, { sandbox });
    expect(r.components).toEqual({ format: 1, accuracy: 1, data: 0, decision: 1, agree: 0 });
    expect(r.programmable).toBe(false);
  });

  it("gives the wrong path no decision credit even with the right answer", async () => {
    const r = await scoreReward({ response: CATBOX_VISUAL, answer: "dark blue", programmable: true }, { sandbox });
    expect(r.components).toMatchObject({ accuracy: 1, decision: 0 });
  });

  it("scores format 0 for a repaired response but still runs it", async () => {
    const sloppy = "Sure!\n<Programmability>Yes</Programmability>\n```csv\n" + MESSENGERS_CSV + "\n```\n```ts\n" + TOP2 + "\n```\n<answer>3300</answer>";
    const r = await scoreReward({ response: sloppy, answer: "3300", table: MESSENGERS, programmable: true }, { sandbox });
    expect(r.components).toEqual({ format: 0, accuracy: 1, data: 1, decision: 1, agree: 1 });
    expect(r.notes[0]).toMatch(/format: not the strict catbox shape \(repairs: .*tag-spelling/);
  });

  it("scores snippet failures and unreadable responses as 0 without throwing", async () => {
    const broken = await scoreReward({ response: catbox(MESSENGERS_CSV, "return table[0].Nope;", "3300"), answer: "3300", programmable: true }, { sandbox });
    expect(broken.components).toMatchObject({ accuracy: 0, agree: 0, decision: 0.5, format: 1 });
    expect(broken.output.error?.code).toBe("UNKNOWN_COLUMN");
    const garbage = await scoreReward({ response: "<<<<".repeat(50_000), answer: "1", programmable: true }, { sandbox });
    expect(garbage.reward).toBe(0);
    expect(garbage.output.error?.code).toBe("PARSE_ERROR");
    const huge = await scoreReward({ response: "x".repeat(2 * 1024 * 1024), answer: "1" }, { sandbox });
    expect(huge.reward).toBe(0);
  });

  it("notes an unreadable gold table and scores data 0", async () => {
    const r = await scoreReward({ response: catbox(MESSENGERS_CSV, TOP2, "3300"), answer: "3300", table: 'a,b\n"unterminated' }, { sandbox });
    expect(r.components.data).toBe(0);
    expect(r.notes.join(" ")).toMatch(/gold table is unreadable/);
  });
});

describe("scoreReward (other dialects)", () => {
  it("Clarivis-R1: format, accuracy on the stated answer, visual-path decision", async () => {
    const r = await scoreReward({ response: CLARIVIS, answer: "1.9", programmable: false }, { sandbox });
    expect(r.dialect).toBe("clarivis-r1");
    expect(r.components).toEqual({ format: 1, accuracy: 1, data: 0, decision: 1, agree: 0 });
    expect(r.reward).toBeCloseTo(0.8 + 0.3 + 0.05, 10);
  });

  it("Code-as-Thought paper: the DataFrame literal is scored against the real gold table", async () => {
    const r = await scoreReward({ response: CAT_PAPER_CODE, answer: "18", table: AIRLINES, programmable: true }, { sandbox });
    expect(r.dialect).toBe("cat-paper");
    // The gold table writes "19.3%"; the DataFrame holds 19.3 — catbox reads both as 19.3.
    expect(r.components).toEqual({ format: 1, accuracy: 1, data: 1, decision: 1, agree: 0 });
    expect(r.output).toMatchObject({ path: "code", answer: "18", verified: false });
  });

  it("Code-as-Thought paper: <DIRECT> is the visual path; a wrong answer on the right path is partial", async () => {
    const r = await scoreReward({ response: CAT_PAPER_DIRECT, answer: "dark blue", table: AIRLINES, programmable: false }, { sandbox, partialDecision: 0.25 });
    expect(r.components).toEqual({ format: 1, accuracy: 0, data: 0, decision: 0.25, agree: 0 });
  });

  it("a forced dialect overrides detection", async () => {
    const r = await scoreReward({ response: CLARIVIS, answer: "1.9" }, { sandbox, dialect: "catbox" });
    expect(r.dialect).toBe("catbox");
    expect(r.components.format).toBe(0); // not catbox's strict shape
    expect(r.components.accuracy).toBe(1); // tolerant parse: visual path, stated answer
  });

  it("hostile paper-style responses: a huge literal and unbalanced brackets score without hanging", async () => {
    const huge = `<CODE>\n\`\`\`python\nchart_data = pd.DataFrame({"x": [${"1, ".repeat(100_000)}], "y": [${"2, ".repeat(100_000)}]})\n\`\`\`\n\\boxed{1}`;
    const unbalanced = `<CODE>\n\`\`\`python\nchart_data = pd.DataFrame({"x": [1, 2, 3}\n\`\`\`\n\\boxed{1}`;
    const t0 = performance.now();
    const [a, b] = await scoreRewardBatch([{ response: huge, answer: "1", table: "x,y\n1,2" }, { response: unbalanced, answer: "1", table: "x,y\n1,2" }], { sandbox });
    expect(a!.components.format).toBe(1);
    expect(a!.components.data).toBeGreaterThan(0);
    expect(a!.components.data).toBeLessThan(0.5);
    expect(b!.components).toMatchObject({ format: 0, data: 0, accuracy: 1 });
    expect(b!.notes.join(" ")).toMatch(/data: expected "," or "\]"/);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});

describe("weights and options", () => {
  it("uses the paper's defaults and lets any weight be overridden", async () => {
    expect(resolveWeights()).toEqual({ accuracy: 0.8, decision: 0.3, data: 0.15, format: 0.05, agree: 0 });
    const item: RewardItem = { response: catbox(MESSENGERS_CSV, TOP2, "3300"), answer: "3300", table: MESSENGERS, programmable: true };
    const r = await scoreReward(item, { sandbox, weights: { accuracy: 1, decision: 0, data: 0, format: 0, agree: 0.5 } });
    expect(r.reward).toBeCloseTo(1.5, 10);
    const w = { ...DEFAULT_REWARD_WEIGHTS, format: 2 };
    const r2 = await scoreReward(item, { sandbox, weights: { format: 2 } });
    expect(r2.reward).toBeCloseTo(weightsSum(r2.components as unknown as Record<string, number>, w), 10);
  });

  it("rejects bad weights and options", async () => {
    const item: RewardItem = { response: CLARIVIS, answer: "1.9" };
    await expect(scoreReward(item, { sandbox, weights: { accuracy: Number.NaN } })).rejects.toThrow(/finite number/);
    await expect(scoreReward(item, { sandbox, weights: { speed: 1 } as never })).rejects.toThrow(/unknown reward weight "speed"/);
    await expect(scoreReward(item, { sandbox, partialDecision: 2 })).rejects.toThrow(/partialDecision/);
  });

  it("lenient accuracy accepts what relaxed rejects", async () => {
    const item: RewardItem = { response: "<think>reading the bar</think><answer>45</answer>", answer: "45%" };
    expect((await scoreReward(item, { sandbox })).components.accuracy).toBe(0);
    expect((await scoreReward(item, { sandbox, accuracyMetric: "lenient" })).components.accuracy).toBe(1);
  });
});

describe("scoreRewardBatch", () => {
  it("keeps input order across dialects and runs identical responses once", async () => {
    const items: RewardItem[] = [];
    for (let i = 0; i < 60; i++) {
      const k = i % 4;
      if (k === 0) items.push({ response: catbox(MESSENGERS_CSV, `return ${i};`, String(i)), answer: String(i), programmable: true });
      if (k === 1) items.push({ response: `<think>t</think><answer>${i}</answer>`, answer: String(i) });
      if (k === 2) items.push({ response: `<DIRECT>\n\\boxed{${i}}`, answer: String(i) });
      if (k === 3) items.push({ response: catbox(MESSENGERS_CSV, "return 7;", "7"), answer: i % 8 === 3 ? "7" : "8" }); // the same response, graded per item
    }
    const before = sandbox.stats().runs;
    const results = await scoreRewardBatch(items, { sandbox, concurrency: 8 });
    expect(results).toHaveLength(60);
    results.forEach((r, i) => {
      if (i % 4 === 3) expect(r.components.accuracy, `item ${i}`).toBe(i % 8 === 3 ? 1 : 0);
      else expect([r.output.answer, r.components.accuracy], `item ${i}`).toEqual([i % 4 === 0 ? i : String(i), 1]);
    });
    expect(sandbox.stats().runs - before).toBe(15 + 1);
  });

  it("rejects when its signal aborts", async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ response: catbox("a\n1", `let x = 0; for (let k = 0; k < 1e6; k++) x += k; return ${i};`, "1"), answer: "1" }));
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error("stop")), 50);
    await expect(scoreRewardBatch(items, { sandbox, signal: ctl.signal, concurrency: 4 })).rejects.toThrow("stop");
  });

  it("gives the same results as scoring items one by one (deduplication and caches change nothing)", async () => {
    const misread = MESSENGERS_CSV.replace("1225", "1100");
    const items: RewardItem[] = [
      { response: catbox(misread, TOP2, "3300"), answer: "3300", table: MESSENGERS, programmable: true },
      { response: catbox(misread, "return 1;", "1"), answer: "3300", table: MESSENGERS, programmable: true },
      { response: catbox(misread, TOP2, "3300"), answer: "3301", table: MESSENGERS, programmable: false },
      { response: catbox(misread, TOP2, "3300"), answer: "3300", table: AIRLINES, programmable: true },
      { response: CAT_PAPER_CODE, answer: "18", table: AIRLINES, programmable: true },
      { response: CAT_PAPER_CODE, answer: "18", table: MESSENGERS, programmable: true },
    ];
    const batch = await scoreRewardBatch(items, { sandbox });
    const single = await Promise.all(items.map((it) => scoreReward(it, { sandbox })));
    const strip = (r: { output: { ms: unknown } }) => ({ ...r, output: { ...r.output, ms: null } });
    expect(batch.map(strip)).toEqual(single.map(strip));
    expect(batch[0]!.components.data).toBeLessThan(1);
    expect(batch[3]!.components.data).toBeLessThan(batch[0]!.components.data);
  });

  it("the identical-table shortcut agrees with the data metric on every real ChartQA table", async () => {
    const { readdirSync } = await import("node:fs");
    const { parseCsv } = await import("../src/table/index.js");
    const { catDataAccuracy } = await import("../src/check/index.js");
    for (const f of readdirSync(DATA)) {
      const t = parseCsv(readFileSync(join(DATA, f), "utf8"));
      expect(catDataAccuracy(t, t).score, f).toBe(1);
    }
  });

  it("handles an empty batch", async () => {
    expect(await scoreRewardBatch([], { sandbox })).toEqual([]);
  });
});
