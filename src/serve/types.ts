/**
 * Options and handles of `catbox serve` (`createServeApp`, `startServer`).
 */
import type { Hono } from "hono";
import type { RunSettings } from "../engine/types.js";
import type { SandboxOptions } from "../sandbox/index.js";
import type { SandboxRunner } from "../sandbox/types.js";
import type { ServeMetrics } from "./metrics.js";
import type { AskBody } from "./schemas.js";

/**
 * What `/v1/ask` calls when a model is configured: the validated body (`question`, `image` and any
 * other fields the caller sent) → the JSON to return. Throw catbox errors for bad input
 * (`IMAGE_ERROR`/`USAGE_ERROR` → 400) or model trouble (`MODEL_ERROR` → 502, `MODEL_TIMEOUT` → 504).
 */
export type AskHandler = (body: AskBody, context: { signal: AbortSignal; sandbox: SandboxRunner }) => Promise<unknown>;

/** Options for {@link createServeApp} (run settings apply to every run the server makes). */
export interface ServeOptions extends RunSettings {
  /** A sandbox to use (the app does not dispose it); otherwise the app creates and owns one. */
  sandbox?: SandboxRunner;
  /** Options for the sandbox the app creates (workers, default limits). */
  sandboxOptions?: SandboxOptions;
  /** Bearer token required on every route but `/healthz`; null/undefined = no auth. */
  token?: string | null;
  /** Largest request body, bytes (default 32 MiB) → 413. */
  maxBodyBytes?: number;
  /** Requests processed at once (default 8). */
  maxInflight?: number;
  /** Requests waiting for a slot (default 64); beyond that → 503 with Retry-After. */
  maxQueued?: number;
  /** Per-request deadline from arrival, ms (default 60,000) → 504. */
  deadlineMs?: number;
  /** Most items in one `/v1/reward` request (default 16,384). */
  maxBatchItems?: number;
  /** Responses scored at once within one `/v1/reward` request (default 64). */
  rewardConcurrency?: number;
  /** How long `close()` waits for in-flight requests before aborting them, ms (default 30,000). */
  drainTimeoutMs?: number;
  /** The `Retry-After` value sent with 503s, seconds (default 1). */
  retryAfterSeconds?: number;
  /** The model behind `/v1/ask` (501 without one). */
  ask?: AskHandler;
}

/** Defaults of {@link ServeOptions}. */
export const DEFAULT_SERVE_OPTIONS = Object.freeze({
  maxBodyBytes: 32 * 1024 * 1024,
  maxInflight: 8,
  maxQueued: 64,
  deadlineMs: 60_000,
  maxBatchItems: 16_384,
  rewardConcurrency: 64,
  drainTimeoutMs: 30_000,
  retryAfterSeconds: 1,
});

/** What {@link createServeApp} returns. */
export interface ServeApp {
  /** The hono app: `app.request(...)` in-process, or `app.fetch` behind any server. */
  app: Hono;
  sandbox: SandboxRunner;
  metrics: ServeMetrics;
  /** Stop admitting work, finish in-flight requests, dispose the sandbox the app owns. Idempotent. */
  close(): Promise<void>;
  /** Requests in flight and queued, and whether the app is closing. */
  stats(): { inflight: number; queued: number; closing: boolean };
}

/** Options for {@link startServer}: the app's options plus where to listen. */
export interface StartServerOptions extends ServeOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 8787; 0 picks a free one). */
  port?: number;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  app: ServeApp;
  /** Stop accepting connections, finish in-flight requests, dispose the sandbox, close sockets. */
  close(): Promise<void>;
}

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8787;
