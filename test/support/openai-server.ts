/**
 * A real HTTP server (node:http on 127.0.0.1, port 0) speaking the OpenAI chat-completions
 * protocol, for tests of model backends. It replays the replies in `fixtures/model-replies/`,
 * streaming (SSE, split into chunks) or not as the request asks, and records every request so tests
 * can assert what the client sent.
 *
 *   const server = await startOpenAIServer();
 *   server.enqueue({ kind: "error", status: 429, headers: { "retry-after": "2" } }, { kind: "completion" });
 *   … point a backend at server.url …
 *   expect(server.chatRequests()[0].body.temperature).toBe(0);
 *   await server.close();
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const FIXTURES = new URL("../../fixtures/model-replies/", import.meta.url);

/** A recorded reply: the flavour it imitates and its non-streaming body. */
export interface ReplyFixture {
  description: string;
  server: string;
  completion: {
    model: string;
    choices: Array<{ message: { content: string }; finish_reason: string }>;
    usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    [key: string]: unknown;
  };
}

export function loadReplyFixture(name: string): ReplyFixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as ReplyFixture;
}

/** The text of a fixture's reply. */
export function fixtureText(name: string): string {
  return loadReplyFixture(name).completion.choices[0]!.message.content;
}

/** What the server does with one chat-completions request. */
export type Reply =
  /** Answer with a fixture (default "code-path-vllm"), after `delayMs`; streamed in `chunkChars` pieces `chunkDelayMs` apart. */
  | { kind: "completion"; fixture?: string; text?: string; delayMs?: number; chunkChars?: number; chunkDelayMs?: number }
  /** An HTTP error with a JSON (or text) body. */
  | { kind: "error"; status: number; body?: unknown; headers?: Record<string, string> }
  /** Never answer (until the client gives up or the server closes). */
  | { kind: "hang" }
  /** Stream the fixture's first `afterChars` characters (and its finish reason when `finished`), then destroy the connection. */
  | { kind: "break-stream"; afterChars: number; finished?: boolean; fixture?: string }
  /** Answer a streaming request with a plain JSON completion (a server that ignores `stream`). */
  | { kind: "json-anyway"; fixture?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined for GET). */
  body: any;
  /** The client went away before the reply was complete. */
  closedEarly: boolean;
}

export interface ServerOptions {
  /** What `GET /v1/models` lists (default one vLLM model). */
  models?: Array<{ id: string; owned_by: string }>;
  /** Status for `GET /v1/models` (default 200). */
  modelsStatus?: number;
  /** The reply when the queue is empty (default a completion of the default fixture). */
  handler?: (request: RecordedRequest) => Reply;
}

export interface OpenAIServer {
  /** The base URL, `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  modelRequests(): RecordedRequest[];
  /** Replies for the next chat requests, in order; then `handler`. */
  enqueue(...replies: Reply[]): void;
  /** Most chat requests in flight at once so far. */
  readonly maxInFlight: number;
  /** Resolves once `n` chat requests have arrived. */
  waitForChatRequests(n: number): Promise<void>;
  /** Resolves once the request's client has gone away early. */
  waitForClose(request: RecordedRequest): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** SSE events for `text`; `end` says how far the stream gets: text only, + finish reason, or all the way to [DONE]. */
function sseChunks(fixture: ReplyFixture, text: string, chunkChars: number, includeUsage: boolean, end: "text" | "finish" | "done"): string[] {
  const c = fixture.completion;
  const base = { id: c.id ?? "chatcmpl-test", object: "chat.completion.chunk", created: c.created ?? 0, model: c.model };
  const event = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const out = [event({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })];
  for (let i = 0; i < text.length; i += chunkChars) {
    out.push(event({ ...base, choices: [{ index: 0, delta: { content: text.slice(i, i + chunkChars) }, finish_reason: null }] }));
  }
  if (end === "text") return out;
  out.push(event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: c.choices[0]!.finish_reason }] }));
  if (end === "finish") return out;
  if (includeUsage && c.usage !== undefined) out.push(event({ ...base, choices: [], usage: c.usage }));
  out.push("data: [DONE]\n\n");
  return out;
}

export async function startOpenAIServer(options: ServerOptions = {}): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const arrivals: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const models = options.models ?? [{ id: "Qwen/Qwen2.5-VL-7B-Instruct", owned_by: "vllm" }];
  const handler = options.handler ?? (() => ({ kind: "completion" }) as Reply);

  async function reply(r: Reply, req: RecordedRequest, res: ServerResponse): Promise<void> {
    const stream = req.body?.stream === true;
    switch (r.kind) {
      case "hang":
        return;
      case "error": {
        const body = typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? { error: { message: `HTTP ${r.status}`, code: r.status } });
        res.writeHead(r.status, { "content-type": typeof r.body === "string" ? "text/plain" : "application/json", ...r.headers });
        res.end(body);
        return;
      }
      case "json-anyway": {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(loadReplyFixture(r.fixture ?? "code-path-vllm").completion));
        return;
      }
      case "break-stream": {
        const fixture = loadReplyFixture(r.fixture ?? "code-path-vllm");
        const text = fixture.completion.choices[0]!.message.content.slice(0, r.afterChars);
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        for (const chunk of sseChunks(fixture, text, 8, false, r.finished ? "finish" : "text")) res.write(chunk);
        await sleep(20);
        res.socket?.destroy();
        return;
      }
      case "completion": {
        const recorded = loadReplyFixture(r.fixture ?? "code-path-vllm");
        // `text` replaces the recorded content (a scripted reply in the recorded envelope).
        const fixture: ReplyFixture =
          r.text === undefined
            ? recorded
            : { ...recorded, completion: { ...recorded.completion, choices: [{ ...recorded.completion.choices[0]!, message: { content: r.text } }] } };
        if (r.delayMs) await sleep(r.delayMs);
        if (res.destroyed) return;
        if (!stream) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(fixture.completion));
          return;
        }
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const text = fixture.completion.choices[0]!.message.content;
        const includeUsage = req.body?.stream_options?.include_usage === true;
        for (const chunk of sseChunks(fixture, text, r.chunkChars ?? 16, includeUsage, "done")) {
          if (res.destroyed) return;
          res.write(chunk);
          if (r.chunkDelayMs) await sleep(r.chunkDelayMs);
        }
        res.end();
      }
    }
  }

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      const text = Buffer.concat(parts).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: text === "" ? undefined : JSON.parse(text),
        closedEarly: false,
      };
      requests.push(recorded);
      res.on("close", () => {
        if (!res.writableFinished) recorded.closedEarly = true;
      });
      if (req.method === "GET" && req.url === "/v1/models") {
        const status = options.modelsStatus ?? 200;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(status === 200 ? { object: "list", data: models.map((m) => ({ ...m, object: "model", created: 0 })) } : { error: { message: "not found" } }));
        return;
      }
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on("close", () => inFlight--);
      arrivals.splice(0).forEach((f) => f());
      void reply(queue.shift() ?? handler(recorded), recorded, res).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const chatRequests = () => requests.filter((r) => r.path === "/v1/chat/completions");

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests,
    modelRequests: () => requests.filter((r) => r.path === "/v1/models"),
    enqueue: (...replies) => void queue.push(...replies),
    get maxInFlight() {
      return maxInFlight;
    },
    async waitForChatRequests(n) {
      while (chatRequests().length < n) await new Promise<void>((resolve) => arrivals.push(resolve));
    },
    async waitForClose(request) {
      for (let i = 0; i < 200 && !request.closedEarly; i++) await sleep(5);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (a server was there and closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
