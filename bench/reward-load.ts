// Reward scoring under load: one 4,096-response batch (library and over HTTP), and /v1/reward
// throughput and tail latency with concurrent clients against a real localhost server, all in one
// process. Responses are built from the real ChartQA gold tables (see workload.ts) with a gold table
// attached that differs from the response's by one row (so `data` does its full matching work).
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../src/paths.js";
import { scoreRewardBatch } from "../src/reward/score-reward.js";
import type { RewardItem } from "../src/reward/types.js";
import { startServer } from "../src/serve/server.js";
import { buildWorkload } from "./workload.js";

const DATA = process.env.CATBOX_DATA_DIR ?? join(packageRoot(), "..", "shared", "data", "chartqa");
const BATCH = 4096;
const CLIENTS = 8;
const REQUESTS_PER_CLIENT = 16;
const ITEMS_PER_REQUEST = 64;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function csvOf(response: string): string {
  return /<csv>\n([\s\S]*?)\n<\/csv>/.exec(response)![1]!;
}

/** The gold table: the response's table plus one row (a missed bar), labelled so it is unique. */
function goldOf(csv: string, tag: number): string {
  const width = csv.split("\n")[0]!.split(",").length;
  return `${csv}\nOther ${tag}${",1".repeat(Math.max(1, width - 1))}`;
}

/**
 * Worst case: every response distinct (a distinct stated answer each) and every gold table distinct,
 * so neither in-batch deduplication nor the data-score cache helps; the data metric does its full
 * matching work on every item.
 */
function distinctItems(count: number): RewardItem[] {
  return buildWorkload(DATA, count).map((w, i) => ({
    response: w.response.replace("<answer>0</answer>", `<answer>${i}</answer>`),
    answer: w.answer,
    table: goldOf(csvOf(w.response), i),
    programmable: true,
  }));
}

/**
 * A GRPO-shaped batch: `groups` prompts × 8 samples. The samples of a prompt transcribe the same
 * table with 6 different snippets; 2 of the 8 repeat an earlier sample word for word.
 */
function grpoItems(groups: number): RewardItem[] {
  const work = buildWorkload(DATA, 6 * 400);
  const charts = work.findIndex((w, i) => i > 0 && w.rowsJson === work[0]!.rowsJson);
  const items: RewardItem[] = [];
  for (let g = 0; g < groups; g++) {
    const chart = g % charts;
    const gold = goldOf(csvOf(work[chart]!.response), g);
    for (let s = 0; s < 8; s++) {
      const w = work[chart + charts * (s % 6)]!;
      items.push({ response: w.response.replace("<answer>0</answer>", `<answer>${g}</answer>`), answer: w.answer, table: gold, programmable: true });
    }
  }
  return items;
}

async function post(url: string, items: RewardItem[]): Promise<{ ms: number; count: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/reward`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ items }) });
  const body = (await res.json()) as { count?: number; error?: { message: string } };
  if (res.status !== 200) throw new Error(`/v1/reward answered ${res.status}: ${body.error?.message}`);
  return { ms: performance.now() - t0, count: body.count ?? 0 };
}

/**
 * Measure reward scoring: rows of [metric, value, target] for the bench table.
 * Starts a server on a free localhost port with one sandbox worker per core.
 */
export async function rewardLoadBench(): Promise<Array<[metric: string, value: string, target: string]>> {
  const cores = availableParallelism();
  const items = distinctItems(BATCH + CLIENTS * REQUESTS_PER_CLIENT * ITEMS_PER_REQUEST);
  const grpo = grpoItems(BATCH / 8);
  const batch = items.slice(0, BATCH);
  const load = items.slice(BATCH);
  const server = await startServer({ port: 0, sandboxOptions: { workers: cores }, maxInflight: CLIENTS, maxQueued: CLIENTS * 2 });
  try {
    const sandbox = server.app.sandbox;
    await scoreRewardBatch(items.slice(0, 256), { sandbox }); // warm isolates and JIT

    let t0 = performance.now();
    const libResults = await scoreRewardBatch(batch, { sandbox });
    const libMs = performance.now() - t0;
    const verified = libResults.filter((r) => r.output.verified).length;

    t0 = performance.now();
    await scoreRewardBatch(grpo, { sandbox });
    const grpoMs = performance.now() - t0;

    const http = await post(server.url, batch);

    const latencies: number[] = [];
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let r = 0; r < REQUESTS_PER_CLIENT; r++) {
          const start = (c * REQUESTS_PER_CLIENT + r) * ITEMS_PER_REQUEST;
          latencies.push((await post(server.url, load.slice(start, start + ITEMS_PER_REQUEST))).ms);
        }
      }),
    );
    const loadMs = performance.now() - t0;
    latencies.sort((a, b) => a - b);
    const restarts = sandbox.stats().workerRestarts;
    return [
      [`reward: one batch of ${BATCH} distinct responses, library scoreRewardBatch (s; ${verified} verified, ${cores} workers)`, (libMs / 1000).toFixed(2), "well under 5 s"],
      [`reward: the same batch over HTTP POST /v1/reward (s)`, (http.ms / 1000).toFixed(2), "well under 5 s"],
      [`reward: one GRPO-shaped batch, ${BATCH / 8} prompts × 8 samples, library (s)`, (grpoMs / 1000).toFixed(2), "well under 5 s"],
      [`reward: /v1/reward throughput, ${CLIENTS} clients × ${ITEMS_PER_REQUEST}-response batches (responses/s)`, ((load.length / loadMs) * 1000).toFixed(0), "≥800/s"],
      [`reward: /v1/reward request latency p50 / p99 under that load (ms; ${restarts} worker restarts)`, `${percentile(latencies, 50).toFixed(0)} / ${percentile(latencies, 99).toFixed(0)}`, "p99 < 2000 ms"],
    ];
  } finally {
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  rewardLoadBench().then(
    (rows) => {
      const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
      for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
