import { afterAll, describe, expect, it } from "vitest";
import { runResponse } from "../src/engine/run-response.js";
import { buildRepairPrompt } from "../src/prompts/index.js";
import { createSandbox } from "../src/sandbox/index.js";

const sandbox = createSandbox({ workers: 1 });
afterAll(() => sandbox.dispose());

const CSV = "Country,Price index\nLamb,103.7\nCorn,103.13";
const CODE = 'const top = table.reduce((a, b) => (b["Price index"] as number) > (a["Price index"] as number) ? b : a);\nreturn top["Prise index"];';

const response = (csv: string, code: string, answer = "Lamb"): string =>
  `<programability>yes</programability>\n<csv>\n${csv}\n</csv>\n<code>\n${code}\n</code>\n<answer>${answer}</answer>\n`;

describe("buildRepairPrompt", () => {
  it("shows a real unknown-column error with its line quoted and a caret under the column", async () => {
    const { output } = await runResponse(response(CSV, CODE), { sandbox });
    const error = output.error!;
    expect(error.code).toBe("UNKNOWN_COLUMN");
    expect(error.line).toBe(2);
    const text = buildRepairPrompt(error, { csv: CSV, code: CODE });
    expect(text).toContain(`UNKNOWN_COLUMN: ${error.message}`);
    expect(text).toContain('Did you mean "Price index"?');
    expect(text).toContain(`At line 2, column ${error.column} of your code:`);
    const quoted = '    2 | return top["Prise index"];';
    expect(text).toContain(quoted);
    const caretLine = text.split("\n")[text.split("\n").indexOf(quoted) + 1];
    expect(caretLine.indexOf("^") - "    2 | ".length + 1).toBe(error.column);
    expect(text).toContain("Your CSV header is:\n\n    Country,Price index");
    expect(text).toContain("Keep the CSV as it was unless the error shows that the CSV itself is wrong");
    expect(text).toContain("`<programability>yes</programability>`, then `<csv>…</csv>`, `<code>…</code>` and `<answer>…</answer>`");
  });

  it("quotes the line of a real syntax error", async () => {
    const code = "const rows = table.length;\nif (rows > 1 {\n  return rows;\n}\nreturn 0;";
    const { output } = await runResponse(response(CSV, code, "2"), { sandbox });
    const error = output.error!;
    expect(error.code).toBe("SYNTAX_ERROR");
    const text = buildRepairPrompt(error, { csv: CSV, code });
    expect(text).toContain(error.message);
    expect(text).toContain(`At line ${error.line}`);
    expect(text).toContain(`    ${error.line} | ${code.split("\n")[error.line! - 1]}`);
    expect(text).toContain("Fix the syntax");
  });

  it("takes the position from the message when the fields are absent, and keeps tabs under the caret", () => {
    const code = "const x = 1;\n\tif (x) {\n\t  return x +;\n}";
    const text = buildRepairPrompt({ code: "SYNTAX_ERROR", message: "SyntaxError: Unexpected token (at line 3:12)" }, { csv: "a\n1", code });
    expect(text).toContain("At line 3, column 12 of your code:\n\n    3 | \t  return x +;\n      | \t          ^");
  });

  it("quotes the CSV for a CSV error and asks for the CSV to be fixed", () => {
    const csv = 'Year,Value\n2019,"12\n2020,13';
    const text = buildRepairPrompt({ code: "CSV_ERROR", message: "unterminated quote in the CSV starting at line 2" }, { csv, code: "return 1;" });
    expect(text).toContain('At line 2 of your CSV:\n\n    2 | 2019,"12');
    expect(text).toContain("The CSV is wrong: fix it.");
    expect(text).toContain("Write the CSV again, corrected.");
    expect(text).not.toContain("Keep the CSV as it was");
  });

  it("cuts long lines to a window that keeps the caret on the right character", () => {
    const line = "const v = " + "a + ".repeat(100) + "oops(1);";
    const column = line.indexOf("oops") + 1;
    const text = buildRepairPrompt({ code: "SNIPPET_ERROR", message: "ReferenceError: oops is not defined", line: 1, column }, { csv: "a\n1", code: line });
    const lines = text.split("\n");
    const quoted = lines.find((l) => l.startsWith("    1 | "))!;
    expect(quoted.length).toBeLessThan(200);
    const caret = lines[lines.indexOf(quoted) + 1].indexOf("^");
    expect(quoted.slice(caret, caret + 4)).toBe("oops");
  });

  it("copes with a position outside the code, a missing position and a parse error with no blocks", () => {
    const outside = buildRepairPrompt({ code: "SNIPPET_ERROR", message: "TypeError: x is null", line: 9, column: 1 }, { csv: CSV, code: "return 1;" });
    expect(outside).toContain("TypeError: x is null");
    expect(outside).not.toContain("At line");
    const none = buildRepairPrompt({ code: "INVALID_ANSWER", message: "the snippet returned undefined" }, { csv: CSV, code: "table.length;" });
    expect(none).toContain("Did the code forget to `return`?");
    const parse = buildRepairPrompt({ code: "PARSE_ERROR", message: "expected <csv> after </programability> at line 2" }, { csv: "", code: "" });
    expect(parse).toContain("PARSE_ERROR: expected <csv>");
    expect(parse).not.toContain("At line");
    expect(parse).toContain("Reply with a complete response in the format described at the start");
  });

  it("bounds a huge error message", () => {
    const text = buildRepairPrompt({ code: "UNKNOWN_COLUMN", message: "x".repeat(100_000) }, { csv: CSV, code: CODE });
    expect(text.length).toBeLessThan(5_000);
  });
});
