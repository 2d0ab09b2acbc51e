import { describe, expect, it } from "vitest";
import {
  catDataAccuracy,
  compareTables,
  relativeDistance,
  relativeMappingSimilarity,
  relativeNumberSetSimilarity,
  rmsDetails,
  rnssDetails,
  rnssOfNumbers,
} from "../src/check/index.js";
import { parseCsv } from "../src/table/index.js";

// The running example: 6 numbers for RNSS (the year headers count), 4 RMS datapoints ("a 2019" → 10, …),
// 6 cells for data accuracy (2 rows × 3 columns).
const GOLD = parseCsv("Country,2019,2020\nA,10,20\nB,30,40\n");
const t = (csv: string) => parseCsv(csv);

describe("RNSS (ChartQA / DePlot relative number set similarity)", () => {
  it("is 1 for identical tables and for two tables without numbers", () => {
    expect(relativeNumberSetSimilarity(GOLD, GOLD)).toBe(1);
    expect(relativeNumberSetSimilarity(t("a,b\nx,y\n"), t("c\nz\n"))).toBe(1);
  });
  it("is 0 when only one side has numbers", () => {
    expect(relativeNumberSetSimilarity(t("Country,Value\n"), GOLD)).toBe(0);
    expect(relativeNumberSetSimilarity(GOLD, t("a,b\nx,y\n"))).toBe(0);
  });
  it("charges the relative error of a wrong number, over max(N, M)", () => {
    // 10 → 10.5 is 5% off; 6 numbers: 1 − 0.05/6.
    expect(relativeNumberSetSimilarity(t("Country,2019,2020\nA,10.5,20\nB,30,40\n"), GOLD)).toBeCloseTo(1 - 0.05 / 6, 12);
    // 10 → 12 is 20% off (RNSS has no threshold): 1 − 0.2/6.
    expect(relativeNumberSetSimilarity(t("Country,2019,2020\nA,12,20\nB,30,40\n"), GOLD)).toBeCloseTo(1 - 0.2 / 6, 12);
  });
  it("ignores positions: a transposed or shuffled table has the same numbers", () => {
    expect(relativeNumberSetSimilarity(t("Country,A,B\n2019,10,30\n2020,20,40\n"), GOLD)).toBe(1);
    expect(relativeNumberSetSimilarity(t("Country,2019,2020\nB,30,40\nA,10,20\n"), GOLD)).toBe(1);
  });
  it("does not charge missing or extra numbers (DePlot's definition): a missing row still scores 1", () => {
    const missingRow = rnssDetails(t("Country,2019,2020\nA,10,20\n"), GOLD);
    expect(missingRow).toEqual({ score: 1, gold: 6, pred: 4, exact: true });
    // DePlot's own test: target [0.4], prediction [0.5, 0.6] → 1 − 0.25/2; the 0.6 is ignored.
    expect(relativeNumberSetSimilarity(t("0.5,foo,0.6\n"), t("baz,foo,0.4\n"))).toBeCloseTo(0.875, 12);
  });
  it("caps each distance at 1 and treats a gold 0 as right only for a predicted 0", () => {
    expect(relativeDistance(10, 100)).toBe(1);
    expect(relativeDistance(0, 0)).toBe(0);
    expect(relativeDistance(0, 3)).toBe(1);
    expect(relativeDistance(-10, -11)).toBeCloseTo(0.1, 12);
    expect(rnssOfNumbers([0, 5], [0, 5]).score).toBe(1);
  });
  it("reads numbers as catbox does (percent, currency, thousands separators)", () => {
    expect(relativeNumberSetSimilarity(t('Item,Share\nX,45%\nY,"$1,204"\n'), t("Item,Share\nX,45\nY,1204\n"))).toBe(1);
  });
});

describe("RMS (DePlot relative mapping similarity)", () => {
  it("is 1 for identical tables, and for two tables without datapoints", () => {
    expect(relativeMappingSimilarity(GOLD, GOLD)).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(relativeMappingSimilarity(t("Country\nA\n"), t("Country\nB\n"))).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
  it("follows DePlot for empty sides: no gold datapoints → (0, 1, 0); no predicted ones → (1, 0, 0)", () => {
    expect(relativeMappingSimilarity(GOLD, t("Country\nA\n"))).toEqual({ precision: 0, recall: 1, f1: 0 });
    expect(relativeMappingSimilarity(t("Country,2019,2020\n"), GOLD)).toEqual({ precision: 1, recall: 0, f1: 0 });
  });
  it("scores a number 5% off at 0.95 and one 20% off (beyond θ = 0.1) at 0", () => {
    const five = relativeMappingSimilarity(t("Country,2019,2020\nA,10.5,20\nB,30,40\n"), GOLD);
    expect(five.f1).toBeCloseTo(3.95 / 4, 12);
    const twenty = relativeMappingSimilarity(t("Country,2019,2020\nA,12,20\nB,30,40\n"), GOLD);
    expect(twenty).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75 });
  });
  it("reproduces DePlot's unit test (without the title datapoint): (1999 argentina 200→202, brazil 158→0)", () => {
    const target = t("year,argentina,brazil\n1999,200,158\n");
    const prediction = t("year,argentina,brazil\n1999,202,0\n");
    const transposedTarget = t("country,1999\nargentina,200\nbrazil,158\n");
    expect(relativeMappingSimilarity(prediction, target).f1).toBeCloseTo(0.99 / 2, 12);
    expect(relativeMappingSimilarity(prediction, transposedTarget).f1).toBeCloseTo(0.99 / 2, 12);
  });
  it("scores the transposed prediction when that is better", () => {
    const r = rmsDetails(t("Country,A,B\n2019,10,30\n2020,20,40\n"), GOLD);
    expect(r).toMatchObject({ precision: 1, recall: 1, f1: 1, transposed: true });
  });
  it("charges a missing row to recall only", () => {
    const r = relativeMappingSimilarity(t("Country,2019,2020\nA,10,20\n"), GOLD);
    expect(r.precision).toBe(1);
    expect(r.recall).toBe(0.5);
    expect(r.f1).toBeCloseTo(2 / 3, 12);
  });
  it("gives a renamed column header partial credit through the key similarity (ANLS, τ = 0.5)", () => {
    // "a 2020" vs "a year 2020": 5 edits over 11 characters → 6/11 per datapoint of that column.
    const r = relativeMappingSimilarity(t("Country,2019,Year 2020\nA,10,20\nB,30,40\n"), GOLD);
    expect(r.f1).toBeCloseTo((2 + 2 * (6 / 11)) / 4, 12);
    // A header too different (≥ τ) loses the column's datapoints entirely.
    expect(relativeMappingSimilarity(t("Country,2019,Revenue\nA,10,20\nB,30,40\n"), GOLD).f1).toBeCloseTo(0.5, 12);
  });
  it("compares text values by ANLS and is case-insensitive", () => {
    const gold = t("Party,Leader\nRed,Alice\nBlue,Robert\n");
    expect(relativeMappingSimilarity(t("PARTY,LEADER\nRED,ALICE\nBLUE,ROBERT\n"), gold).f1).toBe(1);
    // "Robert" vs "Roberta": NL 1/7 → 6/7.
    expect(relativeMappingSimilarity(t("Party,Leader\nRed,Alice\nBlue,Roberta\n"), gold).f1).toBeCloseTo((1 + 6 / 7) / 2, 12);
  });
});

describe("catDataAccuracy (Code-as-Thought data-accuracy reward)", () => {
  it("is 1 for identical tables, and for two header-only tables with the same header", () => {
    expect(catDataAccuracy(GOLD, GOLD)).toEqual({ score: 1, columns: 1, rows: 1, values: 1 });
    expect(catDataAccuracy(t("a,b\n"), t("a,b\n"))).toEqual({ score: 1, columns: 1, rows: 1, values: 1 });
  });
  it("gives nothing for values when the prediction has no rows", () => {
    const r = catDataAccuracy(t("Country,2019,2020\n"), GOLD);
    expect(r).toEqual({ score: 0.2, columns: 1, rows: 0, values: 0 });
  });
  it("counts a value right within 1% relative error only", () => {
    // 6 cells (2 rows × 3 columns); 10 → 10.05 is 0.5% (right), 10 → 10.5 is 5% (wrong), 10 → 12 wrong.
    expect(catDataAccuracy(t("Country,2019,2020\nA,10.05,20\nB,30,40\n"), GOLD).score).toBe(1);
    const five = catDataAccuracy(t("Country,2019,2020\nA,10.5,20\nB,30,40\n"), GOLD);
    expect(five).toEqual({ score: round(0.2 + 0.1 + 0.7 * (5 / 6)), columns: 1, rows: 1, values: round(5 / 6) });
    expect(catDataAccuracy(t("Country,2019,2020\nA,12,20\nB,30,40\n"), GOLD).score).toBe(five.score);
  });
  it("pairs rows by label, so row order does not matter, and charges a missing row to rows and values", () => {
    expect(catDataAccuracy(t("Country,2019,2020\nB,30,40\nA,10,20\n"), GOLD).score).toBe(1);
    const missing = catDataAccuracy(t("Country,2019,2020\nA,10,20\n"), GOLD);
    expect(missing).toEqual({ score: round(0.2 + 0.1 * 0.5 + 0.7 * 0.5), columns: 1, rows: 0.5, values: 0.5 });
  });
  it("gives a renamed header its similarity (when ≥ 0.5) and still checks the column's values", () => {
    // "salary(usd)" vs "salary": similarity 6/11.
    const gold = t("Employee,Salary(USD)\nJohn,5000\nJane,4200\n");
    const r = catDataAccuracy(t("Employee,Salary\nJohn,5000\nJane,4200\n"), gold);
    expect(r.columns).toBeCloseTo((1 + 6 / 11) / 2, 12);
    expect(r.values).toBe(1);
    // Too different a header counts 0, and the column is still paired by position for its values.
    const renamed = catDataAccuracy(t("Country,2019,Revenue\nA,10,20\nB,30,40\n"), GOLD);
    expect(renamed).toEqual({ score: round(0.2 * (2 / 3) + 0.1 + 0.7), columns: round(2 / 3), rows: 1, values: 1 });
  });
  it("does not forgive a transposed table (its columns and cells differ)", () => {
    const r = catDataAccuracy(t("Country,A,B\n2019,10,30\n2020,20,40\n"), GOLD);
    expect(r.columns).toBeCloseTo(1 / 3, 12);
    expect(r.values).toBeCloseTo(2 / 6, 12);
  });
  it("requires numeric labels (years) to be equal, not 1% close", () => {
    const gold = t("Year,Sales\n2012,100\n2013,200\n");
    expect(catDataAccuracy(t("Year,Sales\n2013,200\n2012,100\n"), gold).score).toBe(1);
    expect(catDataAccuracy(t("Year,Sales\n2014,100\n2013,200\n"), gold).values).toBeCloseTo(3 / 4, 12);
  });
  it("compares text case-insensitively and treats missing markers alike", () => {
    const gold = t("Party,Leader,Seats\nRed,Alice,-\nBlue,Bob,12\n");
    expect(catDataAccuracy(t("party,LEADER,seats\nred,alice,nan\nblue,BOB,12\n"), gold).score).toBe(1);
  });
});

describe("compareTables", () => {
  it("returns all three metrics", () => {
    const pred = t("Country,2019,2020\nA,10.5,20\nB,30,40\n");
    const r = compareTables(pred, GOLD);
    expect(r.rnss).toBeCloseTo(1 - 0.05 / 6, 12);
    expect(r.rms.f1).toBeCloseTo(3.95 / 4, 12);
    expect(r.data.values).toBeCloseTo(5 / 6, 12);
    expect(compareTables(GOLD, GOLD)).toEqual({ rnss: 1, rms: { precision: 1, recall: 1, f1: 1 }, data: { score: 1, columns: 1, rows: 1, values: 1 } });
  });
});

function round(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}
