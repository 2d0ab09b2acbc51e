import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat, extractQuestion, openDataset, parseGroundTruth, runEval, type EvalItem } from "../src/eval/index.js";
import { createModelBackend } from "../src/model/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { startOpenAIServer } from "./support/openai-server.js";

const CHARTQA = new URL("../../shared/data/chartqa", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "catbox-eval-datasets-"));

async function all(items: AsyncIterable<EvalItem>): Promise<EvalItem[]> {
  const out: EvalItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

// ---------------------------------------------------------------------------------------------
// A minimal Parquet writer for fixtures (hyparquet only reads): thrift compact metadata, one row
// group, one uncompressed PLAIN v1 data page per column, levels as RLE runs.

class Bytes {
  parts: number[] = [];
  byte(b: number) {
    this.parts.push(b & 0xff);
  }
  varint(n: bigint | number) {
    let v = BigInt(n);
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      this.byte(b);
    } while (v > 0n);
  }
  zigzag(n: number | bigint) {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }
  raw(b: Uint8Array | number[]) {
    for (const x of b) this.byte(x);
  }
  u32(n: number) {
    this.raw([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);
  }
  get bytes() {
    return Uint8Array.from(this.parts);
  }
}

/** Thrift compact values: [fieldId, type, value]; struct = list of fields. */
type TField = [number, "i32" | "i64" | "bin" | "struct" | "list-i32" | "list-bin" | "list-struct", unknown];
const TYPE = { i32: 5, i64: 6, bin: 8, struct: 12, list: 9 } as const;

function writeStruct(out: Bytes, fields: TField[]) {
  let last = 0;
  for (const [id, kind, value] of fields) {
    if (value === undefined) continue;
    const t = kind.startsWith("list") ? TYPE.list : TYPE[kind as "i32" | "i64" | "bin" | "struct"];
    if (id - last > 0 && id - last <= 15) out.byte(((id - last) << 4) | t);
    else {
      out.byte(t);
      out.zigzag(id);
    }
    last = id;
    writeValue(out, kind, value);
  }
  out.byte(0);
}

function writeValue(out: Bytes, kind: TField[1], value: unknown) {
  if (kind === "i32" || kind === "i64") out.zigzag(value as number);
  else if (kind === "bin") {
    const b = typeof value === "string" ? new TextEncoder().encode(value) : (value as Uint8Array);
    out.varint(b.length);
    out.raw(b);
  } else if (kind === "struct") writeStruct(out, value as TField[]);
  else {
    const items = value as unknown[];
    const elem = kind === "list-i32" ? TYPE.i32 : kind === "list-bin" ? TYPE.bin : TYPE.struct;
    if (items.length < 15) out.byte((items.length << 4) | elem);
    else {
      out.byte(0xf0 | elem);
      out.varint(items.length);
    }
    for (const it of items) writeValue(out, kind === "list-i32" ? "i32" : kind === "list-bin" ? "bin" : "struct", it);
  }
}

/** Levels as RLE runs of one value each (bit width from the max level). */
function levels(values: number[], max: number): Uint8Array {
  const out = new Bytes();
  const width = Math.ceil(Math.log2(max + 1));
  for (const v of values) {
    out.varint(1 << 1);
    for (let i = 0; i < Math.ceil(width / 8); i++) out.byte(v >> (8 * i));
  }
  const body = out.bytes;
  const framed = new Bytes();
  framed.u32(body.length);
  framed.raw(body);
  return framed.bytes;
}

interface Leaf {
  path: string[];
  maxDef: number;
  maxRep: number;
  /** Per row: [rep, def, value?] entries. */
  entries: Array<[number, number, Uint8Array | undefined]>;
}

/** Rows `{images: Uint8Array[], prompt: string, ground_truth: string}` as Parquet bytes, shaped as Hugging Face writes them. */
function referenceParquet(rows: Array<{ images: Uint8Array[]; prompt: string; ground_truth: string }>): Uint8Array {
  const enc = (s: string) => new TextEncoder().encode(s);
  // images: optional group (LIST) { repeated group list { optional group element { optional binary bytes } } }
  const leaves: Leaf[] = [
    { path: ["images", "list", "element", "bytes"], maxDef: 4, maxRep: 1, entries: rows.flatMap((r) => r.images.map((b, i): [number, number, Uint8Array] => [i === 0 ? 0 : 1, 4, b])) },
    { path: ["prompt"], maxDef: 1, maxRep: 0, entries: rows.map((r): [number, number, Uint8Array] => [0, 1, enc(r.prompt)]) },
    { path: ["ground_truth"], maxDef: 1, maxRep: 0, entries: rows.map((r): [number, number, Uint8Array] => [0, 1, enc(r.ground_truth)]) },
  ];
  const file = new Bytes();
  file.raw(enc("PAR1"));
  const chunks: TField[][] = [];
  for (const leaf of leaves) {
    const body = new Bytes();
    if (leaf.maxRep > 0) body.raw(levels(leaf.entries.map((e) => e[0]), leaf.maxRep));
    body.raw(levels(leaf.entries.map((e) => e[1]), leaf.maxDef));
    for (const [, , v] of leaf.entries) {
      if (v === undefined) continue;
      body.u32(v.length);
      body.raw(v);
    }
    const page = body.bytes;
    const header = new Bytes();
    writeStruct(header, [
      [1, "i32", 0],
      [2, "i32", page.length],
      [3, "i32", page.length],
      [5, "struct", [[1, "i32", leaf.entries.length], [2, "i32", 0], [3, "i32", 3], [4, "i32", 3]]],
    ]);
    const offset = file.parts.length;
    file.raw(header.bytes);
    file.raw(page);
    const size = header.bytes.length + page.length;
    chunks.push([
      [2, "i64", offset],
      [3, "struct", [[1, "i32", 6], [2, "list-i32", [0, 3]], [3, "list-bin", leaf.path], [4, "i32", 0], [5, "i64", leaf.entries.length], [6, "i64", size], [7, "i64", size], [9, "i64", offset]]],
    ]);
  }
  const schema: TField[][] = [
    [[4, "bin", "schema"], [5, "i32", 3]],
    [[3, "i32", 1], [4, "bin", "images"], [5, "i32", 1], [6, "i32", 3]],
    [[3, "i32", 2], [4, "bin", "list"], [5, "i32", 1]],
    [[3, "i32", 1], [4, "bin", "element"], [5, "i32", 1]],
    [[1, "i32", 6], [3, "i32", 1], [4, "bin", "bytes"]],
    [[1, "i32", 6], [3, "i32", 1], [4, "bin", "prompt"], [6, "i32", 0]],
    [[1, "i32", 6], [3, "i32", 1], [4, "bin", "ground_truth"], [6, "i32", 0]],
  ];
  const meta = new Bytes();
  writeStruct(meta, [
    [1, "i32", 1],
    [2, "list-struct", schema],
    [3, "i64", rows.length],
    [4, "list-struct", [[[1, "list-struct", chunks], [2, "i64", file.parts.length], [3, "i64", rows.length]]]],
  ]);
  file.raw(meta.bytes);
  file.u32(meta.bytes.length);
  file.raw(enc("PAR1"));
  return file.bytes;
}
// ---------------------------------------------------------------------------------------------

describe("ChartQA layout", () => {
  it("reads items in order with split, complexity and gold table; --limit stops early", async () => {
    expect(detectFormat(CHARTQA)).toBe("chartqa");
    const ds = await openDataset(CHARTQA);
    expect(ds).toMatchObject({ format: "chartqa", size: 1279 });
    const items = await all(ds.items(5));
    expect(items.map((i) => i.id)).toEqual(["human-2", "human-3", "human-18", "human-19", "human-20"]);
    expect(items[0]).toMatchObject({ question: "How many bars are shown in the chart?", answers: ["3"], split: "human", complexity: { chart: "simple", question: "complex" } });
    expect(items[0]!.image).toBe(join(CHARTQA, "images/41810321001157.png"));
    expect(existsSync(items[0]!.image as string)).toBe(true);
    expect(items[0]!.goldTable).toContain("Mauritania,0.48");
    expect(items[1]!.complexity).toBeUndefined();
  });

  it("items without an image or a table keep image null and no gold table", async () => {
    const items = await all((await openDataset(CHARTQA)).items(240));
    expect(items).toHaveLength(240);
    expect(items.find((i) => i.id === "human-164")!.image).toBeNull();
    const noTable = items.find((i) => i.id === "human-476")!;
    expect(noTable.goldTable).toBeUndefined();
    expect(noTable.image).toBe(join(CHARTQA, "images/4643.png"));
  });
});

describe("plain JSONL", () => {
  it("resolves image and table paths against the file; answers may be lists; a missing id is the line number", async () => {
    const root = join(dir, "jsonl");
    mkdirSync(join(root, "img"), { recursive: true });
    copyFileSync(join(CHARTQA, "images/41810321001157.png"), join(root, "img/chart.png"));
    writeFileSync(join(root, "t.csv"), "Country,Share\nFiji,0.38\n");
    const lines = [
      { id: "a", image: "img/chart.png", question: "How many bars?", answer: "3", table: "t.csv", split: "mine" },
      { image: "img/chart.png", question: "Which is lowest?", answer: ["Madagascar", "MDG"], programmable: true },
    ];
    writeFileSync(join(root, "set.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n\n");
    expect(detectFormat(join(root, "set.jsonl"))).toBe("jsonl");
    const ds = await openDataset(join(root, "set.jsonl"));
    expect(ds.size).toBe(2);
    const items = await all(ds.items());
    expect(items[0]).toMatchObject({ id: "a", image: join(root, "img/chart.png"), answers: ["3"], goldTable: "Country,Share\nFiji,0.38\n", split: "mine" });
    expect(items[1]).toMatchObject({ id: "2", answers: ["Madagascar", "MDG"], programmable: true });
  });

  it("a bad line is a usage error naming the line", async () => {
    const path = join(dir, "bad.jsonl");
    writeFileSync(path, '{"id":"a","image":"x.png","question":"q","answer":"1"}\n{"id":\n');
    await expect(all((await openDataset(path)).items())).rejects.toMatchObject({ code: "USAGE_ERROR", message: expect.stringContaining("bad.jsonl:2") });
    writeFileSync(path, '{"id":"a","image":"x.png","answer":"1"}\n');
    await expect(all((await openDataset(path)).items())).rejects.toMatchObject({ code: "USAGE_ERROR", message: expect.stringContaining('"question"') });
  });
});

describe("Code-as-Thought reference format", () => {
  it("splits ground_truth into answer, CSV and programmability", () => {
    const gt = "<programability>yes</programability>\n<csv>\nCountry,Value\nFiji,0.38\n</csv>\n<answer>0.38</answer>";
    expect(parseGroundTruth(gt)).toEqual({ answer: "0.38", csv: "Country,Value\nFiji,0.38", programmable: true });
    expect(parseGroundTruth("<programability>no</programability><answer>green line</answer>")).toEqual({ answer: "green line", csv: null, programmable: false });
    expect(parseGroundTruth("  42 ")).toEqual({ answer: "42", csv: null, programmable: null });
  });

  it("extracts the question from chat templates, message lists and instructions", () => {
    const q = "Which country has the highest value?";
    expect(extractQuestion(`<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>${q}<|im_end|>\n<|im_start|>assistant\n`)).toBe(q);
    expect(extractQuestion([{ role: "system", content: "Answer with tags." }, { role: "user", content: `<image>\n${q}` }])).toBe(q);
    expect(extractQuestion([{ role: "user", content: [{ type: "image" }, { type: "text", text: q }] }])).toBe(q);
    expect(extractQuestion(`<image>Look at the chart and decide whether it is programmable.\n\nQuestion: ${q}\n\nOutput format: <programability>yes|no</programability> ...`)).toBe(q);
    expect(extractQuestion(`USER: <image>\n${q}\nASSISTANT:`)).toBe(q);
    expect(extractQuestion(`[INST] <image>\n${q} [/INST]`)).toBe(q);
    expect(extractQuestion(q)).toBe(q);
  });

  it("reads Hugging Face Parquet: image bytes, a question inside a chat template, tagged ground truth; chunked reads", async () => {
    const png = new Uint8Array(readFileSync(join(CHARTQA, "images/41810321001157.png")));
    const rows = Array.from({ length: 70 }, (_, i) => ({
      images: [i === 0 ? png : Uint8Array.from([i, 1, 2, 3])],
      prompt: `<|im_start|>system\nYou are a chart expert.<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Question ${i}: how many bars are there?<|im_end|>\n<|im_start|>assistant\n`,
      ground_truth: `<programability>${i % 2 === 0 ? "yes" : "no"}</programability>${i % 2 === 0 ? "<csv>\nCountry,Share\nFiji,0.38\n</csv>" : ""}<answer>${i}</answer>`,
    }));
    const path = join(dir, "ref.parquet");
    writeFileSync(path, referenceParquet(rows));
    expect(detectFormat(path)).toBe("parquet");
    const ds = await openDataset(path);
    expect(ds).toMatchObject({ format: "parquet", size: 70 });
    const items = await all(ds.items());
    expect(items).toHaveLength(70);
    expect(items[0]!.image).toEqual(png);
    expect(items[0]).toMatchObject({ id: "0", question: "Question 0: how many bars are there?", answers: ["0"], goldTable: "Country,Share\nFiji,0.38", programmable: true });
    expect(items[69]).toMatchObject({ id: "69", answers: ["69"], programmable: false });
    expect(items[69]!.goldTable).toBeUndefined();
    expect(items[65]!.image).toEqual(Uint8Array.from([65, 1, 2, 3]));
    expect(await all(ds.items(3))).toHaveLength(3);
    // a folder of Parquet files is one data set
    mkdirSync(join(dir, "pq/data"), { recursive: true });
    writeFileSync(join(dir, "pq/data/test-00000-of-00001.parquet"), referenceParquet(rows.slice(0, 2)));
    expect(detectFormat(join(dir, "pq"))).toBe("parquet");
    expect((await openDataset(join(dir, "pq"))).size).toBe(2);
  });

  it("an unrecognised path is a usage error", async () => {
    writeFileSync(join(dir, "x.txt"), "");
    await expect(openDataset(join(dir, "x.txt"))).rejects.toMatchObject({ code: "USAGE_ERROR" });
    await expect(openDataset(join(dir, "missing"))).rejects.toMatchObject({ code: "USAGE_ERROR" });
  });

  it("an eval run over Parquet sends the image bytes and reports gold programmability against the path taken", async () => {
    const png = new Uint8Array(readFileSync(join(CHARTQA, "images/41810321001157.png")));
    const csv = "Country,Share\nMauritania,0.48\nFiji,0.38\nMadagascar,0.21";
    const path = join(dir, "run.parquet");
    writeFileSync(
      path,
      referenceParquet([
        { images: [png], prompt: "<image>Question: How many bars are shown in the chart?", ground_truth: `<programability>yes</programability><csv>\n${csv}\n</csv><answer>3</answer>` },
        { images: [png], prompt: "<image>Question: What colour are the bars?", ground_truth: "<programability>no</programability><answer>blue</answer>" },
      ]),
    );
    const server = await startOpenAIServer({
      handler: (req) => {
        const text = JSON.stringify(req.body.messages);
        return {
          kind: "completion",
          text: text.includes("How many bars")
            ? `<programability>yes</programability><csv>\n${csv}\n</csv><code>\nreturn table.length;\n</code><answer>3</answer>`
            : "<programability>no</programability><think>They look blue.</think><answer>blue</answer>",
        };
      },
    });
    const sandbox = createSandbox({ workers: 1 });
    try {
      await using backend = createModelBackend(server.url, { maxRetries: 0 });
      const runDir = join(dir, "run-parquet");
      const summary = await runEval({ dataset: path, runDir, backend, sandbox });
      expect(summary).toMatchObject({ results: 2, relaxed: 2 });
      const image = server.chatRequests()[0]!.body.messages[1].content.find((p: any) => p.type === "image_url");
      expect(image.image_url.url).toMatch(/^data:image\/png;base64,/);
      const lines = readFileSync(join(runDir, "results.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
      expect(lines.find((r) => r.id === "0")).toMatchObject({ programmable: true, path: "code", answer: 3 });
      const md = readFileSync(join(runDir, "report.md"), "utf8");
      expect(md).toContain("### Gold programmability → path taken");
      expect(md).toContain("| programmable → code | 1 |");
    } finally {
      await sandbox.dispose();
      await server.close();
    }
  });
});
