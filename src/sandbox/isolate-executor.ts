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
/** The snippet is wrapped so that body line 1 is script line 1 after `lineOffset: -1`. */
const WRAP_HEAD = "__catbox_main(function (table, columns, math, console) {\n";
const WRAP_TAIL = "\n})";
const MATH_REFERENCE = /\bmath\b/;

interface IsolateState {
  isolate: ivm.Isolate;
  prelude: ivm.Script;
  mathjs?: ivm.Script;
  spareMath?: Promise<ivm.Context>;
  runs: number;
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
    const state = this.#stateFor(memoryMb);
    const needsMath = MATH_REFERENCE.test(js);
    let context: ivm.Context | undefined;
    let script: ivm.Script | undefined;
    const timings = () => {
      const end = performance.now();
      return { transpile: transpiled - started, run: end - transpiled, total: end - started };
    };
    try {
      context = needsMath ? await this.#takeMathContext(state) : await this.#newContext(state);
      const input = JSON.stringify({
        seed,
        nowMs,
        maxLogChars: limits.maxLogBytes,
        maxAnswerChars: limits.maxAnswerBytes,
        maxArrayLength: limits.maxAnswerItems,
        columns: job.table.columns,
        rows: job.table.rows,
      });
      await context.global.set("__catbox_input", input);
      try {
        script = await state.isolate.compileScript(WRAP_HEAD + js + WRAP_TAIL, { filename: "snippet.ts", lineOffset: -1 });
      } catch (e) {
        return { ...base, js, ok: false, error: classifyRunError(e, limits, "compile"), ms: timings() };
      }
      const out: unknown = await script.run(context, { timeout: limits.timeoutMs });
      if (typeof out !== "string") {
        return { ...base, js, ok: false, error: { code: "SANDBOX_CRASH", message: "the sandbox prelude returned no result" }, ms: timings() };
      }
      const parsed = JSON.parse(out) as
        | { ok: true; answer: Answer; logs: string[]; logsTruncated: boolean }
        | { ok: false; error: InnerFailure; logs: string[]; logsTruncated: boolean };
      const common = { ...base, js, logs: parsed.logs, logsTruncated: parsed.logsTruncated, ms: timings() };
      if (parsed.ok) return { ...common, ok: true, answer: parsed.answer };
      return { ...common, ok: false, error: mapSnippetFailure(parsed.error) };
    } catch (e) {
      const error = classifyRunError(e, limits, "run");
      if (state.isolate.isDisposed) this.#states.delete(memoryMb);
      return { ...base, js, ok: false, error, ms: timings() };
    } finally {
      script?.release();
      context?.release();
      this.#afterRun(state, memoryMb, needsMath);
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

  async #newContext(state: IsolateState): Promise<ivm.Context> {
    const context = await state.isolate.createContext();
    await state.prelude.run(context);
    return context;
  }

  async #newMathContext(state: IsolateState): Promise<ivm.Context> {
    const context = await this.#newContext(state);
    this.#mathSource ??= readFileSync(mathjsBundlePath(), "utf8");
    state.mathjs ??= await state.isolate.compileScript(this.#mathSource, { filename: "mathjs.js" });
    await state.mathjs.run(context);
    return context;
  }

  async #takeMathContext(state: IsolateState): Promise<ivm.Context> {
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

  #afterRun(state: IsolateState, memoryMb: number, usedMath: boolean): void {
    state.runs++;
    if (state.isolate.isDisposed) return;
    if (state.runs >= RUNS_PER_ISOLATE) {
      this.#states.delete(memoryMb);
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
