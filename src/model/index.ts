/**
 * Model backends. `createModelBackend(spec)` picks one from a model spec (`--model` or
 * `CATBOX_MODEL`); today every spec names an OpenAI-compatible server (see `spec.ts` for the forms).
 *
 *   await using model = createModelBackend("vllm:http://127.0.0.1:8000/v1#Qwen/Qwen2.5-VL-7B-Instruct");
 *   const { text } = await model.generate({ messages: [{ role: "user", content: [image, question] }] });
 */
import { LOCAL_MODEL_SPEC, LocalChartBackend, type LocalBackendOptions } from "./local.js";
import { OpenAICompatibleBackend, type OpenAICompatibleOptions } from "./openai-compatible.js";
import { ENV_MODEL, envValue, parseModelSpec } from "./spec.js";
import type { ModelBackend } from "./types.js";

/** Options for `createModelBackend`: everything but the URL and flavour, which come from the spec. */
export type CreateModelBackendOptions = Omit<OpenAICompatibleOptions, "baseUrl" | "server"> & {
  /** Settings of the local backend (shared local models, chart reader settings). */
  local?: LocalBackendOptions;
};

/**
 * The backend a spec names. `spec` undefined falls back to `CATBOX_MODEL`; neither selects the
 * local backend (`local`: OCR + chart geometry + question compiler, no server). A spec of no
 * accepted form is a `UsageError` (the message lists them). The model name resolves
 * `options.model` → the spec's `#name` / `?model=` → `CATBOX_MODEL_NAME` → the server's first model;
 * the API key `options.apiKey` → `CATBOX_API_KEY`.
 */
export function createModelBackend(spec: string | undefined, options: CreateModelBackendOptions = {}): ModelBackend {
  const text = spec?.trim() || envValue(options.env ?? process.env, ENV_MODEL) || LOCAL_MODEL_SPEC;
  if (text.toLowerCase() === LOCAL_MODEL_SPEC) return new LocalChartBackend(options.local);
  const parsed = parseModelSpec(text);
  const { local: _local, ...remote } = options;
  return new OpenAICompatibleBackend({ ...remote, baseUrl: parsed.baseUrl, server: parsed.server, model: options.model ?? parsed.model });
}

export { OpenAICompatibleBackend, type OpenAICompatibleOptions } from "./openai-compatible.js";
export { LOCAL_MODEL_SPEC, LocalChartBackend, type LocalBackendOptions } from "./local.js";
export { DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES, DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_MS } from "./openai-compatible.js";
export {
  CONSTRAINT_FIELDS,
  SERVER_FLAVOURS,
  constraintFields,
  constraintKindsOf,
  flavourFromOwnedBy,
  type ServerFlavour,
} from "./flavours.js";
export { ENV_API_KEY, ENV_MODEL, ENV_MODEL_NAME, MODEL_SPEC_FORMS, parseModelSpec, type ModelSpec } from "./spec.js";
export { parseRetryAfter, RETRY_AFTER_CAP_MS } from "./retry.js";
export * from "./types.js";
