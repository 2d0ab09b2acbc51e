/**
 * A table as the metrics see it: a grid whose first row is the header, each cell with its text (trimmed,
 * lower-cased, as DePlot compares text) and its number as catbox reads numbers.
 */
import { parseNumberCell } from "../table/index.js";
import type { Table } from "../table/index.js";

/** One cell of {@link tableGrid}. */
export interface GridCell {
  /** Trimmed, lower-cased text as written; `""` for a missing cell (empty, `-`, `nan`, `n/a`, …). */
  text: string;
  /** The cell's number (`parseNumberCell` rules: `45%` → 45, `$1,204` → 1204), or null. */
  num: number | null;
}

/** Number of a raw cell, or null for text and missing cells. */
export function cellNumber(raw: string): number | null {
  const v = parseNumberCell(raw);
  return typeof v === "number" ? v : null;
}

/** A raw cell as a grid cell: missing markers all become the empty cell. */
function gridCell(raw: string, num: number | null): GridCell {
  if (num === null && parseNumberCell(raw) === null) return { text: "", num: null };
  return { text: raw.trim().toLowerCase(), num };
}

/**
 * The header row followed by the data rows, all `table.columns.length` wide. Number columns use their
 * typed values (so decimal-comma columns read right); other cells, and header cells, are read with
 * `parseNumberCell`, so a year in a label column or a year used as a column header is a number too.
 */
export function tableGrid(table: Table): GridCell[][] {
  const width = table.columns.length;
  const grid: GridCell[][] = [];
  const header: GridCell[] = [];
  for (let c = 0; c < width; c++) {
    const raw = table.rawHeader[c] ?? "";
    header.push(gridCell(raw, cellNumber(raw)));
  }
  grid.push(header);
  for (let r = 0; r < table.raw.length; r++) {
    const row: GridCell[] = [];
    for (let c = 0; c < width; c++) {
      const raw = table.raw[r][c] ?? "";
      let num: number | null;
      if (table.kinds[c] === "number") {
        const v = table.rows[r][table.columns[c]];
        num = typeof v === "number" ? v : null;
      } else {
        num = cellNumber(raw);
      }
      row.push(gridCell(raw, num));
    }
    grid.push(row);
  }
  return grid;
}

/** Transpose a grid; short rows are padded with empty cells (like Python's `zip_longest`). */
export function transposeGrid(grid: GridCell[][]): GridCell[][] {
  let width = 0;
  for (const row of grid) if (row.length > width) width = row.length;
  const out: GridCell[][] = [];
  for (let c = 0; c < width; c++) {
    const row: GridCell[] = [];
    for (let r = 0; r < grid.length; r++) row.push(grid[r][c] ?? { text: "", num: null });
    out.push(row);
  }
  return out;
}
