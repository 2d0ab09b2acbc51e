import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerCheck } from "../src/cli/commands/check.js";

// `catbox check` is registered by the CLI's main; here it runs on its own Commander program.
const dir = mkdtempSync(join(tmpdir(), "catbox-check-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function check(args: string[]): Promise<{ exit: number | undefined; json: any }> {
  let exit: number | undefined;
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const program = new Command().exitOverride();
    registerCheck(program, (code) => {
      exit = code;
    });
    for (const cmd of program.commands) cmd.exitOverride();
    await program.parseAsync(["check", ...args], { from: "user" });
  } finally {
    spy.mockRestore();
  }
  return { exit, json: JSON.parse(chunks.join("").trim()) };
}

afterEach(() => vi.restoreAllMocks());

const GOLD = "Country,2019,2020\nA,10,20\nB,30,40\nTotal,40,60\n";

describe("catbox check", () => {
  it("prints consistency warnings only, without --gold", async () => {
    const r = await check(["--table", file("t.csv", "Country,2019,2020\nA,10,20\nB,30,40\nTotal,40,65\nA,1,2\n")]);
    expect(r.exit).toBe(0);
    expect(r.json).toMatchObject({ ok: true, table: { rows: 4, columns: ["Country", "2019", "2020"], warnings: [] } });
    expect(r.json.consistency.map((w: { code: string }) => w.code).sort()).toEqual(["DUPLICATE_LABEL", "TOTAL_MISMATCH"]);
    expect(r.json.metrics).toBeUndefined();
  });

  it("adds RNSS, RMS and data accuracy with --gold", async () => {
    const r = await check(["--table", file("p.csv", "Country,2019,2020\nA,10.5,20\nB,30,40\nTotal,40,60\n"), "--gold", file("g.csv", GOLD)]);
    expect(r.exit).toBe(0);
    expect(r.json.consistency).toEqual([]);
    expect(r.json.gold).toMatchObject({ rows: 3 });
    expect(r.json.metrics.rnss).toBeCloseTo(1 - 0.05 / 8, 12);
    expect(r.json.metrics.rms.f1).toBeCloseTo(5.95 / 6, 12);
    expect(r.json.metrics.data).toMatchObject({ columns: 1, rows: 1 });
    expect(r.json.details).toEqual({
      rnss: { goldNumbers: 8, predNumbers: 8, exact: true },
      rms: { goldDatapoints: 6, predDatapoints: 6, transposed: false, exact: true },
    });
  });

  it("rejects unreadable files and two stdin inputs", async () => {
    await expect(check(["--table", join(dir, "missing.csv")])).rejects.toMatchObject({ code: "IO_ERROR" });
    await expect(check(["--table", "-", "--gold", "-"])).rejects.toMatchObject({ code: "USAGE_ERROR" });
    await expect(check(["--table", file("bad.csv", 'a,b\n"x,1\n')])).rejects.toMatchObject({ code: "CSV_ERROR" });
  });
});
