import type { SandboxRunner } from "../sandbox/types.js";
import { orderedMap } from "./ordered-map.js";
import { runResponse } from "./run-response.js";
import type { RunOutput, RunSettings } from "./types.js";

export interface BatchOptions extends RunSettings {
  sandbox: SandboxRunner;
  /** Responses in flight at once (default 64). Output order never depends on it. */
  concurrency?: number;
  signal?: AbortSignal;
}

/** One output line of a batch: the input's `id` plus the run's output (or an input error). */
export type BatchOutput = { id: unknown } & (RunOutput | { error: { code: "USAGE_ERROR"; message: string } });

/** A line the reader refused to buffer (see `readLines` in the CLI). */
export interface OversizedLine {
  tooLong: true;
  bytes: number;
}

function inputError(id: unknown, message: string): BatchOutput {
  return { id, error: { code: "USAGE_ERROR", message } };
}

async function runLine(line: string, lineNo: number, options: BatchOptions): Promise<BatchOutput> {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch (e) {
    return inputError(null, `input line ${lineNo} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    return inputError(null, `input line ${lineNo} must be a JSON object {"id","response","answer"?}`);
  }
  const { id = null, response, answer } = item as { id?: unknown; response?: unknown; answer?: unknown };
  if (typeof response !== "string") return inputError(id, `input line ${lineNo}: "response" must be a string`);
  if (answer !== undefined && answer !== null && typeof answer !== "string") {
    return inputError(id, `input line ${lineNo}: "answer" must be a string when present`);
  }
  // The batch checks its signal between lines; each run gets none (one listener per run would pile up).
  const { signal: _signal, ...settings } = options;
  const { output } = await runResponse(response, { ...settings, gold: (answer as string | undefined) ?? null });
  return { id, ...output };
}

/**
 * Run many responses (JSONL lines `{"id","response","answer"?}`), emitting one output per
 * non-blank input line, in input order, with at most `concurrency` in flight (bounded memory).
 */
export async function runBatch(
  lines: AsyncIterable<string | OversizedLine> | Iterable<string | OversizedLine>,
  options: BatchOptions,
  emit: (output: BatchOutput) => void | Promise<void>,
): Promise<{ count: number }> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 64));
  async function* numbered(): AsyncGenerator<{ raw: string | OversizedLine; lineNo: number }> {
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo++;
      if (typeof raw === "string" && raw.trim() === "") continue;
      yield { raw, lineNo };
    }
  }
  const count = await orderedMap(
    numbered(),
    concurrency,
    ({ raw, lineNo }) =>
      (typeof raw === "string"
        ? runLine(raw, lineNo, options)
        : Promise.resolve(inputError(null, `input line ${lineNo} is ${raw.bytes} bytes, over the line limit; it was skipped`))
      ).catch((e: unknown) => inputError(null, `input line ${lineNo}: ${(e as Error).message}`)),
    (out) => emit(out),
    options.signal,
  );
  return { count };
}
