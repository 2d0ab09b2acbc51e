import { readFileSync } from "node:fs";
import { join } from "node:path";
import { auditArithmetic } from "../audit/arithmetic.js";
import { UsageError } from "../errors.js";
import { runResponse, type RunRecord } from "../engine/run-response.js";
import type { RunOutput } from "../engine/types.js";
import { prepareImage, type PreparedImage } from "../image/index.js";
import { groundCsv } from "../grounding/ground-table.js";
import type { ChatMessage, DecodingConstraint, ModelBackend } from "../model/types.js";
import type { OcrResult } from "../ocr/types.js";
import { packageRoot } from "../paths.js";
import { buildPrompt, buildRepairPrompt } from "../prompts/index.js";
import { parseResponse } from "../response/index.js";
import type { SandboxRunner } from "../sandbox/types.js";
import type { Trace } from "../trace/schema.js";
import { majorityVote } from "./vote.js";
import type { AskMode, AskOutput, AskRound, AskSettings } from "./types.js";

export interface AskOptions extends AskSettings {
  backend: ModelBackend;
  sandbox: SandboxRunner;
  gold?: string | null;
  signal?: AbortSignal;
  /** Streamed model text (e.g. to stderr on a TTY). */
  onToken?: (delta: string) => void;
  /**
   * OCR for the grounding check (e.g. `LocalModels`): when given, a code-path table is checked
   * against the chart's printed text and the result reported as `grounding`.
   */
  grounding?: { recognize(image: Uint8Array): Promise<OcrResult> };
}

export interface AskRecord {
  output: AskOutput;
  trace: Trace;
}

const grammarCache = new Map<DecodingConstraint["kind"], string>();

/** The project's own grammar of the response format, in the form the backend's server takes. */
export function grammarFor(kind: DecodingConstraint["kind"]): DecodingConstraint {
  let grammar = grammarCache.get(kind);
  if (grammar === undefined) {
    grammar = readFileSync(join(packageRoot(), "grammars", `catbox.${kind}`), "utf8");
    grammarCache.set(kind, grammar);
  }
  return { kind, grammar };
}

function userMessage(text: string, image: PreparedImage): ChatMessage {
  return { role: "user", content: [{ type: "image", mediaType: image.mediaType, data: image.data }, { type: "text", text }] };
}

interface Conversation {
  messages: ChatMessage[];
  mode: AskMode;
}

/**
 * Ask a model about a chart and turn its response into a verified answer: the code path runs the
 * model's snippet over its table in the sandbox; the visual path is taken unverified, with its
 * arithmetic checked. Code-path failures are recovered by the `onError` policy; every model call
 * is a round in the trace.
 */
export async function askChart(image: Uint8Array | string, question: string, options: AskOptions): Promise<AskRecord> {
  const started = performance.now();
  const mode = options.mode ?? "adaptive";
  const samples = Math.max(1, Math.floor(options.samples ?? 1));
  const onError = options.onError ?? "repair";
  const maxRepairs = Math.max(0, Math.floor(options.maxRepairs ?? 2));
  const temperature = options.temperature ?? (samples > 1 ? 0.7 : 0);
  const prepared = await prepareImage(image, { maxLongSidePx: options.maxImageSidePx ?? 1024 });
  const imageMs = performance.now() - started;
  const rounds: AskRound[] = [];
  let modelMs = 0;
  let engineMs = 0;

  // With a plain URL the server kind (and so the grammar form it takes) is learnt from /models.
  if (options.constrain) await options.backend.ready?.(options.signal);
  const constraint = options.constrain ? constraintFor(options.backend) : undefined;

  let declined: string | undefined;
  let reading: AskOutput["reading"];
  const call = async (conv: Conversation, kind: AskRound["kind"], prompt: string): Promise<RunRecord> => {
    const t0 = performance.now();
    const reply = await options.backend.generate({
      task: { question, purpose: kind === "repair" ? "repair" : kind === "cot" ? "cot" : "answer" },
      messages: conv.messages,
      temperature,
      ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
      ...(constraint ? { constraint } : {}),
      ...(options.onToken ? { onToken: options.onToken } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const t1 = performance.now();
    modelMs += t1 - t0;
    const record = await runResponse(reply.text, {
      sandbox: options.sandbox,
      gold: options.gold ?? null,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.nowMs !== undefined ? { nowMs: options.nowMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    engineMs += performance.now() - t1;
    declined = reply.declined;
    reading = reply.reading;
    conv.messages.push({ role: "assistant", content: reply.text });
    rounds.push({
      kind,
      mode: conv.mode,
      prompt,
      response: reply.text,
      output: record.output,
      model: { attempts: reply.attempts, ms: reply.ms, finishReason: reply.finishReason, ...(reply.usage ? { usage: reply.usage } : {}) },
    });
    return record;
  };

  const start = (m: AskMode): { conv: Conversation; prompt: string } => {
    const p = buildPrompt(m, question);
    return { conv: { mode: m, messages: [{ role: "system", content: p.system }, userMessage(p.user, prepared)] }, prompt: p.user };
  };

  // One answer: the initial round plus recovery by policy.
  const answerOnce = async (kind: AskRound["kind"]): Promise<{ record: RunRecord; resolution: AskOutput["resolution"] }> => {
    const first = start(mode);
    let record = await call(first.conv, kind, first.prompt);
    if (declined !== undefined) {
      // The backend says it cannot answer: no repair or re-ask, and its placeholder answer is not an answer.
      return { record: { ...record, output: { ...record.output, answer: null, verified: false, agree: null } }, resolution: "declined" };
    }
    if (record.output.answer !== null && record.output.error === null) {
      return { record, resolution: record.output.path === "visual" ? "visual" : "code" };
    }
    if (onError === "repair") {
      for (let i = 0; i < maxRepairs && record.output.error !== null; i++) {
        const parsed = safeParse(rounds[rounds.length - 1]!.response);
        const text = buildRepairPrompt(record.output.error, { csv: parsed?.csv ?? "", code: parsed?.code ?? "" });
        first.conv.messages.push({ role: "user", content: text });
        record = await call(first.conv, "repair", text);
      }
      if (record.output.error === null && record.output.answer !== null) return { record, resolution: "repaired" };
      return { record, resolution: "failed" };
    }
    if (onError === "cot") {
      const cot = start("cot");
      const again = await call(cot.conv, "cot", cot.prompt);
      return { record: again, resolution: again.output.answer !== null ? "cot-fallback" : "failed" };
    }
    // stated: the model's own answer, unverified
    if (record.output.stated !== null) {
      const output: RunOutput = { ...record.output, answer: record.output.stated, verified: false };
      return { record: { ...record, output }, resolution: "stated-fallback" };
    }
    return { record, resolution: "failed" };
  };

  let final: { record: RunRecord; resolution: AskOutput["resolution"] };
  let votes: AskOutput["votes"];
  if (samples === 1) {
    final = await answerOnce("initial");
  } else {
    const results: { record: RunRecord; resolution: AskOutput["resolution"] }[] = [];
    for (let i = 0; i < samples; i++) results.push(await answerOnce(i === 0 ? "initial" : "sample"));
    const vote = majorityVote(results.map((r) => r.record.output));
    votes = vote.tally;
    final = { ...results[vote.winner]!, resolution: "majority" };
  }

  const out = final.record.output;
  const arithmetic = out.path === "visual" && final.resolution !== "declined" ? arithmeticOf(final.record) : undefined;
  const why = final.resolution === "declined" ? declined : undefined;
  const g0 = performance.now();
  const grounding = options.grounding && out.path === "code" ? await groundingOf(final.record, prepared.data, options.grounding) : undefined;
  const groundingMs = options.grounding && out.path === "code" ? performance.now() - g0 : undefined;
  const output: AskOutput = {
    ...out,
    model: options.backend.id,
    mode,
    rounds: rounds.length,
    resolution: final.resolution,
    ...(arithmetic ? { arithmetic } : {}),
    ...(votes ? { votes } : {}),
    ...(why !== undefined ? { declined: why } : {}),
    ...(reading ? { reading } : {}),
    ...(grounding ? { grounding } : {}),
    timings: { image: imageMs, model: modelMs, engine: engineMs, ...(groundingMs !== undefined ? { grounding: groundingMs } : {}), total: performance.now() - started },
  };
  const trace: Trace = {
    ...final.record.trace,
    result: out,
    ask: {
      question,
      model: options.backend.id,
      mode,
      settings: { constrain: options.constrain ?? false, onError, maxRepairs, samples, temperature, maxTokens: options.maxTokens ?? null },
      image: { sha256: prepared.original.sha256, bytes: prepared.original.bytes, format: prepared.original.format, width: prepared.original.width, height: prepared.original.height, sentBytes: prepared.data.length, sentWidth: prepared.width, sentHeight: prepared.height, mediaType: prepared.mediaType },
      rounds,
      resolution: final.resolution,
      ...(arithmetic ? { arithmetic } : {}),
      ...(why !== undefined ? { declined: why } : {}),
      ...(reading ? { reading } : {}),
      ...(grounding ? { grounding } : {}),
      timings: output.timings,
    },
  };
  return { output, trace };
}

/** The code path's table grounded in the chart's OCR text; undefined when the CSV does not parse. */
async function groundingOf(record: RunRecord, image: Uint8Array, ocr: NonNullable<AskOptions["grounding"]>) {
  const csv = record.trace.parsed?.csv;
  return csv ? groundCsv(csv, await ocr.recognize(image)) : undefined;
}

function safeParse(text: string): { csv: string | null; code: string | null } | undefined {
  try {
    return parseResponse(text);
  } catch {
    return undefined;
  }
}

function arithmeticOf(record: RunRecord): AskOutput["arithmetic"] {
  const think = record.trace.parsed?.think;
  if (!think) return { checked: 0, wrong: [] };
  const report = auditArithmetic(think);
  return { checked: report.checked, wrong: report.wrong };
}

/** The grammar form this backend's server accepts (GBNF for llama.cpp, Lark for vLLM, …). */
function constraintFor(backend: ModelBackend): DecodingConstraint {
  const kinds = backend.constraintKinds ?? [];
  const kind = kinds[0];
  if (kind === undefined) {
    throw new UsageError(`--constrain: ${backend.id} does not accept a grammar (llama.cpp, vLLM and SGLang do; see grammars/README.md)`);
  }
  return grammarFor(kind);
}
