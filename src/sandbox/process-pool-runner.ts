import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { SnippetErrorCode } from "../errors.js";
import { runningFromSource } from "../paths.js";
import { mergeLimits, resolveLimits } from "./limits.js";
import {
  DEFAULT_NOW_MS,
  type SandboxLimits,
  type SandboxRunner,
  type SandboxStats,
  type SnippetError,
  type SnippetJob,
  type SnippetResult,
} from "./types.js";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol.js";

export interface ProcessPoolOptions {
  /** Worker processes (default: the machine's available parallelism, at most 4). */
  workers?: number;
  /** Default limits for runs that do not set their own. */
  limits?: Partial<SandboxLimits>;
  /** A worker whose resident memory exceeds this is killed (default 3 × memoryLimitBytes + 256 MiB). */
  processMemoryCapBytes?: number;
  /** Jobs sent ahead to one worker while it is busy (default 2). Higher = more throughput, same isolation. */
  pipelineDepth?: number;
  /** Jobs waiting for a worker before `run` rejects with a "queue full" error (default 100,000). */
  maxQueuedJobs?: number;
}

interface Pending {
  id: number;
  job: SnippetJob;
  limits: SandboxLimits;
  resolve: (r: SnippetResult) => void;
  reject: (e: unknown) => void;
  enqueuedAt: number;
  startedAt?: number;
  timer?: NodeJS.Timeout;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  inFlight: Pending[];
  stderrTail: string;
  killedFor?: { code: SnippetErrorCode; message: string };
}

const STDERR_TAIL_CHARS = 4096;
const MAX_START_FAILURES = 3;

function workerEntry(): { path: string; execArgv: string[] } {
  const ext = runningFromSource() ? ".ts" : ".js";
  const path = fileURLToPath(new URL(`./worker-main${ext}`, import.meta.url));
  const execArgv = ["--no-node-snapshot"];
  if (runningFromSource()) execArgv.push("--import", "tsx");
  return { path, execArgv };
}

function rssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, "utf8").split(" ");
    return Number(statm[1]) * 4096;
  } catch {
    return undefined;
  }
}

/**
 * The default sandbox runner: isolates live in supervised worker processes. A worker that
 * crashes, hangs past its wall deadline or exceeds its memory cap is killed and replaced; the
 * run that caused it gets SANDBOX_CRASH / WALL_TIMEOUT / MEMORY_LIMIT, other runs carry on.
 */
export class ProcessPoolRunner implements SandboxRunner {
  readonly #size: number;
  readonly #limits: SandboxLimits;
  readonly #capBytes: number | undefined;
  readonly #depth: number;
  readonly #maxQueued: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #disposed = false;
  #startFailures = 0;
  #monitor: NodeJS.Timeout | undefined;
  readonly #stats: SandboxStats;

  constructor(options: ProcessPoolOptions = {}) {
    this.#size = Math.max(1, Math.floor(options.workers ?? Math.min(4, availableParallelism())));
    this.#limits = resolveLimits(options.limits);
    this.#capBytes = options.processMemoryCapBytes;
    this.#depth = Math.max(1, Math.floor(options.pipelineDepth ?? 2));
    this.#maxQueued = options.maxQueuedJobs ?? 100_000;
    this.#stats = { runs: 0, errorsByCode: {}, workerRestarts: 0, workers: this.#size };
  }

  run(job: SnippetJob, options: { signal?: AbortSignal } = {}): Promise<SnippetResult> {
    if (this.#disposed) return Promise.reject(new Error("catbox: the sandbox has been disposed"));
    if (this.#queue.length >= this.#maxQueued) {
      return Promise.reject(new Error(`catbox: sandbox queue is full (${this.#maxQueued} jobs waiting)`));
    }
    let limits: SandboxLimits;
    try {
      limits = job.limits ? mergeLimits(this.#limits, job.limits) : this.#limits;
    } catch (e) {
      return Promise.reject(e);
    }
    const seeded: SnippetJob = { ...job, seed: job.seed ?? 0, nowMs: job.nowMs ?? DEFAULT_NOW_MS, limits };
    return new Promise<SnippetResult>((resolve, reject) => {
      const pending: Pending = { id: this.#nextId++, job: seeded, limits, resolve, reject, enqueuedAt: performance.now() };
      const signal = options.signal;
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => {
          const i = this.#queue.indexOf(pending);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        pending.resolve = (r) => {
          signal.removeEventListener("abort", onAbort);
          resolve(r);
        };
      }
      this.#queue.push(pending);
      this.#pump();
    });
  }

  /** Process ids of the live workers (for memory accounting in benchmarks and metrics). */
  workerPids(): number[] {
    return this.#slots.map((s) => s.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  stats(): SandboxStats {
    return { ...this.#stats, errorsByCode: { ...this.#stats.errorsByCode } };
  }

  /** Start the worker processes now rather than on the first run. */
  async warmup(): Promise<void> {
    while (this.#slots.length < this.#size) this.#spawn();
    await Promise.all(
      this.#slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.ready) return resolve();
            const check = (m: WorkerResponse) => {
              if (m.type === "ready") {
                slot.child.off("message", check);
                resolve();
              }
            };
            slot.child.on("message", check);
            slot.child.once("exit", () => resolve());
          }),
      ),
    );
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#monitor) clearInterval(this.#monitor);
    const err = new Error("catbox: the sandbox was disposed before this run started");
    for (const p of this.#queue.splice(0)) p.reject(err);
    const exits = this.#slots.map((slot) => this.#stop(slot));
    await Promise.all(exits);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  #stop(slot: Slot): Promise<void> {
    return new Promise<void>((resolve) => {
      const child = slot.child;
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 2_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      const bye: WorkerRequest = { type: "shutdown" };
      if (child.connected) child.send(bye, () => undefined);
      else child.kill("SIGKILL");
    });
  }

  #spawn(): Slot {
    const entry = workerEntry();
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      // UTC and a fixed locale make Date and Intl output identical on every machine.
      env: { ...process.env, TZ: "UTC", LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    const slot: Slot = { child, ready: false, inFlight: [], stderrTail: "" };
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      slot.stderrTail = (slot.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on("message", (m: WorkerResponse) => this.#onMessage(slot, m));
    child.on("exit", (code, signal) => this.#onExit(slot, code, signal));
    child.on("error", () => undefined); // 'exit' follows and handles the slot
    this.#slots.push(slot);
    return slot;
  }

  #onMessage(slot: Slot, m: WorkerResponse): void {
    if (m.type === "ready") {
      slot.ready = true;
      this.#startFailures = 0;
      this.#pump();
    } else if (m.type === "result") {
      const i = slot.inFlight.findIndex((x) => x.id === m.id);
      if (i < 0) return;
      const [p] = slot.inFlight.splice(i, 1);
      clearTimeout(p!.timer);
      const result = m.result;
      result.ms.queue = (p!.startedAt ?? performance.now()) - p!.enqueuedAt;
      // The worker runs jobs in order: the next one it holds starts now.
      const head = slot.inFlight[0];
      if (head !== undefined && head.timer === undefined) this.#armWallTimer(slot, head);
      this.#finish(p!, result);
      this.#pump();
    }
  }

  #armWallTimer(slot: Slot, p: Pending): void {
    p.startedAt = performance.now();
    p.timer = setTimeout(() => {
      this.#kill(slot, {
        code: "WALL_TIMEOUT",
        message: `the snippet did not finish within its wall-clock deadline of ${p.limits.wallTimeoutMs} ms (wallTimeoutMs); its worker was stopped`,
      });
    }, p.limits.wallTimeoutMs);
    this.#ensureMonitor();
  }

  #kill(slot: Slot, reason: { code: SnippetErrorCode; message: string }): void {
    if (slot.killedFor) return;
    slot.killedFor = reason;
    slot.child.kill("SIGKILL");
  }

  #onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const idx = this.#slots.indexOf(slot);
    if (idx >= 0) this.#slots.splice(idx, 1);
    const inFlight = slot.inFlight.splice(0);
    for (const p of inFlight) clearTimeout(p.timer);
    if (!slot.ready) this.#startFailures++;
    if (this.#disposed) {
      for (const p of inFlight) p.reject(new Error("catbox: the sandbox was disposed while this run was in flight"));
      return;
    }
    this.#stats.workerRestarts++;
    // The job that was executing is blamed; jobs sent ahead but not started are re-queued.
    const [head, ...rest] = inFlight;
    if (head) {
      this.#finish(head, this.#failure(head, slot.killedFor ?? this.#crashReason(slot, code, signal)));
    }
    for (const p of rest) {
      p.timer = undefined;
      p.startedAt = undefined;
    }
    this.#queue.unshift(...rest);
    if (this.#startFailures >= MAX_START_FAILURES) {
      const firstLine = slot.stderrTail.split("\n").find((l) => l.trim() !== "") ?? `exit ${code ?? signal}`;
      for (const p of this.#queue.splice(0)) {
        this.#finish(p, this.#failure(p, { code: "SANDBOX_CRASH", message: `the sandbox worker could not start: ${firstLine.slice(0, 300)}` }));
      }
      this.#startFailures = 0;
      return;
    }
    this.#pump();
  }

  #crashReason(slot: Slot, code: number | null, signal: NodeJS.Signals | null): SnippetError {
    if (/out of memory|heap limit|allocation failed|OOM/i.test(slot.stderrTail)) {
      return { code: "MEMORY_LIMIT", message: "the snippet exhausted the sandbox's memory and its worker process died; it was replaced" };
    }
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    return { code: "SANDBOX_CRASH", message: `the sandbox worker process died (${how}) while running this snippet; it was replaced` };
  }

  #failure(p: Pending, error: SnippetError): SnippetResult {
    return {
      ok: false,
      error,
      logs: [],
      logsTruncated: false,
      seed: p.job.seed ?? 0,
      nowMs: p.job.nowMs ?? DEFAULT_NOW_MS,
      ms: { transpile: 0, run: p.startedAt === undefined ? 0 : performance.now() - p.startedAt, total: performance.now() - p.enqueuedAt },
    };
  }

  #finish(p: Pending, result: SnippetResult): void {
    this.#stats.runs++;
    if (!result.ok) this.#stats.errorsByCode[result.error.code] = (this.#stats.errorsByCode[result.error.code] ?? 0) + 1;
    p.resolve(result);
  }

  #pump(): void {
    if (this.#disposed) return;
    while (this.#queue.length > 0 && this.#slots.length < this.#size) this.#spawn();
    while (this.#queue.length > 0) {
      let best: Slot | undefined;
      for (const slot of this.#slots) {
        if (!slot.ready || slot.killedFor || slot.inFlight.length >= this.#depth) continue;
        if (best === undefined || slot.inFlight.length < best.inFlight.length) best = slot;
      }
      if (best === undefined) return;
      const p = this.#queue.shift()!;
      best.inFlight.push(p);
      // An idle worker starts the job as soon as it arrives; otherwise its clock starts when
      // the job ahead of it finishes (see #onMessage).
      if (best.inFlight.length === 1) this.#armWallTimer(best, p);
      const req: WorkerRequest = { type: "run", id: p.id, job: p.job };
      best.child.send(req, (err) => {
        if (err) this.#kill(best!, { code: "SANDBOX_CRASH", message: "could not send the snippet to its sandbox worker" });
      });
    }
  }

  // Resident memory of busy workers, checked a few times a second; the worker is killed above its cap.
  #ensureMonitor(): void {
    if (this.#monitor) return;
    this.#monitor = setInterval(() => {
      let busy = false;
      for (const slot of this.#slots) {
        if (slot.inFlight.length === 0) continue;
        busy = true;
        const cap = this.#capBytes ?? slot.inFlight[0]!.limits.memoryLimitBytes * 3 + 256 * 1024 * 1024;
        const rss = rssBytes(slot.child.pid);
        if (rss !== undefined && rss > cap) {
          this.#kill(slot, {
            code: "MEMORY_LIMIT",
            message: `the snippet's worker process grew past its memory cap of ${Math.round(cap / 1048576)} MiB; it was stopped`,
          });
        }
      }
      if (!busy && this.#monitor) {
        clearInterval(this.#monitor);
        this.#monitor = undefined;
      }
    }, 50);
    this.#monitor.unref();
  }
}
