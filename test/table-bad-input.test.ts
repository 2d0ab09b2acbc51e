import { describe, expect, it } from "vitest";
import { codes, csvError } from "./support/csv-helpers.js";
import { CsvError } from "../src/errors.js";
import { DEFAULT_CSV_LIMITS, parseCsv, tableToCsv } from "../src/table/index.js";


describe("parseCsv: bad input gives a table or a clear CsvError", () => {
  it("refuses empty input", () => {
    expect(csvError(() => parseCsv("")).message).toMatch(/empty/);
    expect(csvError(() => parseCsv(" \r\n\n ,, \n")).message).toMatch(/empty/);
    expect(csvError(() => parseCsv(new Uint8Array())).message).toMatch(/empty/);
  });

  it("gives a zero-row table with NO_DATA_ROWS for a header without data", () => {
    const t = parseCsv("Entity,Value\r\n");
    expect(t.columns).toEqual(["Entity", "Value"]);
    expect(t.rows).toEqual([]);
    expect(codes(t)).toEqual(["NO_DATA_ROWS"]);
    expect(parseCsv(tableToCsv(t)).columns).toEqual(["Entity", "Value"]);
  });

  it("refuses an unterminated or malformed quoted cell, naming the line", () => {
    const open = csvError(() => parseCsv('A,B\n1,2\n"oops,1\n2,3\n'));
    expect(open.message).toMatch(/unterminated quoted cell on line 3/);
    expect(open.details).toMatchObject({ line: 3 });
    const malformed = csvError(() => parseCsv('A,B\r\n"x"y,3\r\n4,5\r\n"z",6\r\n'));
    expect(malformed.message).toMatch(/malformed quoted cell on line 2/);
    // A quote inside an unquoted cell is ordinary text.
    expect(parseCsv('A,B\n24" TV,3\n').rows).toEqual([{ A: '24" TV', B: 3 }]);
  });

  it("decodes non-UTF-8 bytes as windows-1252 with ENCODING_REPLACED", () => {
    // "Café,Price\nCrème brûlée,€5\n" in windows-1252 (é=E9, è=E8, û=FB, €=80)
    const bytes = new Uint8Array([
      ...Buffer.from("Caf"), 0xe9, ...Buffer.from(",Price\nCr"), 0xe8, ...Buffer.from("me br"), 0xfb,
      ...Buffer.from("l"), 0xe9, ...Buffer.from("e,"), 0x80, ...Buffer.from("5\n"),
    ]);
    const t = parseCsv(bytes);
    expect(t.columns).toEqual(["Café", "Price"]);
    expect(t.rows).toEqual([{ Café: "Crème brûlée", Price: 5 }]);
    expect(codes(t)).toEqual(["ENCODING_REPLACED"]);
  });

  it("decodes valid UTF-8 and UTF-16 (with BOM) without warnings", () => {
    const utf8 = parseCsv(Buffer.from("Pays,Valeur\nCôte d'Ivoire,−3\n"));
    expect(utf8.rows).toEqual([{ Pays: "Côte d'Ivoire", Valeur: -3 }]);
    expect(utf8.warnings).toEqual([]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("A,B\nx,1\n", "utf16le")]);
    const t = parseCsv(utf16);
    expect(t.rows).toEqual([{ A: "x", B: 1 }]);
    expect(t.warnings).toEqual([]);
  });

  it("never crashes on random bytes: a table or a CsvError", () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let k = 0; k < 200; k++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256));
      try {
        const t = parseCsv(bytes);
        expect(t.rows.length).toBe(t.raw.length);
      } catch (e) {
        expect(e).toBeInstanceOf(CsvError);
      }
    }
  });

  it("refuses binary input (NUL bytes)", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(csvError(() => parseCsv(png)).message).toMatch(/binary/);
  });

  it("refuses a 20 MB input over the default 16 MiB limit, naming the option", () => {
    const line = "Some country name here,12345.678,99%\n";
    const text = "Country,Value,Share\n" + line.repeat(Math.ceil((20 * 1024 * 1024) / line.length));
    const e = csvError(() => parseCsv(text));
    expect(e.message).toMatch(/more than the limit of 16,777,216 \(maxBytes\)/);
    expect(e.message).toMatch(/raise it with the maxBytes option/);
    expect(e.details).toMatchObject({ limit: "maxBytes", max: DEFAULT_CSV_LIMITS.maxBytes });
    expect(csvError(() => parseCsv(Buffer.from(text))).details).toMatchObject({ limit: "maxBytes" });
  });

  it("applies maxRows, maxColumns and maxBytes options", () => {
    const csv = "A,B,C\n1,2,3\n4,5,6\n7,8,9\n";
    expect(parseCsv(csv, { maxRows: 3, maxColumns: 3 }).rows).toHaveLength(3);
    expect(csvError(() => parseCsv(csv, { maxRows: 2 })).message).toMatch(
      /3 data rows, more than the limit of 2 \(maxRows\); raise it with the maxRows option/,
    );
    expect(csvError(() => parseCsv(csv, { maxColumns: 2 })).message).toMatch(
      /3 columns, more than the limit of 2 \(maxColumns\)/,
    );
    expect(csvError(() => parseCsv(csv, { maxBytes: 10 })).details).toMatchObject({ limit: "maxBytes", max: 10 });
    expect(csvError(() => parseCsv("A\n1\n", { maxRows: 0 })).message).toMatch(/maxRows must be a positive number/);
    expect(DEFAULT_CSV_LIMITS).toEqual({ maxRows: 200_000, maxBytes: 16 * 1024 * 1024, maxColumns: 1_000 });
  });
});
