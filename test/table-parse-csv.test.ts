import { describe, expect, it } from "vitest";
import { codes, csvError } from "./support/csv-helpers.js";
import { parseCsv, tableToCsv } from "../src/table/index.js";


describe("parseCsv: structure", () => {
  it("types a simple table: label column, number columns, raw strings kept", () => {
    const t = parseCsv("Characteristic,Share,Revenue\nToys,34%,\"$1,204.5\"\nBaby,-,$3\n");
    expect(t.columns).toEqual(["Characteristic", "Share", "Revenue"]);
    expect(t.rawHeader).toEqual(["Characteristic", "Share", "Revenue"]);
    expect(t.kinds).toEqual(["label", "number", "number"]);
    expect(t.rows).toEqual([
      { Characteristic: "Toys", Share: 34, Revenue: 1204.5 },
      { Characteristic: "Baby", Share: null, Revenue: 3 },
    ]);
    expect(t.raw).toEqual([
      ["Toys", "34%", "$1,204.5"],
      ["Baby", "-", "$3"],
    ]);
    expect(t.warnings).toEqual([]);
  });

  it("handles CRLF, lone CR and mixed line endings, and strips a BOM", () => {
    const expected = [
      { Year: 2019, Value: 1 },
      { Year: 2020, Value: 2 },
    ];
    expect(parseCsv("\uFEFFYear,Value\r\n2019,1\r\n2020,2\r\n").rows).toEqual(expected);
    expect(parseCsv("Year,Value\r2019,1\r2020,2").rows).toEqual(expected);
    expect(parseCsv("Year,Value\r\n2019,1\n2020,2\r\n").rows).toEqual(expected);
    expect(parseCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("Year,Value\n2019,1\n2020,2")])).columns).toEqual([
      "Year",
      "Value",
    ]);
  });

  it("trims header cells and label cells; keeps raw untrimmed", () => {
    const t = parseCsv("  Country , Value \n  Haiti  , 6.12 \n");
    expect(t.columns).toEqual(["Country", "Value"]);
    expect(t.rows).toEqual([{ Country: "Haiti", Value: 6.12 }]);
    expect(t.raw).toEqual([["  Haiti  ", " 6.12 "]]);
  });

  it("reads quoted cells with embedded commas, quotes and newlines", () => {
    const t = parseCsv('Entity,"Share, 2010",Note\n"Management) business, finance",17,"say ""hi""\nthere"\n');
    expect(t.columns).toEqual(["Entity", "Share, 2010", "Note"]);
    expect(t.rows).toEqual([{ Entity: "Management) business, finance", "Share, 2010": 17, Note: 'say "hi"\nthere' }]);
  });

  it("renames duplicate headers with a DUPLICATE_HEADER warning", () => {
    const t = parseCsv("Label,Value,Value,Value (2),Value\nA,1,2,3,4\n");
    expect(t.columns).toEqual(["Label", "Value", "Value (3)", "Value (2)", "Value (4)"]);
    expect(t.rawHeader).toEqual(["Label", "Value", "Value", "Value (2)", "Value"]);
    expect(t.rows[0]).toEqual({ Label: "A", Value: 1, "Value (3)": 2, "Value (2)": 3, "Value (4)": 4 });
    expect(codes(t)).toEqual(["DUPLICATE_HEADER", "DUPLICATE_HEADER"]);
    expect(t.warnings[0].column).toBe("Value (3)");
  });

  it("names empty headers by position with an EMPTY_HEADER warning", () => {
    const t = parseCsv(",2019,  ,Column 3\nA,1,2,3\n");
    expect(t.columns).toEqual(["Column 1", "2019", "Column 3 (2)", "Column 3"]);
    expect(codes(t)).toEqual(["EMPTY_HEADER", "EMPTY_HEADER"]);
    expect(t.rows[0]).toEqual({ "Column 1": "A", "2019": 1, "Column 3 (2)": 2, "Column 3": 3 });
  });

  it("keeps a column named __proto__ as an ordinary own property", () => {
    const t = parseCsv("__proto__,Value\nA,1\n");
    expect(Object.keys(t.rows[0])).toEqual(["__proto__", "Value"]);
    expect(Object.getOwnPropertyDescriptor(t.rows[0], "__proto__")?.value).toBe("A");
  });

  it("pads short rows and cuts empty overflow with RAGGED_ROW warnings", () => {
    const t = parseCsv("Label,A,B\nx,1\ny,2,3,,\nz,4,5\n");
    expect(t.rows).toEqual([
      { Label: "x", A: 1, B: null },
      { Label: "y", A: 2, B: 3 },
      { Label: "z", A: 4, B: 5 },
    ]);
    expect(t.raw[0]).toEqual(["x", "1", ""]);
    expect(t.warnings.map((w) => [w.code, w.row])).toEqual([
      ["RAGGED_ROW", 1],
      ["RAGGED_ROW", 2],
    ]);
  });

  it("refuses a row with extra non-empty cells (an unquoted comma) with a clear CsvError", () => {
    const e = csvError(() => parseCsv("Country,Value\nUS,1,204\n"));
    expect(e.message).toMatch(/Row 1 has 3 cells but the header has 2/);
    expect(e.message).toMatch(/"1,204"/);
    expect(e.details).toMatchObject({ row: 1, cells: 3, columns: 2 });
  });

  it("caps repeated warnings and summarises the rest", () => {
    const lines = ["L,A,B", ...Array.from({ length: 50 }, (_, i) => `r${i},1`)];
    const t = parseCsv(lines.join("\n"));
    expect(t.rows).toHaveLength(50);
    const ragged = t.warnings.filter((w) => w.code === "RAGGED_ROW");
    expect(ragged).toHaveLength(11);
    expect(ragged[10].message).toMatch(/40 more RAGGED_ROW warnings \(50 in all\)/);
  });

  it("drops blank rows and all-missing rows; trailing blank lines silently", () => {
    const t = parseCsv("\n\nName,Value\nA,1\n\n , \nnan,-\nB,2\n\n\n");
    expect(t.rows).toEqual([
      { Name: "A", Value: 1 },
      { Name: "B", Value: 2 },
    ]);
    expect(codes(t)).toEqual(["BLANK_ROWS_DROPPED"]);
    expect(t.warnings[0].message).toMatch(/^5 rows were dropped/);
    expect(codes(parseCsv("Name,Value\nA,1\n\n\n"))).toEqual([]);
  });

  it("accepts a single-column table (a missing cell there is an empty row, dropped)", () => {
    const t = parseCsv("Value\n1\n-\n2.5\n");
    expect(t.columns).toEqual(["Value"]);
    expect(t.kinds).toEqual(["number"]);
    expect(t.rows).toEqual([{ Value: 1 }, { Value: 2.5 }]);
    expect(codes(t)).toEqual(["BLANK_ROWS_DROPPED"]);
    expect(parseCsv("Country\nHaiti\nLibya\n").rows).toEqual([{ Country: "Haiti" }, { Country: "Libya" }]);
  });

  it("uses tab or semicolon only when the header line has no comma", () => {
    expect(parseCsv("Year\tValue\n2019\t1,5\n").rows).toEqual([{ Year: 2019, Value: 1.5 }]);
    expect(parseCsv("Land;Anteil\nDeutschland;12,5 %\n").rows).toEqual([{ Land: "Deutschland", Anteil: 12.5 }]);
    expect(parseCsv('"a;b",c\n1;2,3\n').columns).toEqual(["a;b", "c"]);
    expect(parseCsv('"a;b"\n1\n').columns).toEqual(["a;b"]);
  });
});

describe("parseCsv: typing", () => {
  it("makes year label columns numbers, footnoted years included", () => {
    const t = parseCsv("Characteristic,4G\n2024*,540\n2023*,585\n2010,-\n");
    expect(t.kinds).toEqual(["number", "number"]);
    expect(t.rows.map((r) => r.Characteristic)).toEqual([2024, 2023, 2010]);
  });

  it("keeps a column as text when one cell is not a number, with MIXED_COLUMN", () => {
    const t = parseCsv("Year,Students\n2019/20*,509473\n2018,519462\n2017,522059\n");
    expect(t.kinds).toEqual(["label", "number"]);
    expect(t.rows.map((r) => r.Year)).toEqual(["2019/20*", "2018", "2017"]);
    expect(codes(t)).toEqual(["MIXED_COLUMN"]);
    expect(t.warnings[0]).toMatchObject({ column: "Year" });
    expect(t.warnings[0].message).toMatch(/"2019\/20\*" \(row 1\)/);
  });

  it("does not warn about ordinary label columns", () => {
    const t = parseCsv("Entity,Value\nQ1,1\nQ2,2\nQ3,3\n");
    expect(t.kinds).toEqual(["label", "number"]);
    expect(t.warnings).toEqual([]);
  });

  it("turns missing markers in label columns into null", () => {
    const t = parseCsv("Entity,Value\nnan,1\nB,2\n-,3\n");
    expect(t.rows.map((r) => r.Entity)).toEqual([null, "B", null]);
  });

  it("types an all-missing column as number (all null)", () => {
    const t = parseCsv("Entity,Empty,Value\nA,nan,1\nB,,2\n");
    expect(t.kinds).toEqual(["label", "number", "number"]);
    expect(t.rows.map((r) => r.Empty)).toEqual([null, null]);
  });

  it("reads a whole column in European notation when it needs it (DECIMAL_COMMA)", () => {
    const t = parseCsv('Land,Wert\nA,"1,5"\nB,"1.204,5"\nC,3\n');
    expect(t.kinds).toEqual(["label", "number"]);
    expect(t.rows.map((r) => r.Wert)).toEqual([1.5, 1204.5, 3]);
    expect(codes(t)).toEqual(["DECIMAL_COMMA"]);
    // English thousands stay English when every cell reads that way.
    expect(parseCsv('L,V\nA,"1,500"\nB,"2,000"\n').rows.map((r) => r.V)).toEqual([1500, 2000]);
    // A column that is neither stays text.
    expect(parseCsv('L,V\nA,"1,5"\nB,1.5\n').kinds).toEqual(["label", "label"]);
  });

  it("warns when a number column mixes magnitude suffixes (not scaled)", () => {
    const t = parseCsv("L,V\nA,950k\nB,1.2M\n");
    expect(t.rows.map((r) => r.V)).toEqual([950, 1.2]);
    expect(codes(t)).toEqual(["MIXED_COLUMN"]);
    expect(codes(parseCsv("Country,Freight\nPortugal,0.00M\nRussia,1.97M\n"))).toEqual([]);
  });
});

describe("parseCsv: scale", () => {
  it("parses a generated 100k-row table well under a second", () => {
    const lines = ["Country,Year,Value,Share,Price"];
    for (let i = 0; i < 100_000; i++) {
      const price = `"$${(i % 5000).toLocaleString("en-US")}.5"`;
      lines.push(`Country ${i % 250},${2000 + (i % 25)},${(i * 1.37).toFixed(2)},${i % 100}%,${price}`);
    }
    const text = lines.join("\r\n");
    // Best of three, in CPU time: the machine (and CI) runs other test files in parallel, so wall time
    // measures contention more than the parser.
    let t = parseCsv(text);
    let cpuMs = Infinity;
    let wallMs = Infinity;
    for (let k = 0; k < 3; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      t = parseCsv(text);
      wallMs = Math.min(wallMs, performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
    }
    const mb = (text.length / 1e6).toFixed(1);
    const times = `best ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`;
    console.info(`[table] 100k rows × 5 columns (${mb} MB): ${times}`);
    expect(t.rows).toHaveLength(100_000);
    expect(t.kinds).toEqual(["label", "number", "number", "number", "number"]);
    expect(t.rows[99_999]).toEqual({ Country: "Country 249", Year: 2024, Value: 136998.63, Share: 99, Price: 4999.5 });
    expect(cpuMs).toBeLessThan(1000);
  });
});

describe("tableToCsv", () => {
  it("writes typed values and round-trips rows, columns and kinds", () => {
    const t = parseCsv(
      "Label,Share,Note,Value,Value\n" +
        '"A, inc",45%*,"say ""hi""",-,$1.2k\n' +
        "  B ,−3%,;semi,nan,2\n" +
        "2019/20,1e21,\ttab,7,\n",
    );
    const csv = tableToCsv(t);
    expect(csv.split("\n")[0]).toBe("Label,Share,Note,Value,Value (2)");
    expect(csv.split("\n")[1]).toBe('"A, inc",45,"say ""hi""",,1.2');
    const back = parseCsv(csv);
    expect(back.columns).toEqual(t.columns);
    expect(back.kinds).toEqual(t.kinds);
    expect(back.rows).toEqual(t.rows);
  });
});
