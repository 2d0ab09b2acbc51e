/**
 * Grounding: check a table against the text printed on its chart. `groundTable` reports which of
 * the table's labels and numbers the chart's OCR text contains; a table whose labels are not on the
 * chart was probably not read from it.
 */
export { groundCsv, groundTable, groundTableOnImage, tableTerms, LABEL_WEIGHT, type TableGrounding } from "./ground-table.js";
export { chartText, numbersIn, type ChartText, type PrintedNumber } from "./chart-text.js";
export { allowedEdits, approximateFind, compactSkeleton, skeleton, BREAK } from "./fuzzy-text.js";
