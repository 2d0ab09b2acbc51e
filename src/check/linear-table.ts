/**
 * Linearised tables → CSV. Chart-to-table datasets ship tables as one string: ChartX (and ChartVLM's
 * predictions) separate cells with ` \t ` and rows with ` \n `, often as the two-character escapes
 * `\t` and `\n` rather than real tabs and newlines. {@link linearTableToCsv} turns such text into CSV that
 * `parseCsv` reads.
 */

/** Options of {@link linearTableToCsv}. */
export interface LinearTableOptions {
  /** Cell separator (default: a tab, or the two characters `\t`). */
  cell?: RegExp;
  /** Row separator (default: a newline, or the two characters `\n`). */
  row?: RegExp;
}

const DEFAULT_CELL = /\\t|\t/;
const DEFAULT_ROW = /\\n|\r?\n/;

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * Convert a linearised table to CSV: cells are trimmed, blank rows dropped, and the header is padded with
 * empty names when a data row is wider (so the extra cells are kept, under `EMPTY_HEADER` names, instead
 * of making `parseCsv` throw). Returns `""` for text without any cell.
 *
 * @example linearTableToCsv("Year \\t Sales \\n 2020 \\t 5 \\n ") // "Year,Sales\n2020,5\n"
 */
export function linearTableToCsv(text: string, options: LinearTableOptions = {}): string {
  const cellSep = options.cell ?? DEFAULT_CELL;
  const rowSep = options.row ?? DEFAULT_ROW;
  const rows = text
    .split(rowSep)
    .map((line) => line.split(cellSep).map((c) => c.trim()))
    .filter((cells) => cells.some((c) => c !== ""));
  if (rows.length === 0) return "";
  let width = 0;
  for (const r of rows) if (r.length > width) width = r.length;
  while (rows[0].length < width) rows[0].push("");
  return rows.map((r) => r.map(quote).join(",")).join("\n") + "\n";
}
