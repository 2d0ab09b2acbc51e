/**
 * The chat-completions wire format: catbox messages → request JSON, and response / stream-chunk
 * JSON → text, finish reason, usage. Tolerant of the small differences between servers (missing
 * usage, `null` content, usage-only final chunks).
 */
import { ModelError } from "../errors.js";
import type { ChatMessage, GenerateResult } from "./types.js";

type WireContent = string | Array<{ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } }>;

/** Messages as the server wants them: images become base64 data URLs in `image_url` parts. */
export function toWireMessages(messages: readonly ChatMessage[]): Array<{ role: string; content: WireContent }> {
  return messages.map((m) => ({
    role: m.role,
    content:
      typeof m.content === "string"
        ? m.content
        : m.content.map((part) =>
            part.type === "text"
              ? { type: "text" as const, text: part.text }
              : {
                  type: "image_url" as const,
                  image_url: { url: `data:${part.mediaType};base64,${Buffer.from(part.data).toString("base64")}` },
                },
          ),
  }));
}

/** The parts of a result a response (or the stream's chunks) supply. */
export interface WireReply {
  text: string;
  model?: string;
  finishReason: string | null;
  usage?: GenerateResult["usage"];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

function usageOf(value: unknown): GenerateResult["usage"] | undefined {
  if (!isObject(value)) return undefined;
  const prompt = value.prompt_tokens;
  const completion = value.completion_tokens;
  if (typeof prompt !== "number" || typeof completion !== "number") return undefined;
  return { promptTokens: prompt, completionTokens: completion };
}

/** Parse a JSON body, or throw `ModelError` quoting the start of what came instead. */
export function parseJsonBody(text: string, url: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch {
    // fall through
  }
  throw new ModelError(`the server at ${url} did not answer with a JSON object: ${JSON.stringify(text.slice(0, 200))}`, { url });
}

/** A non-streaming `chat.completion` body → reply; `ModelError` when it has no choice. */
export function parseCompletion(body: Json, url: string): WireReply {
  const error = errorMessageOf(body);
  if (error !== undefined) throw new ModelError(`the server at ${url} answered with an error: ${error}`, { url });
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isObject(choice)) throw new ModelError(`the server at ${url} answered without choices`, { url });
  const message = isObject(choice.message) ? choice.message : {};
  const reply: WireReply = {
    text: typeof message.content === "string" ? message.content : "",
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
  };
  if (typeof body.model === "string") reply.model = body.model;
  const usage = usageOf(body.usage);
  if (usage !== undefined) reply.usage = usage;
  return reply;
}

/** One streamed `chat.completion.chunk`: its text delta and whatever else it carries. */
export interface WireChunk {
  delta: string;
  model?: string;
  finishReason?: string;
  usage?: GenerateResult["usage"];
  error?: string;
}

export function parseChunk(data: string, url: string): WireChunk {
  const body = parseJsonBody(data, url);
  const out: WireChunk = { delta: "" };
  const error = errorMessageOf(body);
  if (error !== undefined) out.error = error;
  if (typeof body.model === "string") out.model = body.model;
  const usage = usageOf(body.usage);
  if (usage !== undefined) out.usage = usage;
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (isObject(choice)) {
    const delta = isObject(choice.delta) ? choice.delta : {};
    if (typeof delta.content === "string") out.delta = delta.content;
    if (typeof choice.finish_reason === "string") out.finishReason = choice.finish_reason;
  }
  return out;
}

/** The message of an error body: `{error: {message}}`, `{error: "…"}`, `{message}` or `{detail}`. */
export function errorMessageOf(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const error = body.error;
  if (typeof error === "string" && error !== "") return error;
  if (isObject(error) && typeof error.message === "string") return error.message;
  if (body.object === "error" && typeof body.message === "string") return body.message;
  if (typeof body.detail === "string") return body.detail;
  return undefined;
}

/** What to quote from an error response: its error message, else the start of its text. */
export function serverErrorText(text: string): string {
  let message: string | undefined;
  try {
    message = errorMessageOf(JSON.parse(text));
  } catch {
    // not JSON
  }
  const quoted = (message ?? text).trim();
  return quoted.length > 500 ? `${quoted.slice(0, 500)}…` : quoted;
}
