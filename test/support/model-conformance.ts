/**
 * The contract every model backend must meet, as a reusable suite:
 *
 *   describeModelBackendConformance("openai-compatible", ({ slow }) => new OpenAICompatibleBackend({ … }));
 *
 * `make` is called per test; `slow: true` asks for a backend whose replies take a few hundred
 * milliseconds (so a cancellation or disposal can land mid-request). Every backend it returns is
 * disposed by the suite. `expectedText`, when known (fixture-driven backends), is what a
 * conformance request must answer.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, GenerateRequest, GenerateResult, ModelBackend } from "../../src/model/types.js";

export interface MakeBackendOptions {
  slow?: boolean;
}

export type MakeBackend = (options: MakeBackendOptions) => ModelBackend | Promise<ModelBackend>;

/** The smallest valid PNG (1×1, transparent). */
export const TINY_PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64"),
);

export const CONFORMANCE_MESSAGES: ChatMessage[] = [
  { role: "system", content: "Answer in the Code-as-Thought format." },
  {
    role: "user",
    content: [
      { type: "image", mediaType: "image/png", data: TINY_PNG },
      { type: "text", text: "Which country has the highest price index?" },
    ],
  },
];

function checkResult(result: GenerateResult): void {
  expect(typeof result.text).toBe("string");
  expect(result.text.length).toBeGreaterThan(0);
  expect(typeof result.model).toBe("string");
  expect(result.model.length).toBeGreaterThan(0);
  expect(result.finishReason === null || typeof result.finishReason === "string").toBe(true);
  expect(Number.isInteger(result.attempts) && result.attempts >= 1).toBe(true);
  expect(Number.isFinite(result.ms) && result.ms >= 0).toBe(true);
  if (result.usage !== undefined) {
    expect(result.usage.promptTokens).toBeGreaterThanOrEqual(0);
    expect(result.usage.completionTokens).toBeGreaterThanOrEqual(0);
  }
}

async function expectAbort(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected the call to reject").toBeInstanceOf(Error);
  expect((error as Error).name).toBe("AbortError");
}

export function describeModelBackendConformance(name: string, make: MakeBackend, expectedText?: string): void {
  describe(`model backend conformance: ${name}`, () => {
    const made: ModelBackend[] = [];
    const backend = async (options: MakeBackendOptions = {}) => {
      const b = await make(options);
      made.push(b);
      return b;
    };
    const ask = (b: ModelBackend, extra: Partial<GenerateRequest> = {}) => b.generate({ messages: CONFORMANCE_MESSAGES, ...extra });
    afterEach(async () => {
      await Promise.all(made.splice(0).map((b) => b.dispose()));
    });

    it("has a non-empty id", async () => {
      const b = await backend();
      expect(typeof b.id).toBe("string");
      expect(b.id.length).toBeGreaterThan(0);
    });

    it("answers an image + text request with a well-formed result", async () => {
      const result = await ask(await backend());
      checkResult(result);
      if (expectedText !== undefined) expect(result.text).toBe(expectedText);
    });

    it("streams: the deltas given to onToken add up to the text", async () => {
      const deltas: string[] = [];
      const result = await ask(await backend(), { onToken: (d) => deltas.push(d) });
      checkResult(result);
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.join("")).toBe(result.text);
    });

    it("is greedy by default: the same request gives the same text", async () => {
      const b = await backend();
      const [a, c] = [await ask(b), await ask(b)];
      expect(c.text).toBe(a.text);
    });

    it("serves concurrent requests", async () => {
      const b = await backend();
      const results = await Promise.all(Array.from({ length: 5 }, () => ask(b)));
      for (const r of results) checkResult(r);
      expect(new Set(results.map((r) => r.text)).size).toBe(1);
    });

    it("rejects with an AbortError when the signal is already aborted, streaming nothing", async () => {
      const deltas: string[] = [];
      await expectAbort(ask(await backend(), { signal: AbortSignal.abort(), onToken: (d) => deltas.push(d) }));
      expect(deltas).toEqual([]);
    });

    it("rejects promptly with an AbortError when cancelled mid-request", async () => {
      const b = await backend({ slow: true });
      const controller = new AbortController();
      const started = performance.now();
      const pending = ask(b, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expectAbort(pending);
      expect(performance.now() - started).toBeLessThan(2_000);
    });

    it("dispose() aborts in-flight requests, refuses new ones, and is idempotent", async () => {
      const b = await backend({ slow: true });
      const pending = ask(b);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await b.dispose();
      await expectAbort(pending);
      await expect(ask(b)).rejects.toThrow(/dispos/);
      await b.dispose();
      expect(typeof b[Symbol.asyncDispose]).toBe("function");
    });
  });
}
