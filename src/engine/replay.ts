import { isDeepStrictEqual } from "node:util";
import type { SandboxRunner } from "../sandbox/types.js";
import type { Table } from "../table/types.js";
import type { Trace } from "../trace/schema.js";
import { runCode, runResponse, snippetTableOf, type RunRecord } from "./run-response.js";
import type { RunSettings } from "./types.js";

export interface ReplayOptions extends Pick<RunSettings, "limits"> {
  sandbox: SandboxRunner;
  /** Replace the snippet (to try a fix). */
  code?: string;
  /** Replace the table (to try a corrected extraction). */
  table?: Table;
  signal?: AbortSignal;
}

export interface ReplayRecord extends RunRecord {
  /** True when the replay produced the same answer and the same error code as the trace. */
  same: boolean;
  /** The answer recorded in the trace. */
  previous: Trace["result"]["answer"];
}

/**
 * Re-run a trace with its recorded table, code, seed, frozen time and limits — the same trace
 * always replays to the same answer. `code` / `table` replace the snippet or table to try a fix.
 */
export async function replayTrace(trace: Trace, options: ReplayOptions): Promise<ReplayRecord> {
  const settings = {
    sandbox: options.sandbox,
    limits: { ...trace.limits, ...options.limits },
    seed: trace.seed,
    nowMs: trace.nowMs,
    gold: trace.input.gold,
    strict: trace.parsed?.strict ?? false,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const overriding = options.code !== undefined || options.table !== undefined;
  let record: RunRecord;
  if (!overriding && (trace.table === null || trace.code === null) && trace.input.response !== null) {
    // Nothing was run last time (visual path, or the response/CSV failed): re-run the response.
    record = await runResponse(trace.input.response, settings);
  } else {
    const table = options.table ? snippetTableOf(options.table) : trace.table;
    const code = options.code ?? trace.code?.ts;
    if (!table || code === undefined) {
      const what = !table ? "a table (pass --table)" : "code (pass --code)";
      throw new Error(`catbox: this trace has no ${what} to replay`);
    }
    record = await runCode(
      {
        table,
        code,
        stated: trace.parsed?.answer ?? null,
        repairs: (trace.parsed?.repairs ?? []) as RunRecord["output"]["repairs"],
        response: trace.input.response,
        parsed: trace.parsed,
        timings: { parse: 0, table: 0 },
      },
      settings,
    );
  }
  const before = trace.result;
  const after = record.output;
  const same = isDeepStrictEqual(before.answer, after.answer) && (before.error?.code ?? null) === (after.error?.code ?? null);
  return { ...record, same, previous: before.answer };
}
