import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runResponse } from "../src/engine/run-response.js";
import { parseResponseStrict } from "../src/response/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { parseCsv } from "../src/table/index.js";

// The ChartQA fixtures: real charts and gold tables with hand-written reference responses.
const ROOT = new URL("../fixtures/chartqa/", import.meta.url).pathname;
const DATA = new URL("../../shared/data/chartqa/", import.meta.url).pathname;

interface Meta {
  id: string;
  split: string;
  chart: string;
  question: string;
  answer: string;
  source: string;
  kind: string;
  stated_disagrees?: boolean;
}

const ids = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const questions = new Map(
  readFileSync(join(DATA, "questions.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; question: string; answer: string; table: string | null; image: string | null })
    .map((q) => [q.id, q]),
);
const meta = (id: string): Meta => JSON.parse(readFileSync(join(ROOT, id, "meta.json"), "utf8")) as Meta;
const response = (id: string): string => readFileSync(join(ROOT, id, "response.txt"), "utf8");

const sandbox = createSandbox({ workers: 2 });
afterAll(() => sandbox.dispose());

describe("ChartQA fixtures", () => {
  it("are a few dozen real ChartQA items, copied byte-exact from the shared data", () => {
    expect(ids.length).toBeGreaterThanOrEqual(30);
    for (const id of ids) {
      const m = meta(id);
      const q = questions.get(id);
      expect(q, `fixture ${id} is a ChartQA question id`).toBeDefined();
      expect(m.id).toBe(id);
      expect(m.question).toBe(q!.question);
      expect(m.answer).toBe(q!.answer);
      expect(readFileSync(join(ROOT, id, "chart.png")).equals(readFileSync(join(DATA, q!.image!)))).toBe(true);
      if (existsSync(join(ROOT, id, "table.csv"))) {
        expect(readFileSync(join(ROOT, id, "table.csv")).equals(readFileSync(join(DATA, q!.table!)))).toBe(true);
      }
    }
  });

  it("have canonical responses (the strict parser accepts every one)", () => {
    for (const id of ids) expect(() => parseResponseStrict(response(id)), id).not.toThrow();
  });

  it("code-path responses carry the gold table", () => {
    for (const id of ids) {
      const parsed = parseResponseStrict(response(id));
      if (!parsed.programmable) continue;
      const gold = parseCsv(readFileSync(join(ROOT, id, "table.csv")));
      const given = parseCsv(parsed.csv!);
      expect(given.columns, id).toEqual(gold.columns);
      expect(given.rows, id).toEqual(gold.rows);
    }
  });

  it("every response answers its question correctly; agreement is flagged exactly where the stated answer was made to disagree", async () => {
    const results = await Promise.all(ids.map(async (id) => ({ id, m: meta(id), out: (await runResponse(response(id), { sandbox, gold: meta(id).answer })).output })));
    for (const { id, m, out } of results) {
      expect(out.error, id).toBeNull();
      expect(out.correct, `${id}: ${JSON.stringify(out.answer)} vs gold ${m.answer}`).toBe(true);
      if (out.path === "code") {
        expect(out.verified).toBe(true);
        expect(out.agree, id).toBe(!m.stated_disagrees);
      } else {
        expect(out.verified).toBe(false);
      }
    }
    expect(results.filter((r) => r.out.path === "visual").length).toBeGreaterThanOrEqual(3);
    expect(results.filter((r) => r.out.agree === false).length).toBeGreaterThanOrEqual(3);
  });

  it("catbox demo prints one row per fixture and the summary", () => {
    const r = spawnSync(process.execPath, [new URL("../bin/catbox.js", import.meta.url).pathname, "demo"], { encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBe(ids.length + 4);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${ids.length} responses: .* ${ids.length} correct against gold`));
    const json = spawnSync(process.execPath, [new URL("../bin/catbox.js", import.meta.url).pathname, "demo", "--json"], { encoding: "utf8", timeout: 120_000 });
    expect(json.stdout.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(ids);
  });
});
