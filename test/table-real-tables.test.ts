import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCsv, tableToCsv, type Cell, type Table } from "../src/table/index.js";

/** ChartQA data shared beside the project (`../shared/data/chartqa` from the project root). */
const CHARTQA = fileURLToPath(new URL("../../shared/data/chartqa/", import.meta.url));
const TABLES = `${CHARTQA}tables/`;

const cache = new Map<string, Table>();
/** Parse a real table from its bytes (byte-exact, CRLF), cached. */
function load(file: string): Table {
  let t = cache.get(file);
  if (t === undefined) {
    t = parseCsv(readFileSync(TABLES + file));
    cache.set(file, t);
  }
  return t;
}

/** The cell in the row whose first-column value is `label`. */
function cellAt(t: Table, label: Cell, column: string): Cell {
  expect(t.columns, `column ${column}`).toContain(column);
  const rows = t.rows.filter((r) => r[t.columns[0]] === label);
  expect(rows, `row ${String(label)}`).toHaveLength(1);
  return rows[0][column];
}

describe("all real ChartQA tables", () => {
  const files = readdirSync(TABLES).filter((f) => f.endsWith(".csv")).sort();

  it("finds the 368 tables from Statista, Pew, OWID and OECD", () => {
    expect(files).toHaveLength(368);
  });

  it("parses every table into a consistent typed table that round-trips", () => {
    for (const f of files) {
      const t = load(f);
      expect(new Set(t.columns).size, f).toBe(t.columns.length);
      expect(t.kinds, f).toHaveLength(t.columns.length);
      expect(t.raw, f).toHaveLength(t.rows.length);
      for (const r of t.raw) expect(r, f).toHaveLength(t.columns.length);
      t.columns.forEach((c, j) => {
        const want = t.kinds[j] === "number" ? "number" : "string";
        for (const row of t.rows) if (row[c] !== null) expect(typeof row[c], `${f} ${c}`).toBe(want);
      });
      const back = parseCsv(tableToCsv(t));
      expect(back.rows, f).toEqual(t.rows);
      expect(back.kinds, f).toEqual(t.kinds);
    }
  });

  it("warns only where the real data is odd", () => {
    const warnings = files.flatMap((f) => load(f).warnings.map((w) => `${f} ${w.code} ${w.column ?? ""}`.trim()));
    expect(warnings).toEqual([
      "2721.csv BLANK_ROWS_DROPPED", // "nan,nan" only
      "2721.csv NO_DATA_ROWS",
      "83600580007593.csv BLANK_ROWS_DROPPED", // three "nan,…" rows, one with a stray "\"
      "two_col_62475.csv MIXED_COLUMN Characteristic", // "Jan ´17" among years
    ]);
  });

  it("types most value columns as numbers", () => {
    let other = 0;
    let otherNumber = 0;
    for (const f of files) {
      const t = load(f);
      other += t.kinds.length - 1;
      otherNumber += t.kinds.slice(1).filter((k) => k === "number").length;
    }
    // Only 12227.csv's OCR-damaged "Value" column ("....3955", "6", "..55") stays text.
    expect(other - otherNumber).toBe(1);
  });
});

describe("real tables, checked cell by cell against the files", () => {
  it("OWID: plain decimals, quoted header with a comma, year headers", () => {
    const lamb = load("08263936005626.csv");
    expect(lamb.kinds).toEqual(["label", "number"]);
    expect(lamb.rows).toHaveLength(16);
    expect(cellAt(lamb, "Lamb & Mutton", "Land use per 100 grams of protein")).toBe(184.8);
    expect(cellAt(lamb, "Prawns (farmed)", "Land use per 100 grams of protein")).toBe(2);

    const wasted = load("00339007006077.csv");
    expect(wasted.columns).toEqual(["Country", "Share of children who are wasted, 2010"]);
    expect(cellAt(wasted, "Haiti", "Share of children who are wasted, 2010")).toBe(6.12);
    expect(cellAt(wasted, "Colombia", "Share of children who are wasted, 2010")).toBe(1.45);

    const years = load("00795994017065.csv");
    expect(years.columns).toEqual(["Entity", "2005", "2006", "2007", "2008", "2009", "2010", "2011", "2012"]);
    expect(cellAt(years, "Myanmar", "2005")).toBe(59.61);
    expect(cellAt(years, "Eastern Sub-Saharan Africa", "2007")).toBe(20);
    expect(cellAt(years, "New Zealand", "2012")).toBe(10.75);
  });

  it("OWID: all-nan rows (and a stray backslash) are dropped", () => {
    const t = load("83600580007593.csv");
    expect(t.rows.map((r) => r.Entity)).toEqual(["Iran", "Taiwan", "Morocco"]);
    expect(t.kinds).toEqual(["label", "number", "number", "number", "number", "number"]);
    expect(cellAt(t, "Taiwan", "1980")).toBe(12.162436);
    expect(cellAt(t, "Morocco", "1984")).toBe(2.521631);
  });

  it("OECD: nan and negatives; M suffix keeps the printed number", () => {
    const fdi = load("OECD_FDI_INCOME_PAYMENTS_BY_INDUSTRY_HUN_LTU_000042.csv");
    expect(cellAt(fdi, "Hungary", "2007")).toBeNull();
    expect(cellAt(fdi, "Hungary", "2019")).toBe(64.212);
    expect(cellAt(fdi, "Lithuania", "2010")).toBeNull();
    expect(cellAt(fdi, "Lithuania", "2014")).toBe(-1.234);
    expect(cellAt(fdi, "Lithuania", "2018")).toBe(-5.523);

    const freight = load("OECD_FREIGHT_TRANSPORT_FIN_HUN_IND_PRT_RUS_000027.csv");
    expect(freight.rows.map((r) => r["Freight transport"])).toEqual([0, 0.01, 0.01, 0.26, 1.97]);
    expect(freight.raw[4]).toEqual(["Russia", "1.97M"]);
  });

  it("Pew: nan cells, OCR-split labels, age-range labels, a quoted comma label", () => {
    const decision = load("10227.csv");
    expect(decision.kinds).toEqual(["label", "number", "number"]);
    expect(cellAt(decision, "Democrat", "Right decision")).toBeNull();
    expect(cellAt(decision, "Democrat", "Wrong d ecision")).toBe(19);
    expect(cellAt(decision, "Black", "Wrong d ecision")).toBeNull();
    expect(cellAt(decision, "Indep endent", "Right decision")).toBe(53);
    expect(cellAt(decision, "Total", "Wrong d ecision")).toBe(34);

    const ages = load("1201.csv");
    expect(ages.rows.map((r) => r.Entity)).toEqual(["65+", "50-64", "30-49", "Ages 18-29", "All adults"]);
    expect(cellAt(ages, "65+", "Your personal health")).toBe(49);
    expect(cellAt(ages, "All adults", "Your personal financial situation")).toBe(41);

    const stem = load("5831.csv");
    expect(cellAt(stem, "Management) business, finance", "Value")).toBe(17);
    expect(cellAt(stem, "Other non- STEM", "Value")).toBe(-20);

    const terms = load("9801.csv");
    expect(cellAt(terms, "Total (435 members)", "10+ terms")).toBe(20);
    expect(cellAt(terms, "Freedom Caucus Re publicans (36)", "49 terms")).toBe(28);
  });

  it("Pew: an all-nan column is a number column of nulls; OCR debris keeps a column as text", () => {
    const likely = load("1304.csv");
    expect(likely.kinds.every((k, i) => i === 0 || k === "number")).toBe(true);
    expect(likely.rows.map((r) => r["Not at all likely"])).toEqual([null, null, null]);
    expect(cellAt(likely, "Rep/Lean Rep", "Somewhat likely")).toBe(54);
    expect(cellAt(likely, "Dem/Lean Dem", "NET Likely")).toBe(62);

    const debris = load("12227.csv");
    expect(debris.kinds).toEqual(["label", "label"]);
    expect(debris.rows.map((r) => r.Value)).toEqual(["....3955", "6", "..55"]);
  });

  it("Statista: footnoted years become numbers, '-' is missing", () => {
    const g = load("multi_col_100960.csv");
    expect(g.kinds).toEqual(["number", "number", "number", "number", "number"]);
    expect(g.rows.map((r) => r.Characteristic)).toEqual([
      2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015, 2014, 2013, 2012, 2011, 2010,
    ]);
    expect(cellAt(g, 2024, "4G")).toBe(540);
    expect(cellAt(g, 2019, "5G")).toBeNull();
    expect(cellAt(g, 2011, "4G")).toBeNull();
    expect(cellAt(g, 2010, "2G")).toBe(420);
    expect(g.raw[0][0]).toBe("2024*");

    const gdp = load("two_col_81937.csv");
    expect(gdp.kinds).toEqual(["number", "number"]);
    expect(gdp.rows).toHaveLength(15);
    expect(cellAt(gdp, 2019, "Percentage of GDP")).toBe(3.5); // "2019**","3.5%"
    expect(cellAt(gdp, 2018, "Percentage of GDP")).toBe(3.7); // "2018*","3.7%"
    expect(cellAt(gdp, 2010, "Percentage of GDP")).toBe(4.1);
  });

  it("Statista: '-' cells, percentages with thousands, negative percent", () => {
    const energy = load("multi_col_101208.csv");
    expect(cellAt(energy, "China", "Natural gas")).toBeNull();
    expect(cellAt(energy, "Russia", "Oil")).toBeNull();
    expect(cellAt(energy, "Iran", "Natural gas")).toBe(13840.64);
    expect(cellAt(energy, "Indonesia", "Oil")).toBe(4337.68);

    const christians = load("multi_col_100362.csv");
    expect(cellAt(christians, "Global North", "1910")).toBe(502.9);
    expect(cellAt(christians, "Global South", "2010")).toBe(1327.7); // "1,327.7%"
    expect(cellAt(christians, "World Total", "2010")).toBe(2184.06); // "2,184.06%"

    const sales = load("multi_col_60974.csv");
    expect(cellAt(sales, "Baby", "Value of shopping basket")).toBe(-3);
    expect(cellAt(sales, "Toys", "Sales value")).toBe(34);
  });

  it("Statista: labels that contain numbers stay text", () => {
    const games = load("multi_col_20065.csv");
    expect(games.columns[4]).toBe("Other revenue**");
    expect(games.kinds).toEqual(["label", "number", "number", "number", "number"]);
    expect(cellAt(games, "2014 Sochi*", "Licensing")).toBe(35.5);
    expect(cellAt(games, "2002 Salt Lake City", "Other revenue**")).toBeNull();

    const unemployment = load("two_col_62948.csv");
    expect(unemployment.kinds).toEqual(["label", "number"]);
    expect(cellAt(unemployment, "'20", "Unemployment rate")).toBe(5.4);
    expect(cellAt(unemployment, "'08", "Unemployment rate")).toBe(5);

    const students = load("two_col_62073.csv");
    expect(students.rows.map((r) => r.Characteristic)).toEqual(["2019/20*", "2018/19", "2017/18", "2016/17"]);
    expect(cellAt(students, "2019/20*", "Number of students")).toBe(509473);

    const cpi = load("two_col_22383.csv");
    expect(cellAt(cpi, "May '21", "Chained consumer Price Index (1999=100)")).toBe(151.25);
    expect(cellAt(cpi, "May '20", "Chained consumer Price Index (1999=100)")).toBe(144.02);

    const coverage = load("two_col_62475.csv");
    expect(coverage.rows.map((r) => r.Characteristic)).toEqual([
      "Jan ´17", "2015", "2014", "2013", "2012", "2011", "2010",
    ]);
    expect(cellAt(coverage, "2015", "Coverage ratio")).toBe(56);
  });
});

describe("ChartQA gold answers are found among parsed numbers", () => {
  it("finds plain-number answers that appear in a table's data rows", () => {
    const questions = readFileSync(`${CHARTQA}questions.jsonl`, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { id: string; answer: string; table: string | null });
    let eligible = 0;
    const misses: string[] = [];
    for (const q of questions) {
      if (q.table === null || !/^-?\d+(\.\d+)?$/.test(q.answer)) continue;
      const file = q.table.replace(/^tables\//, "");
      const dataText = readFileSync(TABLES + file, "utf8").split(/\r?\n/).slice(1).join("\n");
      // The answer as a whole number token somewhere in the data rows (not part of a longer number).
      const token = new RegExp(`(^|[^\\d.])${q.answer.replace(".", "\\.")}(?!\\d|\\.\\d)`);
      if (!token.test(dataText)) continue;
      eligible++;
      const target = Number(q.answer);
      const numbers = load(file).rows.flatMap((r) => Object.values(r)).filter((v) => typeof v === "number");
      if (!numbers.some((v) => Math.abs(v - target) < 1e-9)) misses.push(`${q.id} ${file} ${q.answer}`);
    }
    const rate = (eligible - misses.length) / eligible;
    const found = `${eligible - misses.length}/${eligible} (${(rate * 100).toFixed(1)}%)`;
    console.info(`[table] gold numbers found: ${found}; misses: ${misses.join("; ")}`);
    expect(eligible).toBeGreaterThan(250);
    expect(rate).toBeGreaterThanOrEqual(0.98);
  });
});
