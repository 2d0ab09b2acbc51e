import { describe, expect, it } from "vitest";
import { extractDataFrame, pythonSource } from "../src/reward/pandas-frame.js";
import { parseCallArguments, parsePythonLiteral, PyLiteralError, type PyValue } from "../src/reward/python-literal.js";

const lit = (src: string): PyValue => parsePythonLiteral(src).value;

/** A dict literal as plain [key, value] pairs, for readable expectations. */
function entries(v: PyValue): Array<[PyValue, PyValue]> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not a dict");
  return v.entries;
}

describe("parsePythonLiteral", () => {
  it("reads scalars: numbers, strings, None, booleans, missing spellings", () => {
    expect(lit("42")).toBe(42);
    expect(lit("-3.5e2")).toBe(-350);
    expect(lit("1_204.5")).toBe(1204.5);
    expect(lit("0x1F")).toBe(31);
    expect(lit(".5")).toBe(0.5);
    expect(lit("+ 7")).toBe(7);
    expect(lit("--7")).toBe(7);
    expect(lit("None")).toBeNull();
    expect(lit("True")).toBe(true);
    expect(lit("False")).toBe(false);
    for (const nan of ["np.nan", "numpy.nan", "float('nan')", 'float("NaN")', "pd.NA", "math.nan", "-np.nan"]) expect(lit(nan)).toBeNull();
  });

  it("reads strings: both quotes, triple quotes, escapes, prefixes, implicit concatenation", () => {
    expect(lit(`'it\\'s'`)).toBe("it's");
    expect(lit(`"say \\"hi\\""`)).toBe('say "hi"');
    expect(lit(`"tab\\there\\nnewline \\x41\\u00e9\\U0001F600 \\101"`)).toBe("tab\there\nnewline Aé😀 A");
    expect(lit(`r"C:\\path\\n"`)).toBe("C:\\path\\n");
    expect(lit(`u"unicode"`)).toBe("unicode");
    expect(lit(`f"Q{1}"`)).toBe("Q{1}");
    expect(lit(`"""multi
line"""`)).toBe("multi\nline");
    expect(lit(`"Domestic " 'market share'`)).toBe("Domestic market share");
    expect(lit(`"unknown \\d escape"`)).toBe("unknown \\d escape");
  });

  it("reads nested lists, tuples and dicts with comments and trailing commas", () => {
    const v = lit(`{
      # the x axis
      "Year": [2019, 2020, 2021,],  # trailing comma
      'Share (%)': (12.5, None, 14),
      "nested": [[1, [2, 3]], {"a": 1}],
    }`);
    const e = entries(v);
    expect(e.map(([k]) => k)).toEqual(["Year", "Share (%)", "nested"]);
    expect(e[0]![1]).toEqual([2019, 2020, 2021]);
    expect(e[1]![1]).toEqual([12.5, null, 14]);
    expect((e[2]![1] as PyValue[])[0]).toEqual([1, [2, 3]]);
  });

  it("reads dict(name=value, ...) as a dict", () => {
    expect(entries(lit("dict(Year=[2019, 2020], Sales=(1.5, 2),)"))).toEqual([["Year", [2019, 2020]], ["Sales", [1.5, 2]]]);
    expect(() => lit('dict({"a": 1})')).toThrow(/keyword arguments only/);
  });

  it("returns the offset after the literal", () => {
    const src = `x = [1, 2]  # tail`;
    expect(parsePythonLiteral(src, 4)).toEqual({ value: [1, 2], end: 10 });
  });

  it("rejects what is not a literal, with a position", () => {
    const cases: Array<[string, RegExp]> = [
      ["[1, 2", /unclosed "\["/],
      ['{"a": [1, 2}', /expected "," or "\]"/],
      ["(1, 2]", /expected "," or "\)"/],
      ["'abc", /unterminated string/],
      ['"line\nbreak"', /unterminated string/],
      ["np.random.randn(3)", /not a literal/],
      ["x + 1", /not a literal/],
      ["[1 2]", /expected "," or "\]"/],
      ['{"a" 1}', /expected ":"/],
      ["3j", /complex/],
      ["-'a'", /must be followed by a number/],
      ["1e999", /out of range/],
      ["", /ends early/],
    ];
    for (const [src, message] of cases) {
      expect(() => lit(src), src).toThrow(PyLiteralError);
      expect(() => lit(src), src).toThrow(message);
    }
  });

  it("fails fast on hostile input: deep nesting, long sign runs, huge literals, item caps", () => {
    const t0 = performance.now();
    expect(() => lit("[".repeat(200_000))).toThrow(/nest deeper than 32/);
    expect(() => lit("{".repeat(200_000))).toThrow(/nest deeper/);
    expect(() => lit("dict(a=".repeat(200_000))).toThrow(/nest deeper/);
    expect(() => lit("float(".repeat(200_000))).toThrow(/nest deeper/);
    expect(lit("-".repeat(100_001) + "1")).toBe(-1);
    expect(() => lit("[" + "1,".repeat(300_000))).toThrow(/unclosed "\["/);
    expect(() => lit("'" + "a".repeat(1_000_000))).toThrow(/unterminated string/);
    expect(() => parsePythonLiteral("[" + "0,".repeat(2_000) + "]", 0, { maxItems: 1_000 })).toThrow(/more than 1000 values/);
    const big = lit("[" + "1.5, ".repeat(200_000) + "]") as number[];
    expect(big).toHaveLength(200_000);
    expect(performance.now() - t0).toBeLessThan(50_000); // hang guard
  });
});

describe("parseCallArguments", () => {
  it("reads positional and keyword literals and bare names", () => {
    const src = `DataFrame(data, columns=["a", "b"], index=None)`;
    const args = parseCallArguments(src, src.indexOf("(") + 1);
    expect(args.positional).toEqual([{ kind: "name", name: "data", pos: 10 }]);
    expect(args.keywords.get("columns")).toEqual({ kind: "literal", value: ["a", "b"] });
    expect(args.keywords.get("index")).toEqual({ kind: "literal", value: null });
    expect(args.end).toBe(src.length);
  });
});

describe("extractDataFrame", () => {
  it("reads chart_data = pd.DataFrame({...}) from a fenced python block", () => {
    const text = [
      "<CODE>",
      "```python",
      "import pandas as pd",
      "chart_data = pd.DataFrame({",
      '    "Characteristic": ["WhatsApp*", "Facebook Messenger*", "Weixin / WeChat"],',
      '    "Monthly active users in millions": [2000, 1300, 1225],  # read off the bars',
      "})",
      "print(chart_data.nlargest(2, 'Monthly active users in millions'))",
      "```",
      "\\boxed{3300}",
    ].join("\n");
    const r = extractDataFrame(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.columns).toEqual(["Characteristic", "Monthly active users in millions"]);
    expect(r.table.rows).toEqual([
      { Characteristic: "WhatsApp*", "Monthly active users in millions": 2000 },
      { Characteristic: "Facebook Messenger*", "Monthly active users in millions": 1300 },
      { Characteristic: "Weixin / WeChat", "Monthly active users in millions": 1225 },
    ]);
  });

  it("resolves pd.DataFrame(data) to the literal assigned earlier (the last assignment before the call)", () => {
    const code = `data = {"x": [1]}\ndata = {"Year": ["2019", "2020"], "Sales": [1.5, None]}\ndf = pd.DataFrame(data)\ndata = {"late": [9]}`;
    const r = extractDataFrame(code);
    expect(r.ok && r.table.columns).toEqual(["Year", "Sales"]);
    expect(r.ok && r.table.rows).toEqual([{ Year: 2019, Sales: 1.5 }, { Year: 2020, Sales: null }]);
  });

  it("reads a list of rows with columns=[...], records, and index=[...]", () => {
    const rows = extractDataFrame(`chart_data = pd.DataFrame([["A", 1], ("B", 2)], columns=["Label", "Value"])`);
    expect(rows.ok && rows.table.rows).toEqual([{ Label: "A", Value: 1 }, { Label: "B", Value: 2 }]);
    const records = extractDataFrame(`pd.DataFrame([{"Label": "A", "Value": 1}, {"Label": "B", "Other": True}])`);
    expect(records.ok && records.table.columns).toEqual(["Label", "Value", "Other"]);
    const indexed = extractDataFrame(`pd.DataFrame({"Sales": [3, 4]}, index=["Q1", "Q2"])`);
    expect(indexed.ok && indexed.table.rows).toEqual([{ index: "Q1", Sales: 3 }, { index: "Q2", Sales: 4 }]);
  });

  it("prefers chart_data over other frames and skips commented-out calls", () => {
    const code = `# chart_data = pd.DataFrame({"old": [1]})\nother = pd.DataFrame({"b": [2]})\nchart_data = pd.DataFrame({"a": ["x, y"]})`;
    const r = extractDataFrame(code);
    expect(r.ok && r.table.rows).toEqual([{ a: "x, y" }]);
  });

  it("quotes cells so commas, quotes and spaces survive the CSV round trip", () => {
    const r = extractDataFrame(`pd.DataFrame({"Name": ['Say "hi"', " padded ", "1,204"], "v": [1, 2, 3]})`);
    expect(r.ok && r.table.raw.map((row) => row[0])).toEqual(['Say "hi"', " padded ", "1,204"]);
  });

  it("says why no table could be read", () => {
    expect(extractDataFrame("no code here")).toEqual({ ok: false, reason: "no pd.DataFrame(...) call in the response" });
    const uneven = extractDataFrame(`pd.DataFrame({"a": [1, 2], "b": [1]})`);
    expect(uneven.ok === false && uneven.reason).toMatch(/different lengths/);
    const random = extractDataFrame(`pd.DataFrame(np.random.randn(3, 2), columns=["a", "b"])`);
    expect(random.ok === false && random.reason).toMatch(/not a literal/);
    const unbalanced = extractDataFrame(`chart_data = pd.DataFrame({"a": [1, 2, 3}`);
    expect(unbalanced.ok === false && unbalanced.reason).toMatch(/expected "," or "\]".*line 1/);
    const unassigned = extractDataFrame(`pd.DataFrame(rows)`);
    expect(unassigned.ok === false && unassigned.reason).toMatch(/rows is not assigned/);
  });

  it("takes python fences only when there are any", () => {
    expect(pythonSource("text\n```python\nx = 1\n```\nmore\n```json\n{}\n```")).toBe("x = 1");
    expect(pythonSource("x = 1")).toBe("x = 1");
  });

  it("handles a huge literal and unbalanced brackets within a response quickly", () => {
    const t0 = performance.now();
    const huge = `chart_data = pd.DataFrame({"v": [${"1, ".repeat(150_000)}]})`;
    const r = extractDataFrame(huge);
    expect(r.ok && r.table.rows.length).toBe(150_000);
    const open = extractDataFrame("pd.DataFrame(" + "{[(".repeat(100_000));
    expect(open.ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(55_000); // hang guard
  });
});
