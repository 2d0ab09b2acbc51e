import Papa from "papaparse";
import { CsvError } from "../errors.js";
import { decodeCsvBytes } from "./decode-input.js";
import { parseNumberCell } from "./normalize-cell.js";
import { uniqueColumnNames } from "./header-names.js";
import { typeColumn } from "./type-columns.js";
import type { Cell, ColumnKind, Table } from "./types.js";
import { WarningSink } from "./warnings.js";

/** Size limits for {@link parseCsv}. Exceeding one throws a `CsvError` that names the option to raise. */
export interface ParseCsvOptions {
  /** Most data rows (header excluded, blank rows not counted). Default 200,000. */
  maxRows?: number;
  /** Most input bytes (UTF-8 length for strings). Default 16 MiB. */
  maxBytes?: number;
  /** Most columns (in the header or any row). Default 1,000. */
  maxColumns?: number;
}

/** The default limits of {@link parseCsv}. */
export const DEFAULT_CSV_LIMITS: Readonly<Required<ParseCsvOptions>> = Object.freeze({
  maxRows: 200_000,
  maxBytes: 16 * 1024 * 1024,
  maxColumns: 1_000,
});

/**
 * Parse CSV text (or bytes) into a typed {@link Table}.
 *
 * - Input: a string, or bytes decoded as UTF-8 (UTF-16 with a BOM; invalid UTF-8 falls back to
 *   windows-1252 with an `ENCODING_REPLACED` warning). A leading BOM is stripped; CRLF, LF and CR line
 *   endings (even mixed) are accepted. Input containing NUL bytes is refused as binary.
 * - Delimiter: `,`. Only when the header line has no comma outside quotes, a tab or `;` in it is used.
 * - Blank rows (empty, or only spaces and delimiters) and data rows whose every cell is missing
 *   (`nan,nan`, `-,-`) are dropped, with a `BLANK_ROWS_DROPPED` warning (trailing blank lines silently).
 *   A header with no data rows gives a table with no rows and a `NO_DATA_ROWS` warning.
 * - Header: the first non-blank row, see `uniqueColumnNames` (`EMPTY_HEADER`, `DUPLICATE_HEADER`).
 * - Ragged rows: short rows are padded with missing cells, and long rows whose extra cells are blank are
 *   cut (`RAGGED_ROW`). A row with extra *non-blank* cells throws: cutting it would lose data, and the
 *   usual cause is an unquoted comma (`1,204` must be written `"1,204"`).
 * - Typing: see `typeColumn` — a column is `number` when every non-missing cell is a number as printed
 *   (`parseNumberCell`), otherwise `label`.
 *
 * @throws CsvError for empty input, an unterminated or malformed quoted cell, a badly ragged row, binary
 *   input, or input over a limit (`options`, defaults {@link DEFAULT_CSV_LIMITS}).
 */
export function parseCsv(input: string | Uint8Array, options: ParseCsvOptions = {}): Table {
  const limits = resolveLimits(options);
  const warnings = new WarningSink();
  let text = toText(input, limits.maxBytes, warnings);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");

  const parsed = Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(text),
    newline: "\n",
    skipEmptyLines: false,
    header: false,
    dynamicTyping: false,
  });
  const quoteError = parsed.errors.find((e) => e.type === "Quotes");
  if (quoteError !== undefined) throw quoteCsvError(text, quoteError);

  const rows = dropBlankRows(parsed.data, warnings);
  if (rows.length === 0) {
    throw new CsvError("The CSV is empty: expected a header row and at least one data row.");
  }
  const header = rows[0];
  let width = 0;
  for (const r of rows) if (r.length > width) width = r.length;
  if (width > limits.maxColumns) {
    throw limitError("maxColumns", `${width} columns`, limits.maxColumns);
  }
  const dataRows = rows.length - 1;
  if (dataRows === 0) {
    warnings.add({
      code: "NO_DATA_ROWS",
      message: "The CSV has a header row but no data rows (or only rows whose every cell is missing).",
    });
  }
  if (dataRows > limits.maxRows) {
    throw limitError("maxRows", `${dataRows.toLocaleString("en-US")} data rows`, limits.maxRows);
  }

  const { rawHeader, columns } = uniqueColumnNames(header, warnings);
  const raw = squareRows(rows, columns.length, warnings);
  const kinds: ColumnKind[] = [];
  const typed: Cell[][] = [];
  for (let c = 0; c < columns.length; c++) {
    const col = typeColumn(raw, c, columns[c], warnings);
    kinds.push(col.kind);
    typed.push(col.values);
  }
  return { columns, rawHeader, rows: buildRows(columns, typed, raw.length), raw, kinds, warnings: warnings.finish() };
}

/** A clear error for papaparse's quote errors, with the 1-based line where the bad cell starts. */
function quoteCsvError(text: string, error: Papa.ParseError): CsvError {
  const index = Math.max(0, Math.min(text.length, error.index ?? 0));
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  const what =
    error.code === "MissingQuotes"
      ? `an unterminated quoted cell on line ${line}: a cell opened with " is never closed`
      : `a malformed quoted cell on line ${line}: text follows its closing quote (like "x"y)`;
  return new CsvError(
    `The CSV has ${what}. Quote whole cells only, and write a quote inside a quoted cell as "".`,
    { line, papaparse: error.code },
  );
}

function resolveLimits(options: ParseCsvOptions): Required<ParseCsvOptions> {
  const out = { ...DEFAULT_CSV_LIMITS };
  for (const key of ["maxRows", "maxBytes", "maxColumns"] as const) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
      throw new CsvError(`parseCsv option ${key} must be a positive number, got ${String(v)}.`, { option: key });
    }
    out[key] = v;
  }
  return out;
}

function limitError(option: keyof ParseCsvOptions, found: string, max: number): CsvError {
  return new CsvError(
    `The CSV has ${found}, more than the limit of ${max.toLocaleString("en-US")} (${option}); ` +
      `raise it with the ${option} option of parseCsv if the input is expected.`,
    { limit: option, max },
  );
}

/** Decode bytes / check size; refuses input over `maxBytes` before any parsing. */
function toText(input: string | Uint8Array, maxBytes: number, warnings: WarningSink): string {
  let text: string;
  if (typeof input === "string") {
    // UTF-8 length ≥ UTF-16 length, so only strings near the limit need an exact count.
    if (input.length > maxBytes || (input.length * 3 > maxBytes && Buffer.byteLength(input, "utf8") > maxBytes)) {
      throw limitError("maxBytes", `${Buffer.byteLength(input, "utf8").toLocaleString("en-US")} bytes`, maxBytes);
    }
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.length > maxBytes) {
      throw limitError("maxBytes", `${input.length.toLocaleString("en-US")} bytes`, maxBytes);
    }
    const decoded = decodeCsvBytes(input);
    if (decoded.replaced) {
      warnings.add({
        code: "ENCODING_REPLACED",
        message: `The input is not valid UTF-8; it was decoded as ${decoded.encoding}. Check accented characters.`,
      });
    }
    text = decoded.text;
  } else {
    throw new CsvError(`parseCsv expects a string or a Uint8Array, got ${input === null ? "null" : typeof input}.`);
  }
  if (text.includes("\u0000")) {
    throw new CsvError("The input contains NUL bytes: it looks like a binary file, not CSV text.");
  }
  return text;
}

/** `,` unless the first line has no comma outside quotes and has a tab or `;`. */
function detectDelimiter(text: string): string {
  let inQuotes = false;
  let tab = false;
  let semicolon = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === ",") return ",";
    else if (ch === "\n") {
      if (tab || semicolon || text.slice(0, i).trim() !== "") break;
    } else if (ch === "\t") tab = true;
    else if (ch === ";") semicolon = true;
  }
  return tab ? "\t" : semicolon ? ";" : ",";
}

function isBlank(row: readonly string[]): boolean {
  for (const cell of row) if (cell.trim() !== "") return false;
  return true;
}

/** Every cell empty or a missing marker (`nan`, `-`, …): the row carries no value at all. */
function isEmptyRecord(row: readonly string[]): boolean {
  for (const cell of row) if (parseNumberCell(cell) !== null) return false;
  return true;
}

/**
 * Keep the header (first non-blank row) and the data rows that carry a value. Dropped: blank rows, and
 * data rows whose every cell is missing (`nan,nan`). Warns (`BLANK_ROWS_DROPPED`) unless the only rows
 * dropped were trailing blank lines.
 */
function dropBlankRows(data: string[][], warnings: WarningSink): string[][] {
  let last = data.length - 1;
  while (last >= 0 && isBlank(data[last])) last--;
  let first = 0;
  while (first <= last && isBlank(data[first])) first++;
  if (first > last) return [];
  const out: string[][] = [data[first]];
  let dropped = first;
  for (let i = first + 1; i <= last; i++) {
    if (isEmptyRecord(data[i])) dropped++;
    else out.push(data[i]);
  }
  if (dropped > 0) {
    warnings.add({
      code: "BLANK_ROWS_DROPPED",
      message:
        `${dropped} row${dropped === 1 ? " was" : "s were"} dropped: blank, or every cell missing ` +
        `(empty, -, nan, …).`,
    });
  }
  return out;
}

/** Data rows padded/cut to the header width (`RAGGED_ROW`); extra non-blank cells throw. */
function squareRows(rows: string[][], width: number, warnings: WarningSink): string[][] {
  const out = new Array<string[]>(rows.length - 1);
  for (let i = 1; i < rows.length; i++) {
    let row = rows[i];
    if (row.length < width) {
      warnings.add({
        code: "RAGGED_ROW",
        message: `Row ${i} has ${row.length} of ${width} cells; the missing cells are empty (null).`,
        row: i,
      });
      row = row.concat(new Array<string>(width - row.length).fill(""));
    } else if (row.length > width) {
      const extra = row.slice(width);
      if (!isBlank(extra)) {
        throw new CsvError(
          `Row ${i} has ${row.length} cells but the header has ${width} (extra: ` +
            `${extra.slice(0, 3).map((c) => JSON.stringify(c)).join(", ")}). Quote cells that contain a comma ` +
            `(write "1,204" not 1,204), or add the missing header cells.`,
          { row: i, cells: row.length, columns: width },
        );
      }
      warnings.add({
        code: "RAGGED_ROW",
        message: `Row ${i} has ${row.length - width} extra empty cell(s) beyond the header; they were dropped.`,
        row: i,
      });
      row = row.slice(0, width);
    }
    out[i - 1] = row;
  }
  return out;
}

/** Row objects keyed by column name (own data properties, even for a column named `__proto__`). */
function buildRows(columns: readonly string[], typed: readonly Cell[][], n: number): Record<string, Cell>[] {
  const rows = new Array<Record<string, Cell>>(n);
  const safe = !columns.includes("__proto__");
  for (let i = 0; i < n; i++) {
    const row: Record<string, Cell> = {};
    for (let c = 0; c < columns.length; c++) {
      const value = typed[c][i];
      if (safe) row[columns[c]] = value;
      else Object.defineProperty(row, columns[c], { value, enumerable: true, writable: true, configurable: true });
    }
    rows[i] = row;
  }
  return rows;
}
