import type { SnippetJob, SnippetResult } from "./types.js";

/** Parent → worker. */
export type WorkerRequest = { type: "run"; id: number; job: SnippetJob } | { type: "shutdown" };

/**
 * Worker → parent. The worker runs jobs strictly in arrival order, so the parent knows which job
 * is executing (the oldest unanswered one) without being told: that is the one a crash is blamed on.
 */
export type WorkerResponse = { type: "ready"; pid: number } | { type: "result"; id: number; result: SnippetResult };
