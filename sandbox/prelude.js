// catbox sandbox prelude — runs inside a fresh isolated-vm context before any snippet.
//
// This file is plain JavaScript evaluated *inside the isolate*. It imports nothing and may not
// assume anything from the host: no host functions or references are ever passed in. It:
//   * captures the intrinsics it needs before untrusted code can touch them;
//   * removes globals a table computation never needs and that defeat limits or determinism
//     (WebAssembly, SharedArrayBuffer, Atomics, WeakRef, FinalizationRegistry);
//   * makes Math.random seeded and Date frozen (values set per run by __catbox_main);
//   * defines __catbox_main(fn), which builds `table`, `columns`, `console`, calls the snippet,
//     and returns ONE bounded JSON string describing the outcome. Everything that can run user
//     code (getters, proxies, toString, toJSON) happens inside that call, i.e. under the timeout.
(function (global) {
  "use strict";

  const ObjectDefineProperty = Object.defineProperty;
  const ObjectFreeze = Object.freeze;
  const ObjectHasOwn = Object.hasOwn;
  const ObjectPrototype = Object.prototype;
  const ReflectApply = Reflect.apply;
  const ReflectConstruct = Reflect.construct;
  const ReflectGet = Reflect.get;
  const ArrayIsArray = Array.isArray;
  const JSONParse = JSON.parse;
  const JSONStringify = JSON.stringify;
  const StringCtor = String;
  const NumberIsFinite = Number.isFinite;
  const MathImul = Math.imul;
  const MathMin = Math.min;
  const ProxyCtor = Proxy;
  const ErrorCtor = Error;
  const DateCtor = Date;
  const DateParse = Date.parse;
  const DateUTC = Date.UTC;
  const DateToString = Date.prototype.toString;
  const WeakSetCtor = WeakSet;
  const WeakSetAdd = WeakSet.prototype.add;
  const WeakSetHas = WeakSet.prototype.has;
  const StringSlice = String.prototype.slice;
  const StringToLowerCase = String.prototype.toLowerCase;
  const StringReplace = String.prototype.replace;
  const ArrayJoin = Array.prototype.join;

  // --- what a table computation never needs -------------------------------------------------
  const removed = ["WebAssembly", "SharedArrayBuffer", "Atomics", "WeakRef", "FinalizationRegistry"];
  for (let i = 0; i < removed.length; i++) delete global[removed[i]];

  // --- determinism: seeded Math.random (mulberry32), frozen Date -----------------------------
  let rngState = 0;
  ObjectDefineProperty(Math, "random", {
    value: function random() {
      rngState = (rngState + 0x6d2b79f5) | 0;
      let t = rngState;
      t = MathImul(t ^ (t >>> 15), t | 1);
      t ^= t + MathImul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    writable: true,
    configurable: true,
  });

  let frozenNowMs = 0;
  // `Date` keeps its prototype, so `instanceof Date` and every method still work; only the
  // "current time" sources (new Date(), Date(), Date.now()) are frozen.
  const FrozenDate = function Date(...args) {
    if (new.target === undefined) return ReflectApply(DateToString, new DateCtor(frozenNowMs), []);
    return args.length === 0
      ? ReflectConstruct(DateCtor, [frozenNowMs], new.target)
      : ReflectConstruct(DateCtor, args, new.target);
  };
  FrozenDate.prototype = DateCtor.prototype;
  ObjectDefineProperty(DateCtor.prototype, "constructor", { value: FrozenDate, writable: true, configurable: true });
  FrozenDate.now = function now() {
    return frozenNowMs;
  };
  FrozenDate.parse = DateParse;
  FrozenDate.UTC = DateUTC;
  ObjectDefineProperty(global, "Date", { value: FrozenDate, writable: true, configurable: true });

  // --- console: captured, bounded ------------------------------------------------------------
  let logs = [];
  let logChars = 0;
  let maxLogChars = 65536;
  let logsTruncated = false;

  function formatValue(v) {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "undefined" || v === null) return StringCtor(v);
    if (typeof v === "bigint") return StringCtor(v) + "n";
    if (typeof v === "symbol") return StringCtor(v);
    if (typeof v === "function") return "[Function]";
    try {
      const s = JSONStringify(v);
      return s === undefined ? StringCtor(v) : s;
    } catch (_e) {
      try {
        return StringCtor(v);
      } catch (_e2) {
        return "[unprintable]";
      }
    }
  }

  function log(...args) {
    if (logsTruncated) return;
    const parts = [];
    for (let i = 0; i < args.length; i++) parts[i] = formatValue(args[i]);
    let line = ReflectApply(ArrayJoin, parts, [" "]);
    if (logChars + line.length + 1 > maxLogChars) {
      line = ReflectApply(StringSlice, line, [0, Math.max(0, maxLogChars - logChars - 1)]);
      logsTruncated = true;
    }
    logChars += line.length + 1;
    logs[logs.length] = line;
  }
  const sandboxConsole = ObjectFreeze({ log, info: log, warn: log, error: log, debug: log });
  ObjectDefineProperty(global, "console", { value: sandboxConsole, writable: true, configurable: true });

  // --- table rows: reading an unknown column throws a helpful error --------------------------
  const unknownColumnErrors = new WeakSetCtor();
  // Names that generic code probes on any object (JSON.stringify, await, inspectors): allowed.
  const probes = { toJSON: 1, then: 1, constructor: 1, asymmetricMatch: 1, $$typeof: 1, nodeType: 1 };

  function editDistance(a, b) {
    const m = a.length;
    const n = b.length;
    if (m > 64 || n > 64) return 1e9;
    let prev = [];
    for (let j = 0; j <= n; j++) prev[j] = j;
    for (let i = 1; i <= m; i++) {
      const cur = [i];
      for (let j = 1; j <= n; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = MathMin(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[n];
  }

  function squash(s) {
    return ReflectApply(StringReplace, ReflectApply(StringToLowerCase, s, []), [/[\s_\-]+/g, ""]);
  }

  function suggest(name, cols) {
    const key = squash(name);
    let best = null;
    let bestD = 1e9;
    for (let i = 0; i < cols.length; i++) {
      const col = squash(cols[i]);
      // A near-prefix ("Price"/"Prise" for "Price index") counts as close.
      const prefixD = key.length >= 3 && col.length > key.length ? editDistance(key, ReflectApply(StringSlice, col, [0, key.length])) + 1 : 1e9;
      const d = MathMin(prefixD, editDistance(key, col));
      if (d < bestD) {
        bestD = d;
        best = cols[i];
      }
    }
    return best !== null && bestD <= Math.max(2, (key.length / 3) | 0) ? best : null;
  }

  function unknownColumn(name, cols) {
    const listed = [];
    for (let i = 0; i < cols.length && i < 50; i++) listed[i] = JSONStringify(cols[i]);
    const hint = suggest(name, cols);
    const message =
      "Unknown column " + JSONStringify(name) + ". The table's columns are: " + ReflectApply(ArrayJoin, listed, [", "]) +
      (cols.length > 50 ? ", …" : "") + "." + (hint !== null ? " Did you mean " + JSONStringify(hint) + "?" : "");
    const err = new ErrorCtor(message);
    ObjectDefineProperty(err, "name", { value: "UnknownColumnError", configurable: true, writable: true });
    ReflectApply(WeakSetAdd, unknownColumnErrors, [err]);
    unknownColumnErrors.lastColumn = name;
    unknownColumnErrors.lastHint = hint;
    return err;
  }

  function makeTable(columns, data) {
    const cols = ObjectFreeze(columns);
    const handler = {
      get(target, prop, receiver) {
        if (typeof prop === "string" && !ObjectHasOwn(target, prop) && !(prop in ObjectPrototype) && !ObjectHasOwn(probes, prop)) {
          throw unknownColumn(prop, cols);
        }
        return ReflectGet(target, prop, receiver);
      },
    };
    const table = [];
    for (let r = 0; r < data.length; r++) {
      const values = data[r];
      const row = {};
      for (let c = 0; c < cols.length; c++) {
        // defineProperty, not assignment: a column literally named "__proto__" stays a column.
        ObjectDefineProperty(row, cols[c], { value: values[c], writable: true, enumerable: true, configurable: true });
      }
      table[r] = new ProxyCtor(row, handler);
    }
    return { table, columns: cols };
  }

  // --- the answer: validated and serialised inside the timed call ----------------------------
  function invalid(message) {
    return { code: "INVALID_ANSWER", message };
  }

  function describe(v) {
    if (v === null) return "null";
    if (ArrayIsArray(v)) return "array";
    return typeof v;
  }

  function checkScalar(v, where) {
    if (typeof v === "number") {
      if (!NumberIsFinite(v)) return invalid(where + " is " + StringCtor(v) + "; return a finite number");
      return null;
    }
    if (typeof v === "string" || typeof v === "boolean") return null;
    if (v === undefined) return invalid(where + " is undefined; did the snippet forget to `return` the answer?");
    if (v !== null && typeof v === "object" && typeof v.then === "function") {
      return invalid(where + " is a Promise; async code is not supported, return the value itself");
    }
    return invalid(where + " is " + describe(v) + "; return a number, string, boolean, or a flat array of those");
  }

  function settle(value, maxAnswerChars, maxArrayLength) {
    let answer = value;
    if (ArrayIsArray(value)) {
      const n = value.length;
      if (n > maxArrayLength) {
        return { code: "ANSWER_TOO_LARGE", message: "answer array has " + n + " elements; the limit is " + maxArrayLength };
      }
      answer = [];
      for (let i = 0; i < n; i++) {
        if (!ObjectHasOwn(value, i)) return invalid("answer array has a hole at index " + i);
        const item = value[i];
        const bad = ArrayIsArray(item) ? invalid("answer[" + i + "] is a nested array; return a flat array") : checkScalar(item, "answer[" + i + "]");
        if (bad !== null) return bad;
        answer[i] = item === 0 ? 0 : item; // -0 → 0
      }
    } else {
      const bad = checkScalar(value, "the answer");
      if (bad !== null) return bad;
      if (value === 0) answer = 0;
    }
    const json = JSONStringify(answer);
    if (json.length > maxAnswerChars) {
      return { code: "ANSWER_TOO_LARGE", message: "answer is " + json.length + " characters of JSON; the limit is " + maxAnswerChars };
    }
    return { json };
  }

  function textOf(e, key) {
    try {
      const v = e[key];
      return typeof v === "string" ? ReflectApply(StringSlice, v, [0, 4000]) : v === undefined ? "" : ReflectApply(StringSlice, StringCtor(v), [0, 4000]);
    } catch (_e) {
      return "";
    }
  }

  function failure(e) {
    if (e !== null && typeof e === "object" && ReflectApply(WeakSetHas, unknownColumnErrors, [e])) {
      return { code: "UNKNOWN_COLUMN", message: textOf(e, "message"), stack: textOf(e, "stack"), column: unknownColumnErrors.lastColumn, suggestion: unknownColumnErrors.lastHint };
    }
    if (e !== null && (typeof e === "object" || typeof e === "function")) {
      return { code: "SNIPPET_ERROR", name: textOf(e, "name") || "Error", message: textOf(e, "message"), stack: textOf(e, "stack") };
    }
    let text;
    try {
      text = ReflectApply(StringSlice, StringCtor(e), [0, 4000]);
    } catch (_e) {
      text = "(a value that cannot be printed)";
    }
    return { code: "SNIPPET_ERROR", name: "thrown value", message: "the snippet threw " + typeof e + ": " + text, stack: "" };
  }

  function finish(outcome) {
    outcome.logs = logs;
    outcome.logsTruncated = logsTruncated;
    return JSONStringify(outcome);
  }

  global.__catbox_main = function (fn) {
    const input = JSONParse(global.__catbox_input);
    delete global.__catbox_input;
    rngState = input.seed | 0;
    frozenNowMs = input.nowMs;
    maxLogChars = input.maxLogChars;
    const built = makeTable(input.columns, input.rows);
    const math = ObjectHasOwn(global, "math") ? global.math : undefined;
    let value;
    try {
      value = fn(built.table, built.columns, math, sandboxConsole);
    } catch (e) {
      return finish({ ok: false, error: failure(e) });
    }
    let settled;
    try {
      settled = settle(value, input.maxAnswerChars, input.maxArrayLength);
    } catch (e) {
      // A getter, proxy trap or toString in the returned value threw.
      const f = failure(e);
      return finish({ ok: false, error: { code: "INVALID_ANSWER", message: "reading the returned value threw: " + f.message } });
    }
    if (settled.json === undefined) return finish({ ok: false, error: settled });
    return '{"ok":true,"answer":' + settled.json + ',"logs":' + JSONStringify(logs) + ',"logsTruncated":' + (logsTruncated ? "true" : "false") + "}";
  };
})(globalThis);
