/**
 * Prometheus metrics for `catbox serve`: request counts by route and status, a latency histogram
 * by route, admission gauges, and the sandbox's own counters. Rendered in the text exposition format.
 */
import type { SandboxStats } from "../sandbox/types.js";

/** Routes that get their own label; anything else is counted as `other` (bounded cardinality). */
export const METRIC_ROUTES = ["/v1/run", "/v1/reward", "/v1/check", "/v1/ask", "/healthz", "/metrics"] as const;

/** Latency histogram bucket bounds, in seconds. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** Label value escaping per the exposition format. */
function label(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Counters and histograms for the HTTP layer (one instance per app). */
export class ServeMetrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  #rewardItems = 0;
  #rejected = new Map<string, number>();

  /** The route label for a request path. */
  routeOf(path: string): string {
    return (METRIC_ROUTES as readonly string[]).includes(path) ? path : "other";
  }

  /** Record one finished request. */
  observe(route: string, status: number, seconds: number): void {
    const key = `${route}\u0000${status}`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    let h = this.#latency.get(route);
    if (!h) this.#latency.set(route, (h = { counts: LATENCY_BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) if (seconds <= LATENCY_BUCKETS_SECONDS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  /** Count responses scored by /v1/reward. */
  addRewardItems(n: number): void {
    this.#rewardItems += n;
  }

  /** Count a request turned away before any work (`saturated`, `shutting_down`, `unauthorized`). */
  reject(reason: string): void {
    this.#rejected.set(reason, (this.#rejected.get(reason) ?? 0) + 1);
  }

  /** Requests counted so far for a route and status (for tests and the health endpoint). */
  requests(route: string, status: number): number {
    return this.#requests.get(`${route}\u0000${status}`) ?? 0;
  }

  /** The Prometheus text exposition (version 0.0.4). */
  render(gauges: { inflight: number; queued: number; closing: boolean }, sandbox: SandboxStats | null): string {
    const out: string[] = [];
    out.push("# HELP catbox_http_requests_total HTTP requests by route and status code.");
    out.push("# TYPE catbox_http_requests_total counter");
    for (const [key, n] of [...this.#requests].sort()) {
      const [route, status] = key.split("\u0000");
      out.push(`catbox_http_requests_total{route="${label(route!)}",status="${status}"} ${n}`);
    }
    out.push("# HELP catbox_http_request_duration_seconds HTTP request latency by route.");
    out.push("# TYPE catbox_http_request_duration_seconds histogram");
    for (const [route, h] of [...this.#latency].sort(([a], [b]) => a.localeCompare(b))) {
      const r = label(route);
      LATENCY_BUCKETS_SECONDS.forEach((le, i) => out.push(`catbox_http_request_duration_seconds_bucket{route="${r}",le="${le}"} ${h.counts[i]}`));
      out.push(`catbox_http_request_duration_seconds_bucket{route="${r}",le="+Inf"} ${h.count}`);
      out.push(`catbox_http_request_duration_seconds_sum{route="${r}"} ${h.sum}`);
      out.push(`catbox_http_request_duration_seconds_count{route="${r}"} ${h.count}`);
    }
    out.push("# HELP catbox_http_rejected_total Requests turned away before any work, by reason.");
    out.push("# TYPE catbox_http_rejected_total counter");
    for (const [reason, n] of [...this.#rejected].sort()) out.push(`catbox_http_rejected_total{reason="${label(reason)}"} ${n}`);
    out.push("# HELP catbox_http_inflight Requests being processed.");
    out.push("# TYPE catbox_http_inflight gauge");
    out.push(`catbox_http_inflight ${gauges.inflight}`);
    out.push("# HELP catbox_http_queued Requests waiting for a processing slot.");
    out.push("# TYPE catbox_http_queued gauge");
    out.push(`catbox_http_queued ${gauges.queued}`);
    out.push("# HELP catbox_shutting_down 1 while the server drains before exiting.");
    out.push("# TYPE catbox_shutting_down gauge");
    out.push(`catbox_shutting_down ${gauges.closing ? 1 : 0}`);
    out.push("# HELP catbox_reward_items_total Responses scored by /v1/reward.");
    out.push("# TYPE catbox_reward_items_total counter");
    out.push(`catbox_reward_items_total ${this.#rewardItems}`);
    if (sandbox) {
      out.push("# HELP catbox_sandbox_runs_total Snippet runs by the sandbox pool.");
      out.push("# TYPE catbox_sandbox_runs_total counter");
      out.push(`catbox_sandbox_runs_total ${sandbox.runs}`);
      out.push("# HELP catbox_sandbox_errors_total Failed snippet runs by error code.");
      out.push("# TYPE catbox_sandbox_errors_total counter");
      for (const [code, n] of Object.entries(sandbox.errorsByCode).sort()) out.push(`catbox_sandbox_errors_total{code="${label(code)}"} ${n ?? 0}`);
      out.push("# HELP catbox_sandbox_worker_restarts_total Sandbox worker processes replaced after a crash, hang or memory cap.");
      out.push("# TYPE catbox_sandbox_worker_restarts_total counter");
      out.push(`catbox_sandbox_worker_restarts_total ${sandbox.workerRestarts}`);
      out.push("# HELP catbox_sandbox_workers Sandbox worker processes.");
      out.push("# TYPE catbox_sandbox_workers gauge");
      out.push(`catbox_sandbox_workers ${sandbox.workers}`);
    }
    return out.join("\n") + "\n";
  }
}
