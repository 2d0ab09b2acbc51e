/**
 * The normal contract every sandbox runner must meet, as a reusable suite:
 *
 *   describeSandboxConformance("process-pool", (options) => createSandbox({ kind: "process-pool", ...options }));
 *
 * `makeRunner` is called a few times (a shared runner for most tests, plus small ones for
 * cancellation and disposal); every runner it returns is disposed by the suite.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SnippetRunError, UsageError } from "../../src/errors.js";
import { unwrapResult } from "../../src/sandbox/index.js";
import { DEFAULT_NOW_MS, type SandboxLimits, type SandboxRunner, type SnippetResult, type SnippetTable } from "../../src/sandbox/types.js";

export interface RunnerOptions {
  /** Worker processes / threads, for runners that have them. */
  workers?: number;
  /** Default limits of the runner. */
  limits?: Partial<SandboxLimits>;
}

export type MakeRunner = (options: RunnerOptions) => SandboxRunner;

const TABLE: SnippetTable = {
  columns: ["Country", "Price index", "Year"],
  rows: [
    ["Lamb", 103.7, 2020],
    ["Corn", 103.13, 2021],
    ["Beef", 45, 2022],
  ],
};

function failure(r: SnippetResult) {
  expect(r.ok, r.ok ? `unexpected answer ${JSON.stringify(r.answer)}` : "").toBe(false);
  if (r.ok) throw new Error("unreachable");
  return r.error;
}

export function describeSandboxConformance(name: string, makeRunner: MakeRunner): void {
  describe(`sandbox conformance: ${name}`, () => {
    const made: SandboxRunner[] = [];
    const make = (options: RunnerOptions = {}) => {
      const runner = makeRunner(options);
      made.push(runner);
      return runner;
    };
    // Generous CPU for clean code (mathjs warms up slowly on a loaded machine).
    const sandbox = make({ workers: 2, limits: { timeoutMs: 3_000, memoryLimitBytes: 64 * 1024 * 1024 } });
    const run = (code: string, extra: Partial<Parameters<SandboxRunner["run"]>[0]> = {}) => sandbox.run({ code, table: TABLE, ...extra });
    afterAll(async () => {
      await Promise.all(made.map((r) => r.dispose()));
    });

    describe("answers", () => {
      it.each([
        ["a number", "return 42.5", 42.5],
        ["a negative integer", "return -3", -3],
        ["a string", "return 'Lamb'", "Lamb"],
        ["an empty string", "return ''", ""],
        ["true", "return true", true],
        ["false", "return 1 > 2", false],
        ["a flat array of mixed scalars", "return [1, 'two', false]", [1, "two", false]],
        ["an empty array", "return []", []],
        ["a computed value from the table", "return table.map((r) => r.Country).join(', ')", "Lamb, Corn, Beef"],
      ])("%s", async (_label, code, answer) => {
        const r = await run(code);
        expect(r.ok ? r.answer : r.error).toEqual(answer);
        expect(unwrapResult(r)).toEqual(answer);
      });

      it("unwrapResult throws a SnippetRunError with the failure's code", async () => {
        const r = await run("return undefined");
        expect(() => unwrapResult(r)).toThrow(SnippetRunError);
        try {
          unwrapResult(r);
        } catch (e) {
          expect((e as SnippetRunError).code).toBe("INVALID_ANSWER");
        }
      });

      it("reports timings and the JavaScript it ran", async () => {
        const r = await run("const x: number = 2;\nreturn x * 3");
        expect(r.ok && r.answer).toBe(6);
        expect(r.js).toBe("const x = 2;\nreturn x * 3");
        expect(r.ms.total).toBeGreaterThanOrEqual(r.ms.run);
        expect(r.ms.transpile).toBeGreaterThanOrEqual(0);
      });
    });

    describe("TypeScript", () => {
      it("strips annotations, interfaces, generics, casts, non-null assertions, satisfies, as const, enums", async () => {
        const code = [
          "enum Color { Red, Green }",
          "interface P { x: number }",
          "type Row = Record<string, number | string | null>;",
          "function id<U>(u: U): U { return u }",
          "const p: P = { x: 2 } satisfies P;",
          "const arr = [1, 2] as const;",
          "let maybe: number | undefined = 3;",
          "const rows: Row[] = table as Row[];",
          "return [Color.Green, id<number>(p.x), arr.length, maybe!, rows[0]!['Year'] as number]",
        ].join("\n");
        const r = await run(code);
        expect(r.ok ? r.answer : r.error).toEqual([1, 2, 2, 3, 2020]);
        expect(r.js).not.toMatch(/interface|: number|as const|satisfies/);
        expect(r.js?.split("\n")).toHaveLength(9);
      });

      it("keeps positions in the snippet's own coordinates on lines whose types were stripped", async () => {
        const r = await run("const n: number = 1;\nconst v: string = (null as any).trim();\nreturn v");
        const e = failure(r);
        expect(e.code).toBe("SNIPPET_ERROR");
        expect(e).toMatchObject({ line: 2, column: 33 });
        expect(e.message).toBe("TypeError: Cannot read properties of null (reading 'trim') (at line 2:33)");
      });
    });

    describe("syntax errors", () => {
      it("in a one-line snippet", async () => {
        const e = failure(await run("return 1 +"));
        expect(e).toMatchObject({ code: "SYNTAX_ERROR", line: 1, column: 11 });
        expect(e.message).toMatch(/^SyntaxError: .*\(at line 1:11\)$/);
      });

      it("in a multi-line snippet with types (found while stripping types)", async () => {
        const code = "const rows: Array<{ Country: string }> = table as any;\nconst total: number = rows.length;\nreturn total +;";
        const e = failure(await run(code));
        expect(e).toMatchObject({ code: "SYNTAX_ERROR", line: 3, column: 15 });
        expect(e.message).toBe("SyntaxError: Unexpected token (at line 3:15)");
      });

      it("in a multi-line snippet with types (found by V8), mapped back through the stripped types", async () => {
        const code = "const a: number = 1;\nconst b: Record<string, number> = {}; let b = 2;\nreturn a";
        const e = failure(await run(code));
        expect(e).toMatchObject({ code: "SYNTAX_ERROR", line: 2, column: 43 });
        expect(e.message).toBe("SyntaxError: Identifier 'b' has already been declared (at line 2:43)");
      });

      it("await in the body", async () => {
        const e = failure(await run("const x: number = 1;\nreturn await x"));
        expect(e).toMatchObject({ code: "SYNTAX_ERROR", line: 2, column: 8 });
      });

      it("a snippet over the size limit", async () => {
        const e = failure(await run("return 1;" + " ".repeat(70_000)));
        expect(e.code).toBe("SYNTAX_ERROR");
        expect(e.message).toMatch(/limit is 65536/);
      });
    });

    describe("runtime errors", () => {
      it("give the name, message and line:column", async () => {
        const code = "const x: { a?: { b: number } } = {};\nconst y: number = 2;\nreturn (x.a as { b: number }).b + y";
        const e = failure(await run(code));
        expect(e).toMatchObject({ code: "SNIPPET_ERROR", line: 3, column: 31 });
        expect(e.message).toBe("TypeError: Cannot read properties of undefined (reading 'b') (at line 3:31)");
      });

      it("a thrown Error of the snippet's own", async () => {
        const e = failure(await run("if (table.length > 1)\n  throw new RangeError('too many rows');\nreturn 1"));
        expect(e).toMatchObject({ code: "SNIPPET_ERROR", line: 2, column: 9, message: "RangeError: too many rows (at line 2:9)" });
      });

      it("an unknown column names it, lists the real ones, suggests a close one, with line:column", async () => {
        const e = failure(await run("const rows = table;\nreturn rows.map((r) => r['Price Index'])"));
        expect(e).toMatchObject({ code: "UNKNOWN_COLUMN", unknownColumn: "Price Index", suggestion: "Price index", line: 2, column: 25 });
        expect(e.message).toBe(
          'Unknown column "Price Index". The table\'s columns are: "Country", "Price index", "Year". Did you mean "Price index"? (at line 2:25)',
        );
      });

      it("no return is an invalid answer that says so", async () => {
        const e = failure(await run("const x = table.length;"));
        expect(e.code).toBe("INVALID_ANSWER");
        expect(e.message).toContain("return");
      });
    });

    describe("console.log", () => {
      it("is captured, formatted and returned with the answer", async () => {
        const r = await run("console.log('a', 1, [1, 2], { k: 'v' }, null, undefined, true);\nconsole.log(table[0]);\nconsole.warn('w');\nreturn 1");
        expect(r.ok && r.answer).toBe(1);
        expect(r.logs).toEqual(['a 1 [1,2] {"k":"v"} null undefined true', '{"Country":"Lamb","Price index":103.7,"Year":2020}', "w"]);
        expect(r.logsTruncated).toBe(false);
      });

      it("is kept on failure", async () => {
        const r = await run("console.log('before');\nthrow new Error('x')");
        expect(r.ok).toBe(false);
        expect(r.logs).toEqual(["before"]);
      });

      it("is bounded by maxLogBytes", async () => {
        const r = await run("for (let i = 0; i < 1000; i++) console.log('line ' + i);\nreturn 'done'", { limits: { maxLogBytes: 100 } });
        expect(r.ok && r.answer).toBe("done");
        expect(r.logsTruncated).toBe(true);
        expect(r.logs.reduce((n, l) => n + l.length + 1, 0)).toBeLessThanOrEqual(100);
        expect(r.logs[0]).toBe("line 0");
      });
    });

    describe("scope", () => {
      it("columns lists the headers in order and cannot be changed", async () => {
        const r = await run("let pushed = 'no';\ntry { (columns as string[]).push('x'); pushed = 'yes' } catch {}\nreturn [...columns, pushed, Object.isFrozen(columns)]");
        expect(r.ok ? r.answer : r.error).toEqual(["Country", "Price index", "Year", "no", true]);
      });

      it("table rows are keyed by header, with nulls for missing cells", async () => {
        const r = await sandbox.run({
          code: "return table.map((r) => [r.Name, r['Value (%)'] === null ? 'missing' : r['Value (%)']].join('=')).concat(Object.keys(table[0]))",
          table: { columns: ["Name", "Value (%)"], rows: [["a", 1.5], ["b", null]] },
        });
        expect(r.ok ? r.answer : r.error).toEqual(["a=1.5", "b=missing", "Name", "Value (%)"]);
      });

      it("math is mathjs: median, mean, round, std", async () => {
        const r = await run(
          "const p = table.map((r) => r['Price index'] as number);\nreturn [math.median(p), math.round(math.mean(p), 2), math.round(math.std(p), 3), math.round(2.345, 2)]",
        );
        expect(r.ok ? r.answer : r.error).toEqual([103.13, 83.94, 33.727, 2.35]);
      });
    });

    describe("seed and nowMs", () => {
      const code = "console.log(new Date().toISOString());\nreturn [Math.random(), Math.random(), Date.now()]";

      it("default to 0 and 2024-01-01T00:00:00Z and are recorded", async () => {
        const r = await run(code);
        expect(r.seed).toBe(0);
        expect(r.nowMs).toBe(DEFAULT_NOW_MS);
        expect(r.logs).toEqual(["2024-01-01T00:00:00.000Z"]);
      });

      it("are recorded and replay identically, on any worker", async () => {
        const job = { seed: 42, nowMs: Date.UTC(2025, 2, 3, 4, 5, 6) };
        const first = await run(code, job);
        expect(first.seed).toBe(42);
        expect(first.nowMs).toBe(job.nowMs);
        const replays = await Promise.all([1, 2, 3, 4].map(() => run(code, { seed: first.seed, nowMs: first.nowMs })));
        for (const r of replays) {
          expect(r.ok ? r.answer : r.error).toEqual(first.ok ? first.answer : first.error);
          expect(r.logs).toEqual(["2025-03-03T04:05:06.000Z"]);
        }
        const other = await run(code, { seed: 43, nowMs: first.nowMs });
        expect(other.ok && other.answer).not.toEqual(first.ok && first.answer);
      });
    });

    describe("limits", () => {
      it("per-run limits override the runner's defaults, and only those given", async () => {
        const small = make({ workers: 1, limits: { timeoutMs: 3_000, maxAnswerItems: 3, maxLogBytes: 50 } });
        const [timed, items, logs, kept] = await Promise.all([
          small.run({ code: "while (true) {}", table: TABLE, limits: { timeoutMs: 100 } }),
          small.run({ code: "return [1, 2, 3, 4]", table: TABLE, limits: { maxAnswerItems: 10 } }),
          small.run({ code: "console.log('x'.repeat(80)); return 1", table: TABLE, limits: { maxLogBytes: 1_000 } }),
          small.run({ code: "console.log('y'.repeat(80)); return [1, 2, 3, 4]", table: TABLE, limits: { timeoutMs: 2_000 } }),
        ]);
        expect(failure(timed)).toMatchObject({ code: "TIMEOUT" });
        expect(failure(timed).message).toContain("100 ms");
        expect(timed.ms.run).toBeLessThan(2_000);
        expect(items.ok && items.answer).toEqual([1, 2, 3, 4]);
        expect(logs.ok && logs.logs).toEqual(["x".repeat(80)]);
        // The run set only timeoutMs: the runner's maxAnswerItems and maxLogBytes still apply.
        expect(failure(kept)).toMatchObject({ code: "ANSWER_TOO_LARGE" });
        expect(kept.logsTruncated).toBe(true);
      });

      it("the answer size limits: items and serialised bytes", async () => {
        const [items, bytes] = await Promise.all([
          run("return new Array(20).fill(1)", { limits: { maxAnswerItems: 10 } }),
          run("return 'x'.repeat(200)", { limits: { maxAnswerBytes: 100 } }),
        ]);
        expect(failure(items).code).toBe("ANSWER_TOO_LARGE");
        expect(failure(bytes).code).toBe("ANSWER_TOO_LARGE");
      });

      it("an invalid limit rejects the run", async () => {
        await expect(run("return 1", { limits: { timeoutMs: -5 } })).rejects.toThrow(UsageError);
        await expect(run("return 1", { limits: { memoryLimitBytes: Number.NaN } })).rejects.toThrow(/memoryLimitBytes/);
      });
    });

    describe("cancellation and disposal", () => {
      it("an AbortSignal cancels a queued run; the others carry on", async () => {
        const one = make({ workers: 1, limits: { timeoutMs: 3_000 } });
        const busy = Array.from({ length: 4 }, (_, i) => one.run({ code: `for (let i = 0; i < 2e7; i++);\nreturn ${i}`, table: TABLE }));
        const controller = new AbortController();
        const queued = one.run({ code: "return 'should not run'", table: TABLE }, { signal: controller.signal });
        const after = one.run({ code: "return 'after'", table: TABLE });
        controller.abort(new Error("caller gave up"));
        await expect(queued).rejects.toThrow("caller gave up");
        const done = await Promise.all([...busy, after]);
        expect(done.map((r) => (r.ok ? r.answer : r.error))).toEqual([0, 1, 2, 3, "after"]);
        expect(one.stats().runs).toBe(5);
      });

      it("an already-aborted signal rejects at once", async () => {
        const controller = new AbortController();
        controller.abort(new Error("too late"));
        await expect(sandbox.run({ code: "return 1", table: TABLE }, { signal: controller.signal })).rejects.toThrow("too late");
      });

      it("dispose() rejects later runs, and is idempotent", async () => {
        const short = make({ workers: 1 });
        const r = await short.run({ code: "return 1", table: TABLE });
        expect(r.ok && r.answer).toBe(1);
        await short.dispose();
        await short.dispose();
        await expect(short.run({ code: "return 2", table: TABLE })).rejects.toThrow(/disposed/);
      });

      it("dispose() rejects runs still waiting in its queue", async () => {
        const short = make({ workers: 1, limits: { timeoutMs: 3_000 } });
        const runs = Array.from({ length: 6 }, () => short.run({ code: "for (let i = 0; i < 1e7; i++);\nreturn 1", table: TABLE }));
        const settled = Promise.allSettled(runs);
        await short.dispose();
        const outcomes = await settled;
        expect(outcomes.some((o) => o.status === "rejected")).toBe(true);
        for (const o of outcomes) if (o.status === "rejected") expect(String(o.reason)).toMatch(/disposed/);
      });

      it("supports `await using`", async () => {
        let runner: SandboxRunner | undefined;
        {
          await using scoped = make({ workers: 1 });
          runner = scoped;
          const r = await scoped.run({ code: "return 'in scope'", table: TABLE });
          expect(r.ok && r.answer).toBe("in scope");
        }
        await expect(runner.run({ code: "return 1", table: TABLE })).rejects.toThrow(/disposed/);
      });
    });

    describe("stats", () => {
      it("counts runs and failures by code", async () => {
        const fresh = make({ workers: 1, limits: { timeoutMs: 500 } });
        await Promise.all([
          fresh.run({ code: "return 1", table: TABLE }),
          fresh.run({ code: "return table[0].Nope", table: TABLE }),
          fresh.run({ code: "return [1, , 2]", table: TABLE }),
          fresh.run({ code: "return table[0].Nope", table: TABLE }),
        ]);
        const s = fresh.stats();
        expect(s).toMatchObject({ runs: 4, workerRestarts: 0, workers: 1 });
        expect(s.errorsByCode).toEqual({ UNKNOWN_COLUMN: 2, INVALID_ANSWER: 1 });
      });
    });
  });
}
