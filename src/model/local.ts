import { UsageError } from "../errors.js";
import type { ReadChartOptions } from "../chart/index.js";
import { LocalModels } from "../local/local-models.js";
import { CANNOT_ANSWER_LOCALLY, writeLocalResponse } from "../local/local-response.js";
import type { SandboxRunner } from "../sandbox/types.js";
import { raceAbort } from "./retry.js";
import type { ContentPart, GenerateRequest, GenerateResult, LocalReadingSummary, ModelBackend } from "./types.js";

/** The model spec that selects the local backend. */
export const LOCAL_MODEL_SPEC = "local";

export interface LocalBackendOptions {
  /** Shared local models (OCR engine + memo). Default: a new set, disposed with the backend. */
  models?: LocalModels;
  /** Chart reader settings (detectors, minimum confidence). */
  read?: ReadChartOptions;
  /** Runs the compiled snippet so the response states its answer (see `writeLocalResponse`). */
  sandbox?: SandboxRunner;
}

/**
 * The backend that needs no model server: it reads the chart's table from its pixels and OCR text
 * (onnxruntime + sharp) and compiles the question into TypeScript (`src/compile`), returning a
 * response in catbox's format that the engine runs like any model's. It has no visual reasoning:
 * charts it cannot read and questions outside the compiler's shapes are declined (`declined` set,
 * answer "cannot answer locally"), as are re-asks (repair or visual rounds), since it would only
 * repeat itself.
 */
export class LocalChartBackend implements ModelBackend {
  readonly id = "local:ocr+geometry+compiler";
  /** Its responses are always in the canonical shape; no grammar is needed. */
  readonly constraintKinds = [] as const;
  readonly models: LocalModels;
  private readonly ownsModels: boolean;
  private readonly read: ReadChartOptions;
  private readonly sandbox: SandboxRunner | undefined;

  constructor(options: LocalBackendOptions = {}) {
    this.ownsModels = options.models === undefined;
    this.models = options.models ?? new LocalModels();
    this.read = options.read ?? {};
    this.sandbox = options.sandbox;
  }

  /** Load the OCR models now rather than on the first chart. */
  async ready(): Promise<void> {
    await this.models.ready();
  }

  private readonly closing = new AbortController();

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.closing.signal.aborted) throw new UsageError("this local backend was disposed; create a new one");
    request.signal?.throwIfAborted();
    const signal = request.signal ? AbortSignal.any([request.signal, this.closing.signal]) : this.closing.signal;
    const result = await raceAbort(this.answer(request), signal);
    request.onToken?.(result.text);
    return result;
  }

  private async answer(request: GenerateRequest): Promise<GenerateResult> {
    const t0 = performance.now();
    const { image, text } = lastUserTurn(request);
    const purpose = request.task?.purpose ?? "answer";
    if (purpose !== "answer") {
      const why = `the local backend has no ${purpose === "cot" ? "visual reasoning" : "way to repair its own snippet"}`;
      return this.reply(`<programability>no</programability>\n<think>Cannot answer locally: ${why}.</think>\n<answer>${CANNOT_ANSWER_LOCALLY}</answer>\n`, t0, why);
    }
    const question = request.task?.question ?? text;
    if (image === undefined) throw new UsageError("the local backend needs the chart image in the request");
    const out = await writeLocalResponse(image, question, this.models, { read: this.read, ...(this.sandbox ? { sandbox: this.sandbox } : {}) });
    const c = out.chart;
    const reading: LocalReadingSummary = c.ok
      ? {
          kind: c.reading.kind,
          confidence: c.reading.confidence,
          valueSource: c.reading.valueSource,
          ...(c.reading.scale ? { scale: c.reading.scale } : {}),
          ...(out.shape ? { shape: out.shape } : {}),
          notes: c.reading.notes,
          ms: out.ms,
        }
      : { kind: null, confidence: null, notes: c.attempts.map((a) => `${a.detector}: ${a.detail}`), ms: out.ms };
    return { ...this.reply(out.text, t0, out.declined), reading };
  }

  private reply(text: string, t0: number, declined: string | undefined): GenerateResult {
    return { text, model: this.id, finishReason: "stop", attempts: 1, ms: performance.now() - t0, ...(declined ? { declined } : {}) };
  }

  async dispose(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new DOMException("the local backend was disposed", "AbortError"));
    if (this.ownsModels) await this.models.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

function lastUserTurn(request: GenerateRequest): { image?: Uint8Array; text: string } {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i]!;
    if (m.role !== "user" || typeof m.content === "string") continue;
    const image = m.content.find((p): p is Extract<ContentPart, { type: "image" }> => p.type === "image");
    const text = m.content
      .filter((p): p is Extract<ContentPart, { type: "text" }> => p.type === "text")
      .map((p) => p.text)
      .join("\n");
    return { ...(image ? { image: image.data } : {}), text };
  }
  return { text: "" };
}
