/**
 * The follow-up user message of a repair round: what went wrong with the previous response
 * (the error, and the offending line of code or CSV quoted with a caret), what usually fixes
 * that kind of error, and a request for a complete corrected response in the same format.
 */

/** The error to report: a run's `error` (`RunError`) or any `{ code, message, line?, column? }`. */
export interface RepairError {
  code: string;
  message: string;
  /** 1-based line in the code (or, for `CSV_ERROR`, the CSV), when known. */
  line?: number;
  /** 1-based column on that line, when known. */
  column?: number;
}

/** What the model sent last time (empty strings when a block was missing). */
export interface PreviousAttempt {
  csv: string;
  code: string;
}

const MAX_MESSAGE = 2000;
const MAX_SHOWN_LINE = 160;
const MAX_HEADER = 300;

const HINTS: Record<string, string> = {
  UNKNOWN_COLUMN:
    "Use the column names exactly as written in your CSV header (same spelling, case, spaces and punctuation), e.g. `row[\"Price index\"]`.",
  SYNTAX_ERROR:
    "Fix the syntax. The snippet is the body of a function: statements that end with a `return`, with no imports or exports.",
  SNIPPET_ERROR:
    "The code threw while it ran. Check for cells that are `null` or text where you expected numbers, and for lookups such as `find` that found no row.",
  INVALID_ANSWER:
    "Return a number, a string, a boolean, or a flat array of those — not an object, a nested array, `NaN` or `Infinity`. Did the code forget to `return`?",
  ANSWER_TOO_LARGE: "Return only the answer, not the table or a long list.",
  TIMEOUT: "The code ran too long. A simple pass over `table` is enough; avoid long or endless loops.",
  WALL_TIMEOUT: "The code ran too long. A simple pass over `table` is enough; avoid long or endless loops.",
  MEMORY_LIMIT: "The code used too much memory. Do not build large arrays or strings.",
  SANDBOX_CRASH: "The sandbox stopped while running the code. Write a simpler snippet.",
  CSV_ERROR:
    "The CSV is wrong: fix it. One header line, then one row per line with the same number of cells; quote any cell that contains a comma (`\"1,204\"`).",
  PARSE_ERROR:
    "The response did not have the required shape. Use the tags exactly as shown, in order, with nothing before the first tag or after `</answer>`, and no Markdown fences.",
};

const GENERIC_HINT = "Fix the problem the error describes.";

/**
 * The user message asking the model to repair its previous response after `error`. It
 * quotes the error, the line it points at (from `error.line`/`column`, or a `line N:C` in
 * the message) with a caret under the column, and asks for a corrected response in the
 * same format, keeping the CSV unless the error shows the CSV is wrong.
 */
export function buildRepairPrompt(error: RepairError, previous: PreviousAttempt): string {
  const parts: string[] = [];
  const message = error.message.length > MAX_MESSAGE ? error.message.slice(0, MAX_MESSAGE) + "…" : error.message;
  parts.push(`Your previous response did not produce an answer. catbox reported this error:\n\n${error.code}: ${message}`);

  const csvError = error.code === "CSV_ERROR";
  const source = error.code === "PARSE_ERROR" ? "" : csvError ? previous.csv : previous.code;
  const where = locate(error);
  if (where !== null && source !== "") {
    const quoted = quoteLine(source, where.line, where.column);
    if (quoted !== null) {
      const col = where.column !== undefined ? `, column ${where.column}` : "";
      parts.push(`At line ${where.line}${col} of your ${csvError ? "CSV" : "code"}:\n\n${quoted}`);
    }
  }

  parts.push(HINTS[error.code] ?? GENERIC_HINT);
  if (error.code === "UNKNOWN_COLUMN") {
    const header = firstLine(previous.csv);
    if (header !== "") parts.push(`Your CSV header is:\n\n    ${header}`);
  }

  if (previous.csv.trim() === "" && previous.code.trim() === "") {
    // Nothing usable came back (often a parse error): the path is the model's to choose again.
    parts.push("Reply with a complete response in the format described at the start, with nothing before the first tag or after `</answer>`.");
  } else {
    const keep = csvError || error.code === "PARSE_ERROR"
      ? "Write the CSV again, corrected."
      : "Keep the CSV as it was unless the error shows that the CSV itself is wrong; change the code.";
    parts.push(
      "Reply with a complete corrected response in the same format: " +
        "`<programability>yes</programability>`, then `<csv>…</csv>`, `<code>…</code>` and `<answer>…</answer>`, " +
        `with nothing before the first tag or after the last. ${keep}`,
    );
  }
  return parts.join("\n\n");
}

/** The line and column the error points at: its fields, else a `line N[:C]` in its message. */
function locate(error: RepairError): { line: number; column?: number } | null {
  if (error.line !== undefined && Number.isInteger(error.line) && error.line > 0) {
    const column = error.column !== undefined && Number.isInteger(error.column) && error.column > 0 ? error.column : undefined;
    return column !== undefined ? { line: error.line, column } : { line: error.line };
  }
  const m = /\bline (\d{1,7})(?::(\d{1,7}))?/.exec(error.message);
  if (m === null) return null;
  return m[2] !== undefined ? { line: Number(m[1]), column: Number(m[2]) } : { line: Number(m[1]) };
}

/**
 * `source`'s line `line` as `  N | text`, with a caret line under `column` when given.
 * Long lines are cut to a window around the column. Null when the line does not exist.
 */
function quoteLine(source: string, line: number, column?: number): string | null {
  const lines = source.split(/\r?\n/);
  if (line > lines.length) return null;
  let text = lines[line - 1];
  let col = column;
  if (text.length > MAX_SHOWN_LINE) {
    const start = col !== undefined ? Math.max(0, Math.min(col - 1 - MAX_SHOWN_LINE / 2, text.length - MAX_SHOWN_LINE)) : 0;
    const head = start > 0 ? "…" : "";
    const tail = start + MAX_SHOWN_LINE < text.length ? "…" : "";
    if (col !== undefined) col = col - start + head.length;
    text = head + text.slice(start, start + MAX_SHOWN_LINE) + tail;
  }
  const gutter = `    ${line} | `;
  const out = gutter + text;
  if (col === undefined || col > text.length + 1) return out;
  // Keep tabs in the padding so the caret lines up under tabbed code.
  const pad = text.slice(0, col - 1).replace(/[^\t]/g, " ");
  return `${out}\n${" ".repeat(gutter.length - 2)}| ${pad}^`;
}

function firstLine(csv: string): string {
  const line = csv.replace(/^\s*\n/, "").split(/\r?\n/, 1)[0]?.trim() ?? "";
  return line.length > MAX_HEADER ? line.slice(0, MAX_HEADER) + "…" : line;
}
