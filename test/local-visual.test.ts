/**
 * Questions about how a chart looks, resolved with the local reader's colours and category order:
 * colour names, picking the mark a colour phrase names, rewriting into series/category names, and
 * direct answers (a colour, its meaning, how many colours) that run in the sandbox.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { ChartReading } from "../src/chart/index.js";
import { baseNamesOf, colourName, parseColourPhrase, pickColour } from "../src/local/colour-names.js";
import { resolveVisual } from "../src/local/visual-references.js";
import { compileQuestion } from "../src/compile/index.js";
import { runResponse } from "../src/engine/run-response.js";
import { createSandbox } from "../src/sandbox/index.js";
import { parseCsv } from "../src/table/index.js";

const STATISTA_BLUE = "#2876dd";
const NAVY = "#0f2a4a";

const grouped: ChartReading = {
  kind: "vbar-stacked",
  columns: ["Characteristic", "Facebook fans", "Twitter followers"],
  rows: [
    ["2019", "7.51", "1.1"],
    ["2020", "7.96", "1.08"],
    ["2021", "7.69", "1.1"],
  ],
  confidence: 0.9,
  valueSource: "labels",
  colours: { series: [STATISTA_BLUE, NAVY] },
  notes: [],
};

const pie: ChartReading = {
  kind: "pie",
  columns: ["Characteristic", "Value"],
  rows: [
    ["Not safe", "76"],
    ["Safe", "19"],
    ["DK", "6"],
  ],
  confidence: 0.8,
  valueSource: "labels",
  colours: { series: ["#f2c894"], rows: ["#f2c894", "#7a4a12", "#e8a23a"] },
  notes: [],
};

const hbar: ChartReading = { ...grouped, kind: "hbar", columns: ["Characteristic", "Share"], rows: [["Packaging", "146"], ["Textiles", "59"], ["Transportation", "27"]], colours: { series: ["#4c6fb3"] } };

const sandbox = createSandbox({ workers: 1 });
afterAll(() => sandbox.dispose());

/** Run a snippet over the reading's table in the sandbox, as the local path does. */
async function run(reading: ChartReading, code: string) {
  const csv = [reading.columns, ...reading.rows].map((r) => r.join(",")).join("\n");
  const { output } = await runResponse(`<programability>yes</programability><csv>\n${csv}\n</csv><code>\n${code}\n</code><answer>-</answer>`, { sandbox });
  return { ok: output.error === null, answer: output.computed, error: output.error };
}

describe("colour names", () => {
  it.each([
    [STATISTA_BLUE, "blue"],
    [NAVY, "dark blue"],
    ["#a6cee3", "light blue"],
    ["#e31a1c", "red"],
    ["#33a02c", "green"],
    ["#ff7f00", "orange"],
    ["#7a4a12", "dark brown"],
    ["#999999", "grey"],
    ["#222222", "black"],
    ["#6a3d9a", "purple"],
  ])("%s is called %s", (hex, name) => {
    expect(colourName(hex)).toBe(name);
  });

  it("reads shades and synonyms in phrases", () => {
    expect(parseColourPhrase("dark blue")).toEqual({ base: "blue", shade: "dark", text: "dark blue" });
    expect(parseColourPhrase("navy")).toMatchObject({ base: "blue", shade: "dark" });
    expect(parseColourPhrase("light-green")).toMatchObject({ base: "green", shade: "light" });
    expect(parseColourPhrase("gray")).toMatchObject({ base: "grey", shade: null });
    expect(baseNamesOf("#1b9e9e")).toEqual(["teal", "blue", "green"]);
  });

  it("picks the mark a phrase names, by shade among colours of one name, or none", () => {
    const two = [STATISTA_BLUE, NAVY];
    expect(pickColour(parseColourPhrase("blue")!, two)).toBe(0);
    expect(pickColour(parseColourPhrase("dark blue")!, two)).toBe(1);
    expect(pickColour(parseColourPhrase("navy")!, two)).toBe(1);
    expect(pickColour(parseColourPhrase("light blue")!, ["#a6cee3", "#1f78b4"])).toBe(0);
    expect(pickColour(parseColourPhrase("blue")!, ["#a6cee3", "#1f78b4"])).toBe(1);
    expect(pickColour(parseColourPhrase("red")!, two)).toBeNull();
    // Published palettes' in-between colours answer to both neighbouring names (colours from ChartQA charts).
    const owid = ["#835ba1", "#279691", "#bd532c", "#59697d"];
    expect(pickColour(parseColourPhrase("brown")!, owid)).toBe(2);
    expect(pickColour(parseColourPhrase("orange")!, owid)).toBe(2);
    expect(pickColour(parseColourPhrase("grey")!, owid)).toBe(3);
    expect(pickColour(parseColourPhrase("red")!, ["#00847e", "#b13608"])).toBe(1);
    expect(pickColour(parseColourPhrase("yellow")!, ["#e3ca83", "#d1a730"])).toBe(1);
    expect(pickColour(parseColourPhrase("dark green")!, ["#949d48", "#c3ca8b"])).toBe(0);
    expect(colourName("#58687c")).toBe("grey");
    // Two blues of the same lightness: ambiguous, so no pick.
    expect(pickColour(parseColourPhrase("blue")!, ["#2876dd", "#2a70e0"])).toBeNull();
  });
});

describe("resolveVisual", () => {
  it("rewrites a colour into the series it names, which then compiles and runs", async () => {
    const v = resolveVisual("What is the sum of all dark blue bars?", grouped);
    expect(v).toMatchObject({ kind: "rewritten", question: "What is the sum of all Twitter followers?" });
    if (v.kind !== "rewritten") throw new Error("unreachable");
    expect(v.notes[0]).toMatch(/"dark blue bars" read as the series "Twitter followers" \(#0f2a4a, dark blue\)/);
    const csv = [grouped.columns, ...grouped.rows].map((r) => r.join(",")).join("\n");
    const c = compileQuestion(v.question, parseCsv(csv));
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const out = await run(grouped, c.code);
    expect(out.ok && out.answer).toBeCloseTo(3.28, 9);
  });

  it("rewrites positions into categories in chart order (left to right; top to bottom for horizontal bars)", () => {
    expect(resolveVisual("What is the value of the leftmost bar?", grouped)).toMatchObject({ question: "What is the value of 2019?" });
    expect(resolveVisual("What is the value of the rightmost bar?", grouped)).toMatchObject({ question: "What is the value of 2021?" });
    expect(resolveVisual("What is the value of the top bar?", hbar)).toMatchObject({ question: "What is the value of Packaging?" });
    expect(resolveVisual("Which name is represented by middle bar?", hbar)).toMatchObject({ question: "Which name is represented by Textiles?" });
    expect(resolveVisual("What is the value of the middle bar?", { ...hbar, rows: hbar.rows.slice(0, 2) })).toMatchObject({ kind: "unresolved" });
  });

  it("answers what a colour represents, the colour of a named mark, yes/no colour checks and colour counts", async () => {
    const meaning = resolveVisual("What does the dark blue color represent?", grouped);
    expect(meaning.kind).toBe("direct");
    if (meaning.kind === "direct") expect(await run(grouped, meaning.code)).toMatchObject({ ok: true, answer: "Twitter followers" });
    const colourOf = resolveVisual("What is the colour of Safe?", pie);
    if (colourOf.kind !== "direct") throw new Error(`expected a direct answer, got ${colourOf.kind}`);
    expect(await run(pie, colourOf.code)).toMatchObject({ ok: true, answer: "dark brown" });
    const check = resolveVisual("Is the color of DK segment orange?", pie);
    if (check.kind !== "direct") throw new Error(`expected a direct answer, got ${check.kind}`);
    expect(await run(pie, check.code)).toMatchObject({ ok: true, answer: true });
    const wrong = resolveVisual("Is the color of DK segment gray?", pie);
    if (wrong.kind !== "direct") throw new Error("expected a direct answer");
    expect(await run(pie, wrong.code)).toMatchObject({ ok: true, answer: false });
    const yes = resolveVisual("Is the dark blue graph represent Twitter followers?", grouped);
    if (yes.kind !== "direct") throw new Error("expected a direct answer");
    expect(await run(grouped, yes.code)).toMatchObject({ ok: true, answer: true });
    const no = resolveVisual("Does the dark blue bar represent Facebook fans?", grouped);
    if (no.kind !== "direct") throw new Error("expected a direct answer");
    expect(await run(grouped, no.code)).toMatchObject({ ok: true, answer: false });
    const count = resolveVisual("How many colors are used in the chart?", pie);
    if (count.kind !== "direct") throw new Error("expected a direct answer");
    expect(await run(pie, count.code)).toMatchObject({ ok: true, answer: 3 });
  });

  it("asks for the category first, then gives its colour", () => {
    const v = resolveVisual("Which color has the highest value?", pie);
    expect(v).toMatchObject({ kind: "colour-of-label", question: "which category has the highest value?" });
    if (v.kind === "colour-of-label") expect(v.colours).toEqual({ "Not safe": "light orange", Safe: "dark brown", DK: "orange" });
  });

  it("leaves unresolvable references unresolved, with a reason", () => {
    expect(resolveVisual("What is the value of the red bar in 2020?", grouped)).toEqual({ kind: "unresolved", reason: "no single series is drawn in red" });
    expect(resolveVisual("What is the value in 2020?", grouped)).toMatchObject({ kind: "unresolved" });
    expect(resolveVisual("What does the blue bar represent?", { ...grouped, colours: undefined })).toMatchObject({ kind: "unresolved" });
    // A series the reader could not name is not an answer.
    expect(resolveVisual("What does the dark blue bar represent?", { ...grouped, columns: ["Characteristic", "Facebook fans", "Series 2"] })).toMatchObject({ kind: "unresolved" });
  });
});
