import { describe, expect, it } from "vitest";
import { parseNumberCell } from "../src/table/index.js";

/** [cell, expected] pairs; expected `null` = missing, `undefined` = text. */
type Case = [string, number | null | undefined];

function check(cases: Case[], options?: { decimalComma?: boolean }): void {
  for (const [cell, expected] of cases) {
    expect(parseNumberCell(cell, options), JSON.stringify(cell)).toBe(expected);
  }
}

describe("parseNumberCell: numbers as printed on the chart", () => {
  it("reads plain integers, decimals and signs", () => {
    check([
      ["0", 0],
      ["42", 42],
      ["-20", -20],
      ["3.371962", 3.371962],
      ["20.0", 20],
      ["+5", 5],
      [".5", 0.5],
      ["5.", 5],
      ["007", 7],
      ["1e3", 1000],
      ["2.5E-2", 0.025],
    ]);
  });

  it("returns 0 for -0 (never negative zero)", () => {
    expect(Object.is(parseNumberCell("-0"), 0)).toBe(true);
    expect(Object.is(parseNumberCell("-0.0%"), 0)).toBe(true);
  });

  it("ignores surrounding spaces, including no-break spaces", () => {
    check([
      [" 12 ", 12],
      ["\t7.5\t", 7.5],
      ["\u00A045%\u00A0", 45],
    ]);
  });

  it("drops comma thousands separators only in groups of three", () => {
    check([
      ["1,204.5", 1204.5],
      ["1,000", 1000],
      ["12,345,678", 12345678],
      ["1,327.7%", 1327.7],
      ["1,20", undefined],
      ["1,2345", undefined],
      ["12,34,567", undefined],
      [",5", undefined],
    ]);
  });

  it("accepts spaces (also no-break and thin spaces) as thousands separators", () => {
    check([
      ["1 204", 1204],
      ["1 000 000", 1000000],
      ["1\u00A0204,5", undefined],
      ["1\u202F204", 1204],
      ["2019 2020", undefined],
    ]);
  });

  it("keeps the printed percent number (45% is 45, not 0.45)", () => {
    check([
      ["45%", 45],
      ["45 %", 45],
      ["502.9%", 502.9],
      ["-3%", -3],
      ["+5%", 5],
      ["0%", 0],
    ]);
  });

  it("drops currency symbols before or after the number", () => {
    check([
      ["$3.2", 3.2],
      ["$ 5", 5],
      ["-$3.2", -3.2],
      ["$-3.2", -3.2],
      ["US$3.2", 3.2],
      ["HK$10", 10],
      ["€5", 5],
      ["5 €", 5],
      ["£1,000", 1000],
      ["¥300", 300],
      ["₹2,500", 2500],
      ["-$-3", undefined],
      ["$3 €", undefined],
    ]);
  });

  it("drops trailing footnote marks", () => {
    check([
      ["15%*", 15],
      ["2024*", 2024],
      ["2019**", 2019],
      ["3.7 *", 3.7],
      ["12†", 12],
      ["12‡", 12],
      ["12§", 12],
      ["3.5¹", 3.5],
      ["10²", 10],
      ["$5*", 5],
      ["15*%", undefined],
    ]);
  });

  it("treats Unicode minus and dashes as a minus sign", () => {
    check([
      ["\u22125", -5], // − MINUS SIGN
      ["\u20135.5", -5.5], // – EN DASH
      ["\u20143", -3], // — EM DASH
      ["\u2212 12%", -12],
      ["+-5", undefined],
    ]);
  });

  it("reads missing markers as null", () => {
    check([
      ["", null],
      ["   ", null],
      ["-", null],
      ["–", null],
      ["—", null],
      ["\u2212", null],
      ["--", null],
      ["...", null],
      ["…", null],
      ["*", null],
      ["\\", null],
      ["nan", null],
      ["NaN", null],
      ["n/a", null],
      ["N/A", null],
      ["NA", null],
      ["n.a.", null],
      ["null", null],
      ["#N/A", null],
      [" nan ", null],
    ]);
  });

  it("keeps magnitude suffixes' printed number (not scaled)", () => {
    check([
      ["1.97M", 1.97],
      ["0.00M", 0],
      ["1.2k", 1.2],
      ["950K", 950],
      ["3.4 million", 3.4],
      ["2 billion", 2],
      ["$3.2bn", 3.2],
      ["€4 mn", 4],
      ["5B", 5],
      ["5 M", 5],
    ]);
  });

  it("keeps labels and other non-numbers as text (undefined)", () => {
    check([
      ["Q1", undefined],
      ["2019/20", undefined],
      ["2019/20*", undefined],
      ["'20", undefined],
      ["May '21", undefined],
      ["FY 2020", undefined],
      ["H1 2014", undefined],
      ["50-64", undefined],
      ["65+", undefined],
      ["0 - 5 %", undefined],
      ["<1%", undefined],
      [">90%", undefined],
      ["~5", undefined],
      ["(12)", undefined], // parentheses are not negatives: on charts they are usually a sample size
      ["-(5)", undefined],
      ["0x10", undefined],
      ["Infinity", undefined],
      ["1e400", undefined],
      ["..55", undefined],
      ["....3955", undefined],
      ["1.2.3", undefined],
      ["3 kg", undefined],
      ["5M run", undefined],
      ["S7 Airlines", undefined],
      ["None", undefined],
      ["Canada", undefined],
      ["e5", undefined],
      ["1.204,5", undefined],
      ["1,5", undefined],
    ]);
  });

  it("reads European notation only when asked (decimalComma)", () => {
    check(
      [
        ["1.204,5", 1204.5],
        ["1,5", 1.5],
        ["12,25 %", 12.25],
        ["1.204", 1204],
        ["1 204,5", 1204.5],
        ["-3,5", -3.5],
        ["2019", 2019],
        ["1.5", undefined],
        ["nan", null],
        ["Q1", undefined],
      ],
      { decimalComma: true },
    );
  });

  it("parses 100k decorated cells quickly", () => {
    const cells = Array.from({ length: 100_000 }, (_, i) => `$${(i * 13).toLocaleString("en-US")}.5*`);
    const t0 = performance.now();
    let sum = 0;
    for (const c of cells) sum += parseNumberCell(c) as number;
    const ms = performance.now() - t0;
    expect(sum).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000); // hang guard; speed is measured by npm run bench
  });
});
