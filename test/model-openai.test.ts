/**
 * The OpenAI-compatible backend against a real HTTP server in this process
 * (test/support/openai-server.ts): what catbox sends, what it makes of replies, and how it retries,
 * times out, cancels and limits concurrency. Waits between retries go through an injected `sleep`.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ModelError, UsageError } from "../src/errors.js";
import { OpenAICompatibleBackend, type OpenAICompatibleOptions } from "../src/model/index.js";
import type { DecodingConstraint } from "../src/model/types.js";
import { CONFORMANCE_MESSAGES, describeModelBackendConformance, TINY_PNG } from "./support/model-conformance.js";
import { closedPort, fixtureText, loadReplyFixture, startOpenAIServer, type OpenAIServer } from "./support/openai-server.js";

const CODE_TEXT = fixtureText("code-path-vllm");

/** Records the waits the backend asked for (and honours aborts) without waiting. */
function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    waits.push(ms);
    if (signal?.aborted) throw signal.reason;
  };
  return { waits, sleep };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected a rejection").toBeInstanceOf(Error);
  return error as Error;
}

// The conformance suite, against its own server: model "slow" replies after 600 ms.
let conformanceServer: OpenAIServer;
beforeAll(async () => {
  conformanceServer = await startOpenAIServer({
    handler: (r) => ({ kind: "completion", delayMs: r.body?.model === "slow" ? 600 : 0 }),
  });
});
afterAll(() => conformanceServer.close());
describeModelBackendConformance(
  "openai-compatible",
  ({ slow }) => new OpenAICompatibleBackend({ baseUrl: conformanceServer.url, model: slow ? "slow" : "Qwen/Qwen2.5-VL-7B-Instruct", env: {} }),
  CODE_TEXT,
);

describe("OpenAICompatibleBackend", () => {
  let server: OpenAIServer;
  const made: OpenAICompatibleBackend[] = [];
  const make = (options: OpenAICompatibleOptions = {}) => {
    const backend = new OpenAICompatibleBackend({ baseUrl: server.url, model: "test-model", env: {}, ...options });
    made.push(backend);
    return backend;
  };
  beforeEach(async () => {
    server = await startOpenAIServer();
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((b) => b.dispose()));
    await server.close();
  });

  describe("what it sends", () => {
    it("posts the image as a data URL, the text, temperature 0, max_tokens and the API key", async () => {
      const backend = make({ apiKey: "sk-test" });
      const result = await backend.generate({ messages: CONFORMANCE_MESSAGES });
      const [request] = server.chatRequests();
      expect(request!.headers.authorization).toBe("Bearer sk-test");
      expect(request!.headers["content-type"]).toBe("application/json");
      const body = request!.body;
      expect(body.model).toBe("test-model");
      expect(body.temperature).toBe(0);
      expect(body.max_tokens).toBe(2048);
      expect(body).not.toHaveProperty("stream");
      expect(body).not.toHaveProperty("top_p");
      expect(Object.keys(body).sort()).toEqual(["max_tokens", "messages", "model", "temperature"]);
      expect(body.messages[0]).toEqual({ role: "system", content: "Answer in the Code-as-Thought format." });
      expect(body.messages[1].content).toEqual([
        { type: "image_url", image_url: { url: `data:image/png;base64,${Buffer.from(TINY_PNG).toString("base64")}` } },
        { type: "text", text: "Which country has the highest price index?" },
      ]);
      expect(result).toMatchObject({
        text: CODE_TEXT,
        model: "Qwen/Qwen2.5-VL-7B-Instruct",
        finishReason: "stop",
        usage: { promptTokens: 1312, completionTokens: 86 },
        attempts: 1,
      });
    });

    it("sends the caller's max_tokens and temperature, and no Authorization without a key", async () => {
      await make().generate({ messages: [{ role: "user", content: "hi" }], maxTokens: 512, temperature: 0.7 });
      const [request] = server.chatRequests();
      expect(request!.body).toMatchObject({ max_tokens: 512, temperature: 0.7, messages: [{ role: "user", content: "hi" }] });
      expect(request!.headers).not.toHaveProperty("authorization");
    });

    const grammar = (kind: DecodingConstraint["kind"]): DecodingConstraint => ({ kind, grammar: `${kind}-text` });
    it.each([
      ["llamacpp", "gbnf", { grammar: "gbnf-text" }],
      ["vllm", "gbnf", { structured_outputs: { grammar: "gbnf-text" } }],
      ["vllm", "lark", { structured_outputs: { grammar: "lark-text" } }],
      ["vllm", "regex", { structured_outputs: { regex: "regex-text" } }],
      ["sglang", "gbnf", { ebnf: "gbnf-text" }],
      ["sglang", "regex", { regex: "regex-text" }],
    ] as const)("sends a %s server a %s constraint as %j", async (server_, kind, fields) => {
      await make({ server: server_ }).generate({ messages: CONFORMANCE_MESSAGES, constraint: grammar(kind) });
      const body = server.chatRequests()[0]!.body;
      expect(body).toMatchObject(fields);
      for (const key of ["grammar", "structured_outputs", "ebnf", "regex", "guided_grammar", "guided_regex"]) {
        if (!(key in fields)) expect(body).not.toHaveProperty(key);
      }
    });

    it.each([
      ["ollama", "gbnf"],
      ["openai", "gbnf"],
      ["llamacpp", "lark"],
      ["sglang", "lark"],
    ] as const)("refuses a %s server a %s constraint before sending anything, naming the servers that take one", async (flavour, kind) => {
      const error = await failureOf(make({ server: flavour }).generate({ messages: CONFORMANCE_MESSAGES, constraint: grammar(kind) }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain(`not supported by ${flavour} servers`);
      expect(error.message).toMatch(/llamacpp \(gbnf\).*sglang \(gbnf, regex\)/);
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("replies", () => {
    it("streams: stream flag, usage request, one onToken call per delta, accumulated text", async () => {
      server.enqueue({ kind: "completion", fixture: "visual-path-llamacpp", chunkChars: 10 });
      const deltas: string[] = [];
      const result = await make().generate({ messages: CONFORMANCE_MESSAGES, onToken: (d) => deltas.push(d) });
      const body = server.chatRequests()[0]!.body;
      expect(body.stream).toBe(true);
      expect(body.stream_options).toEqual({ include_usage: true });
      expect(server.chatRequests()[0]!.headers.accept).toBe("text/event-stream");
      const text = fixtureText("visual-path-llamacpp");
      expect(deltas).toHaveLength(Math.ceil(text.length / 10));
      expect(deltas.join("")).toBe(text);
      expect(result).toMatchObject({ text, finishReason: "stop", model: "qwen2.5-vl-7b-instruct-q4_k_m.gguf", usage: { promptTokens: 1050, completionTokens: 61 } });
    });

    it("returns a fenced, prose-wrapped reply verbatim (repairs are the parser's job)", async () => {
      server.enqueue({ kind: "completion", fixture: "fenced-prose-ollama" });
      const result = await make().generate({ messages: CONFORMANCE_MESSAGES });
      expect(result.text).toBe(fixtureText("fenced-prose-ollama"));
      expect(result.text).toContain("```csv");
    });

    it("accepts a plain JSON reply to a streaming request, delivering it as one delta", async () => {
      server.enqueue({ kind: "json-anyway" });
      const deltas: string[] = [];
      const result = await make().generate({ messages: CONFORMANCE_MESSAGES, onToken: (d) => deltas.push(d) });
      expect(deltas).toEqual([CODE_TEXT]);
      expect(result.text).toBe(CODE_TEXT);
    });

    it("passes an error thrown by onToken to the caller, without retrying", async () => {
      const boom = new Error("consumer failed");
      const { waits, sleep } = recordingSleep();
      const error = await failureOf(make({ sleep }).generate({ messages: CONFORMANCE_MESSAGES, onToken: () => { throw boom; } }));
      expect(error).toBe(boom);
      expect(server.chatRequests()).toHaveLength(1);
      expect(waits).toEqual([]);
    });
  });

  describe("model discovery", () => {
    it("asks GET /models once, for concurrent first requests, and uses the first id", async () => {
      const backend = new OpenAICompatibleBackend({ baseUrl: server.url, env: {}, apiKey: "k" });
      made.push(backend);
      expect(backend.id).toBe(`openai-compatible:${server.url}`);
      await Promise.all([1, 2, 3].map(() => backend.generate({ messages: CONFORMANCE_MESSAGES })));
      expect(server.modelRequests()).toHaveLength(1);
      expect(server.modelRequests()[0]!.headers.authorization).toBe("Bearer k");
      expect(server.chatRequests().map((r) => r.body.model)).toEqual(Array(3).fill("Qwen/Qwen2.5-VL-7B-Instruct"));
      expect(backend.id).toBe(`openai-compatible:${server.url}#Qwen/Qwen2.5-VL-7B-Instruct`);
    });

    it.each([
      ["llamacpp", { grammar: "g" }],
      ["vllm", { structured_outputs: { grammar: "g" } }],
      ["sglang", { ebnf: "g" }],
    ])("detects a %s server from owned_by when a constraint needs it", async (ownedBy, fields) => {
      await server.close();
      server = await startOpenAIServer({ models: [{ id: "m", owned_by: ownedBy }] });
      const backend = make({ model: "m" });
      await backend.generate({ messages: CONFORMANCE_MESSAGES, constraint: { kind: "gbnf", grammar: "g" } });
      expect(server.chatRequests()[0]!.body).toMatchObject(fields);
      expect(backend.server).toBe(ownedBy);
    });

    it("reports constraintKinds once the flavour is known (given, or learnt in ready())", async () => {
      expect(make({ server: "llamacpp" }).constraintKinds).toEqual(["gbnf"]);
      expect(make({ server: "vllm" }).constraintKinds).toEqual(["gbnf", "lark", "regex"]);
      expect(make({ server: "sglang" }).constraintKinds).toEqual(["gbnf", "regex"]);
      expect(make({ server: "ollama" }).constraintKinds).toEqual([]);
      const auto = make({ model: undefined });
      expect(auto.constraintKinds).toBeUndefined();
      await auto.ready();
      expect(auto.constraintKinds).toEqual(["gbnf", "lark", "regex"]); // the server says owned_by: vllm
      expect(auto.id).toBe(`openai-compatible:${server.url}#Qwen/Qwen2.5-VL-7B-Instruct`);
      expect(server.modelRequests()).toHaveLength(1);
      await auto.generate({ messages: CONFORMANCE_MESSAGES, constraint: { kind: "regex", grammar: "r" } });
      expect(server.modelRequests()).toHaveLength(1);
    });

    it("counts an unlistable server with a named model as a plain OpenAI-compatible one", async () => {
      await server.close();
      server = await startOpenAIServer({ modelsStatus: 404 });
      const backend = make();
      await backend.ready();
      expect(backend.server).toBe("openai");
      expect(backend.constraintKinds).toEqual([]);
    });

    it("does not ask /models when the model is named and no constraint needs the flavour", async () => {
      await make().generate({ messages: CONFORMANCE_MESSAGES });
      expect(server.modelRequests()).toHaveLength(0);
    });

    it("treats Ollama (owned_by: library) as taking no grammar", async () => {
      await server.close();
      server = await startOpenAIServer({ models: [{ id: "qwen2.5vl:7b", owned_by: "library" }] });
      const error = await failureOf(make({ model: undefined }).generate({ messages: CONFORMANCE_MESSAGES, constraint: { kind: "gbnf", grammar: "g" } }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain("not supported by ollama servers");
      expect(server.chatRequests()).toHaveLength(0);
    });

    it("says how to name the model when /models fails", async () => {
      await server.close();
      server = await startOpenAIServer({ modelsStatus: 404 });
      const error = await failureOf(make({ model: undefined }).generate({ messages: CONFORMANCE_MESSAGES }));
      expect(error).toBeInstanceOf(ModelError);
      expect(error.message).toMatch(/HTTP 404.*CATBOX_MODEL_NAME/);
    });
  });

  describe("retries", () => {
    it("honours Retry-After on 429", async () => {
      server.enqueue({ kind: "error", status: 429, headers: { "retry-after": "2" }, body: { error: { message: "rate limited" } } });
      const { waits, sleep } = recordingSleep();
      const result = await make({ sleep }).generate({ messages: CONFORMANCE_MESSAGES });
      expect(waits).toEqual([2000]);
      expect(result.attempts).toBe(2);
      expect(result.text).toBe(CODE_TEXT);
    });

    it("retries a 500 after a full-jitter backoff", async () => {
      server.enqueue({ kind: "error", status: 500, body: "Internal Server Error" });
      const { waits, sleep } = recordingSleep();
      const result = await make({ sleep, random: () => 0.5 }).generate({ messages: CONFORMANCE_MESSAGES });
      expect(waits).toEqual([250]); // 0.5 × 500 ms
      expect(result.attempts).toBe(2);
      expect(server.chatRequests()).toHaveLength(2);
    });

    it("gives up after maxRetries with the last error, the status and the attempts", async () => {
      server.enqueue(...Array.from({ length: 3 }, () => ({ kind: "error", status: 503, body: { error: { message: "engine overloaded" } } }) as const));
      const { waits, sleep } = recordingSleep();
      const error = await failureOf(make({ sleep, maxRetries: 2, random: () => 1 }).generate({ messages: CONFORMANCE_MESSAGES }));
      expect(error).toBeInstanceOf(ModelError);
      expect(error.message).toMatch(/HTTP 503: engine overloaded.*gave up after 3 attempts/);
      expect((error as ModelError).details).toMatchObject({ status: 503, attempts: 3 });
      expect(waits).toEqual([500, 1000]);
    });

    it("does not retry a 400, and quotes the server's message", async () => {
      server.enqueue({
        kind: "error",
        status: 400,
        body: { object: "error", message: "This model's maximum context length is 4096 tokens.", type: "BadRequestError", code: 400 },
      });
      const { waits, sleep } = recordingSleep();
      const error = await failureOf(make({ sleep }).generate({ messages: CONFORMANCE_MESSAGES }));
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).code).toBe("MODEL_ERROR");
      expect(error.message).toContain("HTTP 400: This model's maximum context length is 4096 tokens.");
      expect((error as ModelError).details).toMatchObject({ status: 400 });
      expect(server.chatRequests()).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it("points at the API key on 401", async () => {
      server.enqueue({ kind: "error", status: 401, body: { error: { message: "Invalid API key" } } });
      const error = await failureOf(make().generate({ messages: CONFORMANCE_MESSAGES }));
      expect(error.message).toMatch(/HTTP 401: Invalid API key.*CATBOX_API_KEY/);
    });

    it("times out a server that never answers (MODEL_TIMEOUT), retrying first", async () => {
      server.enqueue({ kind: "hang" }, { kind: "hang" });
      const { waits, sleep } = recordingSleep();
      const error = await failureOf(make({ sleep, timeoutMs: 100, maxRetries: 1 }).generate({ messages: CONFORMANCE_MESSAGES }));
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).code).toBe("MODEL_TIMEOUT");
      expect(error.message).toMatch(/within 100 ms.*2 attempts/);
      expect(waits).toHaveLength(1);
      await Promise.all(server.chatRequests().map((r) => server.waitForClose(r)));
      expect(server.chatRequests().map((r) => r.closedEarly)).toEqual([true, true]);
    });

    it("retries a stream that broke before any text", async () => {
      server.enqueue({ kind: "break-stream", afterChars: 0 });
      const { waits, sleep } = recordingSleep();
      const deltas: string[] = [];
      const result = await make({ sleep }).generate({ messages: CONFORMANCE_MESSAGES, onToken: (d) => deltas.push(d) });
      expect(result.attempts).toBe(2);
      expect(waits).toHaveLength(1);
      expect(deltas.join("")).toBe(CODE_TEXT);
    });

    it("fails clearly, without retrying, when a stream breaks after text was delivered", async () => {
      server.enqueue({ kind: "break-stream", afterChars: 40 });
      const { waits, sleep } = recordingSleep();
      const deltas: string[] = [];
      const error = await failureOf(make({ sleep }).generate({ messages: CONFORMANCE_MESSAGES, onToken: (d) => deltas.push(d) }));
      expect(error).toBeInstanceOf(ModelError);
      expect(error.message).toMatch(/broke after 40 characters.*not retried/);
      expect((error as ModelError).details).toMatchObject({ partialChars: 40 });
      expect(deltas.join("")).toBe(CODE_TEXT.slice(0, 40));
      expect(server.chatRequests()).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it("keeps a streamed reply whose connection broke after the finish reason", async () => {
      server.enqueue({ kind: "break-stream", afterChars: 10_000, finished: true });
      const result = await make().generate({ messages: CONFORMANCE_MESSAGES, onToken: () => undefined });
      expect(result).toMatchObject({ text: CODE_TEXT, finishReason: "stop", attempts: 1 });
    });

    it("retries a refused connection, then reports it", async () => {
      const port = await closedPort();
      const { waits, sleep } = recordingSleep();
      const backend = make({ baseUrl: `http://127.0.0.1:${port}/v1`, sleep, maxRetries: 2 });
      const error = await failureOf(backend.generate({ messages: CONFORMANCE_MESSAGES }));
      expect(error).toBeInstanceOf(ModelError);
      expect(error.message).toMatch(/could not reach .*ECONNREFUSED.*3 attempts/);
      expect(waits).toHaveLength(2);
    });
  });

  describe("cancellation and limits", () => {
    it("aborts an in-flight request when the caller cancels: AbortError, connection closed, no retry", async () => {
      server.enqueue({ kind: "hang" });
      const { waits, sleep } = recordingSleep();
      const controller = new AbortController();
      const pending = make({ sleep }).generate({ messages: CONFORMANCE_MESSAGES, signal: controller.signal });
      await server.waitForChatRequests(1);
      controller.abort();
      const error = await failureOf(pending);
      expect(error.name).toBe("AbortError");
      await server.waitForClose(server.chatRequests()[0]!);
      expect(server.chatRequests()[0]!.closedEarly).toBe(true);
      expect(server.chatRequests()).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it("aborts during a backoff wait", async () => {
      server.enqueue({ kind: "error", status: 503 });
      const controller = new AbortController();
      const pending = make({ random: () => 1 }).generate({ messages: CONFORMANCE_MESSAGES, signal: controller.signal });
      await server.waitForChatRequests(1);
      setTimeout(() => controller.abort(), 30);
      const error = await failureOf(pending);
      expect(error.name).toBe("AbortError");
      expect(server.chatRequests()).toHaveLength(1);
    });

    it("keeps at most `concurrency` requests in flight", async () => {
      const backend = make({ concurrency: 2 });
      server.enqueue(...Array.from({ length: 6 }, () => ({ kind: "completion", delayMs: 40 }) as const));
      const results = await Promise.all(Array.from({ length: 6 }, () => backend.generate({ messages: CONFORMANCE_MESSAGES })));
      expect(results.every((r) => r.text === CODE_TEXT)).toBe(true);
      expect(server.maxInFlight).toBe(2);
    });
  });

  describe("settings from the environment", () => {
    it("reads CATBOX_MODEL (with #name), CATBOX_API_KEY", async () => {
      const backend = new OpenAICompatibleBackend({ env: { CATBOX_MODEL: `${server.url}#env-model`, CATBOX_API_KEY: "env-key" } });
      made.push(backend);
      await backend.generate({ messages: CONFORMANCE_MESSAGES });
      const [request] = server.chatRequests();
      expect(request!.body.model).toBe("env-model");
      expect(request!.headers.authorization).toBe("Bearer env-key");
    });

    it("reads CATBOX_MODEL_NAME; explicit options win over the environment", async () => {
      const env = { CATBOX_MODEL: "http://127.0.0.1:9/v1", CATBOX_MODEL_NAME: "env-name", CATBOX_API_KEY: "env-key" };
      const fromEnv = new OpenAICompatibleBackend({ baseUrl: server.url, env });
      const explicit = new OpenAICompatibleBackend({ baseUrl: server.url, model: "opt-name", apiKey: "opt-key", env });
      made.push(fromEnv, explicit);
      await fromEnv.generate({ messages: CONFORMANCE_MESSAGES });
      await explicit.generate({ messages: CONFORMANCE_MESSAGES });
      const [a, b] = server.chatRequests();
      expect([a!.body.model, a!.headers.authorization]).toEqual(["env-name", "Bearer env-key"]);
      expect([b!.body.model, b!.headers.authorization]).toEqual(["opt-name", "Bearer opt-key"]);
    });

    it("names both the option and the variable when no URL is configured", () => {
      expect(() => new OpenAICompatibleBackend({ env: {} })).toThrow(UsageError);
      expect(() => new OpenAICompatibleBackend({ env: {} })).toThrow(/baseUrl option .*CATBOX_MODEL/);
    });
  });

  it("has realistic fixtures", () => {
    for (const name of ["code-path-vllm", "visual-path-llamacpp", "fenced-prose-ollama"]) {
      const f = loadReplyFixture(name);
      expect(f.completion.choices[0]!.message.content).toMatch(/<programability>(yes|no)<\/programability>/);
    }
  });
});
