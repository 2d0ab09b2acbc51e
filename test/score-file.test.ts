import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { registerScore, summaryText } from "../src/cli/commands/score.js";
import { IoError } from "../src/errors.js";
import { MAX_GROUPS, scoreFile, scoreLines, type ItemResult } from "../src/score/index.js";

const dir = mkdtempSync(join(tmpdir(), "catbox-score-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return path;
}

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("scoreFile: prediction lines {id, prediction, answer}", () => {
  const path = file("predictions.jsonl", [
    { id: "a", prediction: "Let me think.\nThe answer is 45.", answer: "45%", split: "human", question_complexity: "complex" },
    { id: "b", prediction: "<answer>2010</answer>", answer: "2009", split: "human", question_complexity: null },
    { id: "c", prediction: "No. The bar is shorter.", answer: ["No"], split: "augmented", question_complexity: "simple" },
    { id: "d", prediction: "", answer: "5", split: "augmented", question_complexity: "simple" },
    { id: "e", prediction: "Italy and Australia", gold: "[Australia, Italy]", answer: "ignored when gold is there", split: "augmented" },
  ]);

  it("extracts, scores both ways, and breaks down by split and question_complexity", async () => {
    const out = join(dir, "predictions.items.jsonl");
    const s = await scoreFile(path, { perItem: out });
    expect(s).toMatchObject({ lines: 5, bad: 0, items: 5, ungraded: 0, noAnswer: 1 });
    expect(s.relaxed).toEqual({ correct: 2, accuracy: 0.4 }); // b (2010 ≈ 2009 within 5%), c
    expect(s.lenient).toEqual({ correct: 3, accuracy: 0.6 }); // a, c, e — b is a year, exact
    expect(s.methods).toEqual({ "answer-is": 1, "answer-tag": 1, "yes-no": 1, none: 1, "last-line": 1 });
    expect(s.by.split).toEqual({
      augmented: { items: 3, relaxed: { correct: 1, accuracy: 0.3333 }, lenient: { correct: 2, accuracy: 0.6667 } },
      human: { items: 2, relaxed: { correct: 1, accuracy: 0.5 }, lenient: { correct: 1, accuracy: 0.5 } },
    });
    expect(Object.keys(s.by.question_complexity!)).toEqual(["complex", "null", "simple"]);
    expect(s.by.path).toBeUndefined();
    const items = readJsonl(out);
    expect(items.map((i) => i.id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(items[0]).toEqual({ id: "a", answer: "45", method: "answer-is", gold: ["45%"], relaxed: false, lenient: true, split: "human", question_complexity: "complex" });
    expect(items[3]).toMatchObject({ id: "d", answer: null, method: "none", relaxed: false, lenient: false });
  });
});

describe("scoreFile: catbox result lines {id, answer, …, gold?}", () => {
  const run = (id: string, answer: unknown, extra: Record<string, unknown>) => ({
    id, path: "code", answer, computed: answer, stated: null, agree: null, verified: true, repairs: [], error: null, logs: [], ms: { total: 1 }, ...extra,
  });
  const path = file("results.jsonl", [
    run("1", 2482, { gold: "2482", correct: true }),
    run("2", ["Australia", "Italy"], { gold: "[Italy, Australia]", correct: false }),
    run("3", true, { gold: "Yes", path: "visual" }),
    run("4", null, { gold: "7", error: { code: "TIMEOUT", message: "…" }, path: null }),
    run("5", 12, { correct: true }), // no gold: not scored; its `correct` flag is tallied
    run("6", "light blue", {}),
  ]);

  it("scores the given answer (no extraction), counts lines without gold as ungraded, tallies reported flags", async () => {
    const s = await scoreFile(path);
    expect(s).toMatchObject({ lines: 6, bad: 0, items: 4, ungraded: 2, noAnswer: 1, methods: { given: 6 } });
    expect(s.relaxed.correct).toBe(2); // 1 and 3 (true → "Yes")
    expect(s.lenient.correct).toBe(3); // and 2, in any order
    expect(s.reported).toEqual({ items: 3, correct: 2, accuracy: 0.6667 });
    expect(Object.keys(s.by.path!)).toEqual(["code", "null", "visual"]);
  });
});

describe("scoreFile: ChartBench records", () => {
  const gpt4o = new URL("../../shared/data/chartbench/predictions/gpt4o.jsonl", import.meta.url).pathname;

  it("scores each conversation turn, broken down by task", async () => {
    const s = await scoreFile(gpt4o);
    expect(s).toMatchObject({ lines: 1380, items: 2484, bad: 0, ungraded: 0 });
    expect(Object.keys(s.by.task!)).toEqual(["CR", "GC", "NQA", "VC", "VE"]);
    expect(s.relaxed.accuracy!).toBeGreaterThan(0.6);
    expect(s.lenient.correct).toBeGreaterThanOrEqual(s.relaxed.correct);
    expect(s.by.task!.NQA!.items).toBe(276);
  });

  it("breaks down by other fields with `by` (type.chart here) and calls onItem in order", async () => {
    const ids: unknown[] = [];
    const s = await scoreFile(gpt4o, { by: ["chart"], onItem: (r: ItemResult) => void ids.push(r.id) });
    expect(Object.keys(s.by)).toEqual(["chart"]);
    expect(Object.keys(s.by.chart!).length).toBeGreaterThan(3);
    expect(ids.slice(0, 3)).toEqual(["0#0", "0#1", "1#0"]);
  });
});

describe("scoreFile: bad lines are counted and reported, never fatal", () => {
  it("reports each bad line with its number, and writes an error line per bad line with --per-item", async () => {
    const path = file("bad.jsonl", [
      "{not json",
      "[1, 2]",
      { id: 1, prediction: 5, answer: "5" },
      { id: 2, prediction: "5", answer: { value: 5 } },
      { id: 3, prediction: "5", answer: [] },
      { id: 4, question: "no shape" },
      { id: 5, conversation: [{ label: "Yes", answer: "Yes" }, "oops"] },
      "",
      { id: 6, prediction: "5", answer: 5 },
    ]);
    const out = join(dir, "bad.items.jsonl");
    const s = await scoreFile(path, { perItem: out });
    expect(s).toMatchObject({ lines: 8, bad: 7, items: 1 });
    expect(s.relaxed.correct).toBe(1);
    expect(s.badLines.map((b) => b.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(s.badLines[0]!.message).toMatch(/^line 1 is not valid JSON/);
    expect(s.badLines[2]!.message).toMatch(/"prediction" must be a string/);
    expect(s.badLines[5]!.message).toMatch(/needs "prediction"/);
    const items = readJsonl(out);
    expect(items).toHaveLength(8);
    expect(items[0]).toMatchObject({ id: null, line: 1, error: { code: "USAGE_ERROR" } });
    expect(items[7]).toMatchObject({ id: 6, relaxed: true });
  });

  it("skips over-long lines (as readLines marks them)", async () => {
    const s = await scoreLines([{ tooLong: true, bytes: 99 }, JSON.stringify({ id: 1, prediction: "3", answer: "3" })]);
    expect(s).toMatchObject({ lines: 2, bad: 1, items: 1 });
    expect(s.badLines[0]!.message).toMatch(/99 bytes, over the line limit/);
  });

  it("keeps at most MAX_GROUPS values per breakdown field, pooling the rest under (other)", async () => {
    const lines = Array.from({ length: MAX_GROUPS + 50 }, (_, i) => JSON.stringify({ id: i, prediction: "1", answer: "1", split: `s${i}` }));
    const s = await scoreLines(lines);
    expect(Object.keys(s.by.split!)).toHaveLength(MAX_GROUPS + 1);
    expect(s.by.split!["(other)"]!.items).toBe(50);
  });

  it("fails with IoError on an unreadable input or an unwritable --per-item file", async () => {
    await expect(scoreFile(join(dir, "missing.jsonl"))).rejects.toBeInstanceOf(IoError);
    const path = file("ok.jsonl", [{ id: 1, prediction: "1", answer: "1" }]);
    await expect(scoreFile(path, { perItem: join(dir, "no-such-dir", "out.jsonl") })).rejects.toBeInstanceOf(IoError);
  });
});

describe("scoreFile streams large files", () => {
  it("scores 100,000 lines", async () => {
    const path = join(dir, "large.jsonl");
    const rows: string[] = [];
    for (let i = 0; i < 100_000; i++) rows.push(JSON.stringify({ id: i, prediction: `The answer is ${i % 7}.`, answer: String(i % 5), split: i % 2 ? "human" : "augmented" }));
    writeFileSync(path, rows.join("\n"));
    const t0 = performance.now();
    const s = await scoreFile(path);
    expect(s.items).toBe(100_000);
    expect(s.methods["answer-is"]).toBe(100_000);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});

describe("the score command (registerScore)", () => {
  it("prints the JSON summary on stdout and a human summary on stderr; exit 0 when something was scored", async () => {
    const path = file("cli.jsonl", [{ id: 1, prediction: "45", answer: "45%", split: "human" }, "garbage"]);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let code = -1;
    try {
      const program = new Command().exitOverride();
      registerScore(program, (c) => (code = c));
      await program.parseAsync(["score", path, "--by", "split"], { from: "user" });
      const json = JSON.parse(String(stdout.mock.calls.at(-1)![0])) as { items: number; bad: number; lenient: { correct: number } };
      expect(json).toMatchObject({ items: 1, bad: 1, lenient: { correct: 1 } });
      const human = stderr.mock.calls.map((c) => String(c[0])).join("");
      expect(human).toContain("1 items, relaxed 0.0%, lenient 100.0%");
      expect(human).toContain("split=human");
      expect(code).toBe(0);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it("exits 3 when nothing could be scored", async () => {
    const path = file("nothing.jsonl", ["garbage", { id: 1, answer: "5" }]);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let code = -1;
    try {
      const program = new Command().exitOverride();
      registerScore(program, (c) => (code = c));
      await program.parseAsync(["score", path], { from: "user" });
      expect(code).toBe(3);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it("summaryText lists bad lines and breakdowns", async () => {
    const s = await scoreLines(["x", JSON.stringify({ id: 1, prediction: "1", answer: "1", path: "code" })], { file: "f.jsonl" });
    const text = summaryText(s);
    expect(text).toContain("f.jsonl: 2 lines → 1 items, relaxed 100.0%, lenient 100.0%");
    expect(text).toContain("path=code: 1 items");
    expect(text).toContain("bad: line 1 is not valid JSON");
  });
});
