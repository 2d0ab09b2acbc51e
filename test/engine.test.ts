import { afterAll, describe, expect, it } from "vitest";
import { runBatch, type BatchOutput } from "../src/engine/run-batch.js";
import { replayTrace } from "../src/engine/replay.js";
import { runResponse } from "../src/engine/run-response.js";
import { createSandbox } from "../src/sandbox/index.js";
import { parseCsv } from "../src/table/index.js";
import { validateTrace } from "../src/trace/io.js";

const sandbox = createSandbox({ workers: 2, limits: { timeoutMs: 500 } });
afterAll(() => sandbox.dispose());

function codeResponse(csv: string, code: string, answer?: string): string {
  return `<programability>yes</programability>\n<csv>\n${csv}\n</csv>\n<code>\n${code}\n</code>\n` + (answer === undefined ? "" : `<answer>${answer}</answer>\n`);
}

const CSV = 'Country,Price index\nLamb,103.7\nCorn,"1,103.13"\nBeef,45%';
const TOP = 'const top = table.reduce((a, b) => (b["Price index"] as number) > (a["Price index"] as number) ? b : a);\nreturn top.Country;';

describe("runResponse", () => {
  it("runs the code path: computed answer, stated kept, agree, verified, correct", async () => {
    const { output, trace } = await runResponse(codeResponse(CSV, TOP, "Corn"), { sandbox, gold: "corn" });
    expect(output).toMatchObject({ path: "code", answer: "Corn", computed: "Corn", stated: "Corn", agree: true, verified: true, error: null, correct: true });
    expect(output.repairs).toEqual([]);
    // the CSV was normalised: "1,103.13" → 1103.13, "45%" → 45
    expect(trace.table?.rows).toEqual([["Lamb", 103.7], ["Corn", 1103.13], ["Beef", 45]]);
    expect(trace.table?.raw?.[1]).toEqual(["Corn", "1,103.13"]);
    expect(trace.code?.js).toContain("reduce");
    expect(trace.code?.js).not.toContain("as number");
    expect(() => validateTrace(JSON.parse(JSON.stringify(trace)))).not.toThrow();
  });

  it("flags a stated answer that disagrees with the computed one", async () => {
    const { output } = await runResponse(codeResponse(CSV, "return table.length;", "4"), { sandbox, gold: "3" });
    expect(output).toMatchObject({ answer: 3, stated: "4", agree: false, verified: true, correct: true });
  });

  it("agrees under the relaxed rule (within 5%) and compares booleans as Yes/No", async () => {
    const a = await runResponse(codeResponse(CSV, 'return table[0]["Price index"] as number;', "100"), { sandbox });
    expect(a.output.agree).toBe(true);
    const b = await runResponse(codeResponse(CSV, "return table.length > 2;", "yes"), { sandbox });
    expect(b.output).toMatchObject({ answer: true, agree: true });
  });

  it("takes the visual path unverified", async () => {
    const { output, trace } = await runResponse("<programability>no</programability>\n<think>the red bar is tallest</think>\n<answer>Red</answer>", { sandbox, gold: "red" });
    expect(output).toMatchObject({ path: "visual", answer: "Red", computed: null, stated: "Red", agree: null, verified: false, error: null, correct: true });
    expect(trace.table).toBeNull();
  });

  it("reports the tolerant parser's repairs", async () => {
    const text = "Sure! Here you go.\n<Programmability>yes</Programmability>\n```csv\nA,B\nx,1\ny,2\n```\n```ts\nreturn table.length;\n```\n";
    const { output } = await runResponse(text, { sandbox });
    expect(output.answer).toBe(2);
    expect(output.repairs).toEqual(expect.arrayContaining(["tag-spelling", "tag-case", "csv-fence", "code-fence", "missing-answer"]));
    const strict = await runResponse(text, { sandbox, strict: true });
    expect(strict.output.error?.code).toBe("PARSE_ERROR");
    expect(strict.output.answer).toBeNull();
  });

  it("returns snippet failures as data with the code and position", async () => {
    const { output } = await runResponse(codeResponse(CSV, "const x = 1;\nreturn table.map(r => r.Prise);", "1"), { sandbox });
    expect(output.answer).toBeNull();
    expect(output.verified).toBe(false);
    expect(output.stated).toBe("1");
    expect(output.error).toMatchObject({ code: "UNKNOWN_COLUMN", line: 2, unknownColumn: "Prise", suggestion: "Price index" });
    expect(output.error?.message).toContain('"Country", "Price index"');
  });

  it("reports an unusable response or CSV without throwing", async () => {
    const garbage = await runResponse("I cannot answer that.", { sandbox });
    expect(garbage.output).toMatchObject({ path: null, answer: null, error: { code: "PARSE_ERROR" } });
    const noRows = await runResponse(codeResponse("", "return 1;"), { sandbox });
    expect(noRows.output.answer).toBeNull();
    expect(["CSV_ERROR", "PARSE_ERROR"]).toContain(noRows.output.error?.code);
  });
});

describe("replayTrace", () => {
  it("replays a trace to the same answer, and reports a change when the code or table is replaced", async () => {
    const code = "const r = Math.random();\nconst d = new Date().toISOString();\nreturn [table.length, r, d];";
    const { output, trace } = await runResponse(codeResponse(CSV, code), { sandbox, seed: 42, nowMs: Date.UTC(2023, 5, 1) });
    expect(output.verified).toBe(true);
    const again = await replayTrace(validateTrace(JSON.parse(JSON.stringify(trace))), { sandbox });
    expect(again.same).toBe(true);
    expect(again.output.answer).toEqual(output.answer);
    expect((output.answer as unknown[])[2]).toBe("2023-06-01T00:00:00.000Z");

    const edited = await replayTrace(trace, { sandbox, code: "return table.length * 2;" });
    expect(edited).toMatchObject({ same: false, previous: output.answer, output: { answer: 6 } });

    const newTable = await replayTrace(trace, { sandbox, table: parseCsv("Country,Price index\nA,1\n") });
    expect(newTable.same).toBe(false);
    expect((newTable.output.answer as unknown[])[0]).toBe(1);
  });

  it("replays a visual-path trace", async () => {
    const { trace } = await runResponse("<programability>no</programability>\n<think>t</think>\n<answer>7</answer>", { sandbox });
    const again = await replayTrace(trace, { sandbox });
    expect(again).toMatchObject({ same: true, output: { answer: "7", path: "visual" } });
  });
});

describe("runBatch", () => {
  it("emits one output per line in input order, including input errors", async () => {
    const lines = [
      JSON.stringify({ id: "slow", response: codeResponse(CSV, "let s = 0; for (let i = 0; i < 2e6; i++) s += i; return 1;"), answer: "1" }),
      "not json",
      "",
      JSON.stringify({ id: "fast", response: codeResponse(CSV, "return 2;"), answer: "3" }),
      JSON.stringify({ id: 7, response: 12 }),
      JSON.stringify({ id: "visual", response: "<programability>no</programability><answer>x</answer>" }),
    ];
    const outs: BatchOutput[] = [];
    const { count } = await runBatch(lines, { sandbox, concurrency: 4 }, (o) => void outs.push(o));
    expect(count).toBe(5);
    expect(outs.map((o) => o.id)).toEqual(["slow", null, "fast", 7, "visual"]);
    expect(outs[0]).toMatchObject({ answer: 1, correct: true });
    expect(outs[1]).toMatchObject({ error: { code: "USAGE_ERROR" } });
    expect((outs[1] as { error: { message: string } }).error.message).toContain("line 2");
    expect(outs[2]).toMatchObject({ answer: 2, correct: false });
    expect(outs[3]).toMatchObject({ error: { code: "USAGE_ERROR" } });
    expect(outs[4]).toMatchObject({ path: "visual", answer: "x" });
  });

  it("keeps order with many items and a small concurrency window", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: i, response: codeResponse(CSV, `return ${i};`) }));
    const outs: BatchOutput[] = [];
    await runBatch(lines, { sandbox, concurrency: 7 }, (o) => void outs.push(o));
    expect(outs.map((o) => o.id)).toEqual(lines.map((_, i) => i));
    expect(outs.every((o, i) => "answer" in o && o.answer === i)).toBe(true);
  });
});

describe("table warnings in run output", () => {
  it("reports CSV warnings and consistency warnings of the model's table without failing the run", async () => {
    const csv = "Region,2019,2020,2021\nNorth,30,40,20\nSouth,30,35,50\nEast,40,25,30\nTotal,100,100,105";
    const { output } = await runResponse(codeResponse(csv, "return table.length;"), { sandbox });
    expect(output.answer).toBe(4);
    expect((output.warnings ?? []).map((w) => w.code)).toContain("TOTAL_MISMATCH");
    const dup = await runResponse(codeResponse("Party,Seats\nA,3\nB,4\nA,5\n,", "return 1;"), { sandbox });
    expect((dup.output.warnings ?? []).map((w) => w.code)).toEqual(expect.arrayContaining(["DUPLICATE_LABEL"]));
    const clean = await runResponse(codeResponse(CSV, "return 1;"), { sandbox });
    expect(clean.output.warnings).toEqual([]);
  });
});
