/**
 * `startServer`: the serve app on a real socket (@hono/node-server), with graceful shutdown.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createServeApp } from "./app.js";
import { DEFAULT_HOST, DEFAULT_PORT, type RunningServer, type StartServerOptions } from "./types.js";

/** How long `close()` lets idle keep-alive sockets wind down after draining, before cutting them. */
const SOCKET_GRACE_MS = 2_000;

function hostForUrl(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Listen on `host:port` (default 127.0.0.1:8787) and serve the catbox HTTP API. `close()` stops
 * accepting connections, lets in-flight requests finish (see `drainTimeoutMs`), disposes the
 * sandbox the app owns and closes the remaining sockets.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const serveApp = createServeApp(options);
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: serveApp.app.fetch, hostname: host, port }) as Server;
      s.once("listening", () => resolve(s));
      s.once("error", reject);
    });
  } catch (e) {
    await serveApp.close();
    throw e;
  }
  // Requests may take up to the deadline; Node's default request/header timeouts stay as they are.
  server.keepAliveTimeout = 5_000;
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;

  async function close(): Promise<void> {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await serveApp.close();
      // Responses are written; idle keep-alive sockets go now, busy ones get a short grace period.
      const poll = setInterval(() => server.closeIdleConnections(), 50);
      const grace = new Promise<void>((resolve) => setTimeout(resolve, SOCKET_GRACE_MS).unref());
      await Promise.race([closed, grace]);
      clearInterval(poll);
      server.closeAllConnections();
      await closed;
    })();
    return closing;
  }

  return { url: `http://${hostForUrl(host)}:${actualPort}`, port: actualPort, app: serveApp, close };
}
