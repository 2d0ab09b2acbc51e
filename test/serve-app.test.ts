import { afterAll, describe, expect, it } from "vitest";
import { createServeApp } from "../src/serve/index.js";
import type { AskHandler } from "../src/serve/types.js";
import { createSandbox } from "../src/sandbox/index.js";

const sandbox = createSandbox({ workers: 2, limits: { timeoutMs: 1000 } });
afterAll(() => sandbox.dispose());

const CSV = "Country,Price index\nLamb,103.7\nCorn,103.13\nBeef,45";
const TOP = 'const top = table.reduce((a, b) => (b["Price index"] as number) > (a["Price index"] as number) ? b : a);\nreturn top.Country;';
const RESPONSE = `<programability>yes</programability>\n<csv>\n${CSV}\n</csv>\n<code>\n${TOP}\n</code>\n<answer>Lamb</answer>`;

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://catbox.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A gate an injected `ask` waits on, to hold requests in flight deterministically. */
function gate(): { ask: AskHandler; open: () => void; entered: () => number } {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  let entered = 0;
  return {
    ask: async (body) => {
      entered++;
      await opened;
      return { answer: `re: ${body.question}` };
    },
    open: () => release(),
    entered: () => entered,
  };
}

describe("serve app: endpoints (in-process)", () => {
  const serve = createServeApp({ sandbox });
  afterAll(() => serve.close());

  it("POST /v1/run returns the run output (and the trace on request)", async () => {
    const res = await serve.app.request(post("/v1/run", { response: RESPONSE, answer: "lamb" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ path: "code", answer: "Lamb", agree: true, verified: true, correct: true, error: null });
    const traced = (await (await serve.app.request(post("/v1/run", { response: RESPONSE, trace: true }))).json()) as { trace: { schema: string } };
    expect(traced.trace).toBeDefined();
  });

  it("POST /v1/run reports a bad response as data (200), like catbox run", async () => {
    const res = await serve.app.request(post("/v1/run", { response: "nothing usable" }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PARSE_ERROR");
  });

  it("POST /v1/reward scores a batch in order with components, ids echoed", async () => {
    const items = [
      { id: "a", response: RESPONSE, answer: "Lamb", table: CSV, programmable: true },
      { id: 2, response: "<think>looks red</think><answer>red</answer>", answer: ["Red"], programmable: true },
      { response: "<DIRECT>\n\\boxed{7}", answer: "8", programmable: false },
    ];
    const res = await serve.app.request(post("/v1/reward", { items, weights: { agree: 1 } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<Record<string, unknown>>; count: number };
    expect(body.count).toBe(3);
    expect(body.results[0]).toMatchObject({ id: "a", dialect: "catbox", answer: "Lamb", correct: true, components: { format: 1, accuracy: 1, data: 1, decision: 1, agree: 1 } });
    expect(body.results[0]!.reward).toBeCloseTo(0.8 + 0.3 + 0.15 + 0.05 + 1, 10);
    expect(body.results[1]).toMatchObject({ id: 2, dialect: "clarivis-r1", components: { accuracy: 1, decision: 0 } });
    expect(body.results[2]).toMatchObject({ dialect: "cat-paper", answer: "7", correct: false, components: { decision: 0.5 } });
    expect(body.results[2]).not.toHaveProperty("id");
    expect(body.results[0]).not.toHaveProperty("output");
    const full = (await (await serve.app.request(post("/v1/reward", { items: items.slice(0, 1), output: true }))).json()) as { results: Array<{ output: unknown }> };
    expect(full.results[0]!.output).toMatchObject({ path: "code", verified: true });
  });

  it("POST /v1/check compares tables and adds consistency warnings", async () => {
    const res = await serve.app.request(post("/v1/check", { table: "Label,Share\nA,60\nB,60\nA,1", gold: "Label,Share\nA,60\nB,40" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rnss: number; rms: { f1: number }; data: { score: number }; consistency: Array<{ code: string }> };
    expect(body.data.score).toBeGreaterThan(0);
    expect(body.data.score).toBeLessThan(1);
    expect(typeof body.rnss).toBe("number");
    expect(typeof body.rms.f1).toBe("number");
    expect(body.consistency.map((w) => w.code)).toContain("DUPLICATE_LABEL");
    const bad = await serve.app.request(post("/v1/check", { table: 'a,b\n"open', gold: "a\n1" }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "CSV_ERROR", path: "table" } });
  });

  it("POST /v1/ask is 501 with a clear message when no model is configured", async () => {
    const res = await serve.app.request(post("/v1/ask", { question: "q", image: "aGk=" }));
    expect(res.status).toBe(501);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_CONFIGURED", message: expect.stringMatching(/no model is configured/) } });
  });

  it("GET /healthz and GET /metrics", async () => {
    const health = await serve.app.request("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, inflight: 0, queued: 0, closing: false });
    const metrics = await serve.app.request("/metrics");
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^catbox_http_requests_total\{route="\/v1\/run",status="200"\} \d+$/m);
    expect(text).toMatch(/^catbox_http_requests_total\{route="\/v1\/ask",status="501"\} 1$/m);
    expect(text).toMatch(/^catbox_http_request_duration_seconds_bucket\{route="\/v1\/reward",le="\+Inf"\} 2$/m);
    expect(text).toMatch(/^catbox_http_request_duration_seconds_count\{route="\/v1\/reward"\} 2$/m);
    expect(text).toMatch(/^catbox_reward_items_total 4$/m);
    expect(text).toMatch(/^catbox_sandbox_runs_total \d+$/m);
    expect(text).toMatch(/^catbox_sandbox_worker_restarts_total 0$/m);
    expect(text).toMatch(/^catbox_sandbox_workers 2$/m);
    expect(text).toMatch(/^# TYPE catbox_http_request_duration_seconds histogram$/m);
  });

  it("counts sandbox errors by code in /metrics", async () => {
    const failing = RESPONSE.replace(TOP, "return table[0].Nope;");
    await serve.app.request(post("/v1/run", { response: failing }));
    const text = await (await serve.app.request("/metrics")).text();
    expect(text).toMatch(/^catbox_sandbox_errors_total\{code="UNKNOWN_COLUMN"\} [1-9]\d*$/m);
  });
});

describe("serve app: the HTTP boundary", () => {
  const serve = createServeApp({ sandbox, maxBodyBytes: 2048, maxBatchItems: 5 });
  afterAll(() => serve.close());

  it("400 names the bad field", async () => {
    const cases: Array<[string, unknown, string, RegExp]> = [
      ["/v1/run", {}, "response", /response: .*expected string/i],
      ["/v1/run", { response: 5 }, "response", /expected string/i],
      ["/v1/run", { response: "x", respone: "typo" }, "", /respone/],
      ["/v1/reward", { items: [] }, "items", /items: .*>=1|too small/i],
      ["/v1/reward", { items: [{ response: "x", answer: "1" }, { response: "y" }] }, "items.1.answer", /items\.1\.answer/],
      ["/v1/reward", { items: [{ response: "x", answer: "1" }], weights: { accuracy: "high" } }, "weights.accuracy", /expected number/i],
      ["/v1/reward", { items: [{ response: "x", answer: "1" }], dialect: "r1" }, "dialect", /dialect/],
      ["/v1/reward", { items: Array.from({ length: 6 }, () => ({ response: "x", answer: "1" })) }, "items", /items/],
      ["/v1/check", { table: "a\n1" }, "gold", /gold/],
    ];
    for (const [path, body, field, message] of cases) {
      const res = await serve.app.request(post(path, body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = ((await res.json()) as { error: { code: string; message: string; path: string } }).error;
      expect(err.code).toBe("INVALID_REQUEST");
      expect(err.path, JSON.stringify(body)).toBe(field);
      expect(err.message, JSON.stringify(body)).toMatch(message);
    }
  });

  it("400 for bad JSON, empty bodies and non-UTF-8", async () => {
    for (const body of ['{"response": ', ""]) {
      const res = await serve.app.request(post("/v1/run", body));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_JSON");
    }
    const latin1 = new Request("http://catbox.test/v1/run", { method: "POST", headers: { "content-type": "application/json" }, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect((await serve.app.request(latin1)).status).toBe(400);
  });

  it("415 for a body that is not JSON", async () => {
    const res = await serve.app.request(new Request("http://catbox.test/v1/run", { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" }));
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
    expect((await serve.app.request(post("/v1/run", { response: "x" }, { "content-type": "application/vnd.api+json" }))).status).toBe(200);
  });

  it("413 over the body limit, by Content-Length or by bytes actually sent", async () => {
    const big = JSON.stringify({ response: "x".repeat(4096) });
    const declared = await serve.app.request(post("/v1/run", big));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode(big.slice(i * 600, (i + 1) * 600)));
        c.close();
      },
    });
    const chunked = new Request("http://catbox.test/v1/run", { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    expect((await serve.app.request(chunked)).status).toBe(413);
  });

  it("404 for unknown routes, 405 with Allow for wrong methods", async () => {
    const missing = await serve.app.request("/v2/run");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const wrong = await serve.app.request("/v1/reward");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });
});

describe("serve app: auth, saturation, deadlines", () => {
  it("401 without the bearer token; /healthz stays open", async () => {
    const serve = createServeApp({ sandbox, token: "s3cret" });
    try {
      const none = await serve.app.request(post("/v1/run", { response: RESPONSE }));
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await none.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
      expect((await serve.app.request(post("/v1/run", { response: RESPONSE }, { authorization: "Bearer wrong" }))).status).toBe(401);
      expect((await serve.app.request("/metrics")).status).toBe(401);
      expect((await serve.app.request(post("/v1/run", { response: RESPONSE }, { authorization: "Bearer s3cret" }))).status).toBe(200);
      expect((await serve.app.request("/healthz")).status).toBe(200);
    } finally {
      await serve.close();
    }
  });

  it("503 with Retry-After once in-flight and queued requests are at their limits", async () => {
    const g = gate();
    const serve = createServeApp({ sandbox, ask: g.ask, maxInflight: 1, maxQueued: 1, retryAfterSeconds: 3 });
    try {
      const first = serve.app.request(post("/v1/ask", { question: "one", image: "x" }));
      const second = serve.app.request(post("/v1/ask", { question: "two", image: "x" }));
      await expect.poll(() => serve.stats()).toEqual({ inflight: 1, queued: 1, closing: false });
      const third = await serve.app.request(post("/v1/ask", { question: "three", image: "x" }));
      expect(third.status).toBe(503);
      expect(third.headers.get("retry-after")).toBe("3");
      expect(await third.json()).toMatchObject({ error: { code: "OVERLOADED" } });
      g.open();
      expect(await (await first).json()).toEqual({ answer: "re: one" });
      expect(await (await second).json()).toEqual({ answer: "re: two" });
      expect(serve.stats()).toEqual({ inflight: 0, queued: 0, closing: false });
      expect(await (await serve.app.request("/metrics")).text()).toMatch(/^catbox_http_rejected_total\{reason="saturated"\} 1$/m);
    } finally {
      await serve.close();
    }
  });

  it("504 past the deadline; the handler sees its signal abort", async () => {
    let sawAbort = false;
    const ask: AskHandler = (_body, { signal }) =>
      new Promise((_, reject) =>
        signal.addEventListener("abort", () => {
          sawAbort = true;
          reject(signal.reason);
        }),
      );
    const serve = createServeApp({ sandbox, ask, deadlineMs: 100 });
    try {
      const res = await serve.app.request(post("/v1/ask", { question: "slow", image: "x" }));
      expect(res.status).toBe(504);
      expect(await res.json()).toMatchObject({ error: { code: "DEADLINE_EXCEEDED" } });
      expect(sawAbort).toBe(true);
      await expect.poll(() => serve.stats().inflight).toBe(0);
    } finally {
      await serve.close();
    }
  });

  it("maps an injected ask's errors: bad image → 400, model down → 502", async () => {
    const { ImageError, ModelError } = await import("../src/errors.js");
    const serve = createServeApp({
      sandbox,
      ask: async (body) => {
        if (body.image === "bad") throw new ImageError("not an image");
        throw new ModelError("connection refused");
      },
    });
    try {
      expect((await serve.app.request(post("/v1/ask", { question: "q", image: "bad" }))).status).toBe(400);
      const down = await serve.app.request(post("/v1/ask", { question: "q", image: "ok" }));
      expect(down.status).toBe(502);
      expect(await down.json()).toMatchObject({ error: { code: "MODEL_ERROR", message: "connection refused" } });
      expect((await serve.app.request(post("/v1/ask", { image: "ok" }))).status).toBe(400);
    } finally {
      await serve.close();
    }
  });

  it("close() refuses new work with 503, waits for in-flight requests, leaves an injected sandbox running", async () => {
    const g = gate();
    const serve = createServeApp({ sandbox, ask: g.ask });
    const inflight = serve.app.request(post("/v1/ask", { question: "finishing", image: "x" }));
    await expect.poll(() => g.entered()).toBe(1);
    let closed = false;
    const closing = serve.close().then(() => (closed = true));
    const refused = await serve.app.request(post("/v1/run", { response: RESPONSE }));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: "SHUTTING_DOWN" } });
    expect((await serve.app.request("/healthz")).status).toBe(503);
    expect(closed).toBe(false);
    g.open();
    expect((await inflight).status).toBe(200);
    await closing;
    expect(closed).toBe(true);
    expect((await sandbox.run({ code: "return 1;", table: { columns: [], rows: [] } })).ok).toBe(true);
  });
});
