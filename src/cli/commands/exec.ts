import type { Command } from "commander";
import { runCode, snippetTableOf } from "../../engine/run-response.js";
import { UsageError } from "../../errors.js";
import { parseCsv } from "../../table/index.js";
import { writeTrace } from "../../trace/io.js";
import { readBytes, readInput, writeLine } from "../io.js";
import { addSandboxFlags, limitsFrom, nowFrom, sandboxFrom, type SandboxFlags } from "../options.js";
import { EXIT_FAILED, EXIT_OK } from "../exit-codes.js";

interface ExecFlags extends SandboxFlags {
  table: string;
  code: string;
  trace?: string;
}

/** `catbox exec --table T.csv --code S.ts`: run one snippet over one table. */
export function registerExec(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command("exec")
    .description("run a TypeScript snippet over a CSV table in the sandbox; prints {ok, answer|error, logs, ms}")
    .requiredOption("--table <file>", "the table, as CSV (- for stdin)")
    .requiredOption("--code <file>", "the snippet: a function body that returns the answer (- for stdin)")
    .option("--trace <out.json>", "write a replayable trace of the run");
  addSandboxFlags(cmd).action(async (flags: ExecFlags) => {
    if (flags.table === "-" && flags.code === "-") throw new UsageError("only one of --table and --code can be read from stdin");
    const table = parseCsv(await readBytes(flags.table, "table"));
    const code = await readInput(flags.code, "snippet");
    const nowMs = nowFrom(flags);
    await using sandbox = sandboxFrom(flags);
    const { output, trace } = await runCode(
      { table: snippetTableOf(table), code, stated: null, repairs: [], response: null, parsed: null, timings: { parse: 0, table: 0 } },
      { sandbox, limits: limitsFrom(flags), ...(flags.seed !== undefined ? { seed: flags.seed } : {}), ...(nowMs !== undefined ? { nowMs } : {}) },
    );
    if (flags.trace) await writeTrace(flags.trace, trace);
    const ms = { transpile: output.ms.transpile, run: output.ms.run, total: output.ms.total };
    await writeLine(
      JSON.stringify(output.error === null ? { ok: true, answer: output.answer, logs: output.logs, ms } : { ok: false, error: output.error, logs: output.logs, ms }),
    );
    setExit(output.error === null ? EXIT_OK : EXIT_FAILED);
  });
}
