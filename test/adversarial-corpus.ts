/**
 * The adversarial corpus for the snippet sandbox: model-written code is hostile until proven
 * otherwise. Each entry is one snippet with the exact outcome the sandbox must produce.
 *
 * Run by test/sandbox-adversarial.test.ts (cpu, memory, escape, async, output, unknown-column)
 * and test/sandbox-adversarial-state.test.ts (tamper: the *next* run must be pristine;
 * nondeterminism: the same answer on every run, worker and sandbox).
 *
 * Every snippet runs against CORPUS_TABLE with the harness's small limits (see
 * test/support/sandbox-adversarial.ts) unless it sets its own.
 */
import { expect } from "vitest";
import type { SnippetErrorCode } from "../src/errors.js";
import type { Answer, SandboxLimits, SnippetResult, SnippetTable } from "../src/sandbox/types.js";

export type Category =
  | "cpu"
  | "memory"
  | "escape"
  | "async"
  | "output"
  | "tamper"
  | "nondeterminism"
  | "unknown-column";

export interface CorpusEntry {
  name: string;
  category: Category;
  code: string;
  /** The exact error code, or "ok" (then `answer`, when given, is the exact answer). */
  expect: SnippetErrorCode | "ok";
  answer?: Answer;
  /** Extra assertions on the result (throw to fail). */
  check?: (result: SnippetResult) => void;
  /**
   * Where the error message must point, in the snippet's own coordinates. Default: for
   * SNIPPET_ERROR / UNKNOWN_COLUMN / SYNTAX_ERROR some position must be given; `false`: none is
   * expected (e.g. a thrown primitive carries no stack).
   */
  position?: readonly [line: number, column: number] | false;
  /** Per-run limits on top of the harness's. */
  limits?: Partial<SandboxLimits>;
  /**
   * Whether the run costs its worker process: "always" (a hang the wall deadline ends, a process
   * crash), "may" (memory bombs: isolated-vm may dispose the isolate, or V8 may abort the
   * process). Default: never — the worker must survive.
   */
  restarts?: "always" | "may";
  seed?: number;
  nowMs?: number;
}

export const CORPUS_TABLE: SnippetTable = {
  columns: ["Country", "Price index", "Year"],
  rows: [
    ["Lamb", 103.7, 2020],
    ["Corn", 103.13, 2021],
    ["Beef", null, 2022],
  ],
};

/** Result is a failure whose message contains every fragment. */
function messageHas(...fragments: (string | RegExp)[]): (r: SnippetResult) => void {
  return (r) => {
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const f of fragments) {
      if (typeof f === "string") expect(r.error.message).toContain(f);
      else expect(r.error.message).toMatch(f);
    }
  };
}

function logsAre(expected: string[], truncated = false): (r: SnippetResult) => void {
  return (r) => {
    expect(r.logs).toEqual(expected);
    expect(r.logsTruncated).toBe(truncated);
  };
}

const MIB = 1024 * 1024;

// --- CPU exhaustion ------------------------------------------------------------------------------
const cpu: CorpusEntry[] = [
  { name: "while (true) {}", category: "cpu", code: "while (true) {}", expect: "TIMEOUT" },
  {
    name: "termination cannot be caught or finally-continued",
    category: "cpu",
    code: "for (;;) {\n  try { for (;;) {} } catch (e) { continue } finally { continue }\n}",
    expect: "TIMEOUT",
  },
  {
    name: "regex catastrophic backtracking (test)",
    category: "cpu",
    code: "return /(a+)+$/.test('a'.repeat(40) + 'b')",
    expect: "TIMEOUT",
  },
  {
    name: "regex catastrophic backtracking (replace on a long string)",
    category: "cpu",
    code: "return 'x'.repeat(300000).replace(/(x+x+)+y/, '')",
    expect: "TIMEOUT",
  },
  {
    name: "huge sort with a slow comparator",
    category: "cpu",
    code: "const a = Array.from({ length: 200000 }, (_, i) => (i * 7919) % 100003);\na.sort((x, y) => { for (let k = 0; k < 10000; k++); return x - y });\nreturn a[0]",
    expect: "TIMEOUT",
  },
  {
    name: "unbounded recursion is a located RangeError, not a crash",
    category: "cpu",
    code: "function f(n: number): number { return f(n + 1) + 1 }\nreturn f(0)",
    expect: "SNIPPET_ERROR",
    position: [1, 33],
    check: messageHas("RangeError: Maximum call stack size exceeded"),
  },
  {
    name: "recursion that catches stack overflow and recurses again (exponential)",
    category: "cpu",
    code: "function f(n) { try { return f(n + 1) } catch (e) { return f(n + 1) } }\nreturn f(0)",
    expect: "TIMEOUT",
  },
  {
    name: "exponential fib(45)",
    category: "cpu",
    code: "const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));\nreturn fib(45)",
    expect: "TIMEOUT",
  },
  {
    name: "endless generator",
    category: "cpu",
    code: "for (const x of (function* () { for (;;) yield 1 })()) {}\nreturn 1",
    expect: "TIMEOUT",
  },
  {
    name: "huge BigInt power printed",
    category: "cpu",
    code: "return String(10n ** 2000000n).length",
    expect: "TIMEOUT",
  },
  {
    name: "spreading an ever-doubling array overflows the argument stack",
    category: "cpu",
    code: "const a = [1];\nfor (let i = 0; i < 40; i++) a.push(...a);\nreturn a.length",
    expect: "SNIPPET_ERROR",
    position: [2, 32],
    check: messageHas("RangeError"),
  },
];

// --- memory exhaustion ---------------------------------------------------------------------------
/** Memory bombs: they run with a CPU budget large enough that memory is the limit hit. */
const BOMB = { timeoutMs: 5_000, wallTimeoutMs: 8_000 } as const;
const memory: CorpusEntry[] = [
  { name: "new Array(1e8).fill(0)", category: "memory", code: "new Array(1e8).fill(0);\nreturn 1", expect: "MEMORY_LIMIT", limits: BOMB, restarts: "may" },
  { name: "Map growth", category: "memory", code: "const m = new Map();\nfor (let i = 0; ; i++) m.set(i, [i]);", expect: "MEMORY_LIMIT", limits: BOMB, restarts: "may" },
  { name: "Set growth", category: "memory", code: "const s = new Set<string>();\nfor (let i = 0; ; i++) s.add('k' + i);", expect: "MEMORY_LIMIT", limits: BOMB, restarts: "may" },
  {
    name: "object key growth",
    category: "memory",
    code: "const o: Record<string, number> = {};\nfor (let i = 0; ; i++) o['k' + i] = i;",
    expect: "MEMORY_LIMIT",
    limits: BOMB,
    restarts: "may",
  },
  {
    name: "string doubling, flattened each time",
    category: "memory",
    code: "let s = 'x';\nfor (;;) { s = s + s; s.charCodeAt(s.length - 1) }",
    expect: "MEMORY_LIMIT",
    limits: BOMB,
    restarts: "may",
  },
  {
    name: "array of objects",
    category: "memory",
    code: "const a = [];\nfor (;;) a.push({ i: a.length, s: 'v' + a.length });",
    expect: "MEMORY_LIMIT",
    limits: BOMB,
    restarts: "may",
  },
  {
    name: "JSON bomb: stringify a doubly-shared nest",
    category: "memory",
    code: "let a: unknown[] = ['x'];\nfor (let i = 0; i < 40; i++) a = [a, a];\nreturn JSON.stringify(a).length",
    expect: "MEMORY_LIMIT",
    limits: BOMB,
    restarts: "may",
  },
  {
    name: "endless generator spread into an array",
    category: "memory",
    code: "return [...(function* () { for (;;) yield 1 })()].length",
    expect: "MEMORY_LIMIT",
    limits: BOMB,
    restarts: "may",
  },
  {
    name: "BigInt squaring (not interruptible: only the wall deadline ends it)",
    category: "memory",
    code: "let x = 3n;\nfor (;;) x = x * x;",
    expect: "WALL_TIMEOUT",
    limits: { timeoutMs: 500, wallTimeoutMs: 2_000 },
    restarts: "always",
  },
  {
    name: "one 2 GiB ArrayBuffer",
    category: "memory",
    code: "return new ArrayBuffer(2 ** 31).byteLength",
    expect: "MEMORY_LIMIT",
    position: [1, 8],
    check: messageHas("Array buffer allocation failed"),
  },
  {
    name: "800 MB typed array",
    category: "memory",
    code: "return new Float64Array(1e8).length",
    expect: "MEMORY_LIMIT",
    position: [1, 8],
  },
  {
    name: "many 1 MiB ArrayBuffers",
    category: "memory",
    code: "const b: ArrayBuffer[] = [];\nfor (;;) b.push(new ArrayBuffer(1 << 20));",
    expect: "MEMORY_LIMIT",
    position: [2, 17],
  },
  {
    name: "typed array beyond the maximum length",
    category: "memory",
    code: "return new Uint8Array(2 ** 33).length",
    expect: "SNIPPET_ERROR",
    position: [1, 8],
    check: messageHas("RangeError: Invalid typed array length"),
  },
  {
    name: "string doubling as a rope hits the maximum string length",
    category: "memory",
    code: "let s = 'x';\nfor (;;) s += s;",
    expect: "SNIPPET_ERROR",
    position: [2, 15],
    check: messageHas("RangeError: Invalid string length"),
  },
  {
    name: "repeat beyond the maximum string length",
    category: "memory",
    code: "return 'x'.repeat(2 ** 29).length",
    expect: "SNIPPET_ERROR",
    position: [1, 12],
    check: messageHas("Invalid string length"),
  },
  {
    name: "join of a 4-billion-slot array",
    category: "memory",
    code: "return new Array(2 ** 32 - 1).join('x').length",
    expect: "SNIPPET_ERROR",
    position: [1, 31],
    check: messageHas("Invalid string length"),
  },
  {
    name: "BigInt power beyond the maximum BigInt size",
    category: "memory",
    code: "return (2n ** (2n ** 40n)) > 0n",
    expect: "SNIPPET_ERROR",
    position: [1, 12],
    check: messageHas("RangeError: Maximum BigInt size exceeded"),
  },
];

// --- escape attempts -----------------------------------------------------------------------------
const escape: CorpusEntry[] = [
  {
    name: "constructor chain to process",
    category: "escape",
    code: "return this.constructor.constructor('return typeof process')()",
    expect: "ok",
    answer: "undefined",
  },
  {
    name: "constructor chain from a table row to Function",
    category: "escape",
    code: "return table[0].constructor.constructor('return [typeof process, typeof require].join()')()",
    expect: "ok",
    answer: "undefined,undefined",
  },
  {
    name: "no host globals in scope",
    category: "escape",
    code: "return [typeof process, typeof require, typeof module, typeof exports, typeof global, typeof Buffer, typeof __dirname, typeof __filename, typeof self, typeof window, typeof ivm, typeof _ivm].join()",
    expect: "ok",
    answer: Array(12).fill("undefined").join(),
  },
  {
    name: "the global object holds only ECMAScript built-ins and console",
    category: "escape",
    code: "return Object.getOwnPropertyNames(Function('return this')()).sort().join(',')",
    expect: "ok",
    check: (r) => {
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const names = String(r.answer).split(",");
      expect(names).toContain("console");
      expect(names).toContain("Intl");
      for (const forbidden of ["process", "require", "WebAssembly", "SharedArrayBuffer", "Atomics", "WeakRef", "FinalizationRegistry", "__catbox_main", "__catbox_input", "math", "setTimeout", "queueMicrotask"]) {
        expect(names).not.toContain(forbidden);
      }
    },
  },
  {
    name: "removed: WebAssembly, SharedArrayBuffer, Atomics, WeakRef, FinalizationRegistry",
    category: "escape",
    code: "return [typeof WebAssembly, typeof SharedArrayBuffer, typeof Atomics, typeof WeakRef, typeof FinalizationRegistry].join()",
    expect: "ok",
    answer: "undefined,undefined,undefined,undefined,undefined",
  },
  {
    name: "the sandbox's entry point and input are not reachable",
    category: "escape",
    code: "return [typeof __catbox_main, typeof __catbox_input, typeof globalThis.__catbox_main, typeof globalThis.__catbox_input].join()",
    expect: "ok",
    answer: "undefined,undefined,undefined,undefined",
  },
  {
    name: "arguments.callee.caller stops at the (strict) sandbox frame",
    category: "escape",
    code: "let f: any = arguments.callee, n = 0;\nwhile (f && n < 10) { f = f.caller; n++ }\nreturn [n, String(arguments.callee.caller)]",
    expect: "ok",
    answer: [1, "null"],
  },
  {
    name: "eval cannot see host bindings",
    category: "escape",
    code: "return eval('typeof process + typeof require')",
    expect: "ok",
    answer: "undefinedundefined",
  },
  {
    name: "dynamic import() is refused",
    category: "escape",
    code: "return import('node:fs')",
    expect: "SNIPPET_ERROR",
    check: messageHas("Not supported"),
  },
  {
    name: "import.meta is a syntax error",
    category: "escape",
    code: "return import.meta.url",
    expect: "SYNTAX_ERROR",
  },
  {
    name: "Error.prepareStackTrace sees only sandbox frames",
    category: "escape",
    code: "(Error as any).prepareStackTrace = (e: Error, cs: any[]) => cs.map((c) => c.getFileName() + ':' + typeof c.getFunction()).join('|');\nreturn (new Error('x') as any).stack",
    expect: "ok",
    answer: "snippet.ts:function|catbox-prelude.js:undefined",
  },
  {
    name: "Error.prepareStackTrace that loops while the sandbox reads the stack",
    category: "escape",
    code: "(Error as any).prepareStackTrace = () => { for (;;); };\nthrow new Error('x')",
    expect: "TIMEOUT",
  },
  {
    name: "Symbol.species returns a non-array from map",
    category: "escape",
    code: "class Evil extends Array { static get [Symbol.species]() { return function () { return { process: 1 } } } }\nreturn Evil.from([1, 2, 3]).map((x) => x * 2)",
    expect: "INVALID_ANSWER",
  },
  {
    name: "an Array subclass instance is still a plain answer",
    category: "escape",
    code: "class Mine extends Array {}\nreturn Mine.from([1, 2])",
    expect: "ok",
    answer: [1, 2],
  },
  {
    name: "host environment is not readable",
    category: "escape",
    code: "const g: any = globalThis;\nreturn g.process?.env?.HOME ?? g.Deno?.env ?? 'no env'",
    expect: "ok",
    answer: "no env",
  },
  {
    name: "wrapper breakout with `})` is a syntax error",
    category: "escape",
    code: "}); ((x) => 'forged')(function () {",
    expect: "SYNTAX_ERROR",
    position: [1, 1],
  },
  {
    name: "wrapper breakout through HTML-like comments cannot forge the outcome",
    category: "escape",
    // sucrase reads `0 <!--y[...` as code, V8 as a comment: V8 sees the wrapper closed on line 2.
    code:
      "let y = 0; 0 <!--y[(function(){\n" +
      "}), ((x) => JSON.stringify({ ok: true, answer: { evil: [1, [2]] }, logs: ['x'.repeat(100000)], logsTruncated: false }))(function(){\n" +
      "0 <!--y})]",
    expect: "SYNTAX_ERROR",
    position: false,
    check: messageHas("must be the body of a function"),
  },
  {
    name: "wrapper breakout that hands the sandbox another function is refused",
    category: "escape",
    code: "let y = 0; 0 <!--y[(function(){\n}), Function('table', 'columns', 'math', 'console', 'return 7') || (function(){\n0 <!--y})]",
    expect: "SYNTAX_ERROR",
    position: false,
    check: messageHas("must be the body of a function"),
  },
  {
    name: "wrapper breakout that throws at top level",
    category: "escape",
    code: "let y = 0; 0 <!--y[(function(){\n}), (() => { throw new Error('top-level') })(), (function(){\n0 <!--y})]",
    expect: "SNIPPET_ERROR",
    position: [2, 20],
    check: messageHas("Error: top-level"),
  },
  {
    name: "hoisted function named like the old entry point changes nothing",
    category: "escape",
    code: "function __catbox_main() { return '{\"ok\":true,\"answer\":{\"a\":1},\"logs\":[],\"logsTruncated\":false}' }\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "calling the snippet function recursively cannot re-enter the sandbox",
    category: "escape",
    code: "return (arguments.callee as any)(table, columns, math, console)",
    expect: "SNIPPET_ERROR",
    check: messageHas("RangeError: Maximum call stack size exceeded"),
  },
  {
    name: "deeply nested expression is a syntax error, not a crash",
    category: "escape",
    code: "return " + "(".repeat(30000) + "1" + ")".repeat(30000),
    expect: "SYNTAX_ERROR",
    position: false,
  },
  {
    name: "oversized snippet is refused before it runs",
    category: "escape",
    code: "return 1;" + " ".repeat(70000),
    expect: "SYNTAX_ERROR",
    position: false,
  },
];

// --- async abuse ---------------------------------------------------------------------------------
const async: CorpusEntry[] = [
  { name: "returning an async function's promise", category: "async", code: "return (async () => 1)()", expect: "INVALID_ANSWER", check: messageHas("Promise") },
  { name: "returning Promise.resolve", category: "async", code: "return Promise.resolve(42)", expect: "INVALID_ANSWER" },
  { name: "returning a thenable", category: "async", code: "return { then(r: (v: number) => void) { r(1) } }", expect: "INVALID_ANSWER" },
  {
    name: "await in the body is a syntax error at its position",
    category: "async",
    code: "const x: number = 1;\nreturn await x",
    expect: "SYNTAX_ERROR",
    position: [2, 8],
  },
  {
    name: "for await in the body is a syntax error",
    category: "async",
    code: "for await (const x of [1]) {}\nreturn 1",
    expect: "SYNTAX_ERROR",
  },
  {
    name: "endless microtask chain",
    category: "async",
    code: "const f = (): Promise<unknown> => Promise.resolve().then(f);\nf();\nreturn 1",
    expect: "TIMEOUT",
  },
  {
    name: "async function that spins after the answer is returned",
    category: "async",
    code: "async function f() { await null; while (true) {} }\nf();\nreturn 1",
    expect: "TIMEOUT",
  },
  {
    name: "no timers or microtask scheduling globals",
    category: "async",
    code: "return [typeof setTimeout, typeof setInterval, typeof setImmediate, typeof queueMicrotask, typeof requestAnimationFrame, typeof MessageChannel].join()",
    expect: "ok",
    answer: Array(6).fill("undefined").join(),
  },
  {
    name: "a microtask runs only after the answer is taken",
    category: "async",
    code: "let seen = 'before';\nPromise.resolve().then(() => { seen = 'after' });\nreturn seen",
    expect: "ok",
    answer: "before",
  },
  {
    name: "unhandled rejection fails the run with its position",
    category: "async",
    code: "Promise.reject(new TypeError('late'));\nreturn 1",
    expect: "SNIPPET_ERROR",
    position: [1, 16],
    check: messageHas("TypeError: late"),
  },
  {
    name: "unhandled rejection cannot fake a timeout",
    category: "async",
    code: "Promise.reject(new Error('Script execution timed out.'));\nreturn 1",
    expect: "SNIPPET_ERROR",
    position: [1, 16],
  },
  {
    name: "unhandled rejection cannot fake a memory-limit disposal",
    category: "async",
    code: "Promise.reject(new Error('Isolate was disposed during execution due to memory limit'));\nreturn 1",
    expect: "SNIPPET_ERROR",
    position: [1, 16],
  },
  {
    name: "unhandled rejection with a primitive",
    category: "async",
    code: "Promise.reject(42);\nreturn 1",
    expect: "SNIPPET_ERROR",
    position: false,
    check: messageHas("the snippet threw number: 42"),
  },
  {
    name: "unhandled rejection whose reason loops when read (only the wall deadline ends it)",
    category: "async",
    // isolated-vm reads an unhandled rejection's message/stack outside the CPU limit.
    code: "Promise.reject(new Proxy({}, { get() { for (;;); } }));\nreturn 1",
    expect: "WALL_TIMEOUT",
    limits: { timeoutMs: 500, wallTimeoutMs: 2_000 },
    restarts: "always",
  },
];

// --- output abuse --------------------------------------------------------------------------------
const output: CorpusEntry[] = [
  { name: "object with a getter", category: "output", code: "return { get a() { return 1 } }", expect: "INVALID_ANSWER" },
  { name: "thenable getter that loops", category: "output", code: "return { get then() { for (;;); } }", expect: "TIMEOUT" },
  {
    name: "proxy whose traps throw",
    category: "output",
    code: "return new Proxy([1], { get() { throw new Error('trap') }, getOwnPropertyDescriptor() { throw new Error('trap') } })",
    expect: "INVALID_ANSWER",
    check: messageHas("reading the returned value threw", "trap"),
  },
  {
    name: "revoked proxy",
    category: "output",
    code: "const p = Proxy.revocable([1], {});\np.revoke();\nreturn p.proxy",
    expect: "INVALID_ANSWER",
  },
  {
    name: "proxy that answers differently on each read is read once",
    category: "output",
    code: "let n = 0;\nreturn new Proxy([1], { get(t, k) { if (k === '0') return n++ === 0 ? 1 : { evil: 1 }; return Reflect.get(t, k) } })",
    expect: "ok",
    answer: [1],
  },
  { name: "cycle", category: "output", code: "const a: unknown[] = [];\na.push(a);\nreturn a", expect: "INVALID_ANSWER", check: messageHas("nested array") },
  { name: "object with toJSON", category: "output", code: "return { toJSON() { return 42 } }", expect: "INVALID_ANSWER" },
  { name: "BigInt", category: "output", code: "return 10n", expect: "INVALID_ANSWER", check: messageHas("bigint") },
  { name: "NaN", category: "output", code: "return NaN", expect: "INVALID_ANSWER", check: messageHas("NaN") },
  { name: "Infinity inside an array", category: "output", code: "return [1, -Infinity]", expect: "INVALID_ANSWER", check: messageHas("answer[1]", "-Infinity") },
  { name: "sparse array", category: "output", code: "return [1, , 3]", expect: "INVALID_ANSWER", check: messageHas("hole at index 1") },
  {
    name: "array longer than maxAnswerItems",
    category: "output",
    code: "return new Array(20000).fill(1)",
    expect: "ANSWER_TOO_LARGE",
    check: messageHas("20000 elements"),
  },
  {
    name: "4-billion-slot sparse array",
    category: "output",
    code: "const a: number[] = [];\na.length = 2 ** 32 - 1;\nreturn a",
    expect: "ANSWER_TOO_LARGE",
  },
  { name: "nested arrays", category: "output", code: "return [[[1]]]", expect: "INVALID_ANSWER", check: messageHas("answer[0] is a nested array") },
  { name: "object with a __proto__ key", category: "output", code: "return JSON.parse('{\"__proto__\": {\"x\": 1}}')", expect: "INVALID_ANSWER" },
  { name: "the string \"__proto__\" is a fine answer", category: "output", code: "return ['__proto__', 'constructor']", expect: "ok", answer: ["__proto__", "constructor"] },
  { name: "huge string", category: "output", code: "return 'x'.repeat(2e6)", expect: "ANSWER_TOO_LARGE" },
  {
    name: "10,000 references to one 1 MB string are refused before serialising",
    category: "output",
    code: "const s = 'x'.repeat(1e6);\nreturn new Array(10000).fill(s)",
    expect: "ANSWER_TOO_LARGE",
  },
  { name: "symbol", category: "output", code: "return Symbol('s')", expect: "INVALID_ANSWER" },
  { name: "function", category: "output", code: "return () => 1", expect: "INVALID_ANSWER" },
  { name: "no return", category: "output", code: "const x = 1;", expect: "INVALID_ANSWER", check: messageHas("forget to `return`") },
  { name: "boxed string", category: "output", code: "return new String('x')", expect: "INVALID_ANSWER" },
  { name: "Date object", category: "output", code: "return new Date()", expect: "INVALID_ANSWER" },
  { name: "-0 becomes 0", category: "output", code: "return [-0, -0 * 1]", expect: "ok", answer: [0, 0], check: (r) => expect(r.ok && Object.is((r.answer as number[])[0], -0)).toBe(false) },
  { name: "lone surrogate survives", category: "output", code: "return '\\uD800x'", expect: "ok", answer: "\uD800x" },
  {
    name: "object whose toString throws, returned",
    category: "output",
    code: "return { toString() { throw new Error('no') } }",
    expect: "INVALID_ANSWER",
  },
  {
    name: "object whose toString throws, thrown",
    category: "output",
    code: "throw { toString() { throw new Error('no') } }",
    expect: "SNIPPET_ERROR",
    position: false,
  },
  {
    name: "thrown object whose toString loops is never stringified",
    category: "output",
    code: "throw { toString() { for (;;); } }",
    expect: "SNIPPET_ERROR",
    position: false,
  },
  {
    name: "logging a cyclic object whose toString loops",
    category: "output",
    code: "const o: any = { toString() { for (;;); } };\no.self = o;\nconsole.log(o);\nreturn 1",
    expect: "TIMEOUT",
  },
  {
    name: "thrown object whose message getter loops",
    category: "output",
    code: "throw { get message() { for (;;); } }",
    expect: "TIMEOUT",
  },
  {
    name: "thrown symbol",
    category: "output",
    code: "throw Symbol('boom')",
    expect: "SNIPPET_ERROR",
    position: false,
    check: messageHas("the snippet threw symbol: Symbol(boom)"),
  },
  {
    name: "thrown error with a 10 MB message is cut short",
    category: "output",
    code: "throw new Error('m'.repeat(1e7))",
    expect: "SNIPPET_ERROR",
    check: (r) => expect(!r.ok && r.error.message.length).toBeLessThan(5000),
  },
  {
    name: "console.log flood is bounded and the answer still arrives",
    category: "output",
    code: "for (let i = 0; i < 100000; i++) console.log('line ' + i);\nreturn 'done'",
    expect: "ok",
    answer: "done",
    limits: { maxLogBytes: 1000 },
    check: (r) => {
      expect(r.logsTruncated).toBe(true);
      expect(r.logs.reduce((n, l) => n + l.length + 1, 0)).toBeLessThanOrEqual(1000);
      expect(r.logs[0]).toBe("line 0");
    },
  },
  { name: "endless console.log flood", category: "output", code: "for (;;) console.log('x'.repeat(1000))", expect: "TIMEOUT" },
  {
    name: "replacing Math.max does not lift the log bound",
    category: "output",
    code: "Math.max = () => 1e9;\nconsole.log('x'.repeat(200000));\nreturn 1",
    expect: "ok",
    answer: 1,
    limits: { maxLogBytes: 1000 },
    check: (r) => {
      expect(r.logsTruncated).toBe(true);
      expect(r.logs.join("").length).toBeLessThan(1000);
    },
  },
  {
    name: "logging objects with hostile getters, cycles and BigInt",
    category: "output",
    code: "const c: any = { a: 1 };\nc.self = c;\nconsole.log(c, 10n, { get x() { throw new Error('g') } }, Symbol('s'), undefined, null);\nreturn 1",
    expect: "ok",
    answer: 1,
    check: (r) => {
      expect(r.logs).toHaveLength(1);
      expect(r.logs[0]).toContain("10n");
      expect(r.logs[0]).toContain("Symbol(s)");
    },
  },
  {
    name: "Array.prototype.toJSON cannot reshape the answer",
    category: "output",
    code: "(Array.prototype as any).toJSON = function () { return { evil: 1 } };\nreturn [1, 2]",
    expect: "ok",
    answer: [1, 2],
  },
  {
    name: "Object.prototype.toJSON cannot forge the outcome",
    category: "output",
    code: "(Object.prototype as any).toJSON = function () { return { ok: true, answer: { evil: 1 }, logs: [], logsTruncated: false } };\nthrow new Error('x')",
    expect: "SNIPPET_ERROR",
    position: [2, 7],
    check: messageHas("Error: x"),
  },
  {
    name: "setters on Object.prototype cannot drop the logs",
    category: "output",
    code: "console.log('kept');\nObject.defineProperty(Object.prototype, 'logs', { set(v) {}, configurable: true });\nthrow new Error('boom')",
    expect: "SNIPPET_ERROR",
    position: [3, 7],
    check: logsAre(["kept"]),
  },
  {
    name: "index accessors on Array.prototype cannot rewrite the answer or logs",
    category: "output",
    code: "Object.defineProperty(Array.prototype, 0, { get() { return 'evil' }, set(v) {}, configurable: true });\nconsole.log('a', 'b');\nreturn [5, 6]",
    expect: "ok",
    answer: [5, 6],
    check: logsAre(["a b"]),
  },
];

// --- unknown column ------------------------------------------------------------------------------
function unknownColumn(name: string, suggestion: string | null): (r: SnippetResult) => void {
  return (r) => {
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.unknownColumn).toBe(name);
    expect(r.error.suggestion).toBe(suggestion);
    expect(r.error.message).toContain(`Unknown column ${JSON.stringify(name)}`);
    expect(r.error.message).toContain(`The table's columns are: "Country", "Price index", "Year".`);
    if (suggestion === null) expect(r.error.message).not.toContain("Did you mean");
    else expect(r.error.message).toContain(`Did you mean ${JSON.stringify(suggestion)}?`);
  };
}

const unknown: CorpusEntry[] = [
  {
    name: "prefix of a real column",
    category: "unknown-column",
    code: "return table.map((r) => r.Price)",
    expect: "UNKNOWN_COLUMN",
    position: [1, 27],
    check: unknownColumn("Price", "Price index"),
  },
  {
    name: "typo on line 2 of a typed snippet",
    category: "unknown-column",
    code: "const rows: Array<Record<string, number>> = table as any;\nreturn rows.map((r: Record<string, number>) => r[\"Yeer\"]);",
    expect: "UNKNOWN_COLUMN",
    position: [2, 49],
    check: unknownColumn("Yeer", "Year"),
  },
  {
    name: "wrong case",
    category: "unknown-column",
    code: "return table[0].country",
    expect: "UNKNOWN_COLUMN",
    position: [1, 17],
    check: unknownColumn("country", "Country"),
  },
  {
    name: "destructuring",
    category: "unknown-column",
    code: "const { Contry } = table[1];\nreturn Contry",
    expect: "UNKNOWN_COLUMN",
    position: [1, 9],
    check: unknownColumn("Contry", "Country"),
  },
  {
    name: "nothing close",
    category: "unknown-column",
    code: "return table[0].zzzzzzzz",
    expect: "UNKNOWN_COLUMN",
    position: [1, 17],
    check: unknownColumn("zzzzzzzz", null),
  },
  {
    name: "a 5 MB column name is reported cut short",
    category: "unknown-column",
    code: "return table[0]['y'.repeat(5e6)]",
    expect: "UNKNOWN_COLUMN",
    check: (r) => {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.unknownColumn).toBe("y".repeat(200) + "…");
      expect(r.error.message.length).toBeLessThan(500);
    },
  },
  {
    name: "caught by the snippet, which carries on",
    category: "unknown-column",
    code: "try { return table[0].Prise } catch (e) { return 'fallback: ' + (e as Error).message.slice(0, 22) }",
    expect: "ok",
    answer: 'fallback: Unknown column "Prise"',
  },
  {
    name: "`in` and generic probes do not throw",
    category: "unknown-column",
    code: "const r: any = table[0];\nreturn ['Price' in r, r.toJSON === undefined, typeof r.then, Object.keys(r).join('|'), JSON.stringify(r)]",
    expect: "ok",
    answer: [false, true, "undefined", "Country|Price index|Year", '{"Country":"Lamb","Price index":103.7,"Year":2020}'],
  },
];

export const CORPUS: readonly CorpusEntry[] = [...cpu, ...memory, ...escape, ...async, ...output, ...unknown];

// --- cross-run tampering -------------------------------------------------------------------------
/**
 * Each of these tampers with the isolate's shared-looking state; the harness runs them on a
 * one-worker sandbox (so the next run lands on the same worker and isolate) and checks that the
 * *next* run sees a pristine environment (TAMPER_PROBE gives the same signature as before any).
 */
export const TAMPERING: readonly CorpusEntry[] = [
  {
    name: "Object.prototype pollution (value, getter, enumerable)",
    category: "tamper",
    code: "(Object.prototype as any).polluted = 1;\nObject.defineProperty(Object.prototype, 'sneaky', { get() { return 'x' }, enumerable: true, configurable: true });\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "Array.prototype.map / push / join replaced",
    category: "tamper",
    code: "Array.prototype.map = function () { return ['hacked'] } as any;\nArray.prototype.push = () => 0;\nArray.prototype.join = () => 'hacked';\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "JSON.stringify / JSON.parse replaced",
    category: "tamper",
    code: "JSON.stringify = () => 'hacked';\nJSON.parse = () => ({ hacked: true });\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "Math replaced wholesale and Math.random pinned",
    category: "tamper",
    code: "Math.random = () => 0.5;\n(globalThis as any).Math = { random: () => 0.25, max: () => 0 };\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "Date, Date.now and Date.prototype.getTime replaced",
    category: "tamper",
    code: "Date.prototype.getTime = () => 0;\nDate.now = () => 5;\n(globalThis as any).Date = function () { return 'hacked' };\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "globals added, deleted and frozen",
    category: "tamper",
    code: "const g: any = globalThis;\ng.leak = 'left behind';\ndelete g.Array;\ndelete g.JSON;\ng.console = { log() {} };\nObject.freeze(Object.prototype);\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "table rows and columns mutated",
    category: "tamper",
    code: "(table[0] as any).Country = 'Mutton';\n(table as any[]).push({ Country: 'Extra' });\ntable.splice(1, 1);\ntry { (columns as string[]).push('x') } catch {}\nreturn table.length",
    expect: "ok",
    answer: 3,
  },
  {
    name: "Function.prototype call / apply / toString replaced",
    category: "tamper",
    code: "Function.prototype.call = function () { return 'hacked' } as any;\nFunction.prototype.apply = function () { return 'hacked' } as any;\nFunction.prototype.toString = () => 'hacked';\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "Error.prepareStackTrace and stackTraceLimit set",
    category: "tamper",
    code: "(Error as any).prepareStackTrace = () => 'hacked';\nError.stackTraceLimit = 0;\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "String / RegExp / Promise prototypes replaced",
    category: "tamper",
    code: "String.prototype.toUpperCase = () => 'hacked';\n(RegExp.prototype as any)[Symbol.replace] = () => 'hacked';\nPromise.prototype.then = function () { return 'hacked' } as any;\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "Intl.DateTimeFormat format replaced",
    category: "tamper",
    code: "Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', { get() { return () => 'hacked' }, configurable: true });\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "late microtask pollutes after the answer",
    category: "tamper",
    code: "(async () => { await null; await null; (Object.prototype as any).late = 1; (globalThis as any).lateGlobal = 1 })();\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "pollution followed by a timeout",
    category: "tamper",
    code: "(Object.prototype as any).beforeTimeout = 1;\nfor (;;) {}",
    expect: "TIMEOUT",
  },
  {
    name: "pollution followed by a throw",
    category: "tamper",
    code: "(Array.prototype as any).beforeThrow = 1;\nthrow new Error('after tampering')",
    expect: "SNIPPET_ERROR",
    position: [2, 7],
  },
  {
    name: "big allocation kept alive from a global",
    category: "tamper",
    code: "(globalThis as any).hog = new Array(1e6).fill('x');\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "Symbol registry and well-known symbols",
    category: "tamper",
    code: "Symbol.for('catbox-leak');\n(Array.prototype as any)[Symbol.iterator] = function* () { yield 'hacked' };\n(Object.prototype as any)[Symbol.toPrimitive] = () => 'hacked';\nreturn 1",
    expect: "ok",
    answer: 1,
  },
  {
    name: "mathjs instance modified",
    category: "tamper",
    code: "math.import({ median: () => -1, add: () => -1 }, { override: true });\n(math as any).hacked = true;\nreturn math.median([1, 2, 3])",
    expect: "ok",
    answer: -1,
    limits: { timeoutMs: 3_000 },
  },
];

/**
 * Run after every TAMPERING entry: a signature of everything the entries above touch. It must
 * equal the signature taken on a fresh sandbox.
 */
export const TAMPER_PROBE = [
  "const sig: unknown[] = [];",
  "sig.push(Object.getOwnPropertyNames(Object.prototype).sort().join(), Object.isFrozen(Object.prototype));",
  "sig.push(Object.getOwnPropertyNames(Array.prototype).sort().join());",
  "sig.push(Object.getOwnPropertyNames(globalThis).sort().join());",
  "const enumerable: string[] = []; for (const k in {}) enumerable.push(k); sig.push(enumerable.join());",
  "sig.push([1, 2].map((x) => x * 2).join('+'), [...[1, 2]].length, JSON.stringify({ a: [1] }), JSON.parse('[3]')[0]);",
  "sig.push(Math.random(), Math.max(1, 2), typeof Math.imul);",
  "sig.push(Date.now(), new Date().toISOString(), new Date().getTime(), Date());",
  "sig.push(new Intl.DateTimeFormat('en-US').format(), 'abc'.toUpperCase(), 'a-b'.replace(/-/, '+'));",
  "sig.push(typeof Promise.prototype.then, Function.prototype.toString.call(Array.prototype.map), Math.max.call(null, 3, 4));",
  "sig.push(Error.stackTraceLimit, typeof (Error as any).prepareStackTrace, String(new Error('e').stack).split('\\n')[0]);",
  "sig.push(table.length, JSON.stringify(table), columns.join('|'), Object.isFrozen(columns));",
  "sig.push(typeof console.log, typeof (globalThis as any).leak, typeof (globalThis as any).hog, typeof (globalThis as any).lateGlobal);",
  "sig.push(`${{}}`, String([1, 2]));",
  "return sig.map(String).join('\\n');",
].join("\n");

/** Run after the mathjs tampering: the next math context must be pristine. */
export const MATH_PROBE = "return [math.median([1, 2, 3]), math.add(1, 2), typeof (math as any).hacked, math.round(math.std([2, 4, 4, 4, 5, 5, 7, 9]), 3)].join()";

// --- nondeterminism ------------------------------------------------------------------------------
/**
 * Same code + seed + nowMs → same answer: the harness runs each entry repeatedly, on both workers
 * of one sandbox and on a second sandbox, and requires identical results (and the exact answer,
 * where given).
 */
export const NONDETERMINISM: readonly CorpusEntry[] = [
  {
    name: "Math.random is seeded",
    category: "nondeterminism",
    code: "return [Math.random(), Math.random(), Math.random()]",
    expect: "ok",
    seed: 7,
  },
  {
    name: "Date.now, new Date(), Date() are frozen at nowMs",
    category: "nondeterminism",
    code: "return [Date.now(), new Date().toISOString(), Date(), new Date().toString()]",
    expect: "ok",
    nowMs: Date.UTC(2023, 5, 15, 12, 30),
    answer: [
      Date.UTC(2023, 5, 15, 12, 30),
      "2023-06-15T12:30:00.000Z",
      "Thu Jun 15 2023 12:30:00 GMT+0000 (Coordinated Universal Time)",
      "Thu Jun 15 2023 12:30:00 GMT+0000 (Coordinated Universal Time)",
    ],
  },
  {
    name: "the real Date constructor is not reachable through prototypes",
    category: "nondeterminism",
    code: "const D: any = Object.getPrototypeOf(new Date()).constructor;\nreturn [new D().getTime(), D === Date, Reflect.construct(Date, []).getTime()]",
    expect: "ok",
    answer: [Date.UTC(2024, 0, 1), true, Date.UTC(2024, 0, 1)],
  },
  {
    name: "time zone is UTC",
    category: "nondeterminism",
    code: "return [new Date().getTimezoneOffset(), Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(2024, 6, 1).getTimezoneOffset()]",
    expect: "ok",
    answer: [0, "UTC", 0],
  },
  {
    name: "locale formatting is fixed",
    category: "nondeterminism",
    code: "return [(1234567.891).toLocaleString(), new Intl.NumberFormat().format(1e6), new Date().toLocaleString(), new Date().toLocaleDateString('de-DE'), Intl.DateTimeFormat().resolvedOptions().locale, 'a'.localeCompare('B')]",
    expect: "ok",
    answer: ["1,234,567.891", "1,000,000", "1/1/2024, 12:00:00 AM", "1.1.2024", "en-US", -1],
  },
  {
    name: "Intl.DateTimeFormat format() without a date uses the frozen now",
    category: "nondeterminism",
    code: "return new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'full' }).format()",
    expect: "ok",
    answer: "Monday, January 1, 2024 at 12:00:00 AM Coordinated Universal Time",
  },
  {
    name: "Intl.DateTimeFormat formatToParts() without a date uses the frozen now",
    category: "nondeterminism",
    code: "const f = new Intl.DateTimeFormat('en-US');\nreturn [f.formatToParts().map((p) => p.value).join(''), f.format === f.format, f.format(0), [0, 86400000].map(f.format).join('|')]",
    expect: "ok",
    answer: ["1/1/2024", true, "1/1/1970", "1/1/1970|1/2/1970"],
  },
  {
    name: "mathjs random is seeded too",
    category: "nondeterminism",
    code: "return [math.random(), math.randomInt(1, 1000), math.pickRandom([1, 2, 3, 4, 5, 6, 7, 8, 9])]",
    expect: "ok",
    seed: 3,
  },
  {
    name: "sorting with a random comparator",
    category: "nondeterminism",
    code: "return Array.from({ length: 50 }, (_, i) => i).sort(() => Math.random() - 0.5)",
    expect: "ok",
    seed: 11,
  },
  {
    name: "stack depth at overflow",
    category: "nondeterminism",
    code: "let d = 0;\nfunction f() { d++; f() }\ntry { f() } catch {}\nreturn d",
    expect: "ok",
  },
  {
    name: "object key order and Map/Set iteration",
    category: "nondeterminism",
    code: "const o: any = { b: 1, 2: 1, a: 1, 1: 1 };\nconst m = new Map([[3, 'c'], [1, 'a']]);\nreturn [Object.keys(o).join(), [...m.keys()].join(), [...new Set('hello')].join('')]",
    expect: "ok",
    answer: ["1,2,b,a", "3,1", "helo"],
  },
];
