/**
 * CSV → typed table. `parseCsv` turns a model's CSV into a {@link Table} whose rows the snippet sees as
 * `table`; `tableToCsv` writes a table back (traces, `--table` replays); `parseNumberCell` is the cell
 * normalisation both rely on.
 */
export { parseCsv, DEFAULT_CSV_LIMITS, type ParseCsvOptions } from "./parse-csv.js";
export { tableToCsv } from "./table-to-csv.js";
export { parseNumberCell, type ParseNumberOptions } from "./normalize-cell.js";
export type { Cell, ColumnKind, Table, TableWarning } from "./types.js";
