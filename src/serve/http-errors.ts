/**
 * The HTTP boundary of `catbox serve`: errors as `{error:{code,message,path?}}` with a status,
 * bounded JSON body reading (413 over the limit, 415 for non-JSON, 400 for bad JSON), and zod
 * validation that names the bad field.
 */
import type { z } from "zod";

/** Stable codes of HTTP-level errors (run errors keep catbox's own codes inside 200 responses). */
export type HttpErrorCode =
  | "BAD_JSON"
  | "INVALID_REQUEST"
  | "CSV_ERROR"
  | "USAGE_ERROR"
  | "IMAGE_ERROR"
  | "UNAUTHORIZED"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "NOT_CONFIGURED"
  | "OVERLOADED"
  | "SHUTTING_DOWN"
  | "DEADLINE_EXCEEDED"
  | "CLIENT_CLOSED"
  | "MODEL_ERROR"
  | "MODEL_TIMEOUT"
  | "INTERNAL_ERROR";

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: HttpErrorCode; message: string; path?: string };
}

/** An error that becomes an HTTP response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly path?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.path !== undefined ? { path: this.path } : {}) } };
  }
}

/** 413 for a body over `maxBytes` (the connection is closed: the rest of the body is not read). */
export function payloadTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "PAYLOAD_TOO_LARGE", `the request body is over the ${maxBytes}-byte limit (raise it with --max-body-mb)`, undefined, { connection: "close" });
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Read a request's JSON body: 415 unless `Content-Type` is JSON, 413 once more than `maxBytes`
 * arrive (or `Content-Length` says so), 400 for invalid UTF-8 or JSON. Never buffers past the limit.
 * When `signal` aborts, reading stops (the stream is cancelled) and the signal's reason is thrown.
 */
export async function readJsonBody(request: Request, maxBytes: number, signal?: AbortSignal): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!JSON_TYPE.test(type)) {
    throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", `send a JSON body with Content-Type: application/json (got ${type ? JSON.stringify(type) : "none"})`);
  }
  const tooLarge = () => payloadTooLarge(maxBytes);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        signal?.throwIfAborted();
        const { done, value } = await reader.read();
        signal?.throwIfAborted();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }
  if (total === 0) throw new HttpError(400, "BAD_JSON", "the request body is empty; send a JSON object");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks, total));
  } catch {
    throw new HttpError(400, "BAD_JSON", "the request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, "BAD_JSON", `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Validate with zod; a failure is a 400 naming the first bad field (`items.3.response`). */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join(".");
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem${result.error.issues.length > 2 ? "s" : ""})` : "";
  throw new HttpError(400, "INVALID_REQUEST", `${path === "" ? "body" : path}: ${issue.message}${more}`, path);
}
