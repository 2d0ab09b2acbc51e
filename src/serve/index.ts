/**
 * `catbox serve`: the library over HTTP — run, reward, check, ask, health and Prometheus metrics,
 * with auth, bounded bodies and admission, deadlines and graceful shutdown.
 */
export { createServeApp } from "./app.js";
export { startServer } from "./server.js";
export { Admission, SaturatedError } from "./admission.js";
export { ServeMetrics, METRIC_ROUTES, LATENCY_BUCKETS_SECONDS } from "./metrics.js";
export { HttpError, readJsonBody, validate, type ErrorBody, type HttpErrorCode } from "./http-errors.js";
export { runBodySchema, rewardBodySchema, checkBodySchema, askBodySchema, type RunBody, type RewardBody, type CheckBody, type AskBody } from "./schemas.js";
export {
  DEFAULT_SERVE_OPTIONS,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type AskHandler,
  type RunningServer,
  type ServeApp,
  type ServeOptions,
  type StartServerOptions,
} from "./types.js";
