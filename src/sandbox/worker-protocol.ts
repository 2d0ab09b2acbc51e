import type { SnippetJob, SnippetResult } from "./types.js";

/** Parent → worker. */
export type WorkerRequest = { type: "run"; id: number; job: SnippetJob } | { type: "shutdown" };

/** Worker → parent. `started` marks which job is executing, so a crash is blamed on the right one. */
export type WorkerResponse =
  | { type: "ready"; pid: number }
  | { type: "started"; id: number }
  | { type: "result"; id: number; result: SnippetResult };
