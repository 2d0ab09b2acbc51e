/** A cell after normalisation: numbers as printed on the chart, label text, or missing. */
export type Cell = number | string | null;

/** How a column was typed. `number`: every non-missing cell parsed as a number. */
export type ColumnKind = "number" | "label";

/** A non-fatal problem found while parsing a CSV (the table is still usable). */
export interface TableWarning {
  code:
    | "RAGGED_ROW"
    | "DUPLICATE_HEADER"
    | "EMPTY_HEADER"
    | "BLANK_ROWS_DROPPED"
    | "ENCODING_REPLACED"
    | "MIXED_COLUMN"
    | "DECIMAL_COMMA"
    | "NO_DATA_ROWS";
  message: string;
  /** 1-based data row (header is row 0) where relevant. */
  row?: number;
  column?: string;
}

/** A parsed, typed chart table. */
export interface Table {
  /** Unique header names as the snippet sees them (duplicates/empties renamed, see warnings). */
  columns: string[];
  /** Header cells exactly as written (trimmed of surrounding spaces only). */
  rawHeader: string[];
  /** Typed rows keyed by `columns`. */
  rows: Record<string, Cell>[];
  /** Raw cell strings, row-major, aligned with `columns` (missing cells are ""). */
  raw: string[][];
  /** Per-column typing decision, aligned with `columns`. */
  kinds: ColumnKind[];
  warnings: TableWarning[];
}
