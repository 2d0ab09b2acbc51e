import { describe, expect, it } from "vitest";
import { minCostAssignment } from "../src/check/hungarian.js";
import { matchMinCost } from "../src/check/matching.js";
import { anls, levenshtein, levenshteinCodes, normalizedLevenshtein, toCodes } from "../src/check/text-similarity.js";

/** A small seeded generator so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The minimal cost over every assignment of min(rows, cols) pairs, by enumeration. */
function bruteForce(rows: number, cols: number, cost: Float64Array): number {
  const transposed = rows > cols;
  const n = transposed ? cols : rows;
  const m = transposed ? rows : cols;
  const at = (i: number, j: number) => (transposed ? cost[j * cols + i] : cost[i * cols + j]);
  const used = new Array<boolean>(m).fill(false);
  let best = Infinity;
  const go = (i: number, acc: number) => {
    if (acc >= best) return;
    if (i === n) {
      best = acc;
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + at(i, j));
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

describe("minCostAssignment (Hungarian algorithm)", () => {
  it("matches brute force on every shape up to 6 × 6, including rectangular and tied costs", () => {
    const rand = rng(7);
    for (let rows = 1; rows <= 6; rows++) {
      for (let cols = 1; cols <= 6; cols++) {
        for (let trial = 0; trial < 12; trial++) {
          const cost = new Float64Array(rows * cols);
          // Mix continuous costs with many exact ties (0 and 1), as the metrics produce.
          for (let k = 0; k < cost.length; k++) {
            const r = rand();
            cost[k] = r < 0.3 ? 1 : r < 0.4 ? 0 : Math.round(rand() * 20) / 20;
          }
          const { rowToCol, total } = minCostAssignment({ rows, cols, cost });
          expect(total).toBeCloseTo(bruteForce(rows, cols, cost), 12);
          const assigned = [...rowToCol].filter((c) => c >= 0);
          expect(assigned.length).toBe(Math.min(rows, cols));
          expect(new Set(assigned).size).toBe(assigned.length);
          let sum = 0;
          rowToCol.forEach((c, i) => {
            if (c >= 0) sum += cost[i * cols + c];
          });
          expect(sum).toBeCloseTo(total, 12);
        }
      }
    }
  });

  it("handles empty matrices", () => {
    expect(minCostAssignment({ rows: 0, cols: 3, cost: new Float64Array(0) }).total).toBe(0);
    expect([...minCostAssignment({ rows: 2, cols: 0, cost: new Float64Array(0) }).rowToCol]).toEqual([-1, -1]);
  });
});

describe("matchMinCost", () => {
  /** Total cost with every unpaired item of the smaller side counted as 1. */
  const totalOf = (n: number, m: number, pairs: Array<[number, number]>, cost: (i: number, j: number) => number) =>
    pairs.reduce((s, [i, j]) => s + cost(i, j), 0) + Math.min(n, m) - pairs.length;

  it("equals the full assignment when the cost-below-1 graph splits into components", () => {
    const rand = rng(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 7);
      const m = 1 + Math.floor(rand() * 7);
      const matrix = new Float64Array(n * m);
      for (let k = 0; k < matrix.length; k++) matrix[k] = rand() < 0.6 ? 1 : Math.round(rand() * 10) / 10;
      const cost = (i: number, j: number) => matrix[i * m + j];
      const { pairs, exact } = matchMinCost(n, m, cost);
      expect(exact).toBe(true);
      for (const [i, j] of pairs) expect(cost(i, j)).toBeLessThan(1);
      expect(totalOf(n, m, pairs, cost)).toBeCloseTo(bruteForce(n, m, matrix), 12);
    }
  });

  it("falls back to identity pre-pairing plus greedy above the work bound, never beating the optimum", () => {
    const rand = rng(5);
    const n = 30;
    const gold = Array.from({ length: n }, () => Math.round(rand() * 50));
    const pred = gold.map((v) => (rand() < 0.5 ? v : v + 3)).reverse();
    const cost = (i: number, j: number) => Math.min(1, Math.abs(gold[i] - pred[j]) / 10);
    const exact = matchMinCost(n, n, cost);
    const approx = matchMinCost(n, n, cost, { maxWork: 10, goldKey: (i) => String(gold[i]), predKey: (j) => String(pred[j]) });
    expect(exact.exact).toBe(true);
    expect(approx.exact).toBe(false);
    const best = totalOf(n, n, exact.pairs, cost);
    const got = totalOf(n, n, approx.pairs, cost);
    expect(got).toBeGreaterThanOrEqual(best - 1e-12);
    expect(got).toBeLessThan(best + 3); // close, not arbitrary
    expect(new Set(approx.pairs.map(([, j]) => j)).size).toBe(approx.pairs.length);
  });
});

describe("edit distances", () => {
  it("computes Levenshtein distance over code points", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("abc", "abc")).toBe(0);
    expect(levenshtein("a😀b", "ab")).toBe(1); // one emoji is one character, as in Python
    expect(levenshtein("abcdef", "uvwxyz", 2)).toBe(3); // bounded: stops once beyond 2
  });

  it("agrees with the textbook dynamic programme (bit-parallel for ≤ 32 characters, bounded or not)", () => {
    const reference = (a: string, b: string) => {
      const x = [...a];
      const y = [...b];
      let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
      for (let i = 1; i <= x.length; i++) {
        const cur = [i];
        for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        prev = cur;
      }
      return prev[y.length];
    };
    const rand = rng(3);
    const alphabet = ["a", "b", " ", "c", "😀", "é"];
    const word = () => Array.from({ length: Math.floor(rand() * 45) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
    for (let k = 0; k < 3000; k++) {
      const a = word();
      const b = word();
      const d = reference(a, b);
      const max = Math.floor(rand() * 20);
      expect(levenshteinCodes(toCodes(a), toCodes(b))).toBe(d);
      expect(levenshteinCodes(toCodes(a), toCodes(b), max)).toBe(Math.min(d, max + 1));
    }
  });

  it("normalises by the longer string and applies the ANLS threshold like pix2struct", () => {
    expect(normalizedLevenshtein("salary(usd)", "salary")).toBeCloseTo(5 / 11, 12);
    expect(anls("salary(usd)", "salary")).toBeCloseTo(6 / 11, 12);
    expect(anls("abcd", "abxy")).toBe(0.5); // NL = 0.5 is still accepted (≤ θ)
    expect(anls("abc", "xyc")).toBe(0); // NL = 2/3 > 0.5
    expect(anls("", "")).toBe(1);
  });
});
