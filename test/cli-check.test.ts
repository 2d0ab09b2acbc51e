import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = new URL("../bin/catbox.js", import.meta.url).pathname;
const GOLD = new URL("../fixtures/chartqa/augmented-943/table.csv", import.meta.url).pathname;

describe("catbox check (CLI)", () => {
  it("scores an extracted table against gold (RNSS, RMS, data accuracy) and reports consistency", () => {
    const dir = mkdtempSync(join(tmpdir(), "catbox-check-"));
    const same = spawnSync(process.execPath, [BIN, "check", "--table", GOLD, "--gold", GOLD], { encoding: "utf8" });
    expect(same.status).toBe(0);
    const a = JSON.parse(same.stdout);
    expect(a.metrics).toMatchObject({ rnss: 1, rms: { f1: 1 }, data: { score: 1 } });

    const off = join(dir, "off.csv");
    writeFileSync(off, "Characteristic,Number of immigrants\nSpain,36282\nItaly,32665\nGreece,9026\nMalta,3281\nMalta,1\n");
    const r = spawnSync(process.execPath, [BIN, "check", "--table", off, "--gold", GOLD], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.metrics.rms.f1).toBeLessThan(1);
    expect(b.metrics.data.score).toBeLessThan(1);
    expect(b.consistency.map((w: { code: string }) => w.code)).toContain("DUPLICATE_LABEL");

    expect(spawnSync(process.execPath, [BIN, "check", "--table", join(dir, "missing.csv")], { encoding: "utf8" }).status).toBe(2);
  });

  it("--image grounds the table in the chart's own text (local OCR)", () => {
    const dir = mkdtempSync(join(tmpdir(), "catbox-check-img-"));
    const chart = new URL("../fixtures/chartqa/augmented-943/chart.png", import.meta.url).pathname;
    const own = JSON.parse(spawnSync(process.execPath, [BIN, "check", "--table", GOLD, "--image", chart], { encoding: "utf8" }).stdout);
    expect(own.grounding.labels).toMatchObject({ found: 5, total: 5, missing: [] });
    const invented = join(dir, "invented.csv");
    writeFileSync(invented, "Characteristic,Number of immigrants\nFrance,1200\nPortugal,800\nCyprus,450\n");
    const other = JSON.parse(spawnSync(process.execPath, [BIN, "check", "--table", invented, "--image", chart], { encoding: "utf8" }).stdout);
    expect(other.grounding.labels.missing).toEqual(expect.arrayContaining(["France", "Portugal", "Cyprus"]));
    expect(other.grounding.score).toBeLessThan(own.grounding.score);
  });
});
