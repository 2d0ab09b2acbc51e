/**
 * State that must not survive a run, and answers that must not depend on anything but code, seed
 * and nowMs.
 *
 * Tampering: a one-worker sandbox, so every run lands on the same worker process and isolate;
 * after each tampering snippet the probe must give exactly the signature it gave on the fresh
 * sandbox. Determinism: each snippet runs repeatedly on both workers of one sandbox and on a
 * second sandbox, and every result must be identical.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "../src/sandbox/index.js";
import type { SnippetResult } from "../src/sandbox/types.js";
import { CORPUS_TABLE, MATH_PROBE, NONDETERMINISM, TAMPERING, TAMPER_PROBE, type CorpusEntry } from "./adversarial-corpus.js";
import { HARNESS_LIMITS, expectCanariesPass, expectNoHostLeak, expectOutcome, runEntry } from "./support/sandbox-adversarial.js";

function answerOf(r: SnippetResult): unknown {
  return r.ok ? r.answer : { code: r.error.code, message: r.error.message };
}

describe("cross-run tampering: the next run is pristine", () => {
  const sandbox = createSandbox({ workers: 1, limits: HARNESS_LIMITS });
  afterAll(() => sandbox.dispose());
  let baseline: SnippetResult;
  let mathBaseline: SnippetResult;
  const results = new Map<CorpusEntry, { tamper: SnippetResult; probe: SnippetResult; mathProbe: SnippetResult }>();

  beforeAll(async () => {
    const probe = () => sandbox.run({ code: TAMPER_PROBE, table: CORPUS_TABLE });
    const mathProbe = () => sandbox.run({ code: MATH_PROBE, table: CORPUS_TABLE, limits: { timeoutMs: 3_000 } });
    [baseline, mathBaseline] = await Promise.all([probe(), mathProbe()]);
    // One worker, queued in order: each tampering run is followed by the probes on the same isolate.
    const runs = TAMPERING.map((entry) => Promise.all([runEntry(sandbox, entry), probe(), mathProbe()]));
    const settled = await Promise.all(runs);
    TAMPERING.forEach((entry, i) => {
      const [tamper, probeResult, mathProbeResult] = settled[i]!;
      results.set(entry, { tamper, probe: probeResult, mathProbe: mathProbeResult });
    });
  });

  it("the probes answer on a fresh sandbox", () => {
    expect(baseline.ok, JSON.stringify(baseline)).toBe(true);
    expect(mathBaseline.ok ? mathBaseline.answer : mathBaseline.error).toBe("2,3,undefined,2.138");
    const sig = String(baseline.ok && baseline.answer).split("\n");
    expect(sig).toContain("3,Lamb|Corn|Beef".split(",")[0]!);
    expect(baseline.ok && baseline.answer).toContain('[{"Country":"Lamb","Price index":103.7,"Year":2020}');
  });

  for (const entry of TAMPERING) {
    it(entry.name, () => {
      const r = results.get(entry)!;
      expectOutcome(entry, r.tamper);
      expect(answerOf(r.probe)).toEqual(answerOf(baseline));
      expect(answerOf(r.mathProbe)).toEqual(answerOf(mathBaseline));
      expectNoHostLeak(r.probe);
    });
  }

  it("every run used the one worker, which was never replaced, and canaries pass", async () => {
    expect(sandbox.stats().workerRestarts).toBe(0);
    expect(sandbox.stats().runs).toBe(2 + TAMPERING.length * 3);
    await expectCanariesPass(sandbox, 1);
  });
});

describe("determinism: same code + seed + nowMs, same answer on every run, worker and sandbox", () => {
  const a = createSandbox({ workers: 2, limits: HARNESS_LIMITS });
  const b = createSandbox({ workers: 1, limits: HARNESS_LIMITS });
  afterAll(() => Promise.all([a.dispose(), b.dispose()]));
  const REPEATS = 4;
  const results = new Map<CorpusEntry, SnippetResult[]>();

  beforeAll(async () => {
    const all = await Promise.all(
      NONDETERMINISM.map((entry) =>
        Promise.all([...Array.from({ length: REPEATS }, () => runEntry(a, entry)), runEntry(b, entry)]),
      ),
    );
    NONDETERMINISM.forEach((entry, i) => results.set(entry, all[i]!));
  });

  for (const entry of NONDETERMINISM) {
    it(entry.name, () => {
      const [first, ...rest] = results.get(entry)!;
      expectOutcome(entry, first!);
      for (const r of rest) {
        expect(answerOf(r)).toEqual(answerOf(first!));
        expect(r.seed).toBe(first!.seed);
        expect(r.nowMs).toBe(first!.nowMs);
      }
    });
  }

  it("the seed and nowMs are what change the answer", async () => {
    const code = "return [Math.random(), math.random(), Date.now(), new Intl.DateTimeFormat('en-US').format()]";
    const [s0, s0again, s1, later] = await Promise.all([
      a.run({ code, table: CORPUS_TABLE, seed: 0 }),
      b.run({ code, table: CORPUS_TABLE, seed: 0 }),
      a.run({ code, table: CORPUS_TABLE, seed: 1 }),
      b.run({ code, table: CORPUS_TABLE, seed: 0, nowMs: Date.UTC(2030, 11, 24) }),
    ]);
    expect(answerOf(s0again)).toEqual(answerOf(s0));
    const [r0, m0, t0, d0] = s0.ok ? (s0.answer as unknown[]) : [];
    const [r1, m1] = s1.ok ? (s1.answer as unknown[]) : [];
    expect(r1).not.toBe(r0);
    expect(m1).not.toBe(m0);
    expect([t0, d0]).toEqual([Date.UTC(2024, 0, 1), "1/1/2024"]);
    expect(later.ok && (later.answer as unknown[]).slice(2)).toEqual([Date.UTC(2030, 11, 24), "12/24/2030"]);
  });

  it("lost no worker, and canaries pass on both sandboxes", async () => {
    expect(a.stats().workerRestarts + b.stats().workerRestarts).toBe(0);
    await Promise.all([expectCanariesPass(a), expectCanariesPass(b, 1)]);
  });
});

describe("isolate memory across runs: one run's leftovers do not shrink the next run's memory", () => {
  // isolated-vm keeps released contexts alive in some cases (notably mathjs contexts re-running
  // the same code); the executor replaces an isolate whose heap is a quarter full after a run.
  const sandbox = createSandbox({ workers: 1, limits: { ...HARNESS_LIMITS, timeoutMs: 3_000 } });
  afterAll(() => sandbox.dispose());

  it("30 identical mathjs runs, parked globals, then a run that needs half the heap: all answer", async () => {
    const mathRun = "return [math.median([1, 2, 3]), math.add(1, 2), math.round(math.std([2, 4, 4, 4, 5, 5, 7, 9]), 3)].join()";
    const park = "(globalThis as any).hog = new Array(1e6).fill(1.5);\nreturn (globalThis as any).hog.length";
    const needsHalf = "const a = new Array(2e6).fill(2.5);\nreturn a.length";
    const codes = [...Array.from({ length: 30 }, (_, i) => (i % 10 === 9 ? park : mathRun)), needsHalf];
    const results = await Promise.all(codes.map((code) => sandbox.run({ code, table: CORPUS_TABLE })));
    expect(results.map((r) => (r.ok ? r.answer : `${r.error.code}: ${r.error.message}`))).toEqual(
      codes.map((c) => (c === mathRun ? "2,3,2.138" : c === park ? 1e6 : 2e6)),
    );
    expect(sandbox.stats().workerRestarts).toBe(0);
  });
});
