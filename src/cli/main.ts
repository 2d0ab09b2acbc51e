import { Command, CommanderError } from "commander";
import { CatboxError } from "../errors.js";
import { catboxVersion } from "../paths.js";
import { registerAsk } from "./commands/ask.js";
import { registerCheck } from "./commands/check.js";
import { registerDemo } from "./commands/demo.js";
import { registerEval } from "./commands/eval.js";
import { registerExec } from "./commands/exec.js";
import { registerRead } from "./commands/read.js";
import { registerReplay } from "./commands/replay.js";
import { registerRun } from "./commands/run.js";
import { registerScore } from "./commands/score.js";
import { registerServe } from "./commands/serve.js";
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { say, writeLine } from "./io.js";

/** Exit status for an error that escaped a command. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CatboxError) {
    switch (e.code) {
      case "USAGE_ERROR":
      case "IO_ERROR":
      case "CSV_ERROR":
      case "TRACE_ERROR":
      case "PARSE_ERROR":
      case "IMAGE_ERROR":
        return EXIT_USAGE;
      case "MODEL_ERROR":
      case "MODEL_TIMEOUT":
        return EXIT_FAILED;
      default:
        return EXIT_FAILED;
    }
  }
  return EXIT_FAILED;
}

/**
 * The catbox CLI: a thin layer over the library. JSON goes to stdout, human messages to stderr.
 * Returns the exit status (0 answer produced, 3 no answer, 2 usage or unreadable input).
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const abort = new AbortController();
  const onSigint = () => {
    abort.abort(new Error("interrupted"));
    say("catbox: interrupted");
    process.exit(EXIT_INTERRUPTED);
  };
  process.once("SIGINT", onSigint);

  const program = new Command()
    .name("catbox")
    .description("Code-as-Thought engine for charts: run a model's table + TypeScript snippet in a sandbox and verify its answer")
    .version(catboxVersion())
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerExec(program, setExit);
  registerRun(program, setExit, abort.signal);
  registerReplay(program, setExit, abort.signal);
  registerAsk(program, setExit, abort.signal);
  registerCheck(program, setExit);
  registerRead(program, setExit);
  registerScore(program, setExit);
  registerEval(program, setExit, abort.signal);
  registerServe(program, setExit);
  registerDemo(program, setExit);
  for (const cmd of program.commands) cmd.exitOverride();

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const code = exitCodeFor(e);
    const error = e instanceof CatboxError ? e.toJSON() : { code: "INTERNAL_ERROR", message: (e as Error)?.message ?? String(e) };
    say(`catbox: ${error.message}`);
    await writeLine(JSON.stringify({ ok: false, error }));
    return code;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
