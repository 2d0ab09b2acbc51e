import type { OcrEngine, OcrResult } from "../ocr/types.js";
import { parseNumberCell } from "../table/normalize-cell.js";
import { parseCsv } from "../table/parse-csv.js";
import type { Table } from "../table/types.js";
import { chartText, type ChartText, type PrintedNumber } from "./chart-text.js";
import { allowedEdits, approximateFind, compactSkeleton } from "./fuzzy-text.js";

/** How much of a table can be found in a chart's text. */
export interface TableGrounding {
  /**
   * Header names (but the first column's) and label cells: distinct, ignoring case and spacing;
   * `missing` as written in the table.
   */
  labels: { found: number; total: number; missing: string[] };
  /**
   * Distinct numbers of the table's number columns. Numbers a chart does not print (bars read
   * off an axis, lines without value labels) are expected to be missing.
   */
  numbers: { found: number; total: number; missing: number[] };
  /**
   * 0–1: label recall weighted 3 to 1 against number recall (label recall alone when the table has
   * no numbers; number recall alone when it has no labels; 0 for an empty table). Labels weigh
   * more because charts print their categories, series and titles nearly always, and their
   * values only sometimes.
   */
  score: number;
}

/** Weight of label recall in {@link TableGrounding.score}. */
export const LABEL_WEIGHT = 0.75;
/** A printed number may stand for a table number it rounds, if the rounding is within 1% of the value. */
const ROUNDING_RELATIVE = 0.01;

/**
 * Which of a table's labels and numbers appear in a chart's text (from {@link OcrEngine.recognize}).
 *
 * - Labels are the header names and the cells of label columns, plus the first column's cells
 *   whatever their type (its years or numeric categories are axis labels, not values). The first
 *   column's header is left out: it names the category axis, which charts rarely print. Labels match
 *   fuzzily: case, accents, spacing and punctuation are ignored, `O`/`0` and `l`/`I`/`1` are the same,
 *   and a few edits are tolerated (none for labels of up to 4 letters or digits, which must match
 *   whole words; then 1 up to 7, then one per five characters). A label may span neighbouring boxes
 *   on a line, or two to four lines stacked under each other (wrapped category labels).
 * - Numbers are the other number columns' values, matched by value as printed: `45` matches
 *   `45%`, `1204` matches `1,204`, `3.2` matches `$3.2` or `3.2bn`, `-3` matches `3` (OCR drops thin
 *   minus signs), and `5.32` matches a printed `5.3` (a rounding within 1% of the value).
 *
 * Labels are the strong signal: a table whose labels are mostly not on the chart was probably
 * not read from it. Missing numbers are normal for charts without value labels.
 */
export function groundTable(table: Table, ocr: OcrResult | ChartText): TableGrounding {
  const text = "docs" in ocr ? ocr : chartText(ocr);
  const { labels, numbers } = tableTerms(table);
  const missingLabels = labels.filter((l) => !labelFound(l, text));
  const missingNumbers = numbers.filter((n) => !numberFound(n, text.numbers));
  const labelRecall = labels.length === 0 ? 0 : (labels.length - missingLabels.length) / labels.length;
  const numberRecall = numbers.length === 0 ? 0 : (numbers.length - missingNumbers.length) / numbers.length;
  const score =
    labels.length > 0 && numbers.length > 0
      ? LABEL_WEIGHT * labelRecall + (1 - LABEL_WEIGHT) * numberRecall
      : labels.length > 0
        ? labelRecall
        : numberRecall;
  return {
    labels: { found: labels.length - missingLabels.length, total: labels.length, missing: missingLabels },
    numbers: { found: numbers.length - missingNumbers.length, total: numbers.length, missing: missingNumbers },
    score: Math.round(score * 10_000) / 10_000,
  };
}

/**
 * {@link groundTable} for a response's CSV; `undefined` when there is no CSV or it does not parse
 * (the run itself reports that).
 */
export function groundCsv(csv: string | null | undefined, ocr: OcrResult): TableGrounding | undefined {
  if (!csv) return undefined;
  let table: Table;
  try {
    table = parseCsv(csv);
  } catch {
    return undefined;
  }
  return groundTable(table, ocr);
}

/** Read the chart with `engine`, then {@link groundTable}. The OCR result is returned too. */
export async function groundTableOnImage(
  table: Table,
  image: Uint8Array | string,
  engine: OcrEngine,
): Promise<TableGrounding & { ocr: OcrResult }> {
  const ocr = await engine.recognize(image);
  return { ...groundTable(table, ocr), ocr };
}

/** The table's distinct labels and numbers, in table order. */
export function tableTerms(table: Table): { labels: string[]; numbers: number[] } {
  const labels: string[] = [];
  const seenLabels = new Set<string>();
  const addLabel = (raw: string) => {
    const s = raw.trim();
    const key = compactSkeleton(s).join(",");
    if (key === "" || seenLabels.has(key)) return;
    seenLabels.add(key);
    labels.push(s);
  };
  const numbers: number[] = [];
  const seenNumbers = new Set<number>();
  // The first column's header names the category axis ("Year", "Country", "Characteristic"), which
  // charts rarely print; it is not counted.
  table.rawHeader.slice(1).forEach(addLabel);
  table.columns.forEach((_, j) => {
    const asLabel = j === 0 || table.kinds[j] === "label";
    for (const row of table.raw) {
      const cell = row[j] ?? "";
      if (asLabel) {
        if (parseNumberCell(cell) !== null) addLabel(cell);
        continue;
      }
      const v = parseNumberCell(cell);
      if (typeof v === "number" && !seenNumbers.has(v)) {
        seenNumbers.add(v);
        numbers.push(v);
      }
    }
  });
  return { labels, numbers };
}

function labelFound(label: string, text: ChartText): boolean {
  const pattern = compactSkeleton(label);
  const edits = allowedEdits(pattern.length);
  const wholeWords = pattern.length <= 4;
  return text.docs.some((doc) => approximateFind(pattern, doc, wholeWords) <= edits);
}

function numberFound(n: number, printed: PrintedNumber[]): boolean {
  const v = Math.abs(n);
  return printed.some((p) => {
    const diff = Math.abs(p.value - v);
    if (diff <= 1e-9 * Math.max(1, v)) return true;
    const half = 0.5 * 10 ** -p.decimals;
    return diff <= half + 1e-9 && half <= ROUNDING_RELATIVE * v;
  });
}
