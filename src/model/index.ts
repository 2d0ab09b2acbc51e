/**
 * Model backends. `createModelBackend(spec)` picks one from a model spec (`--model` or
 * `CATBOX_MODEL`); today every spec names an OpenAI-compatible server (see `spec.ts` for the forms).
 *
 *   await using model = createModelBackend("vllm:http://127.0.0.1:8000/v1#Qwen/Qwen2.5-VL-7B-Instruct");
 *   const { text } = await model.generate({ messages: [{ role: "user", content: [image, question] }] });
 */
import { UsageError } from "../errors.js";
import { OpenAICompatibleBackend, type OpenAICompatibleOptions } from "./openai-compatible.js";
import { ENV_MODEL, envValue, parseModelSpec } from "./spec.js";
import type { ModelBackend } from "./types.js";

/** Options for `createModelBackend`: everything but the URL and flavour, which come from the spec. */
export type CreateModelBackendOptions = Omit<OpenAICompatibleOptions, "baseUrl" | "server">;

/**
 * The backend a spec names. `spec` undefined falls back to `CATBOX_MODEL`; neither is a
 * `UsageError`, as is a spec of no accepted form (the message lists them). The model name resolves
 * `options.model` → the spec's `#name` / `?model=` → `CATBOX_MODEL_NAME` → the server's first model;
 * the API key `options.apiKey` → `CATBOX_API_KEY`.
 */
export function createModelBackend(spec: string | undefined, options: CreateModelBackendOptions = {}): ModelBackend {
  const text = spec?.trim() || envValue(options.env ?? process.env, ENV_MODEL);
  if (text === undefined || text === "") throw new UsageError(`no model configured: pass --model URL or set ${ENV_MODEL}`);
  const parsed = parseModelSpec(text);
  return new OpenAICompatibleBackend({ ...options, baseUrl: parsed.baseUrl, server: parsed.server, model: options.model ?? parsed.model });
}

export { OpenAICompatibleBackend, type OpenAICompatibleOptions } from "./openai-compatible.js";
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
