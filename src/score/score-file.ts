/**
 * `scoreFile`: score a JSONL file of predictions or catbox results (the shapes in `score-input.ts`),
 * streamed with bounded memory. Bad lines are counted and reported, never fatal.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { readLines } from "../cli/io.js";
import type { OversizedLine } from "../engine/run-batch.js";
import { IoError } from "../errors.js";
import type { ExtractionMethod } from "./extract-answer.js";
import { scoreAnswer } from "./score-answer.js";
import { BadLine, itemsOf, type ScoreItem } from "./score-input.js";

/** Fields broken down by default, when the lines have them. */
export const DEFAULT_BREAKDOWN = ["split", "path", "question_complexity", "task"] as const;
/** Distinct values kept per breakdown field; further values are pooled under `(other)`. */
export const MAX_GROUPS = 100;
/** Bad lines quoted in the summary (all are counted). */
export const MAX_BAD_EXAMPLES = 20;

export interface ScoreFileOptions {
  /** Write one JSON line per item (and per bad line) to this file. */
  perItem?: string;
  /** Breakdown fields (default {@link DEFAULT_BREAKDOWN}). */
  by?: readonly string[];
  /** Called with each scored or ungraded item, in input order. */
  onItem?: (item: ItemResult) => void | Promise<void>;
}

/** Accuracy under one rule. */
export interface Accuracy {
  correct: number;
  /** correct / items, rounded to 4 decimals; null with no items. */
  accuracy: number | null;
}

/** Counts and accuracies over a set of scored items. */
export interface Tally {
  items: number;
  relaxed: Accuracy;
  lenient: Accuracy;
}

/** One item's verdict, as written with `--per-item`. */
export interface ItemResult extends Record<string, unknown> {
  id: unknown;
  answer: string | null;
  method: ExtractionMethod | "given";
  gold: string[] | null;
  /** Null when the item has no gold (not scored). */
  relaxed: boolean | null;
  lenient: boolean | null;
}

/** The JSON summary `catbox score` prints. */
export interface ScoreSummary extends Tally {
  file: string;
  /** Non-blank input lines read. */
  lines: number;
  /** Lines that were none of the accepted shapes (or not JSON, or too long). */
  bad: number;
  badLines: { line: number; message: string }[];
  /** Items without a gold answer: not scored. */
  ungraded: number;
  /** Scored items that had no answer (nothing extracted, or a failed run): counted wrong. */
  noAnswer: number;
  /** How answers were obtained (extraction methods; `given` for catbox result lines). */
  methods: Partial<Record<ExtractionMethod | "given", number>>;
  /** The `correct` flags catbox result lines carried, when any did. */
  reported?: { items: number; correct: number; accuracy: number | null };
  /** Accuracy per value of each breakdown field present. */
  by: Record<string, Record<string, Tally>>;
}

function ratio(correct: number, items: number): number | null {
  return items === 0 ? null : Math.round((correct / items) * 10_000) / 10_000;
}

class Counter {
  items = 0;
  relaxed = 0;
  lenient = 0;
  add(relaxed: boolean, lenient: boolean): void {
    this.items++;
    if (relaxed) this.relaxed++;
    if (lenient) this.lenient++;
  }
  tally(): Tally {
    return {
      items: this.items,
      relaxed: { correct: this.relaxed, accuracy: ratio(this.relaxed, this.items) },
      lenient: { correct: this.lenient, accuracy: ratio(this.lenient, this.items) },
    };
  }
}

/** Score one item (null verdicts without a gold). */
export function scoreItem(item: ScoreItem): ItemResult {
  const verdict = item.golds === null ? null : item.answer === null ? { relaxed: false, lenient: false } : scoreAnswer(item.answer, item.golds);
  return { id: item.id, answer: item.answer, method: item.method, gold: item.golds, relaxed: verdict?.relaxed ?? null, lenient: verdict?.lenient ?? null, ...item.fields };
}

/**
 * Score JSONL lines (strings, or oversized-line markers as `readLines` yields them).
 * `file` only labels the summary.
 */
export async function scoreLines(
  lines: AsyncIterable<string | OversizedLine> | Iterable<string | OversizedLine>,
  options: ScoreFileOptions & { file?: string; write?: (line: string) => void | Promise<void> } = {},
): Promise<ScoreSummary> {
  const by = options.by ?? DEFAULT_BREAKDOWN;
  const total = new Counter();
  const groups = new Map<string, Map<string, Counter>>();
  const methods: ScoreSummary["methods"] = {};
  const badLines: ScoreSummary["badLines"] = [];
  let lineNo = 0;
  let read = 0;
  let bad = 0;
  let ungraded = 0;
  let noAnswer = 0;
  let reportedItems = 0;
  let reportedCorrect = 0;
  const badLine = async (message: string) => {
    bad++;
    if (badLines.length < MAX_BAD_EXAMPLES) badLines.push({ line: lineNo, message });
    await options.write?.(JSON.stringify({ id: null, line: lineNo, error: { code: "USAGE_ERROR", message } }));
  };
  for await (const raw of lines) {
    lineNo++;
    if (typeof raw === "string" && raw.trim() === "") continue;
    read++;
    if (typeof raw !== "string") {
      await badLine(`line ${lineNo} is ${raw.bytes} bytes, over the line limit; it was skipped`);
      continue;
    }
    let items: ScoreItem[];
    try {
      items = itemsOf(JSON.parse(raw), by);
    } catch (e) {
      if (e instanceof SyntaxError) await badLine(`line ${lineNo} is not valid JSON: ${e.message}`);
      else if (e instanceof BadLine) await badLine(`line ${lineNo}: ${e.message}`);
      else throw e;
      continue;
    }
    for (const item of items) {
      const result = scoreItem(item);
      methods[item.method] = (methods[item.method] ?? 0) + 1;
      if (item.reported !== undefined) {
        reportedItems++;
        if (item.reported) reportedCorrect++;
      }
      if (result.relaxed === null || result.lenient === null) {
        ungraded++;
      } else {
        if (item.answer === null) noAnswer++;
        total.add(result.relaxed, result.lenient);
        for (const [field, value] of Object.entries(item.fields)) {
          let values = groups.get(field);
          if (values === undefined) groups.set(field, (values = new Map()));
          const key = values.has(value) || values.size < MAX_GROUPS ? value : "(other)";
          let counter = values.get(key);
          if (counter === undefined) values.set(key, (counter = new Counter()));
          counter.add(result.relaxed, result.lenient);
        }
      }
      await options.write?.(JSON.stringify(result));
      await options.onItem?.(result);
    }
  }
  const byOut: ScoreSummary["by"] = {};
  for (const [field, values] of groups) {
    byOut[field] = {};
    for (const [value, counter] of [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) byOut[field][value] = counter.tally();
  }
  const summary: ScoreSummary = { file: options.file ?? "", lines: read, bad, badLines, ...total.tally(), ungraded, noAnswer, methods, by: byOut };
  if (reportedItems > 0) summary.reported = { items: reportedItems, correct: reportedCorrect, accuracy: ratio(reportedCorrect, reportedItems) };
  return summary;
}

/** A file writer that waits when the stream is full (bounded memory). */
async function openWriter(path: string): Promise<{ write: (line: string) => Promise<void>; close: () => Promise<void> }> {
  const stream: WriteStream = createWriteStream(path);
  let failure: Error | undefined;
  stream.on("error", (e) => (failure = e));
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  }).catch((e: NodeJS.ErrnoException) => {
    throw new IoError(`cannot write ${path}: ${e.code ?? e.message}`);
  });
  const check = () => {
    if (failure) throw new IoError(`cannot write ${path}: ${(failure as NodeJS.ErrnoException).code ?? failure.message}`);
  };
  return {
    write: async (line) => {
      check();
      if (!stream.write(line + "\n")) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.end(() => (failure ? reject(new IoError(`cannot write ${path}: ${failure.message}`)) : resolve()));
      }),
  };
}

/**
 * Score a JSONL file (or standard input for "-") of predictions, catbox results or ChartBench
 * records; see `score-input.ts` for the accepted shapes. With `perItem`, one JSON line per item is
 * written there. Reading is streamed: memory stays bounded on any file size.
 * @throws IoError when the file cannot be read or the per-item file cannot be written.
 */
export async function scoreFile(path: string, options: ScoreFileOptions = {}): Promise<ScoreSummary> {
  const writer = options.perItem === undefined ? undefined : await openWriter(options.perItem);
  try {
    return await scoreLines(readLines(path), { ...options, file: path, ...(writer ? { write: writer.write } : {}) });
  } finally {
    await writer?.close();
  }
}
