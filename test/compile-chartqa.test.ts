import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileEval, type CompileEvalResult } from "../bench/compile-eval.js";
import { createSandbox, transpileSnippet } from "../src/sandbox/index.js";

// The question compiler on the real ChartQA questions that have a gold table: compile against the
// gold table, run in the sandbox, score with the relaxed rule. The floors sit a little under the
// measured numbers (see bench/compile-eval.ts for the per-question report).
const DATA = new URL("../../shared/data/chartqa/", import.meta.url).pathname;

describe.skipIf(!existsSync(join(DATA, "questions.jsonl")))("compiler on ChartQA", () => {
  const sandbox = createSandbox({ workers: 2 });
  let r: CompileEvalResult;
  beforeAll(async () => {
    r = await compileEval(DATA, { sandbox });
  }, 120_000);
  afterAll(() => sandbox.dispose());

  it("covers every question that has a table", () => {
    expect(r.bySplit.human!.total).toBe(636);
    expect(r.bySplit.augmented!.total).toBe(191);
  });

  it("augmented split (formulaic): high coverage, high precision", () => {
    const s = r.bySplit.augmented!;
    expect(s.compiled / s.total).toBeGreaterThanOrEqual(0.85);
    expect(s.correct / s.compiled).toBeGreaterThanOrEqual(0.95);
  });

  it("human split: about half compiled (the rest is mostly about colours and positions), and precise", () => {
    const s = r.bySplit.human!;
    expect(s.compiled / s.total).toBeGreaterThanOrEqual(0.45);
    expect(s.correct / s.compiled).toBeGreaterThanOrEqual(0.9);
  });

  it("every shape with a dozen or more questions is right at least 3 times in 4", () => {
    for (const [shape, s] of Object.entries(r.byShape)) {
      if (s.compiled >= 12) expect(s.correct / s.compiled, shape).toBeGreaterThanOrEqual(0.75);
    }
  });

  it("every compiled snippet transpiles and runs: no SYNTAX_ERROR, no sandbox error at all", () => {
    expect(r.errors).toEqual({});
    for (const it of r.items) if (it.code !== undefined) expect(transpileSnippet(it.code).ok, it.id).toBe(true);
  });

  it("every refusal carries a reason", () => {
    for (const it of r.items) if (it.shape === undefined) expect(it.reason, it.id).toBeTruthy();
  });
});
