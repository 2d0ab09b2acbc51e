import { describe, expect, it } from "vitest";
import {
  allowedEdits,
  approximateFind,
  chartText,
  compactSkeleton,
  groundTable,
  numbersIn,
  skeleton,
  tableTerms,
} from "../src/grounding/index.js";
import type { OcrBox, OcrResult } from "../src/ocr/index.js";
import { parseCsv } from "../src/table/index.js";

/** An OCR result from hand-placed boxes: [text, x, y] with a 12 px line height, or full boxes. */
function ocrOf(items: Array<[string, number, number, number?] | OcrBox>): OcrResult {
  const boxes = items.map((it): OcrBox => {
    if (!Array.isArray(it)) return it;
    const [text, x, y, angle] = it;
    const box: OcrBox = { text, confidence: 0.99, box: { x, y, width: text.length * 7, height: 12 } };
    if (angle !== undefined) box.angle = angle;
    return box;
  });
  return { width: 800, height: 600, boxes, ms: { det: 0, rec: 0, total: 0 } };
}

const text = (s: string) => String.fromCodePoint(...skeleton(s).map((c) => (c < 0 ? 0x7c : c)));

describe("skeletons", () => {
  it("fold case, accents, spacing, punctuation and O/0, l/I/1 confusions", () => {
    expect(text("Côte d'Ivoire")).toBe("c0te|d|1v01re");
    expect(text("  HELLO, World!! ")).toBe("he110|w0r1d11"); // "!" reads as 1 (a common OCR confusion)
    expect(text("2O1O")).toBe("2|0|1|0"); // letters and digits as written are split, then folded
    expect(text("Male10335")).toBe("ma1e|10335");
    expect(compactSkeleton("South  Park")).toEqual(compactSkeleton("SouthPark"));
    expect(skeleton("—")).toEqual([]);
  });

  it("tolerate no edits for short labels, then more for longer ones", () => {
    expect([3, 4, 5, 7, 8, 10, 20, 40].map(allowedEdits)).toEqual([0, 0, 1, 1, 1, 2, 4, 8]);
  });

  it("find approximate substrings, skipping breaks for free", () => {
    const find = (p: string, t: string, whole = false) => approximateFind(compactSkeleton(p), skeleton(t), whole);
    expect(find("South Park", "Top shows: SouthPark 50.7")).toBe(0);
    expect(find("South Park", "Top shows: South Park")).toBe(0);
    expect(find("undernourishment", "hunger-and-undemourishment")).toBe(2); // rn → m
    expect(find("US", "business", true)).toBeGreaterThan(0); // short labels match whole words only
    expect(find("US", "business")).toBe(0);
    expect(find("US", "US adults", true)).toBe(0);
    expect(find("Q1", "2019 Q1 results", true)).toBe(0);
    expect(find("", "anything")).toBe(0);
  });
});

describe("numbers printed on a chart", () => {
  const values = (s: string) => numbersIn(s).map((n) => n.value);
  it("reads separators every plausible way", () => {
    expect(values("45%")).toEqual([45]);
    expect(values("1,204")).toEqual([1204, 1, 204]);
    expect(values("1.204")).toEqual([1.204, 1204]);
    expect(values("1,5")).toEqual([1.5, 1, 5]);
    expect(values("1,204.5")).toContain(1204.5);
    expect(values("$3.2bn")).toEqual([3.2]);
    expect(values("1 125")).toEqual([1, 125, 1125]);
    expect(values("37-392")).toEqual([37, 392, 37392]); // a thin space read as a hyphen
    expect(values("2019-2020")).toEqual([2019, 2020]);
    expect(values("-7.5")).toEqual([7.5]);
    expect(values("2O1O")).toEqual([2010]); // O read for 0 next to digits
    expect(values("l2.5%")).toEqual([12.5]);
    expect(values("Total")).toEqual([]);
  });

  it("records printed decimals", () => {
    expect(numbersIn("6.10%")).toEqual([{ value: 6.1, decimals: 2 }]);
  });
});

describe("which terms a table offers", () => {
  it("takes headers (not the first), label cells and the first column as labels; other numbers as numbers", () => {
    const t = parseCsv("Year,Sales in million euros,Region\n2019,45,North\n2020,1204,South\n2021,45,nan\n");
    expect(tableTerms(t)).toEqual({
      labels: ["Sales in million euros", "Region", "2019", "2020", "2021", "North", "South"],
      numbers: [45, 1204],
    });
  });
});

describe("groundTable", () => {
  const chart = ocrOf([
    ["Quarterly revenue by region", 200, 10],
    ["Revenue in million euros", 10, 150, 90],
    ["45%", 100, 100],
    ["1,204", 200, 100],
    ["$3.2", 300, 100],
    ["0", 40, 400],
    ["10", 40, 300],
    ["North", 100, 420],
    ["South", 200, 420],
    ["East", 300, 420],
    ["Western", 400, 420],
    ["Isles", 404, 433],
  ]);

  it("finds labels (also wrapped over lines) and numbers in their printed forms", () => {
    const t = parseCsv("Region,Revenue in million euros\nNorth,45\nSouth,1204\nEast,3.2\nWestern Isles,17\n");
    const g = groundTable(t, chart);
    expect(g.labels).toEqual({ found: 5, total: 5, missing: [] });
    expect(g.numbers).toEqual({ found: 3, total: 4, missing: [17] });
    expect(g.score).toBeCloseTo(0.75 * 1 + 0.25 * 0.75, 4);
  });

  it("tolerates OCR slips in long labels but not in short ones", () => {
    const ocr = ocrOf([["Revenue in mi11ion eur0s", 10, 10], ["Nrth", 10, 40], ["Eas", 10, 60], ["Wst", 10, 80]]);
    const t = parseCsv("Region,Revenue in million euros\nNorth,1\nEast,2\nWest,3\n");
    // North (5 characters) tolerates one slip; East and West (4) must match exactly.
    expect(groundTable(t, ocr).labels.missing).toEqual(["East", "West"]);
  });

  it("matches rounded printed numbers within 1% and ignores signs", () => {
    const ocr = ocrOf([["5.3%", 0, 0], ["-3", 0, 20], ["12", 0, 40]]);
    const t = parseCsv("Country,Share\nA,5.32\nB,-3\nC,12.4\nD,0.5\n");
    const g = groundTable(t, ocr);
    expect(g.numbers.missing).toEqual([12.4, 0.5]);
  });

  it("scores a table of another chart low", () => {
    const t = parseCsv("Country,Share of children who are wasted\nHaiti,6.12\nLibya,5.32\nMorocco,5.11\n");
    const g = groundTable(t, chart);
    expect(g.labels.found).toBe(0);
    expect(g.numbers.found).toBe(0);
    expect(g.score).toBe(0);
  });

  it("handles tables without labels or numbers", () => {
    expect(groundTable(parseCsv("A,B\n,\n"), chart).score).toBe(0);
    const onlyNumbers = groundTable(parseCsv("x,y\n45,1204\n"), chart);
    expect(onlyNumbers.numbers).toEqual({ found: 1, total: 1, missing: [] });
  });

  it("accepts prepared chart text", () => {
    const t = parseCsv("Region,Revenue in million euros\nNorth,45\n");
    expect(groundTable(t, chartText(chart))).toEqual(groundTable(t, chart));
  });
});
