/**
 * The adversarial corpus (test/adversarial-corpus.ts) against the process-pool sandbox.
 *
 * "Contained" entries must fail (or answer) without costing a worker process: each category runs
 * concurrently through one two-worker sandbox, then clean canaries must still pass and
 * `workerRestarts` must not have moved. "Killer" entries (memory bombs that may abort V8, hangs only
 * the wall deadline ends) run on their own sandbox, mixed with canaries that must be unaffected,
 * and `workerRestarts` must move by exactly the number of runs that say they cost their worker.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SNIPPET_ERROR_CODES } from "../src/errors.js";
import { createSandbox } from "../src/sandbox/index.js";
import type { SnippetResult } from "../src/sandbox/types.js";
import { CORPUS, CORPUS_TABLE, NONDETERMINISM, TAMPERING, type Category, type CorpusEntry } from "./adversarial-corpus.js";
import { CANARIES, HARNESS_LIMITS, costWorker, expectCanariesPass, expectOutcome, runEntry } from "./support/sandbox-adversarial.js";

describe("the corpus", () => {
  it("has at least 60 distinct snippets across every category, with valid expectations", () => {
    const all = [...CORPUS, ...TAMPERING, ...NONDETERMINISM];
    expect(all.length).toBeGreaterThanOrEqual(60);
    expect(new Set(all.map((e) => e.name)).size).toBe(all.length);
    const categories = new Set(all.map((e) => e.category));
    for (const c of ["cpu", "memory", "escape", "async", "output", "tamper", "nondeterminism", "unknown-column"] satisfies Category[]) {
      expect(categories.has(c), c).toBe(true);
    }
    for (const e of all) expect([...SNIPPET_ERROR_CODES, "ok"]).toContain(e.expect);
  });
});

const contained = CORPUS.filter((e) => e.restarts === undefined);
const killers = CORPUS.filter((e) => e.restarts !== undefined);

describe("contained hostile snippets (no worker may be lost)", () => {
  const sandbox = createSandbox({ workers: 2, limits: HARNESS_LIMITS });
  afterAll(() => sandbox.dispose());

  const categories = [...new Set(contained.map((e) => e.category))];
  for (const category of categories) {
    describe(category, () => {
      const entries = contained.filter((e) => e.category === category);
      const results = new Map<CorpusEntry, SnippetResult>();
      let restartsBefore = 0;
      beforeAll(async () => {
        restartsBefore = sandbox.stats().workerRestarts;
        const rs = await Promise.all(entries.map((e) => runEntry(sandbox, e)));
        entries.forEach((e, i) => results.set(e, rs[i]!));
      });

      for (const entry of entries) {
        it(entry.name, () => {
          const r = results.get(entry)!;
          expectOutcome(entry, r);
          expect(costWorker(r), "this snippet must not cost its worker").toBe(false);
        });
      }

      it(`lost no worker, and clean canaries pass after the ${category} snippets`, async () => {
        expect(sandbox.stats().workerRestarts).toBe(restartsBefore);
        await expectCanariesPass(sandbox);
      });
    });
  }

  it("counted every run, by error code", () => {
    const stats = sandbox.stats();
    expect(stats.workerRestarts).toBe(0);
    expect(stats.workers).toBe(2);
    const failures = contained.filter((e) => e.expect !== "ok");
    const byCode: Record<string, number> = {};
    for (const e of failures) byCode[e.expect] = (byCode[e.expect] ?? 0) + 1;
    expect(stats.errorsByCode).toEqual(byCode);
    expect(stats.runs).toBe(contained.length + categories.length * CANARIES.length * 2);
  });
});

describe("hostile snippets that may cost a worker (memory bombs, uninterruptible hangs)", () => {
  const sandbox = createSandbox({ workers: 2, limits: HARNESS_LIMITS });
  afterAll(() => sandbox.dispose());
  const results = new Map<CorpusEntry, SnippetResult>();
  let canaryResults: SnippetResult[] = [];

  beforeAll(async () => {
    // Canaries are interleaved with the killers: runs pipelined behind a dying worker are re-queued.
    const killerRuns = killers.map((e) => runEntry(sandbox, e));
    // isolated-vm's timeout counts wall time inside the isolate: clean code gets a generous budget
    // so a loaded machine cannot turn a canary into a TIMEOUT.
    const canaryRuns = killers.flatMap(() =>
      CANARIES.slice(0, 2).map((c) => sandbox.run({ code: c.code, table: CORPUS_TABLE, limits: { timeoutMs: 3_000, wallTimeoutMs: 20_000 } })),
    );
    const [rs, cs] = await Promise.all([Promise.all(killerRuns), Promise.all(canaryRuns)]);
    killers.forEach((e, i) => results.set(e, rs[i]!));
    canaryResults = cs;
  });

  for (const entry of killers) {
    it(`${entry.category}: ${entry.name}`, () => {
      const r = results.get(entry)!;
      expectOutcome(entry, r);
      if (entry.restarts === "always") expect(costWorker(r), "the worker must have been replaced").toBe(true);
    });
  }

  it("restarted exactly the workers those runs report, and other runs were unaffected", async () => {
    const lost = [...results.values()].filter(costWorker).length;
    expect(lost).toBeGreaterThanOrEqual(killers.filter((e) => e.restarts === "always").length);
    expect(sandbox.stats().workerRestarts).toBe(lost);
    canaryResults.forEach((r, i) => expect(r.ok ? r.answer : r.error).toEqual(CANARIES[i % 2]!.answer));
    await expectCanariesPass(sandbox);
    expect(sandbox.stats().workers).toBe(2);
  });
});
