// catbox sandbox prelude — runs inside a fresh isolated-vm context before any snippet.
//
// This file is plain JavaScript evaluated *inside the isolate*. It imports nothing and may not
// assume anything from the host: no host functions or references are ever passed in. It:
//   * captures the intrinsics it needs before untrusted code can touch them;
//   * removes globals a table computation never needs and that defeat limits or determinism
//     (WebAssembly, SharedArrayBuffer, Atomics, WeakRef, FinalizationRegistry);
//   * makes Math.random seeded and Date (and Intl.DateTimeFormat's default date) frozen, with
//     values set per run by `main`;
//   * evaluates to `main(fn, inputJson)`, which builds `table`, `columns`, `console`, calls the
//     snippet, and returns ONE bounded JSON string describing the outcome. Everything that can run
//     user code (getters, proxies, toString, toJSON) happens inside that call, i.e. under the timeout.
//
// `main` is never stored on the global object: the host keeps the prelude's completion value as a
// reference and calls it with the snippet's function and the run's input, so snippet code can
// neither call it, replace it, feed it other input, nor forge its result (e.g. by closing the
// wrapper function early and leaving its own value as the script's completion value).
// Everything main serialises or joins is built from null-prototype objects and arrays, so a
// snippet that pollutes Object.prototype / Array.prototype (toJSON, setters, index accessors)
// cannot change the outcome's shape or get around its bounds.
(function (global) {
  "use strict";

  const ObjectDefineProperty = Object.defineProperty;
  const ObjectFreeze = Object.freeze;
  const ObjectHasOwn = Object.hasOwn;
  const ObjectSetPrototypeOf = Object.setPrototypeOf;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ObjectPrototype = Object.prototype;
  const ReflectApply = Reflect.apply;
  const ReflectConstruct = Reflect.construct;
  const ReflectGet = Reflect.get;
  const FunctionToString = Function.prototype.toString;
  const ArrayIsArray = Array.isArray;
  const JSONParse = JSON.parse;
  const JSONStringify = JSON.stringify;
  const StringCtor = String;
  const NumberIsFinite = Number.isFinite;
  const MathImul = Math.imul;
  const MathMin = Math.min;
  const MathMax = Math.max;
  const ProxyCtor = Proxy;
  const ErrorCtor = Error;
  const DateCtor = Date;
  const DateParse = Date.parse;
  const DateUTC = Date.UTC;
  const DateToString = Date.prototype.toString;
  const WeakMapCtor = WeakMap;
  const WeakMapGet = WeakMap.prototype.get;
  const WeakMapSet = WeakMap.prototype.set;
  const WeakMapHas = WeakMap.prototype.has;
  const StringSlice = String.prototype.slice;
  const StringIndexOf = String.prototype.indexOf;
  const StringToLowerCase = String.prototype.toLowerCase;
  const StringReplace = String.prototype.replace;
  const ArrayJoin = Array.prototype.join;

  /** An array no prototype pollution reaches (no inherited setters, index accessors or toJSON). */
  function list() {
    return ObjectSetPrototypeOf([], null);
  }

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

  // Intl.DateTimeFormat's format() / formatToParts() without a date read the real clock (the
  // intrinsic Date.now, not the global one): default them to the frozen "now" as well.
  const DateTimeFormat = typeof Intl === "object" && Intl !== null ? Intl.DateTimeFormat : undefined;
  if (typeof DateTimeFormat === "function") {
    const dtfProto = DateTimeFormat.prototype;
    const formatGetter = ObjectGetOwnPropertyDescriptor(dtfProto, "format").get;
    const originalFormatToParts = dtfProto.formatToParts;
    const boundFormats = new WeakMapCtor();
    ObjectDefineProperty(dtfProto, "format", {
      get: function format() {
        const bound = ReflectApply(formatGetter, this, []); // throws for a `this` that is not a DateTimeFormat
        let f = ReflectApply(WeakMapGet, boundFormats, [this]);
        if (f === undefined) {
          f = function (date) {
            return bound(date === undefined ? frozenNowMs : date);
          };
          ReflectApply(WeakMapSet, boundFormats, [this, f]);
        }
        return f;
      },
      enumerable: false,
      configurable: true,
    });
    ObjectDefineProperty(dtfProto, "formatToParts", {
      value: function formatToParts(date) {
        return ReflectApply(originalFormatToParts, this, [date === undefined ? frozenNowMs : date]);
      },
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }

  // --- console: captured, bounded ------------------------------------------------------------
  let logs = list();
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
    const parts = list();
    for (let i = 0; i < args.length; i++) parts[i] = formatValue(args[i]);
    let line = ReflectApply(ArrayJoin, parts, [" "]);
    if (logChars + line.length + 1 > maxLogChars) {
      line = ReflectApply(StringSlice, line, [0, MathMax(0, maxLogChars - logChars - 1)]);
      logsTruncated = true;
    }
    logChars += line.length + 1;
    logs[logs.length] = line;
  }
  const sandboxConsole = ObjectFreeze({ log, info: log, warn: log, error: log, debug: log });
  ObjectDefineProperty(global, "console", { value: sandboxConsole, writable: true, configurable: true });

  // --- table rows: reading an unknown column throws a helpful error --------------------------
  // error → { column, hint } for the errors raised here (a WeakMap: nothing a snippet can overwrite).
  const unknownColumnErrors = new WeakMapCtor();
  // A snippet may ask for an arbitrarily long name: only a bounded prefix is reported and matched.
  const MAX_SHOWN_NAME = 200;
  // Names that generic code probes on any object (JSON.stringify, await, inspectors): allowed.
  const probes = { toJSON: 1, then: 1, constructor: 1, asymmetricMatch: 1, $$typeof: 1, nodeType: 1 };

  function editDistance(a, b) {
    const m = a.length;
    const n = b.length;
    if (m > 64 || n > 64) return 1e9;
    let prev = list();
    for (let j = 0; j <= n; j++) prev[j] = j;
    for (let i = 1; i <= m; i++) {
      const cur = list();
      cur[0] = i;
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
    return best !== null && bestD <= MathMax(2, (key.length / 3) | 0) ? best : null;
  }

  function unknownColumn(rawName, cols) {
    const name = rawName.length > MAX_SHOWN_NAME ? ReflectApply(StringSlice, rawName, [0, MAX_SHOWN_NAME]) + "…" : rawName;
    const listed = list();
    for (let i = 0; i < cols.length && i < 50; i++) listed[i] = JSONStringify(cols[i]);
    const hint = suggest(name, cols);
    const message =
      "Unknown column " + JSONStringify(name) + ". The table's columns are: " + ReflectApply(ArrayJoin, listed, [", "]) +
      (cols.length > 50 ? ", …" : "") + "." + (hint !== null ? " Did you mean " + JSONStringify(hint) + "?" : "");
    const err = new ErrorCtor(message);
    ObjectDefineProperty(err, "name", { value: "UnknownColumnError", configurable: true, writable: true });
    ReflectApply(WeakMapSet, unknownColumnErrors, [err, { __proto__: null, column: name, hint }]);
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
    return { __proto__: null, code: "INVALID_ANSWER", message };
  }

  function tooLarge(message) {
    return { __proto__: null, code: "ANSWER_TOO_LARGE", message };
  }

  // A lower bound on the JSON length of a checked scalar, so that an oversized answer is refused
  // before JSON.stringify builds it (10,000 references to one 1 MB string would be 10 GB of JSON).
  function minJsonChars(v) {
    if (typeof v === "string") return v.length + 2;
    if (typeof v === "boolean") return v ? 4 : 5;
    return 1;
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
    let answer;
    let atLeast;
    if (ArrayIsArray(value)) {
      const n = value.length;
      if (n > maxArrayLength) {
        return tooLarge("answer array has " + n + " elements; the limit is " + maxArrayLength);
      }
      answer = list();
      atLeast = n > 0 ? n + 1 : 2;
      for (let i = 0; i < n; i++) {
        if (!ObjectHasOwn(value, i)) return invalid("answer array has a hole at index " + i);
        const item = value[i];
        const bad = ArrayIsArray(item) ? invalid("answer[" + i + "] is a nested array; return a flat array") : checkScalar(item, "answer[" + i + "]");
        if (bad !== null) return bad;
        answer[i] = item === 0 ? 0 : item; // -0 → 0
        atLeast += minJsonChars(item);
        if (atLeast > maxAnswerChars) {
          return tooLarge("answer is more than " + maxAnswerChars + " characters of JSON (the limit) by answer[" + i + "]");
        }
      }
    } else {
      const bad = checkScalar(value, "the answer");
      if (bad !== null) return bad;
      answer = value === 0 ? 0 : value; // -0 → 0
      atLeast = minJsonChars(answer);
      if (atLeast > maxAnswerChars) {
        return tooLarge("answer is at least " + atLeast + " characters of JSON; the limit is " + maxAnswerChars);
      }
    }
    // Only primitives and a null-prototype array reach JSON.stringify: no snippet-defined toJSON runs.
    const json = JSONStringify(answer);
    if (json.length > maxAnswerChars) {
      return tooLarge("answer is " + json.length + " characters of JSON; the limit is " + maxAnswerChars);
    }
    return { __proto__: null, json };
  }

  function textOf(e, key) {
    try {
      const v = e[key];
      return typeof v === "string" ? ReflectApply(StringSlice, v, [0, 4000]) : v === undefined ? "" : ReflectApply(StringSlice, StringCtor(v), [0, 4000]);
    } catch (_e) {
      return "";
    }
  }

  // The stack's frames (bounded), without the message in front of them: a long message must not
  // push the snippet's position out of what is kept.
  function framesOf(e) {
    try {
      const stack = e.stack;
      if (typeof stack !== "string") return "";
      const at = ReflectApply(StringIndexOf, stack, ["\n    at "]);
      return ReflectApply(StringSlice, stack, at >= 0 ? [at, at + 4000] : [0, 4000]);
    } catch (_e) {
      return "";
    }
  }

  function failure(e) {
    if (e !== null && typeof e === "object" && ReflectApply(WeakMapHas, unknownColumnErrors, [e])) {
      const info = ReflectApply(WeakMapGet, unknownColumnErrors, [e]);
      return { __proto__: null, code: "UNKNOWN_COLUMN", message: textOf(e, "message"), stack: framesOf(e), column: info.column, suggestion: info.hint };
    }
    if (e !== null && (typeof e === "object" || typeof e === "function")) {
      return { __proto__: null, code: "SNIPPET_ERROR", name: textOf(e, "name") || "Error", message: textOf(e, "message"), stack: framesOf(e) };
    }
    let text;
    try {
      text = ReflectApply(StringSlice, StringCtor(e), [0, 4000]);
    } catch (_e) {
      text = "(a value that cannot be printed)";
    }
    return { __proto__: null, code: "SNIPPET_ERROR", name: "thrown value", message: "the snippet threw " + typeof e + ": " + text, stack: "" };
  }

  function fail(error) {
    return JSONStringify({ __proto__: null, ok: false, error, logs, logsTruncated });
  }

  let used = false;

  // The prelude's completion value. The host calls it once per context, through a reference, with
  // the snippet's function and the run's input as JSON.
  return function main(fn, inputJson) {
    if (used) throw new ErrorCtor("catbox: the sandbox entry point runs once per context");
    used = true;
    if (typeof fn !== "function") throw new ErrorCtor("catbox: the snippet did not compile to a function");
    const input = JSONParse(inputJson);
    // The wrapper function's own source text is exactly `input.source` unless the snippet closed
    // it early (then `fn` is some other function, or the wrapper's text ends sooner).
    if (ReflectApply(FunctionToString, fn, []) !== input.source) {
      return fail({
        __proto__: null,
        code: "SYNTAX_ERROR",
        message: "SyntaxError: the snippet must be the body of a function; it closes the function it is wrapped in",
      });
    }
    rngState = input.seed | 0;
    frozenNowMs = input.nowMs;
    maxLogChars = input.maxLogChars;
    const built = makeTable(input.columns, input.rows);
    const math = ObjectHasOwn(global, "math") ? global.math : undefined;
    // mathjs seeds its own generator once, when it loads (before the run's seed is known): reseed
    // it from the run's seed when the snippet may use it (reseeding costs ~2 ms, so only then).
    if (math !== undefined && ReflectApply(StringIndexOf, input.source, ["andom"]) >= 0) {
      math.config({ randomSeed: "catbox:" + rngState });
    }
    let value;
    try {
      value = ReflectApply(fn, undefined, [built.table, built.columns, math, sandboxConsole]);
    } catch (e) {
      return fail(failure(e));
    }
    let settled;
    try {
      settled = settle(value, input.maxAnswerChars, input.maxArrayLength);
    } catch (e) {
      // A getter, proxy trap or toString in the returned value threw.
      const f = failure(e);
      return fail(invalid("reading the returned value threw: " + f.message));
    }
    if (settled.json === undefined) return fail(settled);
    return '{"ok":true,"answer":' + settled.json + ',"logs":' + JSONStringify(logs) + ',"logsTruncated":' + (logsTruncated ? "true" : "false") + "}";
  };
})(globalThis);
