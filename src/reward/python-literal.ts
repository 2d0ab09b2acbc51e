/**
 * A small parser for Python literals — the dict-of-lists a model writes inside
 * `pd.DataFrame({...})`. It reads literals; it never evaluates Python.
 *
 * Accepted: strings (single, double and triple quotes; r/b/u/f prefixes; escapes; implicit
 * concatenation), numbers (ints, floats, exponents, underscores, hex/octal/binary), `None`,
 * `True`, `False`, missing-value spellings (`np.nan`, `float("nan")`, `pd.NA`, …), lists, tuples,
 * dicts (and `dict(a=[...])`), unary signs, `#` comments, line continuations and trailing commas.
 * Linear time, bounded depth and item count: hostile input fails fast with {@link PyLiteralError}.
 */

/** A parsed literal. Tuples become arrays; dicts keep their entries in order. NaN-like values are `null`. */
export type PyValue = null | boolean | number | string | PyValue[] | PyDict;

/** A dict literal: its `key: value` entries in source order. */
export interface PyDict {
  kind: "dict";
  entries: Array<[PyValue, PyValue]>;
}

/** Limits that keep a hostile literal cheap. */
export interface PyLiteralLimits {
  /** Deepest bracket nesting (default 32). */
  maxDepth: number;
  /** Most values in one literal, counting nested ones (default 1,000,000). */
  maxItems: number;
}

export const DEFAULT_PY_LITERAL_LIMITS: Readonly<PyLiteralLimits> = Object.freeze({ maxDepth: 32, maxItems: 1_000_000 });

/** The literal could not be read; `pos` is the offset in the source where reading stopped. */
export class PyLiteralError extends Error {
  readonly pos: number;
  constructor(message: string, pos: number) {
    super(message);
    this.name = "PyLiteralError";
    this.pos = pos;
  }
}

/** Is `v` a dict literal? */
export function isPyDict(v: PyValue): v is PyDict {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const NUMBER = /(?:0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[oO][0-7](?:_?[0-7])*|0[bB][01](?:_?[01])*|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*/y;
const STRING_PREFIX = /(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?=['"])/y;
/** Dotted names that mean "missing" (pandas reads all of them as NaN/NA). */
const MISSING_NAMES = new Set(["np.nan", "numpy.nan", "np.NaN", "np.NAN", "math.nan", "pd.NA", "pandas.NA", "pd.NaT", "nan", "NaN", "NA"]);
const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v" };

class Reader {
  pos: number;
  items = 0;
  constructor(
    readonly src: string,
    start: number,
    readonly limits: PyLiteralLimits,
  ) {
    this.pos = start;
  }

  fail(message: string, at = this.pos): never {
    throw new PyLiteralError(message, at);
  }

  /** Skip whitespace, newlines, `#` comments and backslash line continuations. */
  skip(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) this.pos++;
      else if (c === 35 /* # */) {
        while (this.pos < s.length && s.charCodeAt(this.pos) !== 10) this.pos++;
      } else if (c === 92 /* \ */ && (s[this.pos + 1] === "\n" || (s[this.pos + 1] === "\r" && s[this.pos + 2] === "\n"))) {
        this.pos += s[this.pos + 1] === "\n" ? 2 : 3;
      } else break;
    }
  }

  value(depth: number): PyValue {
    if (++this.items > this.limits.maxItems) this.fail(`the literal has more than ${this.limits.maxItems} values`);
    this.skip();
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) this.fail("the literal ends early");
    if (c === "[" || c === "(" || c === "{") {
      if (depth >= this.limits.maxDepth) this.fail(`brackets nest deeper than ${this.limits.maxDepth} levels`);
      return c === "{" ? this.dict(depth + 1) : this.sequence(c === "[" ? "]" : ")", depth + 1);
    }
    if (c === "-" || c === "+") {
      // Signs are read in a loop (not recursively), so "------…1" cannot exhaust the stack.
      let sign = 1;
      while (this.src[this.pos] === "-" || this.src[this.pos] === "+") {
        if (this.src[this.pos] === "-") sign = -sign;
        this.pos++;
        this.skip();
      }
      const at = this.pos;
      const v = this.value(depth);
      if (v === null) return null; // -np.nan
      if (typeof v !== "number") this.fail(`"${c}" must be followed by a number`, at);
      return sign * v;
    }
    STRING_PREFIX.lastIndex = this.pos;
    if (STRING_PREFIX.test(s)) return this.strings();
    NUMBER.lastIndex = this.pos;
    const num = NUMBER.exec(s);
    if (num && num[0].length > 0) {
      this.pos += num[0].length;
      if (/[jJ]/.test(s[this.pos] ?? "")) this.fail("complex numbers are not supported");
      const n = Number(num[0].replace(/_/g, ""));
      if (!Number.isFinite(n)) this.fail(`the number ${num[0].slice(0, 40)} is out of range`);
      return n;
    }
    NAME.lastIndex = this.pos;
    const name = NAME.exec(s);
    if (name) return this.named(name[0].replace(/\s+/g, ""), name[0].length, depth);
    return this.fail(`unexpected ${JSON.stringify(c)} where a value was expected`);
  }

  named(name: string, length: number, depth: number): PyValue {
    const at = this.pos;
    this.pos += length;
    if (name === "None") return null;
    if (name === "True") return true;
    if (name === "False") return false;
    if (MISSING_NAMES.has(name)) return null;
    if (name === "dict") {
      this.skip();
      if (this.src[this.pos] === "(") {
        if (depth >= this.limits.maxDepth) this.fail(`brackets nest deeper than ${this.limits.maxDepth} levels`);
        return this.dictCall(depth + 1);
      }
    }
    if (name === "float") {
      // float("nan") / float('NaN'): missing
      this.skip();
      if (this.src[this.pos] === "(") {
        if (depth >= this.limits.maxDepth) this.fail(`brackets nest deeper than ${this.limits.maxDepth} levels`);
        this.pos++;
        const arg = this.value(depth + 1);
        this.skip();
        if (this.src[this.pos] === ")" && typeof arg === "string" && arg.trim().toLowerCase() === "nan") {
          this.pos++;
          return null;
        }
      }
    }
    return this.fail(`${name.slice(0, 40)} is not a literal (catbox reads literals; it does not run Python)`, at);
  }

  /** `dict(a=[...], b=[...])`: keyword arguments as a dict literal. */
  dictCall(depth: number): PyDict {
    const open = this.pos++;
    const entries: Array<[PyValue, PyValue]> = [];
    const key = /([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/y;
    for (;;) {
      this.skip();
      if (this.src[this.pos] === ")") {
        this.pos++;
        return { kind: "dict", entries };
      }
      if (this.pos >= this.src.length) this.fail('unclosed "(" of dict(...)', open);
      key.lastIndex = this.pos;
      const m = key.exec(this.src);
      if (!m) this.fail("dict(...) takes keyword arguments only (name=value)");
      this.pos += m[0].length;
      entries.push([m[1]!, this.value(depth)]);
      this.skip();
      const c = this.src[this.pos];
      if (c === ",") this.pos++;
      else if (c !== ")") this.fail(c === undefined ? 'unclosed "(" of dict(...)' : `expected "," or ")", found ${JSON.stringify(c)}`);
    }
  }

  sequence(close: "]" | ")", depth: number): PyValue[] {
    const open = this.pos++;
    const out: PyValue[] = [];
    for (;;) {
      this.skip();
      if (this.src[this.pos] === close) {
        this.pos++;
        return out;
      }
      if (this.pos >= this.src.length) this.fail(`unclosed "${close === "]" ? "[" : "("}"`, open);
      out.push(this.value(depth));
      this.skip();
      const c = this.src[this.pos];
      if (c === ",") this.pos++;
      else if (c !== close) this.fail(c === undefined ? `unclosed "${close === "]" ? "[" : "("}"` : `expected "," or "${close}", found ${JSON.stringify(c)}`, c === undefined ? open : this.pos);
    }
  }

  dict(depth: number): PyDict {
    const open = this.pos++;
    const entries: Array<[PyValue, PyValue]> = [];
    for (;;) {
      this.skip();
      if (this.src[this.pos] === "}") {
        this.pos++;
        return { kind: "dict", entries };
      }
      if (this.pos >= this.src.length) this.fail('unclosed "{"', open);
      const key = this.value(depth);
      this.skip();
      if (this.src[this.pos] !== ":") this.fail(this.pos >= this.src.length ? 'unclosed "{"' : `expected ":" after a dict key, found ${JSON.stringify(this.src[this.pos])}`, this.pos >= this.src.length ? open : this.pos);
      this.pos++;
      entries.push([key, this.value(depth)]);
      this.skip();
      const c = this.src[this.pos];
      if (c === ",") this.pos++;
      else if (c !== "}") this.fail(c === undefined ? 'unclosed "{"' : `expected "," or "}", found ${JSON.stringify(c)}`, c === undefined ? open : this.pos);
    }
  }

  /** One or more adjacent string literals, concatenated. */
  strings(): string {
    let out = this.string();
    for (;;) {
      const save = this.pos;
      this.skip();
      STRING_PREFIX.lastIndex = this.pos;
      if (!STRING_PREFIX.test(this.src)) {
        this.pos = save;
        return out;
      }
      out += this.string();
    }
  }

  string(): string {
    const s = this.src;
    let raw = false;
    while (s[this.pos] !== "'" && s[this.pos] !== '"') {
      if (s[this.pos] === "r" || s[this.pos] === "R") raw = true;
      this.pos++;
    }
    const start = this.pos;
    const q = s[this.pos]!;
    const triple = s[this.pos + 1] === q && s[this.pos + 2] === q;
    this.pos += triple ? 3 : 1;
    let out = "";
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.fail("unterminated string", start);
      const c = s[this.pos]!;
      if (c === q && (!triple || (s[this.pos + 1] === q && s[this.pos + 2] === q))) {
        out += s.slice(chunk, this.pos);
        this.pos += triple ? 3 : 1;
        return out;
      }
      if (c === "\n" && !triple) this.fail("unterminated string (a line break inside quotes)", start);
      if (c === "\\") {
        if (raw) {
          this.pos += 2; // a raw string keeps the backslash, but \' still does not end it
          continue;
        }
        out += s.slice(chunk, this.pos);
        out += this.escape();
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  /** Decode the escape at `pos` (a backslash) and move past it. */
  escape(): string {
    const s = this.src;
    const e = s[this.pos + 1];
    if (e === undefined) this.fail("unterminated string");
    this.pos += 2;
    if (e === "\n") return "";
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e]!;
    const hex = (len: number): string => {
      const digits = s.slice(this.pos, this.pos + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits)) this.fail(`bad \\${e} escape`, this.pos - 2);
      this.pos += len;
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) this.fail(`bad \\${e} escape`, this.pos - len - 2);
      return String.fromCodePoint(cp);
    };
    if (e === "x") return hex(2);
    if (e === "u") return hex(4);
    if (e === "U") return hex(8);
    if (e >= "0" && e <= "7") {
      let digits = e;
      while (digits.length < 3 && s[this.pos]! >= "0" && s[this.pos]! <= "7") digits += s[this.pos++];
      return String.fromCodePoint(parseInt(digits, 8));
    }
    // Unknown escapes (and \N{...}) keep their backslash, as Python does for unknown ones.
    return "\\" + e;
  }
}

/**
 * Parse one Python literal starting at `start` (leading whitespace and comments are skipped).
 * Returns the value and the offset just after it. Throws {@link PyLiteralError}.
 */
export function parsePythonLiteral(src: string, start = 0, limits: Partial<PyLiteralLimits> = {}): { value: PyValue; end: number } {
  const reader = new Reader(src, start, { ...DEFAULT_PY_LITERAL_LIMITS, ...limits });
  const value = reader.value(0);
  return { value, end: reader.pos };
}

/** An argument of a call: a literal, or a bare (possibly dotted) name to resolve elsewhere. */
export type PyArg = { kind: "literal"; value: PyValue } | { kind: "name"; name: string; pos: number };

/**
 * Parse call arguments from just after the opening `(` up to the matching `)`:
 * positional and `keyword=` arguments whose values are literals or bare names.
 * Throws {@link PyLiteralError} for anything else (function calls, expressions).
 */
export function parseCallArguments(src: string, start: number, limits: Partial<PyLiteralLimits> = {}): { positional: PyArg[]; keywords: Map<string, PyArg>; end: number } {
  const reader = new Reader(src, start, { ...DEFAULT_PY_LITERAL_LIMITS, ...limits });
  const positional: PyArg[] = [];
  const keywords = new Map<string, PyArg>();
  const ident = /([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/y;
  const name = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
  const after = /\s*[,)]/y;
  for (;;) {
    reader.skip();
    if (src[reader.pos] === ")") return { positional, keywords, end: reader.pos + 1 };
    if (reader.pos >= src.length) reader.fail('unclosed "(" of the call', start - 1);
    ident.lastIndex = reader.pos;
    const kw = ident.exec(src);
    if (kw) reader.pos += kw[0].length;
    reader.skip();
    let arg: PyArg;
    name.lastIndex = reader.pos;
    const bare = name.exec(src);
    if (bare) after.lastIndex = reader.pos + bare[0].length;
    if (bare && after.test(src) && !["None", "True", "False"].includes(bare[0]) && !MISSING_NAMES.has(bare[0])) {
      arg = { kind: "name", name: bare[0], pos: reader.pos };
      reader.pos += bare[0].length;
    } else {
      arg = { kind: "literal", value: reader.value(0) };
    }
    if (kw) keywords.set(kw[1]!, arg);
    else positional.push(arg);
    reader.skip();
    const c = src[reader.pos];
    if (c === ",") reader.pos++;
    else if (c !== ")") reader.fail(c === undefined ? 'unclosed "(" of the call' : `expected "," or ")" in the call, found ${JSON.stringify(c)}`);
  }
}
