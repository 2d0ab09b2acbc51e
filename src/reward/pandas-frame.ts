/**
 * The table inside a Code-as-Thought paper response: the `pd.DataFrame(...)` the model's Python
 * builds, read as a literal (never executed) and turned into a catbox {@link Table}.
 *
 * Forms read: `pd.DataFrame({"col": [...], ...})` (optionally `index=[...]`),
 * `pd.DataFrame(data)` where `data = {...}` is assigned earlier, and
 * `pd.DataFrame([[...], ...], columns=[...])` or a list of record dicts.
 */
import { CatboxError } from "../errors.js";
import { findFences } from "../response/fences.js";
import { parseCsv } from "../table/index.js";
import type { Table } from "../table/types.js";
import { isPyDict, parseCallArguments, parsePythonLiteral, PyLiteralError, type PyArg, type PyValue } from "./python-literal.js";

/** A table read from a DataFrame literal, or why none could be read. */
export type FrameExtraction = { ok: true; table: Table; csv: string } | { ok: false; reason: string };

const CALL = /\b(?:(?:pd|pandas)\s*\.\s*)?DataFrame\s*\(/g;
const PREFERRED_TARGET = /\bchart_data\s*=\s*$/;
const MAX_CANDIDATES = 16;

/** The Python a response holds: its ```python / ```py / bare fences joined, or the whole text. */
export function pythonSource(text: string): string {
  const fences = findFences(text, 0, text.length).filter((f) => f.info === "" || f.info === "python" || f.info === "py" || f.info === "python3");
  return fences.length > 0 ? fences.map((f) => f.content).join("\n") : text;
}

function lineStart(src: string, pos: number): number {
  const nl = src.lastIndexOf("\n", pos - 1);
  return nl + 1;
}

/** Is `pos` on a line that is a comment (`# …`) or inside a string on that line? Cheap, line-local check. */
function commentedOut(src: string, pos: number): boolean {
  const before = src.slice(lineStart(src, pos), pos);
  const hash = before.indexOf("#");
  if (hash < 0) return false;
  const quotes = (before.slice(0, hash).match(/["']/g) ?? []).length;
  return quotes % 2 === 0;
}

/** Resolve a bare name argument: the last `name = <literal>` before `before`. */
function resolveName(src: string, arg: PyArg, before: number): PyValue {
  if (arg.kind === "literal") return arg.value;
  const escaped = arg.name.replace(/\./g, "\\.");
  const assign = new RegExp(`(?<![\\w.])${escaped}\\s*=(?!=)`, "g");
  let last = -1;
  for (let m = assign.exec(src); m !== null && m.index < before; m = assign.exec(src)) last = m.index + m[0].length;
  if (last < 0) throw new PyLiteralError(`${arg.name} is not assigned a literal before the DataFrame`, arg.pos);
  return parsePythonLiteral(src, last).value;
}

function cellText(v: PyValue, where: string): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Object.is(v, -0) ? "0" : String(v);
  if (typeof v === "string") return v;
  throw new PyLiteralError(`${where} holds a nested ${Array.isArray(v) ? "list" : "dict"}, not a cell value`, 0);
}

function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function keyText(k: PyValue): string {
  return typeof k === "string" ? k : cellText(k, "a column name");
}

/** Columns and rows from the DataFrame's data and keyword arguments (pandas' rules, simplified). */
function frameOf(data: PyValue, columnsArg: PyValue | undefined, indexArg: PyValue | undefined): { columns: string[]; rows: PyValue[][] } {
  let columns: string[];
  let rows: PyValue[][];
  if (isPyDict(data)) {
    columns = data.entries.map(([k]) => keyText(k));
    const lists = data.entries.map(([k, v]) => {
      if (!Array.isArray(v)) throw new PyLiteralError(`column ${JSON.stringify(keyText(k))} is not a list`, 0);
      return v;
    });
    const n = lists[0]?.length ?? 0;
    const bad = lists.findIndex((l) => l.length !== n);
    if (bad >= 0) throw new PyLiteralError(`columns have different lengths (${columns[0]}: ${n}, ${columns[bad]}: ${lists[bad]!.length}); pandas would raise`, 0);
    rows = Array.from({ length: n }, (_, i) => lists.map((l) => l[i]!));
  } else if (Array.isArray(data)) {
    if (data.length > 0 && data.every(isPyDict)) {
      const names: string[] = [];
      const seen = new Set<string>();
      for (const rec of data) for (const [k] of rec.entries) if (!seen.has(keyText(k))) seen.add(keyText(k)), names.push(keyText(k));
      columns = names;
      rows = data.map((rec) => {
        const m = new Map(rec.entries.map(([k, v]) => [keyText(k), v] as const));
        return names.map((c) => m.get(c) ?? null);
      });
    } else {
      if (!Array.isArray(columnsArg)) throw new PyLiteralError("a list of rows needs columns=[...]", 0);
      columns = columnsArg.map(keyText);
      rows = data.map((r, i) => {
        if (!Array.isArray(r) || r.length !== columns.length) throw new PyLiteralError(`row ${i + 1} does not have ${columns.length} values`, 0);
        return r;
      });
    }
  } else {
    throw new PyLiteralError("the DataFrame's data is neither a dict nor a list", 0);
  }
  if (Array.isArray(indexArg)) {
    if (indexArg.length !== rows.length) throw new PyLiteralError(`index has ${indexArg.length} labels for ${rows.length} rows`, 0);
    columns = ["index", ...columns];
    rows = rows.map((r, i) => [indexArg[i]!, ...r]);
  }
  if (columns.length === 0) throw new PyLiteralError("the DataFrame has no columns", 0);
  return { columns, rows };
}

/** CSV text for a frame (quoted where needed), which catbox's CSV reader then types like any model CSV. */
function frameCsv(columns: string[], rows: PyValue[][]): string {
  const lines = [columns.map(csvField).join(",")];
  for (const r of rows) lines.push(r.map((v, j) => csvField(cellText(v, `column ${JSON.stringify(columns[j])}`))).join(","));
  return lines.join("\n");
}

/**
 * Read the DataFrame a response's Python builds. Prefers `chart_data = pd.DataFrame(...)`, else
 * the first `DataFrame(...)` call that reads. Never runs code; never throws.
 */
export function extractDataFrame(text: string): FrameExtraction {
  const src = pythonSource(text);
  const calls: { at: number; open: number; preferred: boolean }[] = [];
  CALL.lastIndex = 0;
  for (let m = CALL.exec(src); m !== null && calls.length < MAX_CANDIDATES; m = CALL.exec(src)) {
    if (commentedOut(src, m.index)) continue;
    const head = src.slice(Math.max(0, m.index - 64), m.index);
    calls.push({ at: m.index, open: m.index + m[0].length, preferred: PREFERRED_TARGET.test(head) });
  }
  if (calls.length === 0) return { ok: false, reason: "no pd.DataFrame(...) call in the response" };
  calls.sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.at - b.at);
  let reason = "";
  for (const call of calls) {
    try {
      const args = parseCallArguments(src, call.open);
      const dataArg = args.positional[0] ?? args.keywords.get("data");
      if (!dataArg) throw new PyLiteralError("DataFrame() has no data argument", call.open);
      const data = resolveName(src, dataArg, call.at);
      const columnsArg = args.keywords.get("columns");
      const indexArg = args.keywords.get("index");
      const frame = frameOf(
        data,
        columnsArg ? resolveName(src, columnsArg, call.at) : undefined,
        indexArg ? resolveName(src, indexArg, call.at) : undefined,
      );
      const csv = frameCsv(frame.columns, frame.rows);
      return { ok: true, table: parseCsv(csv), csv };
    } catch (e) {
      if (!(e instanceof PyLiteralError) && !(e instanceof CatboxError)) throw e;
      reason ||= e instanceof PyLiteralError && e.pos > 0 ? `${e.message} (at line ${src.slice(0, e.pos).split("\n").length} of the code)` : e.message;
    }
  }
  return { ok: false, reason };
}
