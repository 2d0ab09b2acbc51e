/**
 * `createServeApp`: catbox over HTTP (hono). Every `/v1/*` request passes auth, bounded admission
 * (503 + Retry-After when full), a bounded JSON body, zod validation and a deadline (504); the
 * handlers are thin calls into the library. See `types.ts` for the options.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import { compareTables, tableConsistencyWarnings } from "../check/index.js";
import { runResponse } from "../engine/run-response.js";
import type { RunSettings } from "../engine/types.js";
import { CatboxError } from "../errors.js";
import { scoreRewardBatch } from "../reward/score-reward.js";
import { createSandbox } from "../sandbox/index.js";
import type { SandboxRunner } from "../sandbox/types.js";
import { parseCsv } from "../table/index.js";
import type { Table } from "../table/types.js";
import { Admission, SaturatedError } from "./admission.js";
import { HttpError, payloadTooLarge, readJsonBody, validate } from "./http-errors.js";
import { ServeMetrics } from "./metrics.js";
import { askBodySchema, checkBodySchema, rewardBodySchema, runBodySchema } from "./schemas.js";
import { DEFAULT_SERVE_OPTIONS, type ServeApp, type ServeOptions } from "./types.js";

class DeadlineError extends Error {}
class ShutdownError extends Error {}
class ClientGoneError extends Error {}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

function errorResponse(c: Context, e: HttpError): Response {
  for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
  return c.json(e.body(), e.status as 400);
}

/** Map a library error to an HTTP error (bad input → 400, model trouble → 502/504). */
function httpErrorOf(e: unknown): HttpError | undefined {
  if (e instanceof HttpError) return e;
  if (e instanceof CatboxError) {
    switch (e.code) {
      case "USAGE_ERROR":
      case "CSV_ERROR":
      case "IMAGE_ERROR":
      case "PARSE_ERROR":
        return new HttpError(400, e.code === "PARSE_ERROR" ? "INVALID_REQUEST" : e.code, e.message);
      case "MODEL_ERROR":
        return new HttpError(502, "MODEL_ERROR", e.message);
      case "MODEL_TIMEOUT":
        return new HttpError(504, "MODEL_TIMEOUT", e.message);
      default:
        return undefined;
    }
  }
  return undefined;
}

function parseTable(csv: string, field: string): Table {
  try {
    return parseCsv(csv);
  } catch (e) {
    if (e instanceof CatboxError) throw new HttpError(400, "CSV_ERROR", `${field}: ${e.message}`, field);
    throw e;
  }
}

/**
 * Build the catbox HTTP app. It owns the sandbox unless one is passed in (then `close()` leaves it
 * running). `close()` stops admitting work, waits for in-flight requests (up to `drainTimeoutMs`,
 * then aborts them), and disposes the sandbox it owns.
 */
export function createServeApp(options: ServeOptions = {}): ServeApp {
  const o = { ...DEFAULT_SERVE_OPTIONS, ...options };
  const sandbox: SandboxRunner = options.sandbox ?? createSandbox(options.sandboxOptions ?? {});
  const ownsSandbox = options.sandbox === undefined;
  const settings: RunSettings = {
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.nowMs !== undefined ? { nowMs: o.nowMs } : {}),
  };
  const admission = new Admission(o.maxInflight, o.maxQueued);
  const metrics = new ServeMetrics();
  const active = new Set<AbortController>();
  const tokenDigest = o.token ? digest(o.token) : null;
  const rewardSchema = rewardBodySchema(o.maxBatchItems);
  let closing: Promise<void> | null = null;

  const app = new Hono();

  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    metrics.observe(metrics.routeOf(c.req.path), c.res.status, (performance.now() - started) / 1000);
  });

  app.use("*", async (c, next) => {
    if (tokenDigest === null || c.req.path === "/healthz") return next();
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), tokenDigest)) {
      metrics.reject("unauthorized");
      c.header("WWW-Authenticate", 'Bearer realm="catbox"');
      return c.json(new HttpError(401, "UNAUTHORIZED", "missing or wrong bearer token (send Authorization: Bearer <token>)").body(), 401);
    }
    return next();
  });

  /** Admission → deadline → body → validation → work, with every failure as a JSON error. */
  async function guarded<T>(c: Context, work: (body: unknown, signal: AbortSignal) => Promise<T>): Promise<Response> {
    if (closing) {
      metrics.reject("shutting_down");
      c.header("Connection", "close");
      return errorResponse(c, new HttpError(503, "SHUTTING_DOWN", "the server is shutting down; retry against another instance", undefined, { "retry-after": String(o.retryAfterSeconds) }));
    }
    const declared = Number(c.req.header("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > o.maxBodyBytes) return errorResponse(c, payloadTooLarge(o.maxBodyBytes));
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new DeadlineError()), o.deadlineMs);
    // A client that hangs up (node-server aborts the request's signal) takes its work with it.
    const clientSignal = c.req.raw.signal as AbortSignal | undefined;
    const onClientGone = () => ctl.abort(new ClientGoneError());
    clientSignal?.addEventListener("abort", onClientGone, { once: true });
    let release: (() => void) | undefined;
    try {
      try {
        release = await admission.acquire(ctl.signal);
      } catch (e) {
        if (e instanceof SaturatedError) {
          metrics.reject("saturated");
          return errorResponse(c, new HttpError(503, "OVERLOADED", e.message, undefined, { "retry-after": String(o.retryAfterSeconds) }));
        }
        throw e;
      }
      active.add(ctl);
      const aborted = new Promise<never>((_, reject) => {
        if (ctl.signal.aborted) reject(ctl.signal.reason);
        ctl.signal.addEventListener("abort", () => reject(ctl.signal.reason), { once: true });
      });
      aborted.catch(() => undefined);
      const task = (async () => work(await readJsonBody(c.req.raw, o.maxBodyBytes, ctl.signal), ctl.signal))();
      const held = release;
      // The slot is held until the work really stops, even when the deadline answered first.
      task.then(held, held);
      release = undefined;
      return c.json((await Promise.race([task, aborted])) as object);
    } catch (e) {
      if (e instanceof DeadlineError) return errorResponse(c, new HttpError(504, "DEADLINE_EXCEEDED", `the request did not finish within ${o.deadlineMs} ms`));
      if (e instanceof ShutdownError) return errorResponse(c, new HttpError(503, "SHUTTING_DOWN", "the server shut down before the request finished"));
      if (e instanceof ClientGoneError) return errorResponse(c, new HttpError(499, "CLIENT_CLOSED", "the client closed the connection"));
      const http = httpErrorOf(e);
      if (http) return errorResponse(c, http);
      throw e;
    } finally {
      clearTimeout(timer);
      clientSignal?.removeEventListener("abort", onClientGone);
      active.delete(ctl);
      release?.();
    }
  }

  app.post("/v1/run", (c) =>
    guarded(c, async (raw, signal) => {
      const body = validate(runBodySchema, raw);
      const { output, trace } = await runResponse(body.response, { ...settings, sandbox, gold: body.answer ?? null, strict: body.strict ?? false, signal });
      return body.trace ? { ...output, trace } : output;
    }),
  );

  app.post("/v1/reward", (c) =>
    guarded(c, async (raw, signal) => {
      const started = performance.now();
      const body = validate(rewardSchema, raw);
      const results = await scoreRewardBatch(
        body.items.map((it) => ({ response: it.response, answer: it.answer, table: it.table ?? null, programmable: it.programmable ?? null })),
        {
          ...settings,
          sandbox,
          signal,
          concurrency: o.rewardConcurrency,
          ...(body.weights ? { weights: body.weights } : {}),
          ...(body.dialect ? { dialect: body.dialect } : {}),
          ...(body.partialDecision !== undefined ? { partialDecision: body.partialDecision } : {}),
          ...(body.accuracyMetric ? { accuracyMetric: body.accuracyMetric } : {}),
          ...(body.strict !== undefined ? { strict: body.strict } : {}),
        },
      );
      metrics.addRewardItems(results.length);
      return {
        results: results.map((r, i) => ({
          ...(body.items[i]!.id !== undefined ? { id: body.items[i]!.id } : {}),
          reward: r.reward,
          components: r.components,
          dialect: r.dialect,
          programmable: r.programmable,
          answer: r.output.answer,
          correct: r.output.correct ?? false,
          error: r.output.error,
          notes: r.notes,
          ...(body.output ? { output: r.output } : {}),
        })),
        count: results.length,
        ms: performance.now() - started,
      };
    }),
  );

  app.post("/v1/check", (c) =>
    guarded(c, async (raw) => {
      const body = validate(checkBodySchema, raw);
      const table = parseTable(body.table, "table");
      return { ...compareTables(table, parseTable(body.gold, "gold")), consistency: tableConsistencyWarnings(table) };
    }),
  );

  app.post("/v1/ask", (c) => {
    if (!o.ask) return errorResponse(c, new HttpError(501, "NOT_CONFIGURED", "no model is configured for /v1/ask; start `catbox serve` with a model (e.g. --model)"));
    const ask = o.ask;
    return guarded(c, async (raw, signal) => ask(validate(askBodySchema, raw), { signal, sandbox }));
  });

  app.get("/healthz", (c) => {
    const body = { ok: !closing, inflight: admission.active, queued: admission.queued, workers: sandbox.stats().workers, closing: closing !== null };
    return c.json(body, closing ? 503 : 200);
  });

  app.get("/metrics", (c) => {
    c.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return c.body(metrics.render({ inflight: admission.active, queued: admission.queued, closing: closing !== null }, sandbox.stats()));
  });

  for (const [path, allow] of [["/v1/run", "POST"], ["/v1/reward", "POST"], ["/v1/check", "POST"], ["/v1/ask", "POST"], ["/healthz", "GET"], ["/metrics", "GET"]] as const) {
    app.all(path, (c) => {
      c.header("Allow", allow);
      return c.json(new HttpError(405, "METHOD_NOT_ALLOWED", `${c.req.method} is not allowed on ${path}; use ${allow}`).body(), 405);
    });
  }
  app.notFound((c) => c.json(new HttpError(404, "NOT_FOUND", `no route ${c.req.method} ${c.req.path}; see /v1/run, /v1/reward, /v1/check, /v1/ask, /healthz, /metrics`).body(), 404));
  app.onError((e, c) => {
    const http = httpErrorOf(e);
    if (http) return errorResponse(c, http);
    return c.json(new HttpError(500, "INTERNAL_ERROR", (e as Error)?.message ?? String(e)).body(), 500);
  });

  async function close(): Promise<void> {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        admission.idle().then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), o.drainTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (!drained) {
        for (const ctl of active) ctl.abort(new ShutdownError());
        await admission.idle();
      }
      if (ownsSandbox) await sandbox.dispose();
    })();
    return closing;
  }

  return {
    app,
    sandbox,
    metrics,
    close,
    stats: () => ({ inflight: admission.active, queued: admission.queued, closing: closing !== null }),
  };
}
