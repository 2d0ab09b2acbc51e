/**
 * Model specs (`--model` / `CATBOX_MODEL`) and the environment variables that configure a model.
 *
 *   http://127.0.0.1:8000/v1                    an OpenAI-compatible server; flavour detected
 *   http://127.0.0.1:8000/v1#Qwen2.5-VL-7B       … naming the model (or ?model=Qwen2.5-VL-7B)
 *   vllm:http://127.0.0.1:8000/v1                … forcing the flavour (openai, vllm, llamacpp, ollama, sglang)
 */
import { UsageError } from "../errors.js";
import { SERVER_FLAVOURS, type ServerFlavour } from "./flavours.js";

/** The model server's URL (a spec as above). */
export const ENV_MODEL = "CATBOX_MODEL";
/** The model name to request (else the spec's `#name`, else the first model the server lists). */
export const ENV_MODEL_NAME = "CATBOX_MODEL_NAME";
/** Sent as `Authorization: Bearer …` when set. */
export const ENV_API_KEY = "CATBOX_API_KEY";

/** Where settings fall back to; `process.env` unless a test injects another. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The accepted spec forms, for error messages and `--help`. */
export const MODEL_SPEC_FORMS: readonly string[] = [
  "http(s)://HOST:PORT/v1",
  "http(s)://HOST:PORT/v1#MODEL (or ?model=MODEL)",
  ...SERVER_FLAVOURS.map((f) => `${f}:URL`),
  "local (no server: OCR + chart geometry + question compiler; the default)",
];

export interface ModelSpec {
  /** Normalised: no trailing slash, no fragment, no `model` query parameter; `/v1` added to a bare host. */
  baseUrl: string;
  model?: string;
  /** Forced by a prefix; otherwise detected ("auto"). */
  server: ServerFlavour | "auto";
}

function badSpec(spec: string, why: string): UsageError {
  return new UsageError(`cannot use model ${JSON.stringify(spec)}: ${why}; accepted forms: ${MODEL_SPEC_FORMS.join(", ")}`, {
    spec,
  });
}

/** Parse a spec of one of the forms in `MODEL_SPEC_FORMS`; `UsageError` otherwise. */
export function parseModelSpec(spec: string): ModelSpec {
  const text = spec.trim();
  let server: ModelSpec["server"] = "auto";
  let rest = text;
  const prefix = /^([a-z]+):(?!\/\/)/i.exec(text);
  if (prefix !== null) {
    const name = prefix[1]!.toLowerCase();
    if (!(SERVER_FLAVOURS as readonly string[]).includes(name)) return fail(`unknown scheme "${prefix[1]}:"`);
    server = name as ServerFlavour;
    rest = text.slice(prefix[0].length);
  }
  if (!/^https?:\/\//i.test(rest)) {
    return fail(prefix === null ? "not an http(s) URL" : `"${prefix[1]}:" must be followed by an http(s) URL`);
  }
  let url: URL;
  try {
    url = new URL(rest);
  } catch {
    return fail("not a valid URL");
  }
  let model: string | undefined;
  if (url.hash.length > 1) model = decodeURIComponent(url.hash.slice(1));
  const queryModel = url.searchParams.get("model");
  if (queryModel !== null) {
    model ??= queryModel;
    url.searchParams.delete("model");
  }
  url.hash = "";
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1";
  url.pathname = url.pathname.replace(/\/+$/, "");
  const out: ModelSpec = { baseUrl: url.toString(), server };
  if (model !== undefined && model !== "") out.model = model;
  return out;

  function fail(why: string): never {
    throw badSpec(spec, why);
  }
}

/** `url` with `/suffix` appended to its path (keeping any query, e.g. an `api-version`). */
export function endpoint(baseUrl: string, suffix: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${suffix}`;
  return url.toString();
}

/** An environment variable's value, or undefined when unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}
