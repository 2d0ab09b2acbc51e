/**
 * The local default end to end, as a user runs it: the CLI with no model configured reads a real
 * ChartQA chart (real OCR, real chart geometry), compiles the question, and verifies the answer in
 * the sandbox; unreadable images are declined; `run --image` grounds a response's table.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;
const BIN = join(ROOT, "bin/catbox.js");
const FIX = join(ROOT, "fixtures/chartqa");

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI with no model configured (CATBOX_MODEL removed from the environment). */
function catbox(args: string[]): Promise<Ran> {
  const env = { ...process.env };
  delete env.CATBOX_MODEL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("catbox ask with the local default (no model server)", () => {
  it("reads the fixture chart, compiles the question and verifies the answer; --show prints table and code", async () => {
    const r = await catbox(["ask", join(FIX, "augmented-1048/chart.png"), "How many Russian rubles did monolith cost per square meter in 2018?", "--answer", "55937", "--show"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ model: "local:ocr+geometry+compiler", path: "code", resolution: "code", answer: 55937, verified: true, correct: true, agree: true });
    // Grounding ran on the same OCR: every label of the table it read is on the chart.
    expect(out.grounding.labels.found).toBe(out.grounding.labels.total);
    expect(r.stderr).toMatch(/^answer: 55937 {2}\[code path, verified; code; 1 model call\(s\)\]$/m);
    expect(r.stderr).toMatch(/^read locally: vbar chart \(confidence \d\.\d\d, values from [a-z ]+\); question shape lookup$/m);
    expect(out.reading).toMatchObject({ kind: "vbar", shape: "lookup" });
    expect(r.stderr).toMatch(/--- table ---\nCharacteristic,Construction cost in Russ ?ian rubles per square meter\nMonolith,55937\n/);
    expect(r.stderr).toMatch(/--- code ---\n\/\/ Read locally, without a model: a vbar chart, 5 categories × 1 series/);
    expect(r.stderr).toMatch(/table\.find\(\(r\) => r\["Characteristic"\] === "Monolith"\)/);
  });

  it("declines an image that is not a chart (exit 3, answer null), never guessing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "catbox-local-"));
    const noise = Buffer.alloc(320 * 240 * 3);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 23;
    const image = join(dir, "noise.png");
    writeFileSync(image, await sharp(noise, { raw: { width: 320, height: 240, channels: 3 } }).png().toBuffer());
    const r = await catbox(["ask", image, "What is the highest value?"]);
    expect(r.status, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ resolution: "declined", answer: null, verified: false });
    expect(out.declined).toMatch(/could not be read locally/);
    expect(r.stderr).toMatch(/^answer: \(declined\) the chart could not be read locally/m);
  });
});

describe("catbox read", () => {
  it("prints the chart's table with its kind and confidence, or only the CSV", async () => {
    const chart = join(FIX, "augmented-1048/chart.png");
    const r = await catbox(["read", chart]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, kind: "vbar", valueSource: expect.stringMatching(/labels|mixed/) });
    expect(out.confidence).toBeGreaterThanOrEqual(0.4);
    expect(out.csv.split("\n")[1]).toBe("Monolith,55937");
    expect(out.attempts.map((a: { detector: string }) => a.detector)).toEqual(["bar", "line", "pie"]);
    const csv = await catbox(["read", "--csv", chart]);
    expect(csv.stdout.trim()).toBe(out.csv);
    const bad = await catbox(["read", chart, "--min-confidence", "2"]);
    expect(bad.status).toBe(2);
  });

  it("re-reads packed 45° category labels the first OCR pass missed, and a question about them is answered", async () => {
    // ChartQA two_col_1390: 25 quarters labelled "Q1 '15" … at 45°, which the text detector does not see.
    const chart = join(ROOT, "../shared/data/chartqa/images/two_col_1390.png");
    const r = await catbox(["read", chart]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.notes).toContain("category labels re-read as slanted text under the baseline");
    const rows = out.csv.split("\n").slice(1);
    expect(rows.filter((row: string) => /^Category \d/.test(row))).toEqual([]);
    expect(rows[0]).toMatch(/^Q1 ?'15,7\.3$/);
    const ask = await catbox(["ask", chart, "How many smartphones did OPPO ship in the first quarter of 2021?"]);
    expect(ask.status, ask.stderr).toBe(0);
    expect(JSON.parse(ask.stdout)).toMatchObject({ answer: 37.5, verified: true });
  });
});

describe("catbox run --image", () => {
  it("grounds the response's table in the chart's text", async () => {
    const r = await catbox(["run", join(FIX, "augmented-1048/response.txt"), "--image", join(FIX, "augmented-1048/chart.png")]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.answer).toBe(55937);
    expect(out.grounding.labels).toEqual({ found: 6, total: 6, missing: [] });
    expect(out.grounding.numbers.total).toBe(5);
    // A table from another chart is not grounded in this one.
    const other = await catbox(["run", join(FIX, "augmented-943/response.txt"), "--image", join(FIX, "augmented-1048/chart.png")]);
    expect(JSON.parse(other.stdout).grounding.score).toBeLessThan(0.3);
  });

  it("rejects --image with --batch, and a missing image before running", async () => {
    const both = await catbox(["run", "--batch", join(FIX, "x.jsonl"), "--image", "a.png"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--image apply to a single response/);
    const missing = await catbox(["run", join(FIX, "augmented-1048/response.txt"), "--image", join(FIX, "nope.png")]);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe("IO_ERROR");
  });
});
