import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catDataAccuracy, compareTables, linearTableToCsv, rmsDetails, rnssDetails } from "../src/check/index.js";
import { parseCsv, type Table } from "../src/table/index.js";

function toCsv(rows: string[][]): string {
  const q = (x: string) => (/[",\r\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
  return rows.map((r) => r.map(q).join(",")).join("\n") + "\n";
}

/** Same header and the same rows in any order. */
function sameRows(a: string, b: string): boolean {
  const [ha, ...ra] = a.trim().split("\n");
  const [hb, ...rb] = b.trim().split("\n");
  return ha === hb && ra.sort().join("\n") === rb.sort().join("\n");
}

/** The table as written: header row then data rows. */
const grid = (t: Table): string[][] => [t.rawHeader.slice(), ...t.raw.map((r) => r.slice())];

describe("linearTableToCsv (ChartX text form)", () => {
  it("reads escaped and real separators, trims cells, drops blank rows and pads a short header", () => {
    expect(linearTableToCsv("Year \\t Sales \\n 2020 \\t 5 \\n ")).toBe("Year,Sales\n2020,5\n");
    expect(linearTableToCsv("A\tB\n1,5\t2\n\n")).toBe('A,B\n"1,5",2\n');
    expect(linearTableToCsv("Country \\t Value \\n US \\t 5 \\t 7 \\n")).toBe("Country,Value,\nUS,5,7\n");
    expect(linearTableToCsv("  \\n  ")).toBe("");
  });
});

// ChartVLM's predicted tables against ChartX gold tables: 36 real extraction errors. Measured means:
// RNSS 0.827, RMS precision 0.341 / recall 0.327 / F1 0.331, data accuracy 0.562; 5 predictions are exact.
describe("on ChartX (ChartVLM predictions vs gold)", () => {
  const records = JSON.parse(readFileSync("/work/shared/data/chartx/chartvlm_predictions.json", "utf8")) as Array<{
    imgname: string;
    csv_gt: string;
    csv_pred: string;
  }>;
  const pairs = records.map((r) => ({
    name: r.imgname,
    // The same table up to row order (ChartVLM lists one line chart's years backwards).
    same: sameRows(linearTableToCsv(r.csv_gt), linearTableToCsv(r.csv_pred)),
    gold: parseCsv(linearTableToCsv(r.csv_gt)),
    pred: parseCsv(linearTableToCsv(r.csv_pred)),
  }));

  it("scores every prediction at most as well as gold against itself (1), and below it when they differ", () => {
    expect(pairs.length).toBe(36);
    for (const { name, same, gold, pred } of pairs) {
      const self = compareTables(gold, gold);
      expect(self).toEqual({ rnss: 1, rms: { precision: 1, recall: 1, f1: 1 }, data: { score: 1, columns: 1, rows: 1, values: 1 } });
      const r = compareTables(pred, gold);
      for (const v of [r.rnss, r.rms.precision, r.rms.recall, r.rms.f1, r.data.score]) {
        expect(v, name).toBeGreaterThanOrEqual(0);
        expect(v, name).toBeLessThanOrEqual(1);
      }
      if (same) expect(r.data.score, name).toBe(1);
      // RNSS ignores missing numbers, so only RMS and data accuracy must see every difference.
      else {
        expect(r.rms.f1, name).toBeLessThan(1);
        expect(r.data.score, name).toBeLessThan(1);
      }
    }
  });

  it("gives plausible means", () => {
    const mean = (f: (r: ReturnType<typeof compareTables>) => number) =>
      pairs.reduce((s, { gold, pred }) => s + f(compareTables(pred, gold)), 0) / pairs.length;
    const rnss = mean((r) => r.rnss);
    const f1 = mean((r) => r.rms.f1);
    const data = mean((r) => r.data.score);
    expect(rnss).toBeCloseTo(0.827, 2);
    expect(f1).toBeCloseTo(0.331, 2);
    expect(data).toBeCloseTo(0.562, 2);
    // RNSS forgives missing numbers and loose values; RMS (θ = 10%) is the strictest.
    expect(rnss).toBeGreaterThan(data);
    expect(data).toBeGreaterThan(f1);
  });
});

// ChartQA gold tables with controlled perturbations.
const TABLES = "/work/shared/data/chartqa/tables/";
const golds = readdirSync(TABLES)
  .filter((f) => f.endsWith(".csv"))
  .sort()
  .map((f) => ({ name: f, table: parseCsv(readFileSync(TABLES + f)) }))
  .filter(({ table }) => table.raw.length > 0 && table.columns.length >= 2);

describe("on ChartQA gold tables with perturbations", () => {
  it("scaling one value by 1.5 costs RMS about one datapoint's share and data accuracy one cell", () => {
    let checked = 0;
    for (const { name, table } of golds) {
      // The first non-zero number in a value column.
      let at: [number, number] | undefined;
      for (let r = 0; r < table.raw.length && at === undefined; r++) {
        for (let c = 1; c < table.columns.length && at === undefined; c++) {
          const v = table.rows[r][table.columns[c]];
          if (table.kinds[c] === "number" && typeof v === "number" && v !== 0) at = [r, c];
        }
      }
      if (at === undefined) continue;
      const [r, c] = at;
      const rows = grid(table);
      rows[r + 1][c] = String((table.rows[r][table.columns[c]] as number) * 1.5);
      const pred = parseCsv(toCsv(rows));
      const rms = rmsDetails(pred, table);
      const d = rms.gold;
      expect(rms.f1, name).toBeCloseTo(1 - 1 / d, 9);
      const rnss = rnssDetails(pred, table);
      expect(rnss.score, name).toBeLessThan(1);
      expect(rnss.score, name).toBeGreaterThanOrEqual(1 - 0.5 / rnss.gold - 1e-12);
      const cells = table.raw.length * table.columns.length;
      expect(catDataAccuracy(pred, table).score, name).toBeCloseTo(1 - 0.7 / cells, 9);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("shuffling rows changes nothing", () => {
    for (const { name, table } of golds) {
      const rows = grid(table);
      const body = rows.slice(1);
      // A fixed permutation: odd rows first, then even rows reversed.
      const shuffled = [...body.filter((_, i) => i % 2 === 1), ...body.filter((_, i) => i % 2 === 0).reverse()];
      const pred = parseCsv(toCsv([rows[0], ...shuffled]));
      expect(compareTables(pred, table), name).toEqual({
        rnss: 1,
        rms: { precision: 1, recall: 1, f1: 1 },
        data: { score: 1, columns: 1, rows: 1, values: 1 },
      });
    }
  });

  it("transposing keeps RMS (and RNSS) at 1", () => {
    for (const { name, table } of golds) {
      const rows = grid(table);
      const transposed = rows[0].map((_, c) => rows.map((row) => row[c]));
      const pred = parseCsv(toCsv(transposed));
      const rms = rmsDetails(pred, table);
      expect(rms.f1, name).toBe(1);
      expect(rnssDetails(pred, table).score, name).toBe(1);
    }
  });

  it("dropping a column costs RMS recall its datapoints, not precision", () => {
    for (const { name, table } of golds) {
      const rows = grid(table).map((r) => r.slice(0, -1));
      const pred = parseCsv(toCsv(rows));
      const full = rmsDetails(table, table).gold;
      const rms = rmsDetails(pred, table);
      if (table.columns.length === 2) {
        // Only the label column is left: no datapoints at all.
        expect(rms, name).toMatchObject({ precision: 1, recall: 0, f1: 0 });
        continue;
      }
      expect(rms.precision, name).toBe(1);
      expect(rms.recall, name).toBeCloseTo(rms.pred / full, 12);
      expect(rms.recall, name).toBeLessThan(1);
    }
  });
});

describe("performance", () => {
  it("scores a 200-cell pair without blowing up", () => {
    const header = ["Year", ...Array.from({ length: 9 }, (_, i) => `Series ${i + 1}`)];
    const body = Array.from({ length: 19 }, (_, r) => [String(2000 + r), ...Array.from({ length: 9 }, (_, c) => String(((r * 37 + c * 11) % 97) + 1))]);
    const gold = parseCsv(toCsv([header, ...body]));
    // A realistic extraction: some values off, a header misspelt, one row missing.
    const predBody = body.slice(1).map((row, r) => row.map((v, c) => (c > 0 && (r + c) % 4 === 0 ? String(Number(v) * 1.07) : v)));
    const pred = parseCsv(toCsv([header.map((h, i) => (i === 3 ? "Serie 3" : h)), ...predBody]));
    expect(gold.raw.length * gold.columns.length).toBe(190);
    compareTables(pred, gold); // warm up
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      compareTables(pred, gold);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    // A guard against accidental blow-ups (e.g. exponential matching), not a speed test.
    expect(times[2]).toBeLessThan(5_000);
  });

  it("stays fast on large tables (approximate matching beyond the exact bound)", () => {
    const header = ["Row", ...Array.from({ length: 20 }, (_, i) => `C${i}`)];
    const body = Array.from({ length: 150 }, (_, r) => [`R${r}`, ...Array.from({ length: 20 }, (_, c) => String((r * 31 + c * 7) % 1000))]);
    const gold = parseCsv(toCsv([header, ...body]));
    const pred = parseCsv(toCsv([header, ...body.map((row) => row.map((v, c) => (c > 0 && Number(v) % 5 === 0 ? String(Number(v) + 1) : v)))]));
    const t0 = performance.now();
    const rnss = rnssDetails(pred, gold);
    const rms = rmsDetails(pred, gold);
    const elapsed = performance.now() - t0;
    expect(rnss.gold).toBe(3000);
    expect(rms.gold).toBe(3000);
    // 3000 × 3000 pairs is beyond the exact bound: equal keys and numbers are paired first.
    expect(rms.exact).toBe(false);
    expect(rnss.exact).toBe(false);
    // 1 value in 5 is 1 off (≤ 0.1% … 100% relative error): a lower bound, close to the exact score.
    expect(rms.f1).toBeGreaterThan(0.8);
    expect(rnss.score).toBeGreaterThan(0.95);
    expect(elapsed).toBeLessThan(30_000); // hang guard, not a speed test
  });
});
