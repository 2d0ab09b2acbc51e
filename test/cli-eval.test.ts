import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIServer, type OpenAIServer } from "./support/openai-server.js";

const FIX = new URL("../fixtures/", import.meta.url).pathname;
const BIN = new URL("../bin/catbox.js", import.meta.url).pathname;
let server: OpenAIServer;

beforeAll(async () => {
  const text = readFileSync(join(FIX, "model-replies/ask/ok.txt"), "utf8");
  server = await startOpenAIServer({ handler: () => ({ kind: "completion", text }) });
});
afterAll(() => server.close());

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("catbox eval (CLI)", () => {
  it("runs a JSONL data set, writes results, traces and reports, and resumes without asking again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "catbox-eval-cli-"));
    const dataset = join(dir, "data.jsonl");
    const chart = join(FIX, "chartqa/augmented-943/chart.png");
    writeFileSync(
      dataset,
      [
        { id: "q1", image: chart, question: "How many migrants arrived on Malta's shores?", answer: "2281", split: "augmented" },
        { id: "q2", image: chart, question: "How many migrants arrived on Malta's shores?", answer: "1000", split: "human" },
      ]
        .map((o) => JSON.stringify(o))
        .join("\n") + "\n",
    );
    const out = join(dir, "run");
    const first = await cli(["eval", "--dataset", dataset, "--model", server.url, "--out", out]);
    expect(first.code).toBe(0);
    const lines = readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id).sort()).toEqual(["q1", "q2"]);
    expect(lines.find((l) => l.id === "q1")).toMatchObject({ relaxed: true, verified: true, path: "code" });
    expect(lines.find((l) => l.id === "q2")).toMatchObject({ relaxed: false });
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<svg");
    expect(existsSync(join(out, "report.md"))).toBe(true);
    const asked = server.chatRequests().length;
    const again = await cli(["eval", "--dataset", dataset, "--model", server.url, "--out", out]);
    expect(again.code).toBe(0);
    expect(server.chatRequests().length).toBe(asked);
    expect(readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
  });
});
