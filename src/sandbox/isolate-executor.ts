import { readFileSync } from "node:fs";
import { join } from "node:path";
import ivm from "isolated-vm";
import { mathjsBundlePath, packageRoot } from "../paths.js";
import { classifyRunError, mapSnippetFailure, type InnerFailure } from "./error-mapping.js";
import { resolveLimits } from "./limits.js";
import { transpileSnippet } from "./transpile.js";
import { DEFAULT_NOW_MS, type Answer, type SnippetJob, type SnippetResult } from "./types.js";

/** How many runs an isolate serves before it is replaced (bounds heap growth and fragmentation). */
const RUNS_PER_ISOLATE = 2_000;
/**
 * An isolate whose heap holds more than this fraction of its limit after a run is replaced.
 * isolated-vm 5 never frees a released context (each keeps its global and everything reachable
 * from it), so without this one run's leftovers would eat into the memory of the runs after it:
 * about 40 mathjs runs exhaust a 128 MiB isolate, and a snippet that parks 30 MB on `globalThis`
 * would make the next, innocent run fail with MEMORY_LIMIT.
 */
const RECYCLE_HEAP_FRACTION = 0.25;
/**
 * The snippet is wrapped in a function expression so that body line 1 is script line 1 after
 * `lineOffset: -1`. The script's value is that function; the prelude's `main` (held by the host as
 * a reference, never reachable from the snippet) calls it. A snippet that closes the wrapper early
 * (possible where sucrase and V8 tokenise differently, e.g. `<!--` comments) can at most run code
 * before `main` or make the script's value something else — never forge the outcome `main` returns;
 * `main` then refuses it with SYNTAX_ERROR, as the function's source text is not WRAP_FUNCTION + js.
 */
const WRAP_FUNCTION = "function (table, columns, math, console) {\n";
const WRAP_HEAD = "(" + WRAP_FUNCTION;
const WRAP_TAIL = "\n})";
const MATH_REFERENCE = /\bmath\b/;

interface IsolateState {
  isolate: ivm.Isolate;
  prelude: ivm.Script;
  mathjs?: ivm.Script;
  spareMath?: Promise<Prepared>;
  runs: number;
}

/** A fresh context with the prelude run, and a reference to the prelude's `main`. */
interface Prepared {
  context: ivm.Context;
  main: ivm.Reference<(fn: unknown, inputJson: string) => string>;
}

/**
 * Runs snippets in isolated-vm isolates, a fresh context per run. This is the code a sandbox
 * worker process hosts; it is not itself supervised (a memory bomb that aborts V8 takes its
 * process down), which is why `ProcessPoolRunner` runs it in child processes.
 */
export class IsolateExecutor {
  readonly #prelude: string;
  #mathSource: string | undefined;
  readonly #states = new Map<number, IsolateState>();

  constructor() {
    this.#prelude = readFileSync(join(packageRoot(), "sandbox", "prelude.js"), "utf8");
  }

  /** Run one job. Never throws for snippet failures. */
  async execute(job: SnippetJob): Promise<SnippetResult> {
    const started = performance.now();
    const limits = resolveLimits(job.limits);
    const seed = (job.seed ?? 0) | 0;
    const nowMs = job.nowMs ?? DEFAULT_NOW_MS;
    const base = { logs: [] as string[], logsTruncated: false, seed, nowMs };
    const tr = transpileSnippet(job.code);
    const transpiled = performance.now();
    if (!tr.ok) {
      return { ...base, ok: false, error: tr.error, ms: { transpile: transpiled - started, run: 0, total: transpiled - started } };
    }
    const js = tr.js;
    const memoryMb = Math.max(8, Math.ceil(limits.memoryLimitBytes / (1024 * 1024)));
    let state = this.#stateFor(memoryMb);
    const needsMath = MATH_REFERENCE.test(js);
    let prepared: Prepared | undefined;
    let script: ivm.Script | undefined;
    let fn: ivm.Reference<unknown> | undefined;
    let runStarted = 0;
    const timings = () => {
      const end = performance.now();
      return { transpile: transpiled - started, run: end - transpiled, total: end - started };
    };
    try {
      ({ state, prepared } = await this.#prepare(memoryMb, needsMath));
      const input = JSON.stringify({
        seed,
        nowMs,
        maxLogChars: limits.maxLogBytes,
        maxAnswerChars: limits.maxAnswerBytes,
        maxArrayLength: limits.maxAnswerItems,
        columns: job.table.columns,
        rows: job.table.rows,
        source: WRAP_FUNCTION + js + "\n}",
      });
      try {
        script = await state.isolate.compileScript(WRAP_HEAD + js + WRAP_TAIL, { filename: "snippet.ts", lineOffset: -1 });
      } catch (e) {
        return { ...base, js, ok: false, error: classifyRunError(e, limits, "compile", undefined, tr.toSource), ms: timings() };
      }
      // Evaluating the script only creates the function (unless the snippet broke out of the
      // wrapper); both steps share one CPU budget.
      runStarted = performance.now();
      fn = await script.run(prepared.context, { timeout: limits.timeoutMs, reference: true });
      if (fn.typeof !== "function") {
        return {
          ...base,
          js,
          ok: false,
          error: { code: "SYNTAX_ERROR", message: "SyntaxError: the snippet must be the body of a function; it closes the function it is wrapped in" },
          ms: timings(),
        };
      }
      const left = Math.max(1, Math.ceil(limits.timeoutMs - (performance.now() - runStarted)));
      const out: unknown = await prepared.main.apply(undefined, [fn.derefInto(), input], { timeout: left });
      if (typeof out !== "string") {
        return { ...base, js, ok: false, error: { code: "SANDBOX_CRASH", message: "the sandbox prelude returned no result" }, ms: timings() };
      }
      const parsed = JSON.parse(out) as
        | { ok: true; answer: Answer; logs: string[]; logsTruncated: boolean }
        | { ok: false; error: InnerFailure; logs: string[]; logsTruncated: boolean };
      const common = { ...base, js, logs: parsed.logs, logsTruncated: parsed.logsTruncated, ms: timings() };
      if (parsed.ok) return { ...common, ok: true, answer: parsed.answer };
      return { ...common, ok: false, error: mapSnippetFailure(parsed.error, tr.toSource) };
    } catch (e) {
      const disposed = state.isolate.isDisposed;
      const error = classifyRunError(e, limits, "run", {
        ranMs: runStarted === 0 ? 0 : performance.now() - runStarted,
        isolateDisposed: disposed,
      }, tr.toSource);
      return { ...base, js, ok: false, error, ms: timings() };
    } finally {
      fn?.release();
      script?.release();
      prepared?.main.release();
      prepared?.context.release();
      await this.#afterRun(state, memoryMb, needsMath);
    }
  }

  /** Free every isolate. */
  dispose(): void {
    for (const state of this.#states.values()) {
      if (!state.isolate.isDisposed) state.isolate.dispose();
    }
    this.#states.clear();
  }

  #stateFor(memoryMb: number): IsolateState {
    let state = this.#states.get(memoryMb);
    if (state === undefined || state.isolate.isDisposed) {
      const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
      const prelude = isolate.compileScriptSync(this.#prelude, { filename: "catbox-prelude.js" });
      state = { isolate, prelude, runs: 0 };
      this.#states.set(memoryMb, state);
    }
    return state;
  }

  async #newContext(state: IsolateState): Promise<Prepared> {
    const context = await state.isolate.createContext();
    const main = await state.prelude.run(context, { reference: true });
    return { context, main };
  }

  async #newMathContext(state: IsolateState): Promise<Prepared> {
    const prepared = await this.#newContext(state);
    this.#mathSource ??= readFileSync(mathjsBundlePath(), "utf8");
    state.mathjs ??= await state.isolate.compileScript(this.#mathSource, { filename: "mathjs.js" });
    await state.mathjs.run(prepared.context);
    return prepared;
  }

  /** A fresh context (with mathjs if the snippet uses it) on the isolate for this memory limit. */
  async #prepare(memoryMb: number, needsMath: boolean): Promise<{ state: IsolateState; prepared: Prepared }> {
    for (let attempt = 0; ; attempt++) {
      const state = this.#stateFor(memoryMb);
      try {
        const prepared = needsMath ? await this.#takeMathContext(state) : await this.#newContext(state);
        return { state, prepared };
      } catch (e) {
        // A background preparation (the spare mathjs context) can hit the heap limit, and then
        // isolated-vm disposes the isolate under us. No snippet code has run: start over, once,
        // on a fresh isolate (#stateFor replaces a disposed one).
        if (!state.isolate.isDisposed || attempt > 0) throw e;
      }
    }
  }

  async #takeMathContext(state: IsolateState): Promise<Prepared> {
    const spare = state.spareMath;
    state.spareMath = undefined;
    if (spare !== undefined) {
      try {
        return await spare;
      } catch {
        // fall through: prepare one now
      }
    }
    return this.#newMathContext(state);
  }

  async #afterRun(state: IsolateState, memoryMb: number, usedMath: boolean): Promise<void> {
    state.runs++;
    if (state.isolate.isDisposed) {
      if (this.#states.get(memoryMb) === state) this.#states.delete(memoryMb);
      return;
    }
    let retire = state.runs >= RUNS_PER_ISOLATE;
    if (!retire) {
      try {
        // The sync call is ~3 µs; the async one is a thread hop costing ~100 µs on every run.
        const heap = state.isolate.getHeapStatisticsSync();
        retire = heap.used_heap_size + heap.externally_allocated_size > memoryMb * 1024 * 1024 * RECYCLE_HEAP_FRACTION;
      } catch {
        retire = true;
      }
    }
    if (retire) {
      if (this.#states.get(memoryMb) === state) this.#states.delete(memoryMb);
      const old = state;
      void (old.spareMath ?? Promise.resolve()).catch(() => undefined).finally(() => {
        if (!old.isolate.isDisposed) old.isolate.dispose();
      });
      return;
    }
    // A snippet that used `math` is likely followed by more; keep one mathjs context ready.
    if (usedMath && state.spareMath === undefined) {
      const spare = this.#newMathContext(state);
      spare.catch(() => undefined);
      state.spareMath = spare;
    }
  }
}
