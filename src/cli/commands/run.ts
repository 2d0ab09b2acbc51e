import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { runBatch } from "../../engine/run-batch.js";
import { runResponse } from "../../engine/run-response.js";
import { groundCsv } from "../../grounding/ground-table.js";
import { readImageBytes } from "../../image/read-image-bytes.js";
import { LocalModels } from "../../local/local-models.js";
import { writeTrace } from "../../trace/io.js";
import { EXIT_FAILED, EXIT_OK } from "../exit-codes.js";
import { readInput, readLines, writeLine } from "../io.js";
import { addSandboxFlags, limitsFrom, nowFrom, sandboxFrom, type SandboxFlags } from "../options.js";

interface RunFlags extends SandboxFlags {
  answer?: string;
  trace?: string;
  strict?: boolean;
  batch?: string;
  concurrency?: string;
  image?: string;
}

/** `catbox run RESPONSE|-` and `catbox run --batch IN.jsonl`. */
export function registerRun(program: Command, setExit: (code: number) => void, signal: AbortSignal): void {
  const cmd = program
    .command("run")
    .description("run a model response (tags: programability, csv, code, answer / think); prints the verified answer as JSON")
    .argument("[response]", "file holding the model's response (- for stdin)")
    .option("--answer <gold>", "gold answer: adds `correct` (ChartQA relaxed match)")
    .option("--trace <out.json>", "write a replayable trace of the run")
    .option("--strict", "accept only the canonical response shape (no repairs)")
    .option("--batch <in.jsonl>", 'run many: lines {"id","response","answer"?}; one JSON line out per line, in order')
    .option("--concurrency <n>", "responses in flight with --batch (default 64)")
    .option("--image <chart>", "the chart the response is about: adds `grounding` (which of the table's labels and numbers are printed on it; local OCR)");
  addSandboxFlags(cmd).action(async (response: string | undefined, flags: RunFlags) => {
    const nowMs = nowFrom(flags);
    const settings = {
      limits: limitsFrom(flags),
      strict: flags.strict ?? false,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(nowMs !== undefined ? { nowMs } : {}),
    };
    if (flags.batch !== undefined) {
      if (response !== undefined) throw new UsageError("give either a response file or --batch, not both");
      if (flags.trace || flags.answer || flags.image) throw new UsageError("--trace, --answer and --image apply to a single response; with --batch put answers in the input lines");
      const concurrency = flags.concurrency === undefined ? 64 : Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) {
        throw new UsageError(`--concurrency must be a whole number from 1 to 10000, got ${JSON.stringify(flags.concurrency)}`);
      }
      await using sandbox = sandboxFrom(flags);
      await runBatch(readLines(flags.batch), { ...settings, sandbox, concurrency, signal }, (out) => writeLine(JSON.stringify(out)));
      setExit(EXIT_OK);
      return;
    }
    if (response === undefined) throw new UsageError("give a response file (or - for stdin), or --batch IN.jsonl");
    // The parser rejects responses over 1 MiB with its own message; read a little more than that.
    const text = await readInput(response, "response", 4 * 1024 * 1024);
    await using sandbox = sandboxFrom(flags);
    // Read the image before running, so a bad path fails fast.
    const image = flags.image === undefined ? undefined : await readImageBytes(flags.image, 50 * 1024 * 1024);
    const { output, trace } = await runResponse(text, { ...settings, sandbox, gold: flags.answer ?? null, signal });
    if (flags.trace) await writeTrace(flags.trace, trace);
    let grounding;
    if (image !== undefined && trace.parsed?.csv) {
      await using models = new LocalModels();
      grounding = groundCsv(trace.parsed.csv, await models.recognize(image));
    }
    await writeLine(JSON.stringify(grounding ? { ...output, grounding } : output));
    setExit(output.answer === null ? EXIT_FAILED : EXIT_OK);
  });
}
