import { readdirSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { IoError, UsageError } from "../../errors.js";
import type { EvalDataset, EvalItem } from "../types.js";
import { extractQuestion, parseGroundTruth } from "./reference-format.js";

/** Rows decoded at a time (bounds memory when rows carry image bytes). */
const CHUNK_ROWS = 64;

/** Parquet files of a data set: the file itself, or every `*.parquet` under a folder (two levels, sorted). */
export function parquetFiles(path: string): string[] {
  const abs = resolve(path);
  if (!statSync(abs).isDirectory()) return [abs];
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory() && depth < 2) walk(p, depth + 1);
      else if (entry.isFile() && entry.name.endsWith(".parquet")) found.push(p);
    }
  };
  walk(abs, 0);
  return found;
}

function field(row: Record<string, unknown>, name: string): unknown {
  return row[name] ?? undefined;
}

function nested(row: Record<string, unknown>, outer: string, inner: string): unknown {
  const o = row[outer];
  return o && typeof o === "object" && !(o instanceof Uint8Array) ? (o as Record<string, unknown>)[inner] : undefined;
}

/** The first image of a row: `images: [{bytes, path}]`, `image: {bytes, path}`, or bare bytes or a path. */
function imageOf(row: Record<string, unknown>, base: string): Uint8Array | string | null {
  let v: unknown = row.images ?? row.image;
  if (Array.isArray(v)) v = v[0];
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string") return isAbsolute(v) ? v : resolve(base, v);
  if (v && typeof v === "object") {
    const o = v as { bytes?: unknown; path?: unknown };
    if (o.bytes instanceof Uint8Array && o.bytes.length > 0) return o.bytes;
    if (typeof o.bytes === "string" && o.bytes.length > 0) return Buffer.from(o.bytes, "latin1");
    if (typeof o.path === "string" && o.path !== "") return isAbsolute(o.path) ? o.path : resolve(base, o.path);
  }
  return null;
}

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return undefined;
}

/** One reference row as an item; `n` is its position in the data set. */
export function referenceRowToItem(row: Record<string, unknown>, n: number, base: string, where: string): EvalItem {
  const truth = text(field(row, "ground_truth")) ?? text(nested(row, "reward_model", "ground_truth")) ?? text(field(row, "answer")) ?? text(nested(row, "extra_info", "answer"));
  if (truth === undefined) throw new UsageError(`${where}: no "ground_truth" (or reward_model.ground_truth, or answer)`);
  const gold = parseGroundTruth(truth);
  const directQuestion = text(field(row, "question")) ?? text(nested(row, "extra_info", "question"));
  const prompt = row.prompt ?? row.problem ?? row.messages;
  const question = directQuestion ?? (prompt === undefined ? undefined : extractQuestion(typeof prompt === "string" || Array.isArray(prompt) ? prompt : text(prompt) ?? prompt));
  if (question === undefined || question === "") throw new UsageError(`${where}: no question (neither "question" nor a "prompt" holding one)`);
  const id = text(field(row, "id")) ?? text(nested(row, "extra_info", "id")) ?? text(nested(row, "extra_info", "index")) ?? text(field(row, "index")) ?? String(n);
  const item: EvalItem = { id, image: imageOf(row, base), question, answers: [gold.answer] };
  if (gold.csv !== null) item.goldTable = gold.csv;
  if (gold.programmable !== null) item.programmable = gold.programmable;
  const split = text(field(row, "split"));
  if (split !== undefined) item.split = split;
  return item;
}

/**
 * A Hugging Face Parquet data set as the Code-as-Thought reference data has it: `images` (a list
 * of `{bytes, path}`), `prompt` (a string or chat messages; the question is extracted from any
 * chat template around it) and `ground_truth` with `<answer>`, `<csv>` and `<programability>` tags.
 * Also accepted: `reward_model.ground_truth`, `extra_info.{question,index}`, `question`, `id`.
 * A file or a folder of `*.parquet` files; rows are read a chunk at a time.
 */
export async function openParquetDataset(path: string): Promise<EvalDataset> {
  const root = resolve(path);
  let files: string[];
  try {
    files = parquetFiles(root);
  } catch (e) {
    throw new IoError(`cannot read ${root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (files.length === 0) throw new UsageError(`${root} has no .parquet files`);
  const opened = await Promise.all(
    files.map(async (file) => {
      try {
        const buffer = await asyncBufferFromFile(file);
        const metadata = await parquetMetadataAsync(buffer);
        return { file, buffer, metadata, rows: Number(metadata.num_rows) };
      } catch (e) {
        throw new IoError(`cannot read Parquet file ${file}: ${(e as Error).message}`);
      }
    }),
  );
  return {
    format: "parquet",
    path: root,
    size: opened.reduce((s, f) => s + f.rows, 0),
    async *items(limit = Infinity) {
      let n = 0;
      for (const { file, buffer, metadata, rows } of opened) {
        const name = files.length > 1 ? relative(root, file) : basename(file);
        for (let start = 0; start < rows; start += CHUNK_ROWS) {
          if (n >= limit) return;
          let chunk: Record<string, unknown>[];
          try {
            chunk = await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd: Math.min(rows, start + CHUNK_ROWS), utf8: false });
          } catch (e) {
            throw new IoError(`cannot read rows ${start}–${start + CHUNK_ROWS} of ${file}: ${(e as Error).message}`);
          }
          for (let i = 0; i < chunk.length; i++) {
            if (n >= limit) return;
            yield referenceRowToItem(chunk[i]!, n, dirname(file), `${name} row ${start + i}`);
            n++;
          }
        }
      }
    },
  };
}
