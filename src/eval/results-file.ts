import { existsSync } from "node:fs";
import { open, readFile, rename, writeFile, type FileHandle } from "node:fs/promises";
import { IoError } from "../errors.js";
import type { EvalResult } from "./types.js";

/** Error codes of a model server that failed: such items are asked again when a run resumes. */
export const RETRY_ERROR_CODES: ReadonlySet<string> = new Set(["MODEL_ERROR", "MODEL_TIMEOUT"]);

/** What reading a results file found and dropped. */
export interface ResultsRepairs {
  /** Bytes of a last line cut short by a kill (dropped). */
  truncatedBytes: number;
  /** Complete lines that were not valid result JSON (dropped). */
  invalidLines: number;
  /** Later lines repeating an id already present (dropped; the first is kept). */
  duplicateLines: number;
  /** Lines ending in a model-server error, dropped so that the item is asked again. */
  retryLines: number;
}

export interface LoadedResults {
  results: EvalResult[];
  repairs: ResultsRepairs;
  /** True when the file on disk differs from `results` (see `loadResults({ repair })`). */
  changed: boolean;
}

function isResult(v: unknown): v is EvalResult {
  return typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string" && typeof (v as { index?: unknown }).index === "number";
}

/**
 * Read `results.jsonl`, tolerating what a crash leaves behind: a last line without its newline
 * (a kill mid-write) is dropped unless it is complete JSON; invalid lines and repeated ids are
 * dropped. With `dropRetryable`, lines that ended in a model-server error are dropped too.
 * With `repair`, the file is rewritten atomically (temp file + rename) when anything was dropped,
 * so that appending continues from a clean, newline-terminated file.
 */
export async function loadResults(path: string, options: { repair?: boolean; dropRetryable?: boolean } = {}): Promise<LoadedResults> {
  const repairs: ResultsRepairs = { truncatedBytes: 0, invalidLines: 0, duplicateLines: 0, retryLines: 0 };
  if (!existsSync(path)) return { results: [], repairs, changed: false };
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new IoError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lines = text.split("\n");
  const tail = lines.pop()!; // "" when the file ends with a newline
  const results: EvalResult[] = [];
  const seen = new Set<string>();
  let changed = false;
  const take = (line: string, last: boolean) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!isResult(value)) {
      if (last) repairs.truncatedBytes += Buffer.byteLength(line);
      else repairs.invalidLines++;
      changed = true;
      return;
    }
    if (seen.has(value.id)) {
      repairs.duplicateLines++;
      changed = true;
      return;
    }
    if (options.dropRetryable && value.error !== null && RETRY_ERROR_CODES.has(value.error)) {
      repairs.retryLines++;
      changed = true;
      return;
    }
    seen.add(value.id);
    results.push(value);
  };
  for (const line of lines) take(line, false);
  if (tail !== "") {
    changed = true; // either dropped, or kept and in need of its newline
    take(tail, true);
  }
  if (changed && options.repair) await rewriteResults(path, results);
  return { results, repairs, changed: changed && !options.repair };
}

/** Replace the results file atomically with exactly these lines. */
export async function rewriteResults(path: string, results: EvalResult[]): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, results.map((r) => JSON.stringify(r) + "\n").join(""), "utf8");
    await rename(tmp, path);
  } catch (e) {
    throw new IoError(`cannot rewrite ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Appends result lines, one `write` each, in the order `append` is called (concurrent callers are
 * queued), each synced to disk before its promise resolves: a line is either whole in the file or
 * (after a kill mid-write) a cut-short last line that `loadResults` drops.
 */
export class ResultsWriter {
  #handle: FileHandle;
  #queue: Promise<void> = Promise.resolve();
  readonly path: string;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  static async open(path: string): Promise<ResultsWriter> {
    try {
      return new ResultsWriter(path, await open(path, "a"));
    } catch (e) {
      throw new IoError(`cannot open ${path} for appending: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  append(result: EvalResult): Promise<void> {
    const line = JSON.stringify(result) + "\n";
    const next = this.#queue.then(async () => {
      try {
        await this.#handle.appendFile(line, "utf8");
        await this.#handle.datasync();
      } catch (e) {
        throw new IoError(`cannot append to ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#handle.close();
  }
}
