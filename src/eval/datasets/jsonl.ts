import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { createInterface } from "node:readline";
import { IoError, UsageError } from "../../errors.js";
import type { EvalDataset, EvalItem } from "../types.js";

/** Non-blank lines of a text file with their 1-based line numbers, streamed. */
export async function* jsonLines(path: string): AsyncGenerator<{ lineNo: number; value: Record<string, unknown> }> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (e) {
        throw new UsageError(`${path}:${lineNo} is not valid JSON: ${(e as Error).message}`);
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`${path}:${lineNo} is not a JSON object`);
      yield { lineNo, value: value as Record<string, unknown> };
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new IoError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** Number of non-blank lines in a text file (the item count of a JSONL data set). */
export async function countLines(path: string): Promise<number> {
  const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new IoError(`cannot read ${path}: ${e.code ?? e.message}`);
  });
  let n = 0;
  for (const line of text.split("\n")) if (line.trim() !== "") n++;
  return n;
}

/** Gold answers from an `answer` field: a string, a number, or a list of accepted answers. */
export function answersOf(value: unknown, where: string): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" || typeof v === "number")) return value.map(String);
  throw new UsageError(`${where}: "answer" must be a string, a number or a list of accepted answers`);
}

/**
 * A plain JSONL data set: lines `{"id","image","question","answer","table"?}`. `image` and
 * `table` (a CSV file) are paths relative to the JSONL file; `answer` may be a list of accepted
 * answers; `split`, `complexity` and `programmable` are kept when present. A line without an
 * `id` gets its line number.
 */
export async function openJsonlDataset(path: string): Promise<EvalDataset> {
  const file = resolve(path);
  const base = resolve(file, "..");
  const size = await countLines(file);
  return {
    format: "jsonl",
    path: file,
    size,
    async *items(limit = Infinity) {
      let n = 0;
      for await (const { lineNo, value } of jsonLines(file)) {
        if (n >= limit) return;
        const where = `${file}:${lineNo}`;
        if (typeof value.question !== "string") throw new UsageError(`${where}: "question" must be a string`);
        if (value.image !== undefined && value.image !== null && typeof value.image !== "string") throw new UsageError(`${where}: "image" must be a path`);
        const item: EvalItem = {
          id: value.id === undefined || value.id === null ? String(lineNo) : String(value.id),
          image: typeof value.image === "string" ? (isAbsolute(value.image) ? value.image : resolve(base, value.image)) : null,
          question: value.question,
          answers: answersOf(value.answer, where),
        };
        if (typeof value.split === "string") item.split = value.split;
        if (typeof value.programmable === "boolean") item.programmable = value.programmable;
        if (typeof value.complexity === "string") item.complexity = { chart: null, question: value.complexity };
        else if (value.complexity && typeof value.complexity === "object") {
          const c = value.complexity as { chart?: unknown; question?: unknown };
          item.complexity = { chart: typeof c.chart === "string" ? c.chart : null, question: typeof c.question === "string" ? c.question : null };
        }
        if (typeof value.table === "string") item.goldTable = await readTable(isAbsolute(value.table) ? value.table : resolve(base, value.table));
        n++;
        yield item;
      }
    },
  };
}

/** A gold table file as text (CRLF kept; the CSV parser handles it). */
export async function readTable(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new IoError(`cannot read gold table ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
