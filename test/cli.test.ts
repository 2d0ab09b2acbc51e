import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The CLI is tested as users run it: the built bin/catbox.js (npm test builds first).
const BIN = new URL("../bin/catbox.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "catbox-cli-"));

function catbox(args: string[], input?: string): { code: number; stdout: string; stderr: string; json: any } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", cwd: dir, timeout: 60_000 });
  const lines = r.stdout.trim().split("\n");
  let json: unknown;
  try {
    json = JSON.parse(lines[lines.length - 1] ?? "");
  } catch {
    json = undefined;
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const CSV = "Country,Price index\r\nLamb,103.7\r\nCorn,103.13\r\n";
const RESPONSE = `<programability>yes</programability>
<csv>
Country,Price index
Lamb,103.7
Corn,103.13
</csv>
<code>
const top = table.reduce((a, b) => (b["Price index"] as number) > (a["Price index"] as number) ? b : a);
return top.Country;
</code>
<answer>Lamb</answer>`;

describe("catbox exec", () => {
  it("prints {ok, answer, logs, ms} and exits 0", () => {
    const r = catbox(["exec", "--table", file("t.csv", CSV), "--code", file("s.ts", 'console.log(columns.length);\nreturn table.map(r => r["Price index"] as number);')]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, answer: [103.7, 103.13], logs: ["2"] });
    expect(typeof r.json.ms.total).toBe("number");
  });
  it("prints {ok:false, error} and exits 3 when the snippet fails; limits come from flags", () => {
    const r = catbox(["exec", "--table", file("t.csv", CSV), "--code", file("loop.ts", "while (true) {}"), "--timeout-ms", "100"]);
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    expect(r.json.error.message).toContain("100 ms");
  });
  it("exits 2 on usage errors and unreadable input", () => {
    expect(catbox(["exec", "--table", file("t.csv", CSV)]).code).toBe(2);
    expect(catbox(["exec", "--table", "missing.csv", "--code", file("s.ts", "return 1")]).json).toMatchObject({ error: { code: "IO_ERROR" } });
    expect(catbox(["exec", "--table", file("t.csv", CSV), "--code", file("s.ts", "return 1"), "--timeout-ms", "soon"]).code).toBe(2);
    expect(catbox(["exec", "--table", file("t.csv", CSV), "--code", file("s.ts", "return 1"), "--memory-mb", "1"]).code).toBe(2);
    expect(catbox(["frobnicate"]).code).toBe(2);
  });
});

describe("catbox run and replay", () => {
  it("runs a response file with --answer and --trace, and replays the trace", () => {
    const trace = join(dir, "trace.json");
    const r = catbox(["run", file("r.txt", RESPONSE), "--answer", "lamb", "--trace", trace]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ path: "code", answer: "Lamb", computed: "Lamb", stated: "Lamb", agree: true, verified: true, repairs: [], error: null, correct: true });
    const saved = JSON.parse(readFileSync(trace, "utf8"));
    expect(saved.schema).toBe("catbox.trace/1");
    expect(saved.table.sha256).toMatch(/^[0-9a-f]{64}$/);

    const same = catbox(["replay", trace]);
    expect(same.code).toBe(0);
    expect(same.json).toMatchObject({ answer: "Lamb", same: true });

    const fixed = catbox(["replay", trace, "--code", file("fix.ts", "return table.length;")]);
    expect(fixed.json).toMatchObject({ answer: 2, same: false, previous: "Lamb" });

    const retabled = catbox(["replay", trace, "--table", file("t2.csv", "Country,Price index\nBeef,200\nLamb,103.7\n")]);
    expect(retabled.json).toMatchObject({ answer: "Beef", same: false });
  });
  it("reads the response from stdin, exits 3 with the reason when no answer could be produced", () => {
    const ok = catbox(["run", "-"], "<programability>no</programability>\n<think>looks like 5</think>\n<answer>5</answer>");
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ path: "visual", answer: "5", verified: false });
    const bad = catbox(["run", "-"], RESPONSE.replace('r["Price index"]', "r.Pric"));
    expect(bad.code).toBe(0); // the snippet never reads r.Pric: answer still produced
    const failing = catbox(["run", "-"], RESPONSE.replace("return top.Country;", "return top.Contry;"));
    expect(failing.code).toBe(3);
    expect(failing.json).toMatchObject({ answer: null, stated: "Lamb", error: { code: "UNKNOWN_COLUMN", line: 2, suggestion: "Country" } });
    const garbage = catbox(["run", "-"], "no tags at all");
    expect(garbage.code).toBe(3);
    expect(garbage.json.error.code).toBe("PARSE_ERROR");
  });
  it("rejects a trace that is not a catbox trace", () => {
    const r = catbox(["replay", file("bad-trace.json", JSON.stringify({ schema: "other/9" }))]);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe("TRACE_ERROR");
  });
  it("runs --batch: one line per input line, in order", () => {
    const lines = [
      JSON.stringify({ id: "a", response: RESPONSE, answer: "Lamb" }),
      "{oops",
      JSON.stringify({ id: "b", response: RESPONSE.replace("return top.Country;", "return table.length;"), answer: "2" }),
    ];
    const r = catbox(["run", "--batch", file("in.jsonl", lines.join("\n") + "\n"), "--concurrency", "2"]);
    expect(r.code).toBe(0);
    const outs = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(outs.map((o) => o.id)).toEqual(["a", null, "b"]);
    expect(outs[0]).toMatchObject({ answer: "Lamb", correct: true });
    expect(outs[1].error.code).toBe("USAGE_ERROR");
    expect(outs[2]).toMatchObject({ answer: 2, correct: true, agree: false });
  });
  it("has --help on every command", () => {
    for (const cmd of [[], ["exec"], ["run"], ["replay"], ["demo"]]) {
      const r = catbox([...cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage: catbox");
    }
  });
});
