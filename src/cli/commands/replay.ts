import type { Command } from "commander";
import { replayTrace } from "../../engine/replay.js";
import { parseCsv } from "../../table/index.js";
import { readTrace, writeTrace } from "../../trace/io.js";
import { EXIT_FAILED, EXIT_OK } from "../exit-codes.js";
import { readBytes, readInput, writeLine } from "../io.js";
import { addSandboxFlags, limitsFrom, sandboxFrom, type SandboxFlags } from "../options.js";

interface ReplayFlags extends SandboxFlags {
  code?: string;
  table?: string;
  trace?: string;
}

/** `catbox replay TRACE.json [--code S.ts] [--table T.csv]`. */
export function registerReplay(program: Command, setExit: (code: number) => void, signal: AbortSignal): void {
  const cmd = program
    .command("replay")
    .description("re-run a trace (same table, code, seed, time and limits); prints the output plus `same`")
    .argument("<trace>", "a trace written by --trace")
    .option("--code <file>", "replace the snippet (try a fix)")
    .option("--table <file>", "replace the table, as CSV (try a corrected extraction)")
    .option("--trace <out.json>", "write the replay's own trace");
  addSandboxFlags(cmd, { seed: false }).action(async (tracePath: string, flags: ReplayFlags) => {
    const trace = await readTrace(tracePath);
    const code = flags.code !== undefined ? await readInput(flags.code, "snippet") : undefined;
    const table = flags.table !== undefined ? parseCsv(await readBytes(flags.table, "table")) : undefined;
    await using sandbox = sandboxFrom(flags);
    const record = await replayTrace(trace, {
      sandbox,
      limits: limitsFrom(flags),
      signal,
      ...(code !== undefined ? { code } : {}),
      ...(table !== undefined ? { table } : {}),
    });
    if (flags.trace) await writeTrace(flags.trace, record.trace);
    await writeLine(JSON.stringify({ ...record.output, same: record.same, previous: record.previous }));
    setExit(record.output.answer === null ? EXIT_FAILED : EXIT_OK);
  });
}
