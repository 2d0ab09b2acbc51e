// `npm run bench`: catbox's throughput, latency and memory on this machine, side by side with the
// way peers run model code (one python3 subprocess per snippet, with a timeout), in the same run.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { runBatch } from "../src/engine/run-batch.js";
import { runResponse } from "../src/engine/run-response.js";
import { packageRoot } from "../src/paths.js";
import { ProcessPoolRunner } from "../src/sandbox/process-pool-runner.js";
import { rewardLoadBench } from "./reward-load.js";
import { buildWorkload, type WorkItem } from "./workload.js";

const DATA = process.env.CATBOX_DATA_DIR ?? join(packageRoot(), "..", "shared", "data", "chartqa");
const BATCH_ITEMS = Number(process.env.CATBOX_BENCH_ITEMS ?? 4000);
const LATENCY_RUNS = 1000;
const SOAK_RUNS = 10_000;
const PYTHON_ITEMS = Number(process.env.CATBOX_BENCH_PYTHON_ITEMS ?? 200);

function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * 4096;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (b: number) => (b / 1048576).toFixed(1);

async function batchThroughput(sandbox: ProcessPoolRunner, items: WorkItem[]): Promise<{ perSecond: number; ok: number; ms: number }> {
  const lines = items.map((it) => JSON.stringify({ id: it.id, response: it.response }));
  let ok = 0;
  const t0 = performance.now();
  await runBatch(lines, { sandbox, concurrency: 64 }, (out) => {
    if ("verified" in out && out.verified) ok++;
  });
  const ms = performance.now() - t0;
  return { perSecond: (items.length / ms) * 1000, ok, ms };
}

async function cliBatch(items: WorkItem[]): Promise<{ perSecond: number; lines: number; ms: number }> {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "catbox-bench-"));
  const input = join(dir, "in.jsonl");
  writeFileSync(input, items.map((it) => JSON.stringify({ id: it.id, response: it.response, answer: it.answer })).join("\n") + "\n");
  const t0 = performance.now();
  const lines = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageRoot(), "bin", "catbox.js"), "run", "--batch", input], { stdio: ["ignore", "pipe", "inherit"] });
    let count = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) count++;
    });
    child.on("error", reject);
    child.on("exit", () => resolve(count));
  });
  const ms = performance.now() - t0;
  return { perSecond: (items.length / ms) * 1000, lines, ms };
}

async function singleLatency(sandbox: ProcessPoolRunner, items: WorkItem[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const item = items[i % items.length]!;
    const t0 = performance.now();
    await runResponse(item.response, { sandbox });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function runPython(item: WorkItem): Promise<number> {
  const program = `import json, sys\ntable = json.loads(sys.stdin.read())\n${item.python}\n`;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn("python3", ["-c", program], { stdio: ["pipe", "pipe", "pipe"], timeout: 2000 });
    child.stdout.resume();
    child.stderr.resume();
    child.on("exit", () => resolve(performance.now() - t0));
    child.on("error", () => resolve(performance.now() - t0));
    child.stdin.end(item.rowsJson);
  });
}

async function pythonBaseline(items: WorkItem[], concurrency: number): Promise<{ perSecond: number; p50: number }> {
  const sample = items.slice(0, PYTHON_ITEMS);
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sample.length) times.push(await runPython(sample[next++]!));
    }),
  );
  const ms = performance.now() - t0;
  times.sort((a, b) => a - b);
  return { perSecond: (sample.length / ms) * 1000, p50: percentile(times, 50) };
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  console.log(`catbox bench — node ${process.version}, ${cores} cores, data ${DATA}`);
  const items = buildWorkload(DATA, Math.max(BATCH_ITEMS, SOAK_RUNS));
  const batchItems = items.slice(0, BATCH_ITEMS);
  console.log(`workload: ${items.length} responses from ${new Set(items.map((i) => i.rowsJson)).size} real ChartQA tables × 6 snippet shapes`);

  await using sandbox = new ProcessPoolRunner({ workers: cores });
  await sandbox.warmup();
  await batchThroughput(sandbox, batchItems.slice(0, 200)); // warm the isolates and JIT

  const batch = await batchThroughput(sandbox, batchItems);
  const cli = await cliBatch(batchItems);
  const lat = await singleLatency(sandbox, batchItems);

  // Collect garbage in this process before each reading (run with --expose-gc), so the figure shows
  // memory that is retained, not how lazily V8 happened to collect; workers are read as they are.
  const settle = async () => {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 200));
  };
  await settle();
  const rssBefore = rssOf(process.pid) + sandbox.workerPids().reduce((s, pid) => s + rssOf(pid), 0);
  const soak = await batchThroughput(sandbox, items.slice(0, SOAK_RUNS));
  await settle();
  const rssAfter = rssOf(process.pid) + sandbox.workerPids().reduce((s, pid) => s + rssOf(pid), 0);

  const py = await pythonBaseline(batchItems, cores);
  const pySingle = await pythonBaseline(batchItems.slice(0, 50), 1);

  const rows: [string, string, string, string, string][] = [
    ["metric", "catbox", "python3 subprocess", "ratio", "target"],
    ["batch throughput, library (responses/s)", batch.perSecond.toFixed(0), py.perSecond.toFixed(1), `${(batch.perSecond / py.perSecond).toFixed(0)}×`, "≥800/s, ≥30×"],
    ["batch throughput, `catbox run --batch` incl. startup (responses/s)", cli.perSecond.toFixed(0), py.perSecond.toFixed(1), `${(cli.perSecond / py.perSecond).toFixed(0)}×`, "≥800/s"],
    ["single run p50, warm (ms)", percentile(lat, 50).toFixed(2), pySingle.p50.toFixed(1), `${(pySingle.p50 / percentile(lat, 50)).toFixed(0)}×`, "≤2 ms"],
    ["single run p99, warm (ms)", percentile(lat, 99).toFixed(2), "", "", ""],
    [`RSS host+workers before → after ${SOAK_RUNS} runs (MiB)`, `${mb(rssBefore)} → ${mb(rssAfter)} (${rssAfter >= rssBefore ? "+" : ""}${mb(rssAfter - rssBefore)})`, "", "", "growth <50 MB"],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  console.log(
    `checks: batch verified ${batch.ok}/${batchItems.length}, cli lines ${cli.lines}/${batchItems.length}, soak verified ${soak.ok}/${SOAK_RUNS}, ` +
      `soak ${soak.perSecond.toFixed(0)} responses/s, worker restarts ${sandbox.stats().workerRestarts}`,
  );
  await sandbox.dispose();

  console.log("\nRL rewards and `catbox serve` (/v1/reward against a real localhost server)");
  const reward = await rewardLoadBench();
  const rrows: [string, string, string][] = [["metric", "catbox", "target"], ...reward];
  const rw = rrows[0]!.map((_, c) => Math.max(...rrows.map((r) => r[c]!.length)));
  for (const r of rrows) console.log(r.map((cell, c) => cell.padEnd(rw[c]!)).join("  "));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
