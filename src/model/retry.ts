/**
 * Retry policy for model requests: which failures are worth another attempt, and how long to wait.
 *
 * Retried: HTTP 408, 409, 429 and 5xx; refused, reset or timed-out connections; a request that ran
 * past its timeout; a stream that broke before delivering any text. Not retried: other 4xx, a
 * caller's abort, a stream that already delivered text. Waits use exponential backoff with full
 * jitter (`random() × min(cap, base × 2^(attempt−1))`), or the server's `Retry-After`, capped.
 */
import { ModelError } from "../errors.js";

/** First backoff window; doubles per attempt. */
export const RETRY_BASE_MS = 500;
/** Largest backoff window. */
export const RETRY_MAX_BACKOFF_MS = 30_000;
/** A server's `Retry-After` is honoured up to this. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Network error codes (Node and undici) that mean "try again". */
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** A failure worth another attempt; `failure` is what the caller gets when attempts run out. */
export class RetryableFailure extends Error {
  constructor(
    readonly failure: ModelError,
    /** The server's `Retry-After`, already capped. */
    readonly retryAfterMs?: number,
  ) {
    super(failure.message);
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The code of a network error (`fetch failed` wraps it in `cause`, sometimes twice), if any. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether a thrown transport error (not an HTTP status) is a transient network failure. */
export function isRetryableNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  if (code !== undefined) return RETRYABLE_NETWORK_CODES.has(code);
  // undici reports a body cut short as a bare TypeError("terminated").
  return error instanceof TypeError && /terminated|other side closed|socket/i.test(error.message);
}

/**
 * `Retry-After` in milliseconds (delta-seconds or an HTTP date), capped at `RETRY_AFTER_CAP_MS`;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Math.round(ms)));
}

/** Full-jitter exponential backoff before retry number `attempt` (1 = the first retry). */
export function backoffDelay(attempt: number, random: () => number): number {
  const window = Math.min(RETRY_MAX_BACKOFF_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * window);
}

/** The error a caller's abort rejects with: the signal's reason when it is an Error, else an AbortError. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === "string" ? reason : "The operation was aborted", "AbortError");
}

/** `promise`, or the abort error as soon as `signal` aborts (the work itself runs on). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Wait `ms`, or reject with the abort error as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
