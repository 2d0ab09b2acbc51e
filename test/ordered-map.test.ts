import { describe, expect, it } from "vitest";
import { orderedMap } from "../src/engine/ordered-map.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("orderedMap", () => {
  it("emits in input order and never reads more than `window` items ahead of what was emitted", async () => {
    let read = 0;
    let maxAhead = 0;
    const emitted: number[] = [];
    function* items() {
      for (let i = 0; i < 200; i++) {
        read++;
        maxAhead = Math.max(maxAhead, read - emitted.length);
        yield i;
      }
    }
    // item 0 is slow: everything behind it finishes first, but must not pile up unboundedly
    await orderedMap(items(), 5, async (i) => {
      await sleep(i === 0 ? 50 : i % 3);
      return i * 2;
    }, (r) => void emitted.push(r / 2));
    expect(emitted).toEqual([...Array(200).keys()]);
    expect(maxAhead).toBeLessThanOrEqual(5 + 1); // the window, plus the one item read and waiting for a slot
  });

  it("stops reading when the signal aborts and propagates a failing emit", async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const n = await orderedMap([1, 2, 3, 4, 5], 1, async (i) => i, (r) => {
      seen.push(r);
      if (r === 2) ac.abort();
    }, ac.signal);
    expect(n).toBeLessThan(5);
    expect(seen.slice(0, 2)).toEqual([1, 2]);
    await expect(orderedMap([1, 2], 2, async (i) => i, () => {
      throw new Error("EPIPE");
    })).rejects.toThrow("EPIPE");
  });
});
