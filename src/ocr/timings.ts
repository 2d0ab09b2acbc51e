import { performance } from "node:perf_hooks";

/** Milliseconds spent detecting (including image preparation) and recognising, accumulated. */
export interface Timings {
  det: number;
  rec: number;
}

/** Run `work`, adding its wall-clock time to `ms[key]`. */
export async function timed<T>(ms: Timings, key: keyof Timings, work: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    ms[key] += performance.now() - t0;
  }
}
