/**
 * Shared harness for the adversarial sandbox suites: small limits, the outcome assertions every
 * corpus entry gets, host-leak detection and canary runs.
 */
import { homedir } from "node:os";
import { expect } from "vitest";
import { packageRoot } from "../../src/paths.js";
import type { SandboxLimits, SandboxRunner, SnippetResult } from "../../src/sandbox/types.js";
import { CORPUS_TABLE, type CorpusEntry } from "../adversarial-corpus.js";

const MIB = 1024 * 1024;

/** Small limits so hostile snippets fail fast on a 2-core machine. */
export const HARNESS_LIMITS: Partial<SandboxLimits> = {
  timeoutMs: 250,
  memoryLimitBytes: 32 * MIB,
  wallTimeoutMs: 3_000,
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Host paths and host stack frames that must never appear in anything a run returns. */
const HOST_LEAK = new RegExp(
  [
    escapeRegExp(packageRoot()),
    escapeRegExp(process.cwd()),
    escapeRegExp(homedir()),
    "/work/",
    "node_modules",
    "node:internal",
    "file://",
    "isolated-vm boundary",
    "isolate-executor",
    "process-pool-runner",
    "worker-main",
    "error-mapping",
    "\\bat [^\\n]*\\((?:/|[A-Za-z]:\\\\)",
  ].join("|"),
);

/** Everything a run hands back as text: message, logs, a string answer. */
export function expectNoHostLeak(r: SnippetResult): void {
  const texts: string[] = [...r.logs];
  if (r.ok) texts.push(...(Array.isArray(r.answer) ? r.answer : [r.answer]).filter((a): a is string => typeof a === "string"));
  else texts.push(r.error.message, r.error.unknownColumn ?? "", r.error.suggestion ?? "");
  for (const t of texts) expect(t, "host path or host stack frame in the result").not.toMatch(HOST_LEAK);
}

const POSITIONED = new Set(["SNIPPET_ERROR", "UNKNOWN_COLUMN", "SYNTAX_ERROR"]);

/** The assertions every corpus entry gets. */
export function expectOutcome(entry: CorpusEntry, r: SnippetResult): void {
  const got = r.ok ? "ok" : r.error.code;
  const detail = r.ok ? JSON.stringify(r.answer)?.slice(0, 300) : r.error.message.slice(0, 300);
  expect(got, `${entry.name}: ${detail}`).toBe(entry.expect);
  if (r.ok) {
    if (entry.answer !== undefined) expect(r.answer).toEqual(entry.answer);
  } else {
    expect(r.error.message.length, "error message is bounded").toBeLessThan(5_000);
    if (entry.position !== undefined && entry.position !== false) {
      const [line, column] = entry.position;
      expect({ line: r.error.line, column: r.error.column }).toEqual({ line, column });
      expect(r.error.message).toContain(`(at line ${line}:${column})`);
    } else if (entry.position === undefined && POSITIONED.has(r.error.code) && !/Maximum call stack size exceeded/.test(r.error.message)) {
      expect(r.error.line, `${entry.name}: the message should give a line:column`).toBeTypeOf("number");
      expect(r.error.message).toContain(`(at line ${r.error.line}:${r.error.column})`);
    }
  }
  expect(Array.isArray(r.logs)).toBe(true);
  expect(typeof r.logsTruncated).toBe("boolean");
  expectNoHostLeak(r);
  entry.check?.(r);
}

/** Run one corpus entry. */
export function runEntry(sandbox: SandboxRunner, entry: CorpusEntry): Promise<SnippetResult> {
  return sandbox.run({
    code: entry.code,
    table: CORPUS_TABLE,
    ...(entry.seed === undefined ? {} : { seed: entry.seed }),
    ...(entry.nowMs === undefined ? {} : { nowMs: entry.nowMs }),
    ...(entry.limits === undefined ? {} : { limits: entry.limits }),
  });
}

/** Whether a failed run cost its worker process (these messages say so; nothing else does). */
export function costWorker(r: SnippetResult): boolean {
  return !r.ok && /\bworker\b/.test(r.error.message);
}

/** Clean snippets with known answers: run after hostile ones to show the sandbox still works. */
export const CANARIES: readonly { code: string; answer: unknown }[] = [
  {
    code: 'const top = table.reduce((a, b) => ((b["Price index"] ?? 0) as number) > ((a["Price index"] ?? 0) as number) ? b : a);\nreturn top.Country;',
    answer: "Lamb",
  },
  { code: "return math.median(table.map((r) => r.Year as number))", answer: 2021 },
  { code: "return [Math.random(), Date.now(), columns.length]", answer: [0.26642920868471265, Date.UTC(2024, 0, 1), 3] },
  { code: "console.log('canary'); return table.filter((r) => r['Price index'] === null).map((r) => r.Country)", answer: ["Beef"] },
];

/**
 * Run every canary `times` times concurrently (enough to reach every worker) and check the
 * answers, that none costs a worker, and that the host process is still the one we started in.
 */
export async function expectCanariesPass(sandbox: SandboxRunner, times = 2): Promise<void> {
  const pid = process.pid;
  const before = sandbox.stats().workerRestarts;
  const jobs = Array.from({ length: times }, () => CANARIES).flat();
  // Clean code gets a generous CPU budget: mathjs's first calls are slow on a loaded machine.
  const results = await Promise.all(jobs.map((c) => sandbox.run({ code: c.code, table: CORPUS_TABLE, limits: { timeoutMs: 3_000 } })));
  results.forEach((r, i) => {
    expect(r.ok ? r.answer : r.error, `canary ${i}: ${JSON.stringify(r.ok ? r.answer : r.error)}`).toEqual(jobs[i]!.answer);
  });
  expect(sandbox.stats().workerRestarts).toBe(before);
  expect(process.pid).toBe(pid);
}
