import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { lineProgress, loadResults, runEval, traceFileName, writeReport, type EvalResult } from "../src/eval/index.js";
import { createModelBackend } from "../src/model/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { validateTrace } from "../src/trace/io.js";
import { startOpenAIServer, type OpenAIServer, type RecordedRequest, type Reply } from "./support/openai-server.js";

const CHARTQA = new URL("../../shared/data/chartqa", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "catbox-eval-run-"));

/** All lines of the real ChartQA questions file, by id. */
const QUESTIONS = new Map<string, Record<string, unknown>>(
  readFileSync(join(CHARTQA, "questions.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((q) => [String(q.id), q]),
);
const goldCsv = (id: string) => readFileSync(join(CHARTQA, String(QUESTIONS.get(id)!.table)), "utf8").replace(/\r\n/g, "\n").trim();

/** A ChartQA-layout folder holding just these items (tables/ and images/ link to the real ones). */
function chartqaSubset(name: string, ids: string[]): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "questions.jsonl"), ids.map((id) => JSON.stringify(QUESTIONS.get(id))).join("\n") + "\n");
  symlinkSync(join(CHARTQA, "tables"), join(root, "tables"));
  symlinkSync(join(CHARTQA, "images"), join(root, "images"));
  return root;
}

const codeReply = (csv: string, code: string, stated: string) =>
  `<programability>yes</programability>\n<csv>\n${csv}\n</csv>\n<code>\n${code}\n</code>\n<answer>${stated}</answer>`;
const visualReply = (think: string, answer: string) => `<programability>no</programability>\n<think>${think}</think>\n<answer>${answer}</answer>`;

/** Scripted replies, computed from each item's gold table (right, wrong, visual, broken). */
const SCRIPT: Record<string, () => string> = {
  // code path, right: counts the table's rows
  "human-2": () => codeReply(goldCsv("human-2"), "return table.length;", "3"),
  // code path, right: a Yes/No comparison
  "human-3": () =>
    codeReply(goldCsv("human-3"), "const v = (c) => table.find((r) => r.Country === c)[columns[1]];\nreturn v(\"Madagascar\") > v(\"Fiji\");", "No"),
  // visual path, right
  "human-18": () => visualReply("All the bars are the same blue.", "1"),
  // code path, wrong and disagreeing with its own stated answer
  "human-19": () => codeReply(goldCsv("human-19"), "return table.length > 2;", "No"),
  // visual path, wrong
  "human-20": () => visualReply("The blue line is labelled boys.", "blue line"),
  // code path that never runs: an unknown column, every round
  "human-21": () => codeReply(goldCsv("human-21"), 'return table.map((r) => r["Boys and girls"]);', "2008"),
  "augmented-1": () => codeReply(goldCsv("augmented-1"), 'return table.find((r) => r.Characteristic === "Major obstacle").All;', "8"),
  "augmented-4": () =>
    codeReply(goldCsv("augmented-4"), "return table.reduce((a, b) => ((b.Oil ?? -Infinity) > (a.Oil ?? -Infinity) ? b : a)).Characteristic;", "Saudi Arabia"),
  "augmented-19": () =>
    codeReply(goldCsv("augmented-19"), 'const r = table.find((r) => String(r.Characteristic) === "2020");\nreturn r["Media workers"] + r["Motive unconfirmed"] + r["Motive confirmed"];', "50"),
};

function userText(body: any): string {
  return body.messages
    .filter((m: any) => m.role === "user")
    .map((m: any) => (typeof m.content === "string" ? m.content : m.content.filter((p: any) => p.type === "text").map((p: any) => p.text).join("")))
    .join("\n");
}

/** The id of the item a request asks about (by its question). */
function itemOf(req: RecordedRequest): string | undefined {
  const text = userText(req.body);
  for (const [id, q] of QUESTIONS) if (text.includes(String(q.question))) return id;
  return undefined;
}

let server: OpenAIServer;
let failing = new Set<string>();
const sandbox = createSandbox({ workers: 1 });

beforeAll(async () => {
  server = await startOpenAIServer({
    handler: (req): Reply => {
      const id = itemOf(req);
      if (id !== undefined && failing.has(id)) return { kind: "error", status: 500, body: { error: { message: "server melted" } } };
      const script = id === undefined ? undefined : SCRIPT[id];
      return { kind: "completion", text: script ? script() : visualReply("I read the chart.", "0") };
    },
  });
});
afterAll(async () => {
  await server.close();
  await sandbox.dispose();
});
beforeEach(() => {
  failing = new Set();
});

const backend = () => createModelBackend(server.url, { maxRetries: 0, timeoutMs: 10_000 });
const results = (runDir: string): EvalResult[] =>
  readFileSync(join(runDir, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as EvalResult);

const IDS = ["human-2", "human-3", "human-18", "human-19", "human-20", "human-21", "augmented-1", "augmented-4", "augmented-19", "human-164"];

describe("runEval", () => {
  const dataset = chartqaSubset("small", IDS);
  const runDir = join(dir, "run-small");

  it("asks, scores and records every item, with traces and reports", async () => {
    await using b = backend();
    const lines: string[] = [];
    const summary = await runEval({ dataset, runDir, backend: b, sandbox, concurrency: 3, progress: lineProgress((l) => lines.push(l), { everyMs: 0 }) });
    expect(summary).toMatchObject({ total: 10, asked: 10, skipped: 0, results: 10, resumed: false, complete: true });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/10\/10 \(100%\)/);

    const rs = results(runDir);
    expect(rs.map((r) => r.id).sort()).toEqual([...IDS].sort());
    const by = new Map(rs.map((r) => [r.id, r]));
    expect(by.get("human-2")).toMatchObject({ answer: 3, path: "code", verified: true, agree: true, relaxed: true, lenient: true, error: null, rounds: 1, resolution: "code", split: "human" });
    expect(by.get("human-3")).toMatchObject({ answer: false, answerText: "No", relaxed: true });
    expect(by.get("human-18")).toMatchObject({ path: "visual", verified: false, relaxed: true });
    expect(by.get("human-19")).toMatchObject({ answerText: "Yes", stated: "No", agree: false, relaxed: false });
    expect(by.get("human-20")).toMatchObject({ path: "visual", relaxed: false });
    expect(by.get("human-21")).toMatchObject({ answer: null, error: "UNKNOWN_COLUMN", rounds: 3, resolution: "failed", relaxed: false });
    expect(by.get("augmented-4")).toMatchObject({ answer: "Saudi Arabia", relaxed: true, split: "augmented", complexity: { chart: "complex", question: "complex" } });
    expect(by.get("augmented-19")).toMatchObject({ answer: 50, relaxed: true });
    expect(by.get("human-164")).toMatchObject({ error: "IMAGE_ERROR", trace: null, rounds: 0 });
    expect(rs.filter((r) => r.relaxed)).toHaveLength(6);
    for (const r of rs) expect(Object.keys(r)).toEqual(expect.arrayContaining(["id", "question", "gold", "answer", "path", "verified", "agree", "relaxed", "lenient", "error", "rounds", "resolution", "split", "complexity", "ms"]));

    // traces: replayable catbox traces plus the item's gold data
    const t = JSON.parse(readFileSync(join(runDir, by.get("human-21")!.trace!), "utf8"));
    expect(validateTrace(t).ask?.rounds).toHaveLength(3);
    expect(t.eval).toMatchObject({ id: "human-21", answers: ["2008"] });
    expect(t.eval.goldTable).toContain("Child Labor (Boys");
    expect(by.get("human-2")!.trace).toBe(`traces/${traceFileName("human-2")}`);
    expect(existsSync(join(runDir, "traces", traceFileName("human-164")))).toBe(false);

    const manifest = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(manifest).toMatchObject({ schema: "catbox.eval-run/1", settings: { format: "chartqa", mode: "adaptive", onError: "repair" } });
    expect(manifest.settings.model).toContain(server.url);
  });

  it("reports accuracy by split, complexity, path, agreement and error, with failures' tables and code", () => {
    const md = readFileSync(join(runDir, "report.md"), "utf8");
    expect(md).toContain("| relaxed accuracy | 60.0% (6) |");
    for (const heading of ["### Split", "### Chart complexity", "### Question complexity", "### Path taken", "### Computed vs stated answer", "### Error code"]) expect(md).toContain(heading);
    expect(md).toMatch(/\| augmented \| 3 \| 100\.0% \|/);
    expect(md).toMatch(/\| UNKNOWN_COLUMN \| 1 \| 0\.0% \|/);
    expect(md).toContain("## Failures (4)");
    expect(md).toContain('return table.map((r) => r["Boys and girls"]);'); // the failing code, from its trace
    expect(md).toContain("Gold table:");
    const html = readFileSync(join(runDir, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\b(?:src|href)=/);
    expect(html).toContain("Boys and girls");
  });

  it("--report-only regenerates the same reports from results and traces", async () => {
    const before = [readFileSync(join(runDir, "report.md"), "utf8"), readFileSync(join(runDir, "report.html"), "utf8")];
    rmSync(join(runDir, "report.md"));
    rmSync(join(runDir, "report.html"));
    await writeReport(runDir);
    expect([readFileSync(join(runDir, "report.md"), "utf8"), readFileSync(join(runDir, "report.html"), "utf8")]).toEqual(before);
  });

  it("re-running skips everything done; other settings are refused unless --force", async () => {
    await using b = backend();
    const requests = server.chatRequests().length;
    const again = await runEval({ dataset, runDir, backend: b, sandbox });
    expect(again).toMatchObject({ asked: 0, skipped: 10, resumed: true, results: 10 });
    expect(server.chatRequests().length).toBe(requests);
    await expect(runEval({ dataset, runDir, backend: b, sandbox, mode: "code" })).rejects.toMatchObject({ code: "USAGE_ERROR", message: expect.stringContaining("mode") });
    const forced = await runEval({ dataset, runDir, backend: b, sandbox, mode: "code", force: true });
    expect(forced).toMatchObject({ asked: 0, skipped: 10 });
    const manifest = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(manifest.settings.mode).toBe("code");
    expect(manifest.sessions.at(-1).forced).toEqual(["mode"]);
    // a larger --limit or another concurrency is not a change of settings
    await expect(runEval({ dataset, runDir, backend: b, sandbox, mode: "code", limit: 50, concurrency: 1 })).resolves.toMatchObject({ asked: 0 });
  });

  it("model-server errors are recorded, then asked again on resume without duplicate lines", async () => {
    const ds = chartqaSubset("flaky", ["human-2", "human-3", "human-18"]);
    const out = join(dir, "run-flaky");
    failing = new Set(["human-3"]);
    await using b = backend();
    const first = await runEval({ dataset: ds, runDir: out, backend: b, sandbox, concurrency: 1 });
    expect(first).toMatchObject({ asked: 3, relaxed: 2 });
    expect(results(out).find((r) => r.id === "human-3")).toMatchObject({ error: "MODEL_ERROR", answer: null });
    failing = new Set();
    const notices: string[] = [];
    const second = await runEval({ dataset: ds, runDir: out, backend: b, sandbox, onNotice: (m) => notices.push(m) });
    expect(second).toMatchObject({ asked: 1, skipped: 2, relaxed: 3, results: 3 });
    expect(second.repairs.retryLines).toBe(1);
    expect(notices.join("\n")).toMatch(/again/);
    expect(results(out).map((r) => r.id).sort()).toEqual(["human-18", "human-2", "human-3"]);
  });

  it("stops after repeated model-server errors, leaving a resumable run", async () => {
    const ds = chartqaSubset("down", ["human-2", "human-3", "human-18", "human-19"]);
    const out = join(dir, "run-down");
    failing = new Set(["human-2", "human-3", "human-18", "human-19"]);
    await using b = backend();
    await expect(runEval({ dataset: ds, runDir: out, backend: b, sandbox, concurrency: 1, maxConsecutiveModelErrors: 2 })).rejects.toMatchObject({ code: "MODEL_ERROR" });
    expect(results(out)).toHaveLength(2);
    failing = new Set();
    const resumed = await runEval({ dataset: ds, runDir: out, backend: b, sandbox });
    expect(resumed).toMatchObject({ asked: 4, results: 4 });
    const { results: rs } = await loadResults(join(out, "results.jsonl"));
    expect(rs.map((r) => r.id).sort()).toEqual(["human-18", "human-19", "human-2", "human-3"]);
  });

  it("an aborted run records only finished items, writes no report, and resumes", async () => {
    const ids = ["human-2", "human-3", "human-18", "human-19", "human-20"];
    const ds = chartqaSubset("abort", ids);
    const out = join(dir, "run-abort");
    const abort = new AbortController();
    await using b = backend();
    const first = await runEval({
      dataset: ds,
      runDir: out,
      backend: b,
      sandbox,
      concurrency: 2,
      signal: abort.signal,
      progress: { start() {}, tick: () => abort.abort(new Error("interrupted")), stop() {} },
    });
    expect(first.complete).toBe(false);
    expect(first.asked).toBeGreaterThanOrEqual(1);
    expect(first.asked).toBeLessThan(5);
    expect(existsSync(join(out, "report.md"))).toBe(false);
    const second = await runEval({ dataset: ds, runDir: out, backend: b, sandbox });
    expect(second).toMatchObject({ complete: true, results: 5, skipped: first.asked, asked: 5 - first.asked });
    expect(results(out).map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});
