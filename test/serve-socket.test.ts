import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "../src/sandbox/index.js";
import { startServer, type RunningServer } from "../src/serve/index.js";

const sandbox = createSandbox({ workers: 2, limits: { timeoutMs: 1000 } });
afterAll(() => sandbox.dispose());

const CSV = "Year,Sales\n2019,10\n2020,12.5\n2021,9";

function codeResponse(code: string, answer: string): string {
  return `<programability>yes</programability>\n<csv>\n${CSV}\n</csv>\n<code>\n${code}\n</code>\n<answer>${answer}</answer>`;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

describe("startServer: endpoints over a real socket", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ sandbox, port: 0, maxBodyBytes: 64 * 1024, token: "t0k3n" });
  });
  afterAll(() => server.close());
  const auth = { authorization: "Bearer t0k3n" };

  it("binds 127.0.0.1 by default and reports its URL", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("serves every endpoint", async () => {
    const run = await postJson(`${server.url}/v1/run`, { response: codeResponse("return table.length;", "3"), answer: "3" }, auth);
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({ answer: 3, agree: true, correct: true });

    const reward = await postJson(`${server.url}/v1/reward`, { items: [{ response: codeResponse("return table.length;", "3"), answer: "3", table: CSV, programmable: true }] }, auth);
    expect(reward.status).toBe(200);
    expect(reward.json.results[0].components).toEqual({ format: 1, accuracy: 1, data: 1, decision: 1, agree: 1 });

    const check = await postJson(`${server.url}/v1/check`, { table: CSV, gold: CSV }, auth);
    expect(check.status).toBe(200);
    expect(check.json.data.score).toBe(1);

    const ask = await postJson(`${server.url}/v1/ask`, { question: "q", image: "x" }, auth);
    expect(ask.status).toBe(501);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);

    const metrics = await fetch(`${server.url}/metrics`, { headers: auth });
    expect(await metrics.text()).toMatch(/^catbox_http_requests_total\{route="\/v1\/reward",status="200"\} 1$/m);
  });

  it("401 without the token, 413 over the body limit, 400 with the field path", async () => {
    expect((await postJson(`${server.url}/v1/run`, { response: "x" })).status).toBe(401);
    const big = await postJson(`${server.url}/v1/run`, { response: "x".repeat(100 * 1024) }, auth);
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe("PAYLOAD_TOO_LARGE");
    const bad = await postJson(`${server.url}/v1/reward`, { items: [{ response: 1, answer: "1" }] }, auth);
    expect(bad.status).toBe(400);
    expect(bad.json.error.path).toBe("items.0.response");
  });

  it("413 for a chunked body without Content-Length", async () => {
    const url = new URL(`${server.url}/v1/run`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked", ...auth } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write('{"response": "');
      for (let i = 0; i < 80; i++) req.write("y".repeat(1024));
      req.end('"}');
    });
    expect(status).toBe(413);
  });
});

describe("startServer: graceful shutdown", () => {
  it("finishes an in-flight reward batch, then refuses connections and disposes the sandbox it owns", async () => {
    const server = await startServer({ port: 0, sandboxOptions: { workers: 1 } });
    const busy = "let x = 0; for (let k = 0; k < 2e6; k++) x += k % 7; return table.length;";
    const items = Array.from({ length: 40 }, (_, i) => ({ id: i, response: codeResponse(busy, "3"), answer: "3" }));
    items.forEach((it, i) => (it.response += `\n<!-- ${i} -->`)); // distinct responses: no deduplication
    const inflight = postJson(`${server.url}/v1/reward`, { items });
    await expect.poll(() => server.app.stats().inflight).toBe(1);
    const closing = server.close();
    const result = await inflight;
    expect(result.status).toBe(200);
    expect(result.json.results.map((r: { id: number }) => r.id)).toEqual(items.map((_, i) => i));
    expect(result.json.results.every((r: { components: { accuracy: number } }) => r.components.accuracy === 1)).toBe(true);
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    await expect(server.app.sandbox.run({ code: "return 1;", table: { columns: [], rows: [] } })).rejects.toThrow();
  });
});

describe("startServer: a client that hangs up", () => {
  it("stops the work of an abandoned request and frees its slot", async () => {
    const server = await startServer({ sandbox, port: 0 });
    try {
      const busy = "let x = 0; for (let k = 0; k < 2e6; k++) x += k % 7; return table.length;";
      const items = Array.from({ length: 400 }, (_, i) => ({ response: codeResponse(busy, "3") + `\n<!-- ${i} -->`, answer: "3" }));
      const ctl = new AbortController();
      const request = fetch(`${server.url}/v1/reward`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ items }), signal: ctl.signal });
      request.catch(() => undefined);
      await expect.poll(() => server.app.stats().inflight).toBe(1);
      ctl.abort();
      await expect.poll(() => server.app.stats().inflight, { timeout: 20_000 }).toBe(0);
      expect(server.app.metrics.requests("/v1/reward", 499)).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("startServer: load", () => {
  it("8 concurrent clients × 20 requests of 64-response batches all succeed, in order", async () => {
    const server = await startServer({ sandbox, port: 0, maxInflight: 4, maxQueued: 16 });
    try {
      const CLIENTS = 8;
      const REQUESTS = 20;
      const BATCH = 64;
      const failures: string[] = [];
      let scored = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let r = 0; r < REQUESTS; r++) {
            const base = (c * REQUESTS + r) * BATCH;
            const items = Array.from({ length: BATCH }, (_, k) => {
              const n = base + k;
              return n % 3 === 2
                ? { id: n, response: `<think>reading</think><answer>${n}</answer>`, answer: String(n) }
                : { id: n, response: codeResponse(`return ${n} + table.length - 3;`, String(n)), answer: String(n), table: CSV, programmable: true };
            });
            const res = await postJson(`${server.url}/v1/reward`, { items });
            if (res.status !== 200) {
              failures.push(`client ${c} request ${r}: ${res.status} ${JSON.stringify(res.json)}`);
              continue;
            }
            const results = res.json.results as Array<{ id: number; answer: number | string; components: { accuracy: number } }>;
            const inOrder = results.length === BATCH && results.every((x, k) => x.id === base + k && Number(x.answer) === base + k && x.components.accuracy === 1);
            if (!inOrder) failures.push(`client ${c} request ${r}: results out of order or wrong`);
            scored += results.length;
          }
        }),
      );
      expect(failures).toEqual([]);
      expect(scored).toBe(CLIENTS * REQUESTS * BATCH);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`^catbox_http_requests_total\\{route="/v1/reward",status="200"\\} ${CLIENTS * REQUESTS}$`, "m"));
    } finally {
      await server.close();
    }
  }, 180_000);
});
