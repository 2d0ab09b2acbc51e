/**
 * The local backend's wiring, with the OCR engine and chart detector injected so each path is
 * exact and fast: the code path through the engine, declines (unreadable chart, question outside
 * the compiler's shapes, re-asks), grounding sharing the reader's OCR, model loading once, the
 * factory default, and the model-backend conformance suite. Real OCR + real detectors on real
 * charts are covered by test/local-end-to-end.test.ts.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askChart } from "../src/ask/ask-chart.js";
import type { ChartDetector, ChartReading } from "../src/chart/index.js";
import { LocalModels } from "../src/local/index.js";
import { createModelBackend, LocalChartBackend } from "../src/model/index.js";
import type { OcrEngine, OcrResult } from "../src/ocr/index.js";
import { parseResponse } from "../src/response/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { askHandlerFor } from "../src/serve/ask-handler.js";
import { createServeApp } from "../src/serve/index.js";
import { validateTrace } from "../src/trace/io.js";
import { describeModelBackendConformance } from "./support/model-conformance.js";

const READING: ChartReading = {
  kind: "vbar",
  columns: ["Characteristic", "Sales in million euros"],
  rows: [
    ["2018", "120"],
    ["2019", "135.5"],
    ["2020", "98"],
  ],
  confidence: 0.9,
  valueSource: "labels",
  notes: ["test reading"],
};

/** OCR text of the imaginary chart: every label and number of READING but 98. */
const OCR: OcrResult = {
  width: 200,
  height: 100,
  boxes: ["Sales in million euros", "2018", "2019", "2020", "120", "135.5"].map((text, i) => ({
    text,
    confidence: 0.99,
    box: { x: 10 + i * 20, y: 10, width: 18, height: 10 },
  })),
  ms: { det: 1, rec: 1, total: 2 },
};

function fakeOcr(options: { delayMs?: number } = {}): { loader: () => Promise<OcrEngine>; calls: { recognize: number; loads: number; disposed: number } } {
  const calls = { recognize: 0, loads: 0, disposed: 0 };
  const loader = async (): Promise<OcrEngine> => {
    calls.loads++;
    const dispose = async () => void calls.disposed++;
    return {
      recognize: async () => {
        calls.recognize++;
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        return OCR;
      },
      dispose,
      [Symbol.asyncDispose]: dispose,
      options: {} as OcrEngine["options"],
    };
  };
  return { loader, calls };
}

const reads: ChartDetector = { name: "fixed", detect: () => ({ ok: true, reading: READING }) };
const readsNothing: ChartDetector = { name: "none", detect: () => ({ ok: false, reason: "no bars, lines or wedges found" }) };

let png: Uint8Array;
const sandbox = createSandbox({ workers: 1 });
beforeAll(async () => {
  png = new Uint8Array(await sharp({ create: { width: 200, height: 100, channels: 3, background: "#ffffff" } }).png().toBuffer());
});
afterAll(async () => {
  await sandbox.dispose();
});

function backendWith(detector: ChartDetector, delayMs?: number) {
  const ocr = fakeOcr({ ...(delayMs !== undefined ? { delayMs } : {}) });
  const models = new LocalModels({ loadOcr: ocr.loader });
  const backend = new LocalChartBackend({ models, sandbox, read: { detectors: [detector] } });
  return { backend, models, calls: ocr.calls };
}

describe("local backend: code path", () => {
  it("answers with the table it read and a compiled snippet, verified by the engine", async () => {
    const { backend, models, calls } = backendWith(reads);
    const { output, trace } = await askChart(png, "What was the highest sales figure?", { backend, sandbox, grounding: models, gold: "135.5" });
    expect(output.resolution).toBe("code");
    expect(output.path).toBe("code");
    expect(output.verified).toBe(true);
    expect(output.answer).toBe(135.5);
    expect(output.correct).toBe(true);
    // The response is canonical (strict parser) and states the answer its code computes.
    const response = trace.ask!.rounds[0]!.response;
    const parsed = parseResponse(response, { strict: true });
    expect(parsed.csv).toBe("Characteristic,Sales in million euros\n2018,120\n2019,135.5\n2020,98");
    expect(parsed.code).toMatch(/^\/\/ Read locally, without a model: a vbar chart, 3 categories × 1 series/);
    expect(parsed.code).toMatch(/Question shape: max-min/);
    expect(output.stated).toBe("135.5");
    expect(output.agree).toBe(true);
    expect(output.repairs).toEqual([]);
    expect(output.reading).toMatchObject({ kind: "vbar", confidence: 0.9, valueSource: "labels", shape: "max-min", notes: ["test reading"] });
    expect(trace.ask!.reading).toEqual(output.reading);
    // Grounding reused the reader's OCR: one model load, one recognition for both.
    expect(output.grounding).toEqual({
      labels: { found: 4, total: 4, missing: [] },
      numbers: { found: 2, total: 3, missing: [98] },
      score: expect.any(Number),
    });
    expect(calls).toMatchObject({ loads: 1, recognize: 1 });
    expect(() => validateTrace(trace)).not.toThrow();
    expect(trace.ask!.grounding).toEqual(output.grounding);
    await backend.dispose();
    await models.dispose();
    expect(calls.disposed).toBe(1);
  });

  it("keeps its models loaded across questions", async () => {
    const { backend, models, calls } = backendWith(reads);
    await backend.ready();
    for (const q of ["What was the sales in 2019?", "What is the average sales?", "What is the difference between 2018 and 2020?"]) {
      const { output } = await askChart(png, q, { backend, sandbox });
      expect(output.resolution).toBe("code");
    }
    expect(calls.loads).toBe(1);
    expect(calls.recognize).toBe(1); // the same image: remembered by hash
    await models.dispose();
  });
});

describe("local backend: declines honestly", () => {
  it("declines a chart no detector can read, without repair rounds", async () => {
    const { backend, models } = backendWith(readsNothing);
    const { output, trace } = await askChart(png, "What was the highest sales figure?", { backend, sandbox, onError: "repair", grounding: models, gold: "135.5" });
    expect(output.resolution).toBe("declined");
    expect(output.answer).toBeNull();
    expect(output.verified).toBe(false);
    expect(output.rounds).toBe(1);
    expect(output.declined).toMatch(/the chart could not be read locally \(no chart kind was recognised\)/);
    expect(output.grounding).toBeUndefined();
    expect(output.correct).toBe(false);
    const parsed = parseResponse(trace.ask!.rounds[0]!.response, { strict: true });
    expect(parsed.programmable).toBe(false);
    expect(parsed.answer).toBe("cannot answer locally");
    expect(parsed.think).toMatch(/none: no bars, lines or wedges found/);
    expect(trace.ask!.declined).toBe(output.declined);
    await models.dispose();
  });

  it("declines a question outside the compiler's shapes, showing the table it read", async () => {
    const { backend, models } = backendWith(reads);
    const { output, trace } = await askChart(png, "What colour is the bar for 2019?", { backend, sandbox });
    expect(output.resolution).toBe("declined");
    expect(output.answer).toBeNull();
    expect(output.declined).toMatch(/outside what the local compiler answers \(the question is about the chart's appearance/);
    expect(trace.ask!.rounds[0]!.response).toContain("2019,135.5");
    await models.dispose();
  });

  it("declines re-asks: a visual round has nothing to add", async () => {
    const { backend, models } = backendWith(reads);
    const r = await backend.generate({ messages: [], task: { question: "Why?", purpose: "cot" } });
    expect(r.declined).toMatch(/no visual reasoning/);
    expect(parseResponse(r.text, { strict: true }).answer).toBe("cannot answer locally");
    await models.dispose();
  });

  it("needs the image", async () => {
    const { backend, models } = backendWith(reads);
    await expect(backend.generate({ messages: [{ role: "user", content: "no image here" }] })).rejects.toMatchObject({ code: "USAGE_ERROR" });
    await models.dispose();
  });
});

describe("serve with the local backend", () => {
  it("loads the models once and answers /v1/ask with grounding, unless the body says ground: false", async () => {
    const { backend, models, calls } = backendWith(reads);
    const served = createServeApp({ sandbox, ask: askHandlerFor(backend, { grounding: models }) });
    try {
      const other = await sharp({ create: { width: 120, height: 90, channels: 3, background: "#eeeeee" } }).png().toBuffer();
      const post = (image: Uint8Array, extra: object = {}) =>
        served.app.request("/v1/ask", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question: "What was the lowest sales figure?", image: Buffer.from(image).toString("base64"), ...extra }),
        });
      const a = await post(png);
      expect(a.status).toBe(200);
      expect(await a.json()).toMatchObject({ answer: 98, verified: true, resolution: "code", grounding: { labels: { found: 4 } } });
      const b = await post(other, { ground: false });
      const body = (await b.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ answer: 98, verified: true });
      expect(body.grounding).toBeUndefined();
      expect((await post(png, { ground: "yes" })).status).toBe(400);
      expect(calls.loads).toBe(1);
      expect(calls.recognize).toBe(2);
    } finally {
      await served.close();
      await models.dispose();
    }
  });
});

describe("local models", () => {
  it("retries a failed load, and refuses work once disposed", async () => {
    let attempts = 0;
    const ok = fakeOcr();
    const models = new LocalModels({
      loadOcr: async () => {
        if (++attempts === 1) throw new Error("model file unreadable");
        return ok.loader();
      },
    });
    await expect(models.recognize(png)).rejects.toThrow(/unreadable/);
    await expect(models.recognize(png)).resolves.toBe(OCR);
    await models.dispose();
    await expect(models.recognize(png)).rejects.toThrow(/disposed/);
    expect(ok.calls.disposed).toBe(1);
  });
});

describe("createModelBackend: the local default", () => {
  it("is the local backend when no model is configured, or for the spec 'local'", async () => {
    for (const b of [createModelBackend(undefined, { env: {} }), createModelBackend("local", { env: { CATBOX_MODEL: "http://h/v1" } }), createModelBackend(undefined, { env: { CATBOX_MODEL: "LOCAL" } })]) {
      expect(b).toBeInstanceOf(LocalChartBackend);
      expect(b.id).toBe("local:ocr+geometry+compiler");
      expect(b.constraintKinds).toEqual([]);
      await b.dispose();
    }
  });
});

describeModelBackendConformance("local", ({ slow }) => backendWith(reads, slow ? 400 : 0).backend);
