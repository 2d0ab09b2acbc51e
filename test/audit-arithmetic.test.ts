import { describe, expect, it } from "vitest";
import { mathSource, parseExpr } from "../src/audit/arithmetic-expr.js";
import { tokenize } from "../src/audit/arithmetic-tokens.js";
import { auditArithmetic } from "../src/audit/index.js";

/** The audit of `text`, with the claims as [claim, ok] pairs for compact assertions. */
function audit(text: string) {
  const report = auditArithmetic(text);
  expect(report.checked).toBe(report.claims.length);
  expect(report.wrong.length).toBe(report.claims.filter((c) => !c.ok).length);
  return { ...report, pairs: report.claims.map((c) => [c.claim, c.ok] as const) };
}

describe("auditArithmetic: correct reasoning passes", () => {
  it.each([
    ["The 2050 bar reaches 2,050 and the 1990 bar 1,150, so the increase is 2050 − 1150 = 900.", "2050 − 1150 = 900"],
    ["Of the 200 respondents, 45% of 200 is 90.", "45% of 200 is 90"],
    ["The average of the two years is (12.5 + 7.5) / 2 = 10.", "(12.5 + 7.5) / 2 = 10"],
    ["Four quarters at the Q1 level: 3.2 × 4 = 12.8 million.", "3.2 × 4 = 12.8 million"],
    ["the difference is 32 - 18 = 14", "32 - 18 = 14"],
    ["Adding the two bars: 1,204 + 96 = 1,300.", "1,204 + 96 = 1,300"],
    ["The revenue ratio is 12,345 ÷ 4,567 ≈ 2.70.", "12,345 ÷ 4,567 ≈ 2.70"],
    ["The gap is $3.2 - $1.15 = $2.05.", "$3.2 - $1.15 = $2.05"],
    ["3.2 x 4 = 12.8", "3.2 x 4 = 12.8"],
    ["A 1920x1080 display has 1920x1080 = 2,073,600 pixels.", "1920x1080 = 2,073,600"],
    ["The share fell by 45.3 − 38.1 = 7.2 percentage points.", "45.3 − 38.1 = 7.2"],
    ["Combined: 25% + 15% = 40%.", "25% + 15% = 40%"],
    ["Growth: (52.3 - 48.1) / 48.1 × 100 ≈ 8.7%.", "(52.3 - 48.1) / 48.1 × 100 ≈ 8.7%"],
    ["Relative change (50 - 40) / 40 = 25%.", "(50 - 40) / 40 = 25%"],
    ["Three times the base: 3 times 14 = 42.", "3 times 14 = 42"],
    ["So 10 divided by 4 = 2.5.", "10 divided by 4 = 2.5"],
    ["Thus 20 + 30 is 50.", "20 + 30 is 50"],
    ["The sum 120 + 80 equals 200.", "120 + 80 equals 200"],
    ["The total 17 + 4 is equal to 21.", "17 + 4 is equal to 21"],
    ["The yearly average is 1,234,567 / 12 ≈ 102,881.", "1,234,567 / 12 ≈ 102,881"],
    ["Combined sales: 2.5 million + 1.5 million = 4 million.", "2.5 million + 1.5 million = 4 million"],
    ["Mixed units: 1.5 million + 500,000 = 2 million.", "1.5 million + 500,000 = 2 million"],
    ["In thousands: 1.2k + 800 = 2k.", "1.2k + 800 = 2k"],
    ["A quarter of the 80 visitors: 25 percent of 80 = 20.", "25 percent of 80 = 20"],
    ["Temperature gap: 25°C - 18.5°C = 6.5°C.", "25°C - 18.5°C = 6.5°C"],
    ["Markdown: **50 + 20 = 70**", "50 + 20 = 70"],
    ["In LaTeX: \\(12 \\times 3 = 36\\)", "12 \\times 3 = 36"],
    ["A is 6.12 / 5.32 ≈ 1.15 times the size of B.", "6.12 / 5.32 ≈ 1.15"],
    ["Over the decade, 50 / 10 = 5 per year.", "50 / 10 = 5"],
    ["The change is (45 - 40) / 40 * 100% = 12.5%.", "(45 - 40) / 40 * 100% = 12.5%"],
    ["Both: $1.2B + $0.8B = $2B.", "$1.2B + $0.8B = $2B"],
    ["So 100 − 20 is about 80.", "100 − 20 is about 80"],
    ["In code: x = 2 * 3 = 6;", "2 * 3 = 6"],
    ["In LaTeX: $45 \\div 9 \\approx 5$", "$45 \\div 9 \\approx 5"],
  ])("%s", (text, claim) => {
    expect(audit(text).pairs).toEqual([[claim, true]]);
  });

  it("checks each link of a chain", () => {
    const r = audit("Step 2: the average is (12.5 + 7.5) / 2 = 20 / 2 = 10.\nSo the answer is 10.");
    expect(r.pairs).toEqual([
      ["(12.5 + 7.5) / 2 = 20 / 2", true],
      ["20 / 2 = 10", true],
    ]);
  });

  it("checks a number restated as a percentage and a running computation", () => {
    expect(audit("45 / 200 = 0.225 = 22.5%").pairs).toEqual([
      ["45 / 200 = 0.225", true],
      ["0.225 = 22.5%", true],
    ]);
    expect(audit("The mean is 45 + 55 = 100 / 2 = 50.").pairs).toEqual([
      ["45 + 55 = 100 / 2", true],
      ["100 / 2 = 50", true],
    ]);
    expect(audit("2/3 × 90 = 0.67 × 90 = 60").wrong).toEqual([]);
    expect(audit("Total = 20 + 30 + 50 = 100.").pairs).toEqual([["20 + 30 + 50 = 100", true]]);
  });

  it("accepts the model's rounding and truncation to the decimals it shows", () => {
    for (const text of [
      "100 / 3 = 33.33",
      "100 / 3 = 33.3",
      "100 / 3 = 33",
      "2 / 3 = 0.67",
      "2 / 3 = 0.66",
      "22 / 7 ≈ 3.14",
      "(17.6 + 18.2 + 19.5) / 3 ≈ 18.43",
      "5,231 / 17 ≈ 307.7",
      "5,231 / 17 ≈ 308",
      "5,231 / 17 ≈ 300",
      "1000 + 287 ≈ 1,300",
      "6.67 × 3 = 20.00",
      "0.1 × 30 = 3",
      "0.1 + 0.2 = 0.3",
      "1 - 20% = 80%",
      "20% × 50 = 10",
      "50 × 20% = 10",
      "(45% + 55%) / 2 = 50%",
    ]) {
      const r = audit(text);
      expect(r.checked, text).toBe(1);
      expect(r.wrong, text).toEqual([]);
    }
  });

  it("handles negative numbers and Unicode operators", () => {
    for (const text of [
      "30 - 50 = -20",
      "The change is 3.5 - 5.25 = -1.75.",
      "−3 + 5 = 2",
      "−3 × −2 = 6",
      "-$3.2 + $5 = $1.8",
      "12 × 3 = 36",
      "36 ÷ 4 = 9",
      "9 − 2 = 7",
      "2·3 = 6",
      "7 ⋅ 6 = 42",
      "10 ∕ 4 = 2.5",
      "50 – 20 = 30",
      "(−4) × 2.5 = −10",
    ]) {
      const r = audit(text);
      expect(r.checked, text).toBe(1);
      expect(r.wrong, text).toEqual([]);
    }
  });

  it("reads a real-looking multi-step explanation", () => {
    const think = [
      "Looking at the chart, the bars for 2019 and 2020 are labelled 1,245 and 1,530 respectively.",
      "The increase from 2019 to 2020 is 1,530 - 1,245 = 285.",
      "As a percentage of 2019: 285 / 1,245 ≈ 0.229, i.e. about 22.9%.",
      "The 2021 bar (1,610) adds another 1,610 − 1,530 = 80, so over 2019-2021 the total growth is 285 + 80 = 365.",
      "Average yearly growth: 365 / 2 = 182.5.",
    ].join("\n");
    const r = audit(think);
    expect(r.pairs.map((p) => p[0])).toEqual([
      "1,530 - 1,245 = 285",
      "285 / 1,245 ≈ 0.229",
      "1,610 − 1,530 = 80",
      "285 + 80 = 365",
      "365 / 2 = 182.5",
    ]);
    expect(r.wrong).toEqual([]);
  });
});

describe("auditArithmetic: wrong steps are flagged", () => {
  it.each([
    ["2050 − 1150 = 800", "2050 − 1150", 800, 900],
    ["45% of 200 is 80", "45% of 200", 80, 90],
    ["3.2 × 4 = 12.6", "3.2 × 4", 12.6, 12.8],
    ["1,204 + 96 = 1,310", "1,204 + 96", 1310, 1300],
    ["12 ÷ 5 ≈ 2.8", "12 ÷ 5", 2.8, 2.4],
    ["100 / 3 = 33.4", "100 / 3", 33.4, 33.3333333333],
    ["0.1 + 0.2 = 0.4", "0.1 + 0.2", 0.4, 0.3],
    ["−3 + 5 = −2", "−3 + 5", -2, 2],
    ["45 / 200 = 25%", "45 / 200", 25, 22.5],
    ["the difference is 32 - 18 = 16", "32 - 18", 16, 14],
    ["2.5M + 1.5M = 4.5M", "2.5M + 1.5M", 4.5, 4],
    ["5,231 / 17 ≈ 320", "5,231 / 17", 320, 307.705882353],
    ["0.5 × 200 = 110", "0.5 × 200", 110, 100],
    ["Thus 20 + 30 is 60.", "20 + 30", 60, 50],
  ])("%s", (text, left, claimed, actual) => {
    const r = audit(text);
    expect(r.checked).toBe(1);
    expect(r.wrong).toEqual([{ claim: expect.stringContaining(left), left, claimed, actual }]);
  });

  it("pins a wrong link of a chain on the link that is wrong", () => {
    const r = audit("(12.5 + 7.5) / 2 = 20 / 2 = 11");
    expect(r.pairs).toEqual([
      ["(12.5 + 7.5) / 2 = 20 / 2", true],
      ["20 / 2 = 11", false],
    ]);
    const s = audit("(12.5 + 7.5) / 2 = 21 / 2 = 10.5");
    expect(s.wrong).toEqual([{ claim: "(12.5 + 7.5) / 2 = 21 / 2", left: "(12.5 + 7.5) / 2", claimed: 10.5, actual: 10 }]);
    const t = audit("20 + 30 = 50 = 60");
    expect(t.pairs).toEqual([
      ["20 + 30 = 50", true],
      ["50 = 60", false],
    ]);
  });

  it("finds the one wrong step in a long explanation", () => {
    const think =
      "Reading the bars: Apple 52.4, Banana 38.9, Cherry 21.7, Date 17.0.\n" +
      "- Total: 52.4 + 38.9 + 21.7 + 17.0 = 130.0\n" +
      "- Apple minus Banana: 52.4 − 38.9 = 13.5\n" +
      "- Cherry and Date together: 21.7 + 17.0 = 38.7\n" +
      "- Average: 130.0 / 4 = 33.5\n" +
      "- Apple's share: 52.4 / 130.0 ≈ 40.3%\n" +
      "So Apple leads by 13.5.";
    const r = audit(think);
    expect(r.checked).toBe(5);
    expect(r.wrong).toEqual([{ claim: "130.0 / 4 = 33.5", left: "130.0 / 4", claimed: 33.5, actual: 32.5 }]);
  });
});

describe("auditArithmetic: things that are not claims", () => {
  it.each([
    "The data covers 2019-2020 = the pandemic years.",
    "Between 2019–2020 = 15% growth was recorded.",
    "The fiscal year 2019/20 = 3.4 billion.",
    "The top 10-20 = 10 companies are grouped.",
    "Ages 18 - 24 = 32% of respondents.",
    "From 2015 - 2020 = 5 years of data.",
    "The 10–15 range = 20% of cases.",
    "Call 555-123-4567 = support line.",
    "Hotline +1-202-555-0173 = 24 hours.",
    "On 2022-01-06 = 105.7 was the price.",
    "On 12/31/2020 = 45 was the close.",
    "The ratio is 3:2 = 1.5 in favour of A.",
    "In 2020 = 45%.",
    "x ÷ y ≈ 2.1",
    "Q1 + Q2 = 50",
    "version 1.2.3 = latest",
    "f(3) + 2 = 5",
    "log 100 + 1 = 3",
    "the average of 10 + 20 = 15",
    "√16 + 1 = 5",
    "2² + 1 = 5",
    "10^3 = 1000",
    "A × (20 + 30) = 1000",
    "20 + 30 = 25% more than 40",
    "12 - 8 = 4 times more",
    "Population 1 234 + 6 = 1 240 people",
    "European notation 1.204,5 + 3 = 1.207,5",
    "a <= 5 and b >= 10, c != 3 => 5",
    "The 3 x 4 grid = 12 cells",
    "What is 20 + 30? It is 50.",
    "The value is 45 and the total is 200.",
    "| 2019 | 45 | 2020 | 50 |",
    "Website X at Month 6 is 70.00 and Retailer B at Month 3 is 62.00.",
    "The 20 + 30 = 50 × A relation holds.",
    "It grows 20 + 30 = 5 / year.",
    "45 (2020) - 40 (2019) = 5",
    "45 - 40 (in millions) = 5",
    "10:30 - 9:45 = 45 minutes",
    "10 people × 3 = 30",
    "2 × 10^6 = 2,000,000",
    "1,5 + 2 = 3,5",
    "6 / 20 = 3 out of 10",
    "The increase from 40 to 45 is 5 - a gain of 12.5%.",
    "const x = 5 + 3;",
  ])("%s", (text) => {
    expect(audit(text).wrong).toEqual([]);
  });

  it("does not treat dates, ranges and phone numbers as subtraction even in mixed text", () => {
    const think =
      "Between 2019-2020 revenue rose; on 2021-03-04 the stock was 45.2. Phone 555-0100.\n" +
      "Age group 25-34 = 18%, age group 35–44 = 22%, top 10-20 = 5 firms.\n" +
      "Real step: 22 + 18 = 40.";
    expect(audit(think).pairs).toEqual([["22 + 18 = 40", true]]);
  });
});

describe("auditArithmetic: only sanitised expressions reach mathjs", () => {
  it("builds mathjs sources from digits, dots, operators and parentheses only, on random text", () => {
    const alphabet = ["1", "23", "4.5", "1,204", "$", "€", "%", " ", " ", "+", "-", "−", "–", "×", "x", "*", "/", "÷", "(", ")", "=", "≈", "is", " of ", "a", "Q", "e", "^", ".", ",", ":", "\n", "million", "k", "'", '"', ";", "Infinity", "NaN", "import(", "`"];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const safe = /^[0-9.+\-*/() ]+$/;
    let parsed = 0;
    for (let n = 0; n < 400; n++) {
      let text = "";
      const len = 5 + rand(40);
      for (let i = 0; i < len; i++) text += alphabet[rand(alphabet.length)];
      const tokens = tokenize(text);
      for (let s = 0; s < tokens.length; s++) {
        for (let e = s + 1; e <= Math.min(tokens.length, s + 12); e++) {
          const expr = parseExpr(tokens, s, e);
          if (expr === null) continue;
          parsed += 1;
          for (const percentAsFraction of [false, true]) {
            for (const applyScale of [false, true]) expect(mathSource(expr, { percentAsFraction, applyScale })).toMatch(safe);
          }
        }
      }
      expect(() => auditArithmetic(text)).not.toThrow();
    }
    expect(parsed).toBeGreaterThan(500);
  });
});

describe("auditArithmetic: bounds", () => {
  it("caps the number of claims and says so", () => {
    const r = auditArithmetic("1 + 1 = 2. ".repeat(1000), { maxClaims: 50 });
    expect(r.checked).toBe(50);
    expect(r.truncated).toBe(true);
  });

  it("caps the text length and the equality signs examined", () => {
    expect(auditArithmetic("1 + 1 = 2. 2 + 2 = 5.", { maxChars: 10 })).toMatchObject({ checked: 1, truncated: true });
    expect(auditArithmetic("a = b, ".repeat(100), { maxEquals: 10 }).truncated).toBe(true);
  });

  it("finishes hostile inputs quickly", () => {
    const hostile = [
      "1+".repeat(100_000) + "1=2",
      "(".repeat(100_000) + "1 + 1 = 2",
      "1=1".repeat(50_000),
      "1 + 1 = 2 ".repeat(20_000),
      "9".repeat(200_000),
      "1,".repeat(100_000),
      "1.".repeat(100_000),
      "1-".repeat(100_000),
      "= 1 + (2 × (3 ".repeat(20_000),
      "45% of ".repeat(30_000) + "2 = 1",
      " ".repeat(100_000) + "1",
      "1" + " ".repeat(100_000) + "x",
    ];
    for (const text of hostile) {
      const t0 = performance.now();
      const r = auditArithmetic(text);
      const ms = performance.now() - t0;
      expect(ms, text.slice(0, 20)).toBeLessThan(20_000); // hang guard, not a speed test
      expect(r.checked).toBeLessThanOrEqual(200);
    }
  });
});
