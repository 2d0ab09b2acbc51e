import { expect } from "vitest";
import { CsvError } from "../../src/errors.js";
import type { Table } from "../../src/table/index.js";

/** The warning codes of a parsed table, in order. */
export const codes = (t: Table): string[] => t.warnings.map((w) => w.code);

/** Run `fn`, expect a CsvError, return it (for message checks). */
export function csvError(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    expect((e as CsvError).code).toBe("CSV_ERROR");
    return e as CsvError;
  }
  throw new Error("expected a CsvError");
}
