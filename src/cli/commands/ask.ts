import { Option, type Command } from "commander";
import { askChart, type AskOptions } from "../../ask/ask-chart.js";
import { askBatch } from "../../ask/ask-batch.js";
import type { AskOutput } from "../../ask/types.js";
import { UsageError } from "../../errors.js";
import { LocalModels } from "../../local/local-models.js";
import { createModelBackend } from "../../model/index.js";
import { writeTrace } from "../../trace/io.js";
import { answerToText } from "../../verify/answer-text.js";
import { EXIT_FAILED, EXIT_OK } from "../exit-codes.js";
import { readLines, say, writeLine } from "../io.js";
import { askSettingsFrom, type AskFlags as SharedAskFlags } from "../ask-flags.js";
import { addSandboxFlags, sandboxFrom, wholeNumber } from "../options.js";

interface AskFlags extends SharedAskFlags {
  model?: string;
  requestTimeoutMs: string;
  retries: string;
  answer?: string;
  trace?: string;
  show?: boolean;
  batch?: string;
  out?: string;
  concurrency: string;
  ground: boolean;
}


function summary(out: AskOutput): string {
  const answer = out.answer === null ? "(no answer)" : answerToText(out.answer);
  const how = out.path === "code" ? (out.verified ? "code path, verified" : "code path, NOT verified") : out.path === "visual" ? "visual path, unverified" : "no path";
  const lines =
    out.resolution === "declined"
      ? [`answer: (declined) ${out.declined ?? ""}`]
      : [`answer: ${answer}  [${how}; ${out.resolution}; ${out.rounds} model call(s)]`];
  if (out.stated !== null && out.path === "code") lines.push(`stated: ${out.stated} (${out.agree ? "agrees" : "DISAGREES"})`);
  if (out.error) lines.push(`error: ${out.error.code}: ${out.error.message}`);
  if (out.arithmetic && out.arithmetic.wrong.length > 0) lines.push(`arithmetic: ${out.arithmetic.wrong.length} of ${out.arithmetic.checked} steps wrong: ${out.arithmetic.wrong.map((w) => w.claim).join("; ")}`);
  if (out.reading && out.reading.kind !== null) {
    const r = out.reading;
    lines.push(`read locally: ${r.kind} chart (confidence ${r.confidence?.toFixed(2)}, values from ${r.valueSource === "axis" ? "the axis" : r.valueSource === "labels" ? "printed labels" : "printed labels and the axis"})${r.shape ? `; question shape ${r.shape}` : ""}`);
  }
  if (out.grounding) {
    const g = out.grounding;
    const missing = [...g.labels.missing.map((l) => JSON.stringify(l)), ...g.numbers.missing.map(String)];
    lines.push(
      `grounding: ${g.labels.found}/${g.labels.total} labels and ${g.numbers.found}/${g.numbers.total} numbers found on the chart (score ${g.score})` +
        (missing.length > 0 ? `; missing: ${missing.slice(0, 12).join(", ")}${missing.length > 12 ? ", …" : ""}` : ""),
    );
  }
  return lines.join("\n");
}

/** `catbox ask IMAGE "QUESTION"` and `catbox ask --batch IN.jsonl`. */
export function registerAsk(program: Command, setExit: (code: number) => void, signal: AbortSignal): void {
  const cmd = program
    .command("ask")
    .description("ask about a chart: a vision-language model, or with no model configured the local reader (OCR + chart geometry + question compiler); the answer is verified by running code over the table")
    .argument("[image]", "chart image (PNG, JPEG, WebP, GIF, TIFF, AVIF, SVG)")
    .argument("[question]", "the question")
    .option("--model <url>", "model server: http(s)://host:port/v1[#model], or vllm:|llamacpp:|sglang:|ollama:|openai: URL, or local (env CATBOX_MODEL; default local)")
    .addOption(new Option("--mode <mode>", "adaptive (model decides), code (always table + code), cot (visual reasoning)").choices(["adaptive", "code", "cot"]).default("adaptive"))
    .option("--constrain", "constrain decoding with catbox's grammar (llama.cpp, vLLM, SGLang)")
    .addOption(new Option("--on-error <policy>", "when the code path fails: repair (send the error back), cot (re-ask visually), stated (take the model's answer, unverified)").choices(["repair", "cot", "stated"]).default("repair"))
    .option("--max-repairs <n>", "repair rounds at most", "2")
    .option("--samples <k>", "self-consistency: K responses, majority over verified answers first", "1")
    .option("--temperature <t>", "sampling temperature (default 0, or 0.7 with --samples > 1)")
    .option("--max-tokens <n>", "max_tokens per response (default 2048)")
    .option("--max-image-px <n>", "long-side pixel budget for the image sent", "1024")
    .option("--request-timeout-ms <n>", "timeout per model request", "120000")
    .option("--retries <n>", "retries on 408/409/429/5xx and connection errors", "4")
    .option("--answer <gold>", "gold answer: adds `correct`")
    .option("--trace <out.json>", "write a replayable trace with every model round")
    .option("--show", "also print the table and code on stderr")
    .option("--batch <in.jsonl>", 'many questions: lines {"id","image","question","answer"?}')
    .option("--out <out.jsonl>", "with --batch: append results here; re-running skips ids already done")
    .option("--concurrency <n>", "with --batch: questions in flight", "4")
    .option("--no-ground", "skip the grounding check of the table against the chart's text (local OCR)");
  addSandboxFlags(cmd).action(async (image: string | undefined, question: string | undefined, flags: AskFlags) => {
    const settings = askSettingsFrom(flags);
    const concurrency = wholeNumber("--concurrency", flags.concurrency, 1, 256);
    // One set of local models serves both the local backend and the grounding check (OCR once per image).
    await using models = new LocalModels();
    await using sandbox = sandboxFrom(flags);
    await using backend = createModelBackend(flags.model, {
      local: { models, sandbox },
      timeoutMs: wholeNumber("--request-timeout-ms", flags.requestTimeoutMs, 100, 3_600_000),
      maxRetries: wholeNumber("--retries", flags.retries, 0, 20),
      concurrency,
    });
    const base: Omit<AskOptions, "gold"> = { ...settings, backend, sandbox, signal, ...(flags.ground ? { grounding: models } : {}) };

    if (flags.batch !== undefined) {
      if (image !== undefined || question !== undefined) throw new UsageError("give either IMAGE QUESTION or --batch, not both");
      const result = await askBatch(readLines(flags.batch), { ...base, concurrency, inputPath: flags.batch, ...(flags.out !== undefined ? { out: flags.out } : {}) }, flags.out === undefined ? (line) => writeLine(line) : undefined);
      say(`catbox ask: ${result.done} answered, ${result.skipped} already done, ${result.failed} failed${flags.out ? ` → ${flags.out}` : ""}`);
      setExit(EXIT_OK);
      return;
    }
    if (image === undefined || question === undefined) throw new UsageError('give a chart image and a question: catbox ask chart.png "Which year was highest?"');
    const stream = process.stderr.isTTY ? (delta: string) => void process.stderr.write(delta) : undefined;
    const { output, trace } = await askChart(image, question, { ...base, gold: flags.answer ?? null, ...(stream ? { onToken: stream } : {}) });
    if (stream) process.stderr.write("\n");
    if (flags.trace) await writeTrace(flags.trace, trace);
    await writeLine(JSON.stringify(output));
    say(summary(output));
    if (flags.show && trace.parsed) {
      if (trace.parsed.csv) say(`--- table ---\n${trace.parsed.csv}`);
      if (trace.parsed.code) say(`--- code ---\n${trace.parsed.code}`);
      if (trace.parsed.think) say(`--- reasoning ---\n${trace.parsed.think}`);
    }
    setExit(output.answer === null ? EXIT_FAILED : EXIT_OK);
  });
}

