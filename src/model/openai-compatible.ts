/**
 * A model backend for OpenAI-compatible chat-completions servers: vLLM, SGLang, llama.cpp's
 * `llama-server`, Ollama (`/v1`), LM Studio and hosted APIs.
 *
 * Every request is greedy unless asked otherwise (`temperature: 0`, and no other sampling field),
 * carries `max_tokens` (default 2048), and sends images as base64 data URLs in `image_url` parts.
 * A decoding constraint goes in the field its server takes (`CONSTRAINT_FIELDS`). Transient
 * failures are retried with backoff (see `retry.ts`); at most `concurrency` requests are in flight.
 */
import { CatboxError, ModelError, UsageError, type ModelErrorCode } from "../errors.js";
import { constraintFields, constraintKindsOf, flavourFromOwnedBy, type ServerFlavour } from "./flavours.js";
import {
  abortError,
  raceAbort,
  abortableSleep,
  backoffDelay,
  isRetryableNetworkError,
  isRetryableStatus,
  networkErrorCode,
  parseRetryAfter,
  RetryableFailure,
} from "./retry.js";
import { Semaphore } from "./semaphore.js";
import { endpoint, ENV_API_KEY, ENV_MODEL, ENV_MODEL_NAME, envValue, parseModelSpec, type Env, type ModelSpec } from "./spec.js";
import { readSseData } from "./sse.js";
import type { DecodingConstraint, GenerateRequest, GenerateResult, ModelBackend } from "./types.js";
import { parseChunk, parseCompletion, parseJsonBody, serverErrorText, toWireMessages, type WireReply } from "./wire.js";

export interface OpenAICompatibleOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8000/v1` (any spec form of `parseModelSpec`). Else `CATBOX_MODEL`. */
  baseUrl?: string;
  /** The model to request. Else the spec's `#name`, else `CATBOX_MODEL_NAME`, else the first id of `GET /models`. */
  model?: string;
  /** Sent as `Authorization: Bearer …`. Else `CATBOX_API_KEY`; else no header. */
  apiKey?: string;
  /** Which server this is; "auto" (default, unless the spec has a prefix) asks `GET /models` when a constraint needs to know. */
  server?: ServerFlavour | "auto";
  /** The HTTP transport (default: the global `fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Per attempt, from sending the request to the end of its body. Default 120,000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Most requests in flight at once. Default 4. */
  concurrency?: number;
  /** Waits between attempts (tests inject a recorder). Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The jitter source, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Where `CATBOX_*` settings are read. Default `process.env`. */
  env?: Env;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_TOKENS = 2048;

/** An `onToken` callback threw: its error goes to the caller as is, never retried. */
class CallbackFailure extends Error {
  constructor(readonly original: unknown) {
    super("onToken threw");
  }
}

/** A stream broke after text was delivered to `onToken`: not retryable. */
class PartialStream extends Error {
  constructor(
    readonly partialChars: number,
    readonly reason: unknown,
  ) {
    super("stream broke");
  }
}

interface ModelEntry {
  id: string;
  ownedBy?: unknown;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)" — message, cause and code. */
function describe(error: unknown): string {
  const parts = [error instanceof Error ? error.message : String(error)];
  if (error instanceof Error && error.cause instanceof Error && error.cause.message !== "") parts.push(error.cause.message);
  let text = parts.join(": ");
  const code = networkErrorCode(error);
  if (code !== undefined && !text.includes(code)) text += ` (${code})`;
  return text;
}

export class OpenAICompatibleBackend implements ModelBackend {
  /** Normalised base URL (no trailing slash, no fragment). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly concurrency: number;
  #model: string | undefined;
  #server: ServerFlavour | "auto";
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof globalThis.fetch;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #semaphore: Semaphore;
  readonly #disposed = new AbortController();
  #models: Promise<ModelEntry[]> | undefined;

  constructor(options: OpenAICompatibleOptions = {}) {
    const env = options.env ?? process.env;
    let spec: ModelSpec;
    if (options.baseUrl !== undefined) spec = parseModelSpec(options.baseUrl);
    else {
      const fromEnv = envValue(env, ENV_MODEL);
      if (fromEnv === undefined) {
        throw new UsageError(`no model server URL: pass the baseUrl option (--model URL on the command line) or set ${ENV_MODEL}`);
      }
      spec = parseModelSpec(fromEnv);
    }
    this.baseUrl = spec.baseUrl;
    this.#server = options.server !== undefined && options.server !== "auto" ? options.server : spec.server;
    this.#model = options.model ?? spec.model ?? envValue(env, ENV_MODEL_NAME);
    this.#apiKey = options.apiKey ?? envValue(env, ENV_API_KEY);
    this.timeoutMs = positiveInt("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1);
    this.maxRetries = positiveInt("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES, 0);
    this.concurrency = positiveInt("concurrency", options.concurrency, DEFAULT_CONCURRENCY, 1);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? abortableSleep;
    this.#random = options.random ?? Math.random;
    this.#semaphore = new Semaphore(this.concurrency);
  }

  /** `openai-compatible:URL#MODEL` (the model part appears once it is known). */
  get id(): string {
    return `openai-compatible:${this.baseUrl}${this.#model === undefined ? "" : `#${this.#model}`}`;
  }

  /** The model requested: given, or discovered by the first request; undefined before that. */
  get model(): string | undefined {
    return this.#model;
  }

  /** The server flavour: given, detected (after a constraint needed it), or "auto". */
  get server(): ServerFlavour | "auto" {
    return this.#server;
  }

  /** What the server takes for constrained decoding (`CONSTRAINT_FIELDS`); undefined while the flavour is "auto" (see `ready`). */
  get constraintKinds(): ReadonlyArray<DecodingConstraint["kind"]> | undefined {
    return this.#server === "auto" ? undefined : constraintKindsOf(this.#server);
  }

  /**
   * Settle the model name and the server flavour, asking `GET /models` once if either is unknown
   * (an unlistable server with a named model counts as "openai"). Afterwards `id`, `model`,
   * `server` and `constraintKinds` are final.
   */
  async ready(signal?: AbortSignal): Promise<void> {
    if (this.#disposed.signal.aborted) throw new UsageError("this model backend has been disposed");
    await this.#resolve(true, signal === undefined ? this.#disposed.signal : AbortSignal.any([signal, this.#disposed.signal]));
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.#disposed.signal.aborted) throw new UsageError("this model backend has been disposed");
    const started = performance.now();
    const signal = request.signal === undefined ? this.#disposed.signal : AbortSignal.any([request.signal, this.#disposed.signal]);
    if (signal.aborted) throw abortError(signal);
    const { model, server } = await this.#resolve(request.constraint !== undefined, signal);
    const body: Record<string, unknown> = {
      model,
      messages: toWireMessages(request.messages),
      temperature: request.temperature ?? 0,
      max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      ...(request.constraint === undefined ? {} : constraintFields(server, request.constraint)),
    };
    if (request.onToken !== undefined) {
      body.stream = true;
      body.stream_options = { include_usage: true };
    }
    const url = endpoint(this.baseUrl, "chat/completions");
    const json = JSON.stringify(body);
    const { value: reply, attempts } = await this.#withRetries(url, signal, (s) => this.#chat(url, json, s, request.onToken));
    const result: GenerateResult = {
      text: reply.text,
      model: reply.model ?? model,
      finishReason: reply.finishReason,
      attempts,
      ms: performance.now() - started,
    };
    if (reply.usage !== undefined) result.usage = reply.usage;
    return result;
  }

  /** Abort in-flight requests (they reject with an AbortError) and refuse new ones. Idempotent. */
  async dispose(): Promise<void> {
    if (!this.#disposed.signal.aborted) this.#disposed.abort(new DOMException("the model backend was disposed", "AbortError"));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  #headers(accept: string, json: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept };
    if (json) headers["content-type"] = "application/json";
    if (this.#apiKey !== undefined) headers.authorization = `Bearer ${this.#apiKey}`;
    return headers;
  }

  /** The model to name and the flavour to shape constraints for, asking `GET /models` only when needed. */
  async #resolve(needFlavour: boolean, signal: AbortSignal): Promise<{ model: string; server: ServerFlavour }> {
    const known = this.#model;
    if (known !== undefined && (!needFlavour || this.#server !== "auto")) {
      return { model: known, server: this.#server === "auto" ? "openai" : this.#server };
    }
    let entries: ModelEntry[];
    try {
      entries = await raceAbort((this.#models ??= this.#listModels()), signal);
    } catch (error) {
      if (signal.aborted || known === undefined) throw error;
      entries = []; // the model is named; an unlistable server is simply of unknown flavour
    }
    const model = known ?? entries[0]?.id;
    if (model === undefined) {
      throw new ModelError(
        `the server at ${this.baseUrl} lists no models: name one with the model option (--model URL#MODEL) or ${ENV_MODEL_NAME}`,
        { url: endpoint(this.baseUrl, "models") },
      );
    }
    this.#model = model;
    if (this.#server === "auto" && needFlavour) {
      this.#server = flavourFromOwnedBy((entries.find((e) => e.id === model) ?? entries[0])?.ownedBy);
    }
    return { model, server: this.#server === "auto" ? "openai" : this.#server };
  }

  /** `GET /models`, once per backend (shared by concurrent callers; forgotten if it fails). */
  async #listModels(): Promise<ModelEntry[]> {
    const url = endpoint(this.baseUrl, "models");
    try {
      const { value } = await this.#withRetries(url, this.#disposed.signal, async (signal) => {
        const res = await this.#fetch(url, { method: "GET", headers: this.#headers("application/json", false), signal });
        if (!res.ok) throw await httpFailure(res, url);
        const body = parseJsonBody(await res.text(), url);
        const data = Array.isArray(body.data) ? body.data : [];
        const entries: ModelEntry[] = [];
        for (const d of data) {
          if (d !== null && typeof d === "object" && typeof d.id === "string") entries.push({ id: d.id, ownedBy: d.owned_by });
        }
        return entries;
      });
      return value;
    } catch (error) {
      this.#models = undefined;
      if (!(error instanceof ModelError)) throw error;
      const why = `catbox lists the server's models when no model is named: name one with the model option or ${ENV_MODEL_NAME}`;
      throw rewrap(error, `${error.message} (${why})`);
    }
  }

  /** Run `attempt` until it succeeds, fails for good, or runs out of retries. */
  async #withRetries<T>(
    url: string,
    signal: AbortSignal,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ value: T; attempts: number }> {
    for (let n = 1; ; n++) {
      const release = await this.#semaphore.acquire(signal);
      const timeout = AbortSignal.timeout(this.timeoutMs);
      let retry: RetryableFailure;
      try {
        return { value: await attempt(AbortSignal.any([signal, timeout])), attempts: n };
      } catch (error) {
        if (signal.aborted) throw abortError(signal);
        retry = this.#classify(error, timeout.aborted, url);
      } finally {
        release();
      }
      if (n > this.maxRetries) {
        const suffix = n > 1 ? ` (gave up after ${n} attempts)` : "";
        throw rewrap(retry.failure, retry.failure.message + suffix, { attempts: n });
      }
      await this.#sleep(retry.retryAfterMs ?? backoffDelay(n, this.#random), signal);
      if (signal.aborted) throw abortError(signal);
    }
  }

  /** A retryable failure, or throws the error the caller should get. */
  #classify(error: unknown, timedOut: boolean, url: string): RetryableFailure {
    if (error instanceof CallbackFailure) throw error.original;
    if (error instanceof RetryableFailure) return error;
    if (error instanceof PartialStream) {
      const details = { url, partialChars: error.partialChars, cause: describe(error.reason) };
      const notRetried = "not retried because that text was already delivered";
      if (timedOut) {
        const at = `${error.partialChars} characters into the streamed reply`;
        throw new ModelError(`the request to ${url} timed out after ${this.timeoutMs} ms, ${at}; ${notRetried}`, details, "MODEL_TIMEOUT");
      }
      const why = describe(error.reason);
      throw new ModelError(`the stream from ${url} broke after ${error.partialChars} characters (${why}); ${notRetried}`, details);
    }
    if (timedOut) {
      const details = { url, timeoutMs: this.timeoutMs };
      return new RetryableFailure(new ModelError(`no complete answer from ${url} within ${this.timeoutMs} ms`, details, "MODEL_TIMEOUT"));
    }
    if (error instanceof CatboxError) throw error;
    if (isRetryableNetworkError(error)) {
      return new RetryableFailure(new ModelError(`could not reach ${url}: ${describe(error)}`, { url, cause: describe(error) }));
    }
    throw new ModelError(`the request to ${url} failed: ${describe(error)}`, { url, cause: describe(error) });
  }

  /** One chat-completions attempt. */
  async #chat(url: string, json: string, signal: AbortSignal, onToken: GenerateRequest["onToken"]): Promise<WireReply> {
    const streaming = onToken !== undefined;
    const headers = this.#headers(streaming ? "text/event-stream" : "application/json", true);
    const res = await this.#fetch(url, { method: "POST", headers, body: json, signal });
    if (!res.ok) throw await httpFailure(res, url);
    const type = res.headers.get("content-type") ?? "";
    if (!streaming || res.body === null || !type.includes("text/event-stream")) {
      const reply = parseCompletion(parseJsonBody(await res.text(), url), url);
      if (streaming && reply.text !== "") deliver(onToken, reply.text); // the server ignored `stream`
      return reply;
    }
    const reply: WireReply = { text: "", finishReason: null };
    let ended = false;
    try {
      for await (const event of readSseData(res.body)) {
        if (event.done) {
          ended = true;
          break;
        }
        const chunk = parseChunk(event.data, url);
        if (chunk.error !== undefined) {
          const details = { url, partialChars: reply.text.length };
          throw new ModelError(`the server at ${url} reported an error mid-stream: ${chunk.error}`, details);
        }
        if (chunk.model !== undefined) reply.model = chunk.model;
        if (chunk.usage !== undefined) reply.usage = chunk.usage;
        if (chunk.finishReason !== undefined) reply.finishReason = chunk.finishReason;
        if (chunk.delta !== "") {
          reply.text += chunk.delta;
          deliver(onToken, chunk.delta);
        }
      }
    } catch (error) {
      if (error instanceof CallbackFailure || error instanceof CatboxError || reply.text === "") throw error;
      // The text is complete once the finish reason came; only the usage chunk or [DONE] was lost.
      if (reply.finishReason !== null && !signal.aborted) return reply;
      throw new PartialStream(reply.text.length, error);
    }
    if (!ended && reply.finishReason === null) {
      const why = new Error("the server closed the stream before it finished");
      if (reply.text === "") throw new RetryableFailure(new ModelError(`${why.message} (${url})`, { url }));
      throw new PartialStream(reply.text.length, why);
    }
    return reply;
  }
}

/** `error` with a new message and more details, keeping its code. */
function rewrap(error: ModelError, message: string, details: Record<string, unknown> = {}): ModelError {
  return new ModelError(message, { ...error.details, ...details }, error.code as ModelErrorCode);
}

function deliver(onToken: (delta: string) => void, delta: string): void {
  try {
    onToken(delta);
  } catch (error) {
    throw new CallbackFailure(error);
  }
}

/** The error for a non-2xx response: retryable (with its Retry-After) or a final ModelError. */
async function httpFailure(res: Response, url: string): Promise<Error> {
  const text = await res.text().catch(() => "");
  const message = serverErrorText(text) || res.statusText || "no message";
  const error = new ModelError(`${url} answered HTTP ${res.status}: ${message}${hint(res.status)}`, { url, status: res.status });
  if (isRetryableStatus(res.status)) return new RetryableFailure(error, parseRetryAfter(res.headers.get("retry-after")));
  return error;
}

function hint(status: number): string {
  if (status === 401 || status === 403) return ` (check the API key: the apiKey option or ${ENV_API_KEY})`;
  if (status === 404) return " (check the URL, which usually ends in /v1, and the model name)";
  return "";
}

