import type { Cell, Table } from "./types.js";

/** Characters that force a cell to be quoted (`;` and tab too, so the parser's delimiter guess holds). */
const NEEDS_QUOTES = /[",;\t\n\r]|^\s|\s$/;

/** One CSV cell: numbers in JavaScript's shortest round-trip form, `null` as an empty cell. */
function formatCell(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * Write a table back to CSV text (LF line endings, trailing newline): the header is `table.columns`
 * (the unique names) and the cells are the *typed* values the snippet sees — numbers as plain decimals
 * (`45%` is written `45`), missing cells empty, text quoted when needed.
 *
 * Round trip: for a table made by `parseCsv`, `parseCsv(tableToCsv(t))` has the same `columns`, `kinds`
 * and `rows`. (`raw`, `rawHeader` and `warnings` describe the original text and are not kept.)
 */
export function tableToCsv(table: Pick<Table, "columns" | "rows">): string {
  const lines = new Array<string>(table.rows.length + 1);
  lines[0] = table.columns.map(formatCell).join(",");
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i];
    let line = "";
    for (let c = 0; c < table.columns.length; c++) {
      if (c > 0) line += ",";
      line += formatCell(row[table.columns[c]]);
    }
    lines[i + 1] = line;
  }
  return lines.join("\n") + "\n";
}
