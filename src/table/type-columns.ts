import { magnitudeOf, parseNumberCell, type Magnitude } from "./normalize-cell.js";
import type { Cell, ColumnKind } from "./types.js";
import type { WarningSink } from "./warnings.js";

/** How many offending cells a `MIXED_COLUMN` warning quotes. */
const EXAMPLES = 3;

/** A typed column: its kind and one value per row. */
export interface TypedColumn {
  kind: ColumnKind;
  values: Cell[];
}

/**
 * Type one column (all rows, already padded to the header width).
 *
 * - `number` when every non-missing cell parses with {@link parseNumberCell} (English notation). This
 *   includes the first, category column: years such as `2010`, `2011`, `2024*` become numbers.
 *   A column whose cells are all missing is `number` (all `null`).
 * - Otherwise, if every non-missing cell parses in European notation and at least one cell needed it
 *   (`1,5`, `1.204,5`), `number` with a `DECIMAL_COMMA` warning.
 * - Otherwise `label`: trimmed text, missing markers → `null`. When most cells were numbers a
 *   `MIXED_COLUMN` warning quotes the cells that were not, so the caller knows why the column is text.
 *
 * Number columns whose cells mix magnitude suffixes (`950k` and `1.2M`) get a `MIXED_COLUMN` warning:
 * numbers are kept as printed, not scaled.
 */
export function typeColumn(
  raw: readonly string[][],
  col: number,
  name: string,
  warnings: WarningSink,
): TypedColumn {
  const n = raw.length;
  const values = new Array<Cell>(n);
  const missing = new Uint8Array(n);
  let numeric = 0;
  let text = 0;
  let allTextHasComma = true;
  const examples: string[] = [];
  for (let i = 0; i < n; i++) {
    const cell = raw[i][col];
    const v = parseNumberCell(cell);
    if (v === undefined) {
      text++;
      if (allTextHasComma && !cell.includes(",")) allTextHasComma = false;
      if (examples.length < EXAMPLES) examples.push(`"${cell.trim()}" (row ${i + 1})`);
      values[i] = null;
    } else {
      if (v === null) missing[i] = 1;
      else numeric++;
      values[i] = v;
    }
  }
  if (text === 0) {
    warnMixedMagnitudes(raw, col, name, values, warnings);
    return { kind: "number", values };
  }
  if (allTextHasComma) {
    const european = typeEuropean(raw, col);
    if (european !== undefined) {
      warnings.add({
        code: "DECIMAL_COMMA",
        message: `Column "${name}" uses a decimal comma (e.g. ${examples[0]}); read as European numbers.`,
        column: name,
      });
      return { kind: "number", values: european };
    }
  }
  if (numeric >= text) {
    warnings.add({
      code: "MIXED_COLUMN",
      message:
        `Column "${name}" is text because ${text} of ${numeric + text} cells are not numbers: ` +
        `${examples.join(", ")}${text > examples.length ? ", …" : ""}. Its values are strings.`,
      column: name,
    });
  }
  // Missing markers stay null; everything else is the trimmed text.
  for (let i = 0; i < n; i++) values[i] = missing[i] === 1 ? null : raw[i][col].trim();
  return { kind: "label", values };
}

/** All cells in European notation, or `undefined` if one does not parse that way. */
function typeEuropean(raw: readonly string[][], col: number): Cell[] | undefined {
  const out = new Array<Cell>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = parseNumberCell(raw[i][col], { decimalComma: true });
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
}

const HAS_LETTER = /[A-Za-z]/;

function warnMixedMagnitudes(
  raw: readonly string[][],
  col: number,
  name: string,
  values: readonly Cell[],
  warnings: WarningSink,
): void {
  const seen = new Set<Magnitude | "none">();
  for (let i = 0; i < raw.length; i++) {
    if (values[i] === null) continue;
    const cell = raw[i][col];
    seen.add(HAS_LETTER.test(cell) ? (magnitudeOf(cell) ?? "none") : "none");
  }
  if (seen.size > 1 && [...seen].some((m) => m !== "none")) {
    warnings.add({
      code: "MIXED_COLUMN",
      message:
        `Column "${name}" mixes magnitudes (${[...seen].join(", ")}); numbers are as printed, not scaled ` +
        `(e.g. "1.2M" is 1.2 and "950k" is 950).`,
      column: name,
    });
  }
}
