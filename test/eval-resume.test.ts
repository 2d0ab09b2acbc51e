import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerEval } from "../src/cli/commands/eval.js";
import { loadResults, type EvalResult } from "../src/eval/index.js";
import { startOpenAIServer, type OpenAIServer } from "./support/openai-server.js";

const ROOT = new URL("..", import.meta.url).pathname;
const CHARTQA = new URL("../../shared/data/chartqa", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "catbox-eval-resume-"));
const ALL = readFileSync(join(CHARTQA, "questions.jsonl"), "utf8").trim().split("\n");
const FIRST = ALL.slice(0, 14).map((l) => JSON.parse(l) as { id: string; question: string });

function dataset(name: string, lines: string[]): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "questions.jsonl"), lines.join("\n") + "\n");
  symlinkSync(join(CHARTQA, "tables"), join(root, "tables"));
  symlinkSync(join(CHARTQA, "images"), join(root, "images"));
  return root;
}

/** The child: runs the library's runEval from the TypeScript sources (via tsx) and prints its summary. */
const CHILD = `
import { runEval } from ${JSON.stringify(join(ROOT, "src/eval/index.ts"))};
import { createModelBackend } from ${JSON.stringify(join(ROOT, "src/model/index.ts"))};
import { createSandbox } from ${JSON.stringify(join(ROOT, "src/sandbox/index.ts"))};
const [dataset, runDir, url] = process.argv.slice(2);
const backend = createModelBackend(url, { maxRetries: 0, timeoutMs: 10000 });
const sandbox = createSandbox({ workers: 1 });
try {
  const summary = await runEval({ dataset, runDir, backend, sandbox, concurrency: 2, onNotice: (m) => console.error("notice: " + m) });
  console.log(JSON.stringify(summary));
} finally {
  await sandbox.dispose();
  await backend.dispose();
}
`;

let server: OpenAIServer;
const script = join(dir, "child.mts");

beforeAll(async () => {
  writeFileSync(script, CHILD);
  server = await startOpenAIServer({
    handler: () => ({ kind: "completion", delayMs: 150, text: "<programability>no</programability>\n<think>Read off the chart.</think>\n<answer>3</answer>" }),
  });
});
afterAll(async () => {
  await server.close();
});

function child(args: string[]): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>; kill: () => void } {
  const p = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  p.stdout.on("data", (d) => (stdout += d));
  p.stderr.on("data", (d) => (stderr += d));
  return {
    done: new Promise((resolve) => p.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }))),
    kill: () => p.kill("SIGKILL"),
  };
}

const lineCount = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "").length : 0);
const asked = (question: string) => server.chatRequests().filter((r) => JSON.stringify(r.body.messages).includes(JSON.stringify(question).slice(1, -1))).length;

describe("crash and resume", () => {
  it("a run killed with SIGKILL resumes: every item exactly once, none lost, a cut-short line repaired", async () => {
    const ds = dataset("crash", ALL.slice(0, 14));
    const runDir = join(dir, "run-crash");
    const results = join(runDir, "results.jsonl");

    const first = child([ds, runDir, server.url]);
    const deadline = Date.now() + 20_000;
    while (lineCount(results) < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    first.kill();
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const before = readFileSync(results, "utf8");
    const doneBefore = before.split("\n").filter((l) => l.trim() !== "").map((l) => (JSON.parse(l) as EvalResult).id);
    expect(doneBefore.length).toBeGreaterThanOrEqual(4);
    expect(doneBefore.length).toBeLessThan(14);

    // as if the kill had landed mid-write
    appendFileSync(results, '{"index":13,"id":"human-4');

    const second = child([ds, runDir, server.url]);
    const finished = await second.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stderr).toMatch(/notice: dropped a last line cut short/);
    expect(finished.stderr).toMatch(new RegExp(`notice: resuming .*: ${doneBefore.length} item\\(s\\) already done`));
    const summary = JSON.parse(finished.stdout.trim().split("\n").at(-1)!);
    expect(summary).toMatchObject({ total: 14, skipped: doneBefore.length, asked: 14 - doneBefore.length, results: 14, resumed: true });

    const text = readFileSync(results, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const ids = text.trim().split("\n").map((l) => (JSON.parse(l) as EvalResult).id);
    expect(ids).toHaveLength(14);
    expect(new Set(ids).size).toBe(14);
    expect([...ids].sort()).toEqual(FIRST.map((q) => q.id).sort());
    expect(text.startsWith(before)).toBe(true); // what was written before the kill is kept as it was

    // items finished before the kill were not asked again
    for (const id of doneBefore) expect(asked(FIRST.find((q) => q.id === id)!.question), id).toBe(1);
    expect(existsSync(join(runDir, "report.html"))).toBe(true);
  }, 40_000);

  it("loadResults keeps whole lines, drops a cut-short tail, invalid lines and repeated ids", async () => {
    const path = join(dir, "repair.jsonl");
    const line = (id: string, index: number, extra = {}) => JSON.stringify({ id, index, error: null, ...extra });
    writeFileSync(path, [line("a", 0), "not json", line("b", 1), line("a", 0), line("c", 2, { error: "MODEL_TIMEOUT" })].join("\n") + "\n" + line("d", 3));
    const peek = await loadResults(path);
    expect(peek.results.map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
    expect(peek.changed).toBe(true);
    expect(readFileSync(path, "utf8").endsWith(line("d", 3))).toBe(true); // read-only: untouched

    const fixed = await loadResults(path, { repair: true, dropRetryable: true });
    expect(fixed.results.map((r) => r.id)).toEqual(["a", "b", "d"]);
    expect(fixed.repairs).toEqual({ truncatedBytes: 0, invalidLines: 1, duplicateLines: 1, retryLines: 1 });
    expect(readFileSync(path, "utf8")).toBe([line("a", 0), line("b", 1), line("d", 3)].join("\n") + "\n");

    appendFileSync(path, '{"id":"e","ind');
    const cut = await loadResults(path, { repair: true });
    expect(cut.repairs.truncatedBytes).toBe(14);
    expect(readFileSync(path, "utf8")).toBe([line("a", 0), line("b", 1), line("d", 3)].join("\n") + "\n");
  });
});

describe("catbox eval (command)", () => {
  async function run(args: string[]): Promise<number> {
    let code = -1;
    const program = new Command().exitOverride();
    registerEval(program, (c) => (code = c), new AbortController().signal);
    for (const c of program.commands) c.exitOverride();
    await program.parseAsync(args, { from: "user" });
    return code;
  }

  it("runs with --limit, refuses other settings, and regenerates reports with --report-only", async () => {
    const ds = dataset("cli", ALL.slice(0, 6));
    const out = join(dir, "run-cli");
    const common = ["eval", "--dataset", ds, "--model", server.url, "--out", out, "--no-progress", "--workers", "1", "--retries", "0"];
    const base = [...common, "--limit", "3"];
    expect(await run(base)).toBe(0);
    expect(lineCount(join(out, "results.jsonl"))).toBe(3);
    expect(JSON.parse(readFileSync(join(out, "run.json"), "utf8")).sessions[0]).toMatchObject({ limit: 3, concurrency: 4 });

    await expect(run([...base, "--max-repairs", "1"])).rejects.toMatchObject({ code: "USAGE_ERROR", message: expect.stringMatching(/maxRepairs: 2 → 1.*--force/) });
    expect(await run([...common, "--limit", "5", "--concurrency", "2"])).toBe(0);
    expect(lineCount(join(out, "results.jsonl"))).toBe(5);

    expect(await run(["eval", "--report-only", out])).toBe(0);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("| items | 5 |");
    await expect(run(["eval", "--model", server.url])).rejects.toMatchObject({ code: "USAGE_ERROR" });
  }, 30_000);
});
