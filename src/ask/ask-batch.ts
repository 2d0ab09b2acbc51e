import { existsSync, readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { orderedMap } from "../engine/ordered-map.js";
import type { OversizedLine } from "../engine/run-batch.js";
import { CatboxError } from "../errors.js";
import { askChart, type AskOptions } from "./ask-chart.js";

export interface AskBatchOptions extends Omit<AskOptions, "gold"> {
  /** Questions in flight at once. */
  concurrency: number;
  /** Append results to this JSONL file; ids already answered there are skipped (resume). */
  out?: string;
  /** Folder that relative image paths are resolved against (default: the input file's folder, else cwd). */
  baseDir?: string;
}

/** Error codes that mean "try again later": such lines do not count as done when resuming. */
const TRANSIENT = new Set(["MODEL_ERROR", "MODEL_TIMEOUT", "SANDBOX_CRASH", "WALL_TIMEOUT"]);

/** Ids already answered in an existing output file (lines that did not end in a transient error). */
export function doneIds(outPath: string): Set<string> {
  const done = new Set<string>();
  if (!existsSync(outPath)) return done;
  for (const line of readFileSync(outPath, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const rec = JSON.parse(line) as { id?: unknown; error?: { code?: string } | null };
      if (rec.id === undefined || rec.id === null) continue;
      if (rec.error && TRANSIENT.has(String(rec.error.code))) continue;
      done.add(String(rec.id));
    } catch {
      // a line cut short by a kill: that item is redone
    }
  }
  return done;
}

interface Item {
  lineNo: number;
  raw: string | OversizedLine;
}

/**
 * Ask many questions (JSONL lines `{"id","image","question","answer"?}`), with at most
 * `concurrency` in flight, writing one JSON line per item in input order. With `out`, lines are
 * appended to that file as they complete (a killed run loses nothing already written) and a
 * re-run skips ids already done.
 */
export async function askBatch(
  lines: AsyncIterable<string | OversizedLine>,
  options: AskBatchOptions & { inputPath?: string },
  emit?: (line: string) => void | Promise<void>,
): Promise<{ done: number; skipped: number; failed: number }> {
  const already = options.out ? doneIds(options.out) : new Set<string>();
  const handle = options.out ? await open(options.out, "a") : undefined;
  const baseDir = options.baseDir ?? (options.inputPath ? dirname(options.inputPath) : process.cwd());
  let done = 0;
  let skipped = 0;
  let failed = 0;
  async function* items(): AsyncGenerator<Item> {
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo++;
      if (typeof raw === "string" && raw.trim() === "") continue;
      yield { lineNo, raw };
    }
  }
  const write = async (text: string) => {
    if (handle) await handle.appendFile(text + "\n");
    else await emit?.(text);
  };
  try {
    await orderedMap(
      items(),
      options.concurrency,
      async ({ lineNo, raw }): Promise<string | null> => {
        if (typeof raw !== "string") return JSON.stringify({ id: null, error: { code: "USAGE_ERROR", message: `input line ${lineNo} is ${raw.bytes} bytes, over the line limit` } });
        let item: { id?: unknown; image?: unknown; question?: unknown; answer?: unknown };
        try {
          item = JSON.parse(raw) as typeof item;
        } catch (e) {
          return JSON.stringify({ id: null, error: { code: "USAGE_ERROR", message: `input line ${lineNo} is not valid JSON: ${(e as Error).message}` } });
        }
        const id = item.id ?? null;
        if (id !== null && already.has(String(id))) {
          skipped++;
          return null;
        }
        if (typeof item.image !== "string" || typeof item.question !== "string") {
          return JSON.stringify({ id, error: { code: "USAGE_ERROR", message: `input line ${lineNo}: "image" and "question" must be strings` } });
        }
        const image = isAbsolute(item.image) ? item.image : resolve(baseDir, item.image);
        try {
          const { output } = await askChart(image, item.question, { ...options, gold: typeof item.answer === "string" ? item.answer : null });
          return JSON.stringify({ id, ...output });
        } catch (e) {
          if (!(e instanceof CatboxError)) throw e;
          return JSON.stringify({ id, error: e.toJSON() });
        }
      },
      async (line) => {
        if (line === null) return;
        const rec = JSON.parse(line) as { error?: unknown; answer?: unknown };
        if (rec.answer === undefined || rec.answer === null) failed++;
        else done++;
        await write(line);
      },
      options.signal,
    );
  } finally {
    await handle?.close();
  }
  return { done, skipped, failed };
}
