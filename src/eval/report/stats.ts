import type { EvalResult } from "../types.js";

/** Accuracy of one group of results. */
export interface Bucket {
  key: string;
  n: number;
  relaxed: number;
  lenient: number;
}

/** One breakdown of accuracy: a title and its groups, in a stable order. */
export interface Breakdown {
  id: string;
  title: string;
  buckets: Bucket[];
}

/** Headline numbers of a run. */
export interface Overall {
  n: number;
  relaxed: number;
  lenient: number;
  verified: number;
  codePath: number;
  visualPath: number;
  noAnswer: number;
  agree: number;
  disagree: number;
  errors: number;
  rounds: number;
  msMean: number;
  msMedian: number;
  msP95: number;
}

/** `part / whole` as a percentage string with one decimal ("–" for an empty whole). */
export function pct(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function overall(results: EvalResult[]): Overall {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n: results.length,
    relaxed: results.filter((r) => r.relaxed).length,
    lenient: results.filter((r) => r.lenient).length,
    verified: results.filter((r) => r.verified).length,
    codePath: results.filter((r) => r.path === "code").length,
    visualPath: results.filter((r) => r.path === "visual").length,
    noAnswer: results.filter((r) => r.answer === null).length,
    agree: results.filter((r) => r.agree === true).length,
    disagree: results.filter((r) => r.agree === false).length,
    errors: results.filter((r) => r.error !== null).length,
    rounds: results.reduce((s, r) => s + r.rounds, 0),
    msMean: ms.length === 0 ? 0 : ms.reduce((a, b) => a + b, 0) / ms.length,
    msMedian: quantile(ms, 0.5),
    msP95: quantile(ms, 0.95),
  };
}

function group(results: EvalResult[], keyOf: (r: EvalResult) => string | null, order?: string[]): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const r of results) {
    const key = keyOf(r);
    if (key === null) continue;
    let b = map.get(key);
    if (!b) map.set(key, (b = { key, n: 0, relaxed: 0, lenient: 0 }));
    b.n++;
    if (r.relaxed) b.relaxed++;
    if (r.lenient) b.lenient++;
  }
  const rank = (k: string) => {
    const i = order?.indexOf(k) ?? -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...map.values()].sort((a, b) => rank(a.key) - rank(b.key) || b.n - a.n || a.key.localeCompare(b.key));
}

/**
 * The report's breakdowns: by split, chart and question complexity, path taken, agreement of
 * computed and stated answers, error code, how the answer was reached, and (when the data set
 * labels it) gold programmability against the path the model chose. Breakdowns with no labelled
 * result are left out.
 */
export function breakdowns(results: EvalResult[]): Breakdown[] {
  const all: Breakdown[] = [
    { id: "split", title: "Split", buckets: group(results, (r) => r.split, ["human", "augmented"]) },
    { id: "chart-complexity", title: "Chart complexity", buckets: group(results, (r) => r.complexity?.chart ?? null, ["simple", "complex"]) },
    { id: "question-complexity", title: "Question complexity", buckets: group(results, (r) => r.complexity?.question ?? null, ["simple", "complex"]) },
    { id: "path", title: "Path taken", buckets: group(results, (r) => r.path ?? "no answer path", ["code", "visual", "no answer path"]) },
    {
      id: "agree",
      title: "Computed vs stated answer (code path)",
      buckets: group(results, (r) => (r.path !== "code" ? null : r.agree === true ? "agree" : r.agree === false ? "disagree" : "not compared"), ["agree", "disagree", "not compared"]),
    },
    { id: "error", title: "Error code", buckets: group(results, (r) => r.error ?? "none", ["none"]) },
    { id: "resolution", title: "How the answer was reached", buckets: group(results, (r) => r.resolution ?? "failed before asking", ["code", "visual", "repaired", "cot-fallback", "stated-fallback", "majority", "failed"]) },
    {
      id: "programmability",
      title: "Gold programmability → path taken",
      buckets: group(results, (r) => (r.programmable === null ? null : `${r.programmable ? "programmable" : "not programmable"} → ${r.path ?? "none"}`)),
    },
  ];
  return all.filter((b) => b.buckets.length > 0);
}

/** Results the report lists as failures: not correct under relaxed accuracy, in data-set order. */
export function failures(results: EvalResult[]): EvalResult[] {
  return results.filter((r) => !r.relaxed).sort((a, b) => a.index - b.index);
}
