import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readInput, readLines } from "../src/cli/io.js";
import { runBatch, type BatchOutput } from "../src/engine/run-batch.js";
import { createSandbox } from "../src/sandbox/index.js";

const dir = mkdtempSync(join(tmpdir(), "catbox-io-"));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("bounded input reading", () => {
  it("streams lines and refuses to buffer an over-long one, without losing the next", async () => {
    const p = join(dir, "lines.jsonl");
    writeFileSync(p, `short\r\n${"x".repeat(100)}\nafter\nlast-no-newline`);
    const lines = await collect(readLines(p, 50));
    expect(lines).toEqual(["short", { tooLong: true, bytes: 100 }, "after", "last-no-newline"]);
  });

  it("turns an over-long batch line into an error line and carries on", async () => {
    const p = join(dir, "batch.jsonl");
    const ok = JSON.stringify({ id: "ok", response: "<programability>no</programability><answer>1</answer>" });
    writeFileSync(p, `${JSON.stringify({ id: "big", response: "y".repeat(500) })}\n${ok}\n`);
    await using sandbox = createSandbox({ workers: 1 });
    const outs: BatchOutput[] = [];
    await runBatch(readLines(p, 200), { sandbox }, (o) => void outs.push(o));
    expect(outs).toHaveLength(2);
    expect(outs[0]).toMatchObject({ id: null, error: { code: "USAGE_ERROR" } });
    expect((outs[0] as { error: { message: string } }).error.message).toMatch(/line 1 is \d+ bytes, over the line limit/);
    expect(outs[1]).toMatchObject({ id: "ok", answer: "1" });
  });

  it("refuses files over the size cap and invalid UTF-8 with IO_ERROR", async () => {
    const big = join(dir, "big.txt");
    writeFileSync(big, "z".repeat(2000));
    await expect(readInput(big, "response", 1000)).rejects.toMatchObject({ code: "IO_ERROR", message: expect.stringContaining("larger than 1000 bytes") });
    const bad = join(dir, "bad.txt");
    writeFileSync(bad, Buffer.from([0x3c, 0xff, 0xfe, 0x3e]));
    await expect(readInput(bad, "response")).rejects.toMatchObject({ code: "IO_ERROR", message: expect.stringContaining("not valid UTF-8") });
    await expect(readInput(join(dir, "nope.txt"), "response")).rejects.toMatchObject({ code: "IO_ERROR", message: expect.stringContaining("ENOENT") });
  });
});
