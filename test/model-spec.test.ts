/** Model specs, `createModelBackend`, flavour detection, Retry-After parsing and the SSE reader. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../src/errors.js";
import {
  createModelBackend,
  flavourFromOwnedBy,
  OpenAICompatibleBackend,
  parseModelSpec,
  parseRetryAfter,
} from "../src/model/index.js";
import { readSseData } from "../src/model/sse.js";
import { backoffDelay } from "../src/model/retry.js";

describe("parseModelSpec", () => {
  it.each([
    ["http://127.0.0.1:8000/v1", { baseUrl: "http://127.0.0.1:8000/v1", server: "auto" }],
    ["http://127.0.0.1:8000/v1/", { baseUrl: "http://127.0.0.1:8000/v1", server: "auto" }],
    ["http://127.0.0.1:8000", { baseUrl: "http://127.0.0.1:8000/v1", server: "auto" }],
    ["https://host/v1#Qwen/Qwen2.5-VL-7B-Instruct", { baseUrl: "https://host/v1", model: "Qwen/Qwen2.5-VL-7B-Instruct", server: "auto" }],
    ["http://h:8080/v1?model=qwen2.5vl%3A7b", { baseUrl: "http://h:8080/v1", model: "qwen2.5vl:7b", server: "auto" }],
    ["vllm:http://h:8000/v1#m", { baseUrl: "http://h:8000/v1", model: "m", server: "vllm" }],
    ["llamacpp:http://h:8080/v1", { baseUrl: "http://h:8080/v1", server: "llamacpp" }],
    ["SGLang:http://h:30000/v1", { baseUrl: "http://h:30000/v1", server: "sglang" }],
    ["ollama:http://localhost:11434/v1", { baseUrl: "http://localhost:11434/v1", server: "ollama" }],
    ["openai:https://api.example.com/v1?api-version=2024", { baseUrl: "https://api.example.com/v1?api-version=2024", server: "openai" }],
  ])("%s", (spec, expected) => {
    expect(parseModelSpec(spec)).toEqual(expected);
  });

  it.each(["foo:http://h/v1", "localhost:8000", "ftp://h/v1", "vllm:h:8000", "http://"])("rejects %s, listing the accepted forms", (spec) => {
    expect(() => parseModelSpec(spec)).toThrow(UsageError);
    expect(() => parseModelSpec(spec)).toThrow(/accepted forms: http\(s\):\/\/HOST:PORT\/v1, .*vllm:URL, llamacpp:URL, sglang:URL, ollama:URL, openai:URL/);
  });
});

describe("createModelBackend", () => {
  it("builds an OpenAI-compatible backend from a URL spec", async () => {
    await using backend = createModelBackend("http://127.0.0.1:8000/v1#m", { env: {} });
    expect(backend).toBeInstanceOf(OpenAICompatibleBackend);
    expect(backend.id).toBe("openai-compatible:http://127.0.0.1:8000/v1#m");
  });

  it("forces the flavour with a prefix", async () => {
    await using backend = createModelBackend("llamacpp:http://127.0.0.1:8080/v1", { env: {} });
    expect((backend as OpenAICompatibleBackend).server).toBe("llamacpp");
  });

  it("falls back to CATBOX_MODEL, and the model option beats the spec's #name", async () => {
    await using backend = createModelBackend(undefined, { env: { CATBOX_MODEL: "sglang:http://h:30000/v1#spec-name" }, model: "opt" });
    expect(backend.id).toBe("openai-compatible:http://h:30000/v1#opt");
    expect((backend as OpenAICompatibleBackend).server).toBe("sglang");
  });

  it("uses CATBOX_MODEL_NAME when the spec names no model", async () => {
    await using backend = createModelBackend("http://h/v1", { env: { CATBOX_MODEL_NAME: "env-name" } });
    expect(backend.id).toBe("openai-compatible:http://h/v1#env-name");
  });

  describe("with process.env", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });
    it("reads CATBOX_MODEL, CATBOX_MODEL_NAME from process.env by default", async () => {
      vi.stubEnv("CATBOX_MODEL", "vllm:http://10.0.0.2:8000/v1");
      vi.stubEnv("CATBOX_MODEL_NAME", "from-process-env");
      await using backend = createModelBackend(undefined);
      expect(backend.id).toBe("openai-compatible:http://10.0.0.2:8000/v1#from-process-env");
      expect(backend.constraintKinds).toEqual(["gbnf", "lark", "regex"]);
    });
  });

  it("falls back to the local backend when no model is configured", async () => {
    for (const b of [createModelBackend(undefined, { env: {} }), createModelBackend("  ", { env: { CATBOX_MODEL: " " } })]) {
      expect(b.id).toBe("local:ocr+geometry+compiler");
      await b.dispose();
    }
  });

  it("rejects an unknown scheme, listing the accepted forms", () => {
    expect(() => createModelBackend("local:qwen", { env: {} })).toThrow(/unknown scheme "local:".*accepted forms/);
  });

  it("rejects bad numeric options", () => {
    expect(() => createModelBackend("http://h/v1", { env: {}, concurrency: 0 })).toThrow(/concurrency must be an integer ≥ 1/);
    expect(() => createModelBackend("http://h/v1", { env: {}, maxRetries: -1 })).toThrow(/maxRetries/);
  });
});

describe("flavourFromOwnedBy", () => {
  it.each([
    ["vllm", "vllm"],
    ["llamacpp", "llamacpp"],
    ["sglang", "sglang"],
    ["library", "ollama"],
    ["openai", "openai"],
    ["system", "openai"],
    [undefined, "openai"],
  ])("%s → %s", (ownedBy, flavour) => {
    expect(flavourFromOwnedBy(ownedBy)).toBe(flavour);
  });
});

describe("retry timing", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it.each([
    ["2", 2000],
    ["0", 0],
    ["1.5", 1500],
    ["3600", 60_000],
    ["Wed, 01 Jan 2025 00:00:05 GMT", 5000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
  ])("Retry-After %j → %j ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it("backs off exponentially with full jitter, capped", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0.999_999))).toEqual([499, 999, 1999, 3999]);
    expect(backoffDelay(20, () => 0.5)).toBe(15_000);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });
});

describe("readSseData", () => {
  function streamOf(...pieces: string[]): ReadableStream<Uint8Array> {
    const bytes = pieces.map((p) => new TextEncoder().encode(p));
    return new ReadableStream({
      start(controller) {
        for (const b of bytes) controller.enqueue(b);
        controller.close();
      },
    });
  }
  async function collect(stream: ReadableStream<Uint8Array>) {
    const out = [];
    for await (const e of readSseData(stream)) out.push(e.done ? "[DONE]" : e.data);
    return out;
  }

  it("reads events split anywhere, with CRLF, comments, other fields and multi-line data", async () => {
    const stream = streamOf(": keep-alive\r\n\r\nevent: message\r\ndata: {\"a\"", ":1}\r", "\n\r\ndata: line1\ndata:line2\n\nid: 7\ndata: [DONE]\n\ndata: after\n\n");
    expect(await collect(stream)).toEqual(['{"a":1}', "line1\nline2", "[DONE]"]);
  });

  it("keeps a last event that lacks its blank line", async () => {
    expect(await collect(streamOf("data: x\n\ndata: y"))).toEqual(["x", "y"]);
  });

  it("splits multi-byte characters across chunks correctly", async () => {
    const bytes = new TextEncoder().encode("data: €−\n\n");
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const b of bytes) c.enqueue(Uint8Array.of(b));
        c.close();
      },
    });
    expect(await collect(stream)).toEqual(["€−"]);
  });
});
