import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { askChart } from "../src/ask/ask-chart.js";
import { askBatch } from "../src/ask/ask-batch.js";
import { createModelBackend } from "../src/model/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { validateTrace } from "../src/trace/io.js";
import { askHandlerFor } from "../src/serve/ask-handler.js";
import { createServeApp } from "../src/serve/index.js";
import { startOpenAIServer, type OpenAIServer } from "./support/openai-server.js";

const FIX = new URL("../fixtures/", import.meta.url).pathname;
const CHART = join(FIX, "chartqa/augmented-943/chart.png");
const QUESTION = "How many migrants arrived on Malta's shores?";
const reply = (name: string) => readFileSync(join(FIX, "model-replies/ask", `${name}.txt`), "utf8");
const say = (name: string) => ({ kind: "completion" as const, text: reply(name) });
const userText = (body: any): string =>
  body.messages
    .filter((m: any) => m.role === "user")
    .map((m: any) => (typeof m.content === "string" ? m.content : m.content.filter((p: any) => p.type === "text").map((p: any) => p.text).join("")))
    .join("\n");

let server: OpenAIServer;
const sandbox = createSandbox({ workers: 2 });
const dir = mkdtempSync(join(tmpdir(), "catbox-ask-"));

beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(async () => {
  await server.close();
  await sandbox.dispose();
});
beforeEach(() => {
  server.requests.length = 0;
});

function backend(spec = server.url) {
  return createModelBackend(spec, { maxRetries: 1, timeoutMs: 5000, sleep: async () => undefined } as never);
}

describe("askChart routing", () => {
  it("code path: sends the image and prompt, runs the code, verifies the answer", async () => {
    server.enqueue(say("ok"));
    await using b = backend();
    const { output, trace } = await askChart(CHART, QUESTION, { backend: b, sandbox, gold: "2281" });
    expect(output).toMatchObject({ path: "code", answer: 2281, verified: true, agree: true, correct: true, rounds: 1, resolution: "code", mode: "adaptive" });
    expect(output.model).toContain(server.url);
    const body = server.chatRequests()[0]!.body;
    const image = body.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])).find((p: any) => p.type === "image_url");
    expect(image.image_url.url).toMatch(/^data:image\/png;base64,/);
    expect(body.temperature).toBe(0);
    expect(userText(body)).toContain(QUESTION);
    const t = validateTrace(JSON.parse(JSON.stringify(trace)));
    expect(t.ask?.image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(t.ask?.rounds).toHaveLength(1);
    expect(t.table?.rows[3]).toEqual(["Malta", 2281]);
  });

  it("repair: sends the unknown-column error (listing real columns) back and uses the corrected snippet", async () => {
    server.enqueue(say("unknown-column"), say("ok"));
    await using b = backend();
    const { output, trace } = await askChart(CHART, QUESTION, { backend: b, sandbox });
    expect(output).toMatchObject({ answer: 2281, verified: true, rounds: 2, resolution: "repaired" });
    const second = userText(server.chatRequests()[1]!.body);
    expect(second).toContain('Unknown column "Immigrants"');
    expect(second).toContain('"Number of immigrants"');
    expect(trace.ask?.rounds.map((r) => r.kind)).toEqual(["initial", "repair"]);
    expect(trace.ask?.rounds[0]!.output.error).toMatchObject({ code: "UNKNOWN_COLUMN" });
  });

  it("repair gives up after --max-repairs rounds with the last error", async () => {
    server.enqueue(say("unknown-column"), say("unknown-column"));
    await using b = backend();
    const { output } = await askChart(CHART, QUESTION, { backend: b, sandbox, maxRepairs: 1 });
    expect(output).toMatchObject({ answer: null, verified: false, rounds: 2, resolution: "failed", error: { code: "UNKNOWN_COLUMN" } });
  });

  it("an unparseable reply is repaired too", async () => {
    server.enqueue(say("prose-only"), say("ok"));
    await using b = backend();
    const { output } = await askChart(CHART, QUESTION, { backend: b, sandbox });
    expect(output).toMatchObject({ answer: 2281, resolution: "repaired", rounds: 2 });
    expect(userText(server.chatRequests()[1]!.body)).toMatch(/PARSE_ERROR|format|tags?/i);
  });

  it("--on-error cot re-asks in visual mode; --on-error stated takes the stated answer unverified", async () => {
    server.enqueue(say("unknown-column"), say("visual-right"));
    await using b = backend();
    const cot = await askChart(CHART, QUESTION, { backend: b, sandbox, onError: "cot" });
    expect(cot.output).toMatchObject({ path: "visual", answer: "3617", verified: false, resolution: "cot-fallback", rounds: 2 });
    expect(cot.trace.ask?.rounds[1]!.mode).toBe("cot");

    server.enqueue(say("unknown-column"));
    const stated = await askChart(CHART, QUESTION, { backend: b, sandbox, onError: "stated" });
    expect(stated.output).toMatchObject({ answer: "2281", verified: false, resolution: "stated-fallback", rounds: 1, error: { code: "UNKNOWN_COLUMN" } });
  });

  it("visual path: unverified, with its arithmetic audited", async () => {
    server.enqueue(say("visual-right"), say("visual-wrong"));
    await using b = backend();
    const right = await askChart(CHART, "How many more migrants went to Spain than to Italy?", { backend: b, sandbox });
    expect(right.output).toMatchObject({ path: "visual", verified: false, resolution: "visual", arithmetic: { checked: 1, wrong: [] } });
    const wrong = await askChart(CHART, "How many more migrants went to Spain than to Italy?", { backend: b, sandbox });
    expect(wrong.output.arithmetic?.checked).toBe(1);
    expect(wrong.output.arithmetic?.wrong[0]).toMatchObject({ claimed: 3517, actual: 3617 });
  });

  it("self-consistency: majority over verified answers first", async () => {
    server.enqueue(say("visual-wrong"), say("ok"), say("visual-wrong"));
    await using b = backend();
    const { output } = await askChart(CHART, QUESTION, { backend: b, sandbox, samples: 3 });
    expect(output).toMatchObject({ answer: 2281, verified: true, resolution: "majority", rounds: 3 });
    expect(server.chatRequests().every((r) => r.body.temperature === 0.7)).toBe(true);
  });

  it("streams tokens to the caller as they arrive", async () => {
    server.enqueue({ kind: "completion", text: reply("ok"), chunkChars: 7 });
    await using b = backend();
    const deltas: string[] = [];
    const { output } = await askChart(CHART, QUESTION, { backend: b, sandbox, onToken: (d) => deltas.push(d) });
    expect(output.answer).toBe(2281);
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join("")).toBe(reply("ok"));
    expect(server.chatRequests()[0]!.body.stream).toBe(true);
  });

  it("--constrain sends catbox's grammar in the field the server takes", async () => {
    server.enqueue(say("ok"));
    await using b = backend();
    await askChart(CHART, QUESTION, { backend: b, sandbox, constrain: true });
    const body = server.chatRequests()[0]!.body;
    expect(body.structured_outputs.grammar).toBe(readFileSync(new URL("../grammars/catbox.gbnf", import.meta.url), "utf8"));
    await using plain = backend(`ollama:${server.url}`);
    await expect(askChart(CHART, QUESTION, { backend: plain, sandbox, constrain: true })).rejects.toMatchObject({ code: "USAGE_ERROR" });
  });

  it("a bad image fails before any model call", async () => {
    const bad = join(dir, "bad.png");
    writeFileSync(bad, "not an image");
    await using b = backend();
    await expect(askChart(bad, QUESTION, { backend: b, sandbox })).rejects.toMatchObject({ code: "IMAGE_ERROR" });
    expect(server.chatRequests()).toHaveLength(0);
  });
});

describe("POST /v1/ask (catbox serve with a model)", () => {
  it("answers a base64 image and refuses server paths", async () => {
    await using b = backend();
    const served = createServeApp({ sandbox, ask: askHandlerFor(b) });
    try {
      server.enqueue(say("ok"));
      const image = readFileSync(CHART).toString("base64");
      const res = await served.app.request("/v1/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: QUESTION, image, answer: "2281" }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ answer: 2281, verified: true, correct: true });
      const path = await served.app.request("/v1/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: QUESTION, image: "/etc/passwd" }) });
      expect(path.status).toBe(400);
      expect(server.chatRequests()).toHaveLength(1);
    } finally {
      await served.close();
    }
  });
});

describe("askBatch", () => {
  it("writes results in input order to --out and resumes without redoing finished ids", async () => {
    const input = join(dir, "in.jsonl");
    const out = join(dir, "out.jsonl");
    const lines = ["a", "b", "c"].map((id) => JSON.stringify({ id, image: CHART, question: QUESTION, answer: "2281" }));
    writeFileSync(input, lines.join("\n") + "\n");
    // b's server call fails for good: its line records MODEL_ERROR, and a re-run retries it
    server.enqueue(say("ok"), { kind: "error", status: 400, body: { error: { message: "bad request" } } }, say("ok"));
    await using b = backend();
    const first = await askBatch(readLinesOf(input), { backend: b, sandbox, concurrency: 1, out, inputPath: input });
    expect(first).toEqual({ done: 2, skipped: 0, failed: 1 });
    const written = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(written.map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(written[1].error.code).toBe("MODEL_ERROR");
    server.enqueue(say("ok"));
    const again = await askBatch(readLinesOf(input), { backend: b, sandbox, concurrency: 2, out, inputPath: input });
    expect(again).toEqual({ done: 1, skipped: 2, failed: 0 });
    const all = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(all.map((r) => r.id)).toEqual(["a", "b", "c", "b"]);
    expect(all[3]).toMatchObject({ answer: 2281, correct: true });
  });
});

async function* readLinesOf(path: string): AsyncGenerator<string> {
  for (const line of readFileSync(path, "utf8").split("\n")) yield line;
}

describe("catbox ask (CLI)", () => {
  it("prints the JSON on stdout and a summary on stderr; the trace replays", async () => {
    server.enqueue(say("ok"));
    const trace = join(dir, "ask-trace.json");
    const r = await cli(["ask", CHART, QUESTION, "--model", server.url, "--trace", trace, "--show", "--answer", "2281"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toMatchObject({ answer: 2281, verified: true, correct: true, rounds: 1 });
    expect(r.stderr).toContain("answer: 2281");
    expect(r.stderr).toContain("--- code ---");
    expect(existsSync(trace)).toBe(true);
    const replay = await cli(["replay", trace]);
    expect(JSON.parse(replay.stdout.trim())).toMatchObject({ answer: 2281, same: true });
  });

  it("Ctrl-C aborts an in-flight request and exits 130", async () => {
    server.enqueue({ kind: "hang" });
    const child = spawn(process.execPath, [new URL("../bin/catbox.js", import.meta.url).pathname, "ask", CHART, QUESTION, "--model", server.url]);
    await server.waitForChatRequests(1);
    const request = server.chatRequests()[0]!;
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    await server.waitForClose(request);
    expect(request.closedEarly).toBe(true);
  });

  it("falls back to the local path when no model is configured, calling no server", async () => {
    server.requests.length = 0;
    const r = await cli(["ask", CHART, QUESTION, "--answer", "2281"], { CATBOX_MODEL: "" });
    const out = JSON.parse(r.stdout);
    expect(out.model).toBe("local:ocr+geometry+compiler");
    expect(out).toMatchObject({ answer: 2281, verified: true, correct: true });
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // async spawn: the test server lives in this process, so it must keep serving while the CLI runs
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [new URL("../bin/catbox.js", import.meta.url).pathname, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
