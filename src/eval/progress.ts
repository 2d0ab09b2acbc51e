import cliProgress from "cli-progress";
import type { EvalResult } from "./types.js";

/** Receives a run's progress: the planned total, then each result as it is written. */
export interface EvalProgress {
  /** `total` items in scope (undefined when unknown), `done` of them already in the results. */
  start(total: number | undefined, done: number): void;
  tick(result: EvalResult): void;
  stop(): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Counts shared by both displays: this session's answered items, rate, ETA and running accuracy. */
class Tally {
  total: number | undefined;
  done = 0;
  session = 0;
  correct = 0;
  startedMs = 0;
  constructor(readonly now: () => number) {}
  start(total: number | undefined, done: number) {
    this.total = total;
    this.done = done;
    this.startedMs = this.now();
  }
  add(r: EvalResult) {
    this.done++;
    this.session++;
    if (r.relaxed) this.correct++;
  }
  /** Items per second this session. */
  rate(): number {
    const s = (this.now() - this.startedMs) / 1000;
    return s > 0 ? this.session / s : 0;
  }
  etaSeconds(): number {
    const r = this.rate();
    return this.total === undefined || r === 0 ? NaN : Math.max(0, this.total - this.done) / r;
  }
  accuracy(): string {
    return this.session === 0 ? "–" : `${((100 * this.correct) / this.session).toFixed(1)}%`;
  }
}

/** A cli-progress bar with rate, ETA and running accuracy (for a TTY). */
export function barProgress(stream: NodeJS.WritableStream = process.stderr): EvalProgress {
  const tally = new Tally(() => Date.now());
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "eval |{bar}| {value}/{total} {percentage}% | {rate}/min | ETA {etaText} | relaxed {acc}",
      hideCursor: false, // Ctrl-C exits at once; a hidden cursor would stay hidden
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => ({ rate: (tally.rate() * 60).toFixed(1), etaText: formatDuration(tally.etaSeconds()), acc: tally.accuracy() });
  return {
    start(total, done) {
      tally.start(total, done);
      bar.start(total ?? 0, done, payload());
    },
    tick(r) {
      tally.add(r);
      if (tally.total === undefined) bar.setTotal(tally.done);
      bar.update(tally.done, payload());
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * Plain progress lines (for logs and pipes): one every `everyMs` (default 5 s) or every 10% of the
 * total, whichever comes first, and one at the end.
 */
export function lineProgress(write: (line: string) => void, options: { everyMs?: number; now?: () => number } = {}): EvalProgress {
  const now = options.now ?? (() => Date.now());
  const everyMs = options.everyMs ?? 5000;
  const tally = new Tally(now);
  let lastMs = 0;
  let lastStep = 0;
  const line = () => {
    const of = tally.total === undefined ? "" : `/${tally.total} (${Math.floor((100 * tally.done) / Math.max(1, tally.total))}%)`;
    const eta = tally.total === undefined ? "" : ` · ETA ${formatDuration(tally.etaSeconds())}`;
    write(`catbox eval: ${tally.done}${of} · ${(tally.rate() * 60).toFixed(1)}/min${eta} · relaxed ${tally.accuracy()} this session`);
  };
  return {
    start(total, done) {
      tally.start(total, done);
      lastMs = now();
      lastStep = total ? Math.floor((10 * done) / total) : 0;
    },
    tick(r) {
      tally.add(r);
      const step = tally.total ? Math.floor((10 * tally.done) / tally.total) : 0;
      if (now() - lastMs >= everyMs || step > lastStep) {
        lastMs = now();
        lastStep = step;
        line();
      }
    },
    stop() {
      if (tally.session > 0) line();
    },
  };
}

/** No progress output. */
export const silentProgress: EvalProgress = { start() {}, tick() {}, stop() {} };
