import { basename, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { UsageError } from "../../errors.js";
import { barProgress, lineProgress } from "../../eval/progress.js";
import { writeReport } from "../../eval/report/index.js";
import { runEval } from "../../eval/run-eval.js";
import type { DatasetFormat } from "../../eval/types.js";
import { createModelBackend } from "../../model/index.js";
import { ENV_MODEL, envValue } from "../../model/spec.js";
import { EXIT_OK } from "../exit-codes.js";
import { say, writeLine } from "../io.js";
import { askSettingsFrom, type AskFlags } from "../ask-flags.js";
import { addSandboxFlags, sandboxFrom, wholeNumber } from "../options.js";

interface EvalFlags extends AskFlags {
  dataset?: string;
  format?: DatasetFormat;
  model?: string;
  limit?: string;
  concurrency: string;
  out?: string;
  force?: boolean;
  reportOnly?: string;
  maxFailures: string;
  requestTimeoutMs: string;
  retries: string;
  progress?: boolean;
}


/** A folder-name-safe slug. */
function slug(text: string): string {
  return text.replace(/^[a-z]+:(?=\w)/i, "").replace(/^https?:\/\//i, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "model";
}

/**
 * The default run folder: `eval-runs/<data set>--<model>`, the same for the same command, so that
 * re-running it resumes.
 */
export function defaultRunDir(dataset: string, model: string | undefined): string {
  const name = basename(resolve(dataset)).replace(/\.(jsonl|ndjson|parquet)$/i, "");
  return join("eval-runs", `${slug(name)}--${slug(model ?? envValue(process.env, ENV_MODEL) ?? "local")}`);
}

/** `catbox eval --dataset D --model URL [--limit N] [--concurrency N] [--out RUN_DIR]` and `catbox eval --report-only RUN_DIR`. */
export function registerEval(program: Command, setExit: (code: number) => void, signal: AbortSignal): void {
  const cmd = program
    .command("eval")
    .description("evaluate a model on a chart-QA data set: ask, verify and score every question; resumable; writes results, traces and reports")
    .option("--dataset <path>", "ChartQA folder (questions.jsonl + tables/ + images/), a .jsonl file, or a .parquet file or folder")
    .addOption(new Option("--format <format>", "data set format (default: recognised from the path)").choices(["chartqa", "jsonl", "parquet"]))
    .option("--model <url>", "model server: http(s)://host:port/v1[#model], or vllm:|llamacpp:|sglang:|ollama:|openai: URL (env CATBOX_MODEL)")
    .option("--limit <n>", "only the first N items")
    .option("--concurrency <n>", "questions in flight", "4")
    .option("--out <run_dir>", "run folder (default eval-runs/<data set>--<model>); re-running the same command resumes it")
    .option("--force", "resume even if the run folder was started with other settings")
    .option("--report-only <run_dir>", "only (re)write report.md and report.html of a run folder")
    .option("--max-failures <n>", "failures listed in the report at most", "200")
    .option("--no-progress", "no progress bar or progress lines")
    .addOption(new Option("--mode <mode>", "adaptive (model decides), code (always table + code), cot (visual reasoning)").choices(["adaptive", "code", "cot"]).default("adaptive"))
    .option("--constrain", "constrain decoding with catbox's grammar (llama.cpp, vLLM, SGLang)")
    .addOption(new Option("--on-error <policy>", "when the code path fails: repair, cot or stated (see catbox ask)").choices(["repair", "cot", "stated"]).default("repair"))
    .option("--max-repairs <n>", "repair rounds at most", "2")
    .option("--samples <k>", "self-consistency: K responses per question", "1")
    .option("--temperature <t>", "sampling temperature (default 0, or 0.7 with --samples > 1)")
    .option("--max-tokens <n>", "max_tokens per response (default 2048)")
    .option("--max-image-px <n>", "long-side pixel budget for the image sent", "1024")
    .option("--request-timeout-ms <n>", "timeout per model request", "120000")
    .option("--retries <n>", "retries on 408/409/429/5xx and connection errors", "4");
  addSandboxFlags(cmd).action(async (flags: EvalFlags) => {
    const maxFailures = wholeNumber("--max-failures", flags.maxFailures, 0, 1_000_000);
    if (flags.reportOnly !== undefined) {
      if (flags.dataset !== undefined) throw new UsageError("--report-only takes a run folder and no --dataset");
      const written = await writeReport(resolve(flags.reportOnly), { maxFailures });
      say(`catbox eval: report of ${written.results} result(s) → ${written.markdown}, ${written.html}`);
      await writeLine(JSON.stringify({ report: { markdown: written.markdown, html: written.html }, results: written.results }));
      setExit(EXIT_OK);
      return;
    }
    if (flags.dataset === undefined) throw new UsageError("give --dataset PATH (or --report-only RUN_DIR)");
    const concurrency = wholeNumber("--concurrency", flags.concurrency, 1, 256);
    const runDir = flags.out ?? defaultRunDir(flags.dataset, flags.model);
    await using sandbox = sandboxFrom(flags);
    await using backend = createModelBackend(flags.model, {
      local: { sandbox },
      timeoutMs: wholeNumber("--request-timeout-ms", flags.requestTimeoutMs, 100, 3_600_000),
      maxRetries: wholeNumber("--retries", flags.retries, 0, 20),
      concurrency,
    });
    const progress = flags.progress === false ? undefined : process.stderr.isTTY ? barProgress(process.stderr) : lineProgress((line) => say(line));
    const summary = await runEval({
      dataset: flags.dataset,
      ...(flags.format ? { format: flags.format } : {}),
      runDir,
      backend,
      sandbox,
      signal,
      concurrency,
      ...(flags.limit !== undefined ? { limit: wholeNumber("--limit", flags.limit, 1, Number.MAX_SAFE_INTEGER) } : {}),
      force: flags.force ?? false,
      maxFailures,
      ...(progress ? { progress } : {}),
      onNotice: (m) => say(`catbox eval: ${m}`),
      ...askSettingsFrom(flags),
    });
    const pctOf = (k: number) => (summary.results === 0 ? "–" : `${((100 * k) / summary.results).toFixed(1)}%`);
    say(
      `catbox eval: ${summary.results} result(s) (${summary.asked} asked now, ${summary.skipped} already done): relaxed ${pctOf(summary.relaxed)}, lenient ${pctOf(summary.lenient)} → ${join(summary.runDir, "report.html")}`,
    );
    await writeLine(JSON.stringify(summary));
    setExit(EXIT_OK);
  });
}
