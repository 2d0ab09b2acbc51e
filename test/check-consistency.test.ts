import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tableConsistencyWarnings, type ConsistencyWarning } from "../src/check/index.js";
import { parseCsv, tableToCsv, type Table } from "../src/table/index.js";

const codes = (csv: string) => tableConsistencyWarnings(parseCsv(csv)).map((w) => w.code);

describe("tableConsistencyWarnings", () => {
  it("finds nothing in a tidy table", () => {
    expect(codes("Year,Sales,Costs\n2019,10,8\n2020,12,9\n2021,15,11\n")).toEqual([]);
    expect(codes("Year,Sales\n")).toEqual([]); // no rows, nothing to check
  });

  it("flags shares that do not sum to 100 when most series do (rows as series)", () => {
    const csv = "Group,Yes,No,Unsure\nAll,40,50,10\nMen,42,48,10\nWomen,38,52,10\nYoung,60,50,10\n";
    const w = tableConsistencyWarnings(parseCsv(csv));
    expect(w).toEqual([
      expect.objectContaining({ code: "SHARES_DONT_SUM", row: 4 }) as ConsistencyWarning,
    ]);
    expect(w[0].message).toContain("sums to 120");
  });

  it("flags shares by column, and tolerates rounding and small shortfalls (left-out \"don't know\")", () => {
    expect(codes("Answer,2019,2020,2021\nYes,40,41,60\nNo,50,49,45\nDK,10,10,10\n")).toEqual(["SHARES_DONT_SUM"]);
    // Sums of 99–101 (rounding) and 93 (a segment left out) are normal.
    expect(codes("Group,Yes,No,Unsure\nA,33,33,33\nB,34,33,34\nC,50,40,10\nD,45,40,8\n")).toEqual([]);
    // A large shortfall is flagged.
    expect(codes("Group,Yes,No,Unsure\nA,40,50,10\nB,40,50,10\nC,50,40,10\nD,30,30,10\n")).toEqual(["SHARES_DONT_SUM"]);
  });

  it("needs evidence that the values are shares", () => {
    // A value above 100: not shares.
    expect(codes("Group,A,B,C\nX,40,50,10\nY,40,50,10\nZ,140,50,10\n")).toEqual([]);
    // Most rows do not sum to 100: not shares.
    expect(codes("Group,A,B,C\nX,40,20,10\nY,30,50,10\nZ,60,50,10\n")).toEqual([]);
    // A single series (one pie) is never judged.
    expect(codes("Slice,Share\nA,50\nB,30\nC,10\n")).toEqual([]);
  });

  it("flags a total row that is a sum elsewhere but not in one column", () => {
    const csv = "Region,2019,2020,2021\nNorth,10,20,30\nSouth,5,5,5\nTotal,15,25,45\n";
    const w = tableConsistencyWarnings(parseCsv(csv));
    expect(w).toEqual([expect.objectContaining({ code: "TOTAL_MISMATCH", row: 3, column: "2021" }) as ConsistencyWarning]);
    expect(w[0].message).toContain("sum to 35");
  });

  it("flags a total column that does not equal the sum of the other columns", () => {
    const csv = "Year,Domestic,Export,Total\n2019,10,5,15\n2020,12,6,18\n2021,14,7,25\n";
    expect(tableConsistencyWarnings(parseCsv(csv))).toEqual([
      expect.objectContaining({ code: "TOTAL_MISMATCH", row: 3, column: "Total" }) as ConsistencyWarning,
    ]);
  });

  it("flags a near-miss total even in a single column, but not an average or a far-off subset", () => {
    expect(codes("Island,Area\nTotal,377975\nHonshu,213236\nHokkaido,83424\nKyushu,42231\nShikoku,18803\nOkinawa,2281\n")).toEqual([
      "TOTAL_MISMATCH",
    ]);
    expect(codes("Island,Area\nTotal,377975\nHonshu,231236\nHokkaido,83424\nKyushu,42231\nShikoku,18803\nOkinawa,2281\n")).toEqual([]);
    // Survey tables: "Total" is an average of the groups, nowhere near their sum.
    expect(codes("Group,Yes,No\nDem,60,38\nRep,20,78\nTotal,41,57\n")).toEqual([]);
  });

  it("tolerates rounding in totals", () => {
    expect(codes("Region,A,B,C\nNorth,1.24,2.26,3.31\nSouth,1.24,2.26,3.31\nTotal,2.5,4.5,6.6\n")).toEqual([]);
  });

  it("flags repeated row labels once per label, and empty columns", () => {
    const w = tableConsistencyWarnings(parseCsv("Year,Sales,Notes\n2019,10,\n2020,12,\n2019,11,\n 2019 ,13,\n"));
    expect(w.map((x) => [x.code, x.row, x.column])).toEqual([
      ["EMPTY_COLUMN", undefined, "Notes"],
      ["DUPLICATE_LABEL", 3, "Year"],
    ]);
    expect(codes("Party,Leader\nRed,Alice\nred ,Bob\n")).toEqual(["DUPLICATE_LABEL"]);
  });
});

// Real gold tables: conservative checks should rarely fire. Measured: 368 tables, 6 with warnings, all
// EMPTY_COLUMN (14 columns that are genuinely all "nan" in the gold CSV: sparse OWID years, OCR'd Pew
// columns); no SHARES_DONT_SUM, TOTAL_MISMATCH or DUPLICATE_LABEL.
const TABLES = "/work/shared/data/chartqa/tables/";
const files = readdirSync(TABLES)
  .filter((f) => f.endsWith(".csv"))
  .sort();
const tables = new Map<string, Table>(files.map((f) => [f, parseCsv(readFileSync(TABLES + f))]));

describe("on ChartQA gold tables", () => {
  it("warns on few tables, and only about columns that really are empty", () => {
    const warned = new Map<string, ConsistencyWarning[]>();
    for (const [f, table] of tables) {
      const w = tableConsistencyWarnings(table);
      if (w.length > 0) warned.set(f, w);
    }
    expect(files.length).toBeGreaterThan(300);
    expect(warned.size).toBeLessThanOrEqual(Math.ceil(files.length * 0.02));
    for (const [f, ws] of warned) {
      for (const w of ws) {
        expect(w.code, `${f}: ${w.message}`).toBe("EMPTY_COLUMN");
        const table = tables.get(f)!;
        expect(table.rows.every((r) => r[w.column!] === null)).toBe(true);
      }
    }
  });

  it("catches a share pushed 30 points up in real share tables", () => {
    let flagged = 0;
    for (const table of tables.values()) {
      if (table.columns.length < 3 || table.raw.length < 3) continue;
      const raw = table.raw.map((r) => r.slice());
      let changed = false;
      for (let r = 0; r < raw.length && !changed; r++) {
        for (let c = 1; c < table.columns.length && !changed; c++) {
          const v = table.rows[r][table.columns[c]];
          if (table.kinds[c] === "number" && typeof v === "number" && v >= 0 && v <= 70) {
            raw[r][c] = String(v + 30);
            changed = true;
          }
        }
      }
      if (!changed) continue;
      const before = tableConsistencyWarnings(table).filter((w) => w.code === "SHARES_DONT_SUM").length;
      const after = tableConsistencyWarnings(parseCsv(toCsv(table.rawHeader, raw))).filter((w) => w.code === "SHARES_DONT_SUM").length;
      if (after > before) flagged++;
    }
    // 33 of the 131 perturbed multi-column tables are share tables the check recognises.
    expect(flagged).toBeGreaterThanOrEqual(25);
  });

  it("catches a misread part under a real Total row (two_col_60196: Japan's islands)", () => {
    const table = tables.get("two_col_60196.csv")!;
    expect(tableConsistencyWarnings(table)).toEqual([]);
    const csv = tableToCsv(table).replace("231236", "213236");
    expect(tableConsistencyWarnings(parseCsv(csv)).map((w) => w.code)).toEqual(["TOTAL_MISMATCH"]);
  });
});

function toCsv(header: string[], rows: string[][]): string {
  const q = (x: string) => (/[",\r\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
  return [header, ...rows].map((r) => r.map(q).join(",")).join("\n") + "\n";
}
