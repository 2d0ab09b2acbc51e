import { Option, type Command } from "commander";
import { UsageError } from "../../errors.js";
import { LocalModels } from "../../local/local-models.js";
import { createModelBackend } from "../../model/index.js";
import { createSandbox } from "../../sandbox/index.js";
import { askHandlerFor } from "../../serve/ask-handler.js";
import { startServer } from "../../serve/server.js";
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SERVE_OPTIONS } from "../../serve/types.js";
import { EXIT_INTERRUPTED, EXIT_OK } from "../exit-codes.js";
import { say } from "../io.js";
import { addSandboxFlags, limitsFrom, nowFrom, wholeNumber, type SandboxFlags } from "../options.js";

interface ServeFlags extends SandboxFlags {
  model?: string;
  constrain?: boolean;
  host: string;
  port: string;
  token?: string;
  maxBodyMb: string;
  maxInflight: string;
  maxQueue: string;
  deadlineMs: string;
  ground: boolean;
}


/**
 * `catbox serve`: the HTTP API (run, reward, check, ask, healthz, metrics) until SIGTERM/SIGINT,
 * then a graceful shutdown (stop accepting, finish in-flight requests, dispose the sandbox).
 */
export function registerServe(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command("serve")
    .description("serve the catbox API over HTTP: POST /v1/run, /v1/reward, /v1/check, /v1/ask; GET /healthz, /metrics")
    .option("--model <url>", "model for POST /v1/ask, as in catbox ask (default $CATBOX_MODEL, else local: OCR + chart geometry + question compiler, loaded once at startup)")
    .option("--no-ground", "do not ground /v1/ask code-path tables in the chart's text")
    .option("--constrain", "constrain /v1/ask decoding with catbox's grammar")
    .addOption(new Option("--host <addr>", "interface to bind").default(DEFAULT_HOST))
    .addOption(new Option("--port <n>", "port to listen on (0 picks a free one)").default(String(DEFAULT_PORT)))
    .addOption(new Option("--token <secret>", "require Authorization: Bearer <secret> (default $CATBOX_TOKEN; /healthz stays open)"))
    .addOption(new Option("--max-body-mb <n>", "largest request body, MiB (413 above)").default(String(DEFAULT_SERVE_OPTIONS.maxBodyBytes / 1048576)))
    .addOption(new Option("--max-inflight <n>", "requests processed at once").default(String(DEFAULT_SERVE_OPTIONS.maxInflight)))
    .addOption(new Option("--max-queue <n>", "requests waiting beyond --max-inflight before 503 + Retry-After").default(String(DEFAULT_SERVE_OPTIONS.maxQueued)))
    .addOption(new Option("--deadline-ms <n>", "per-request deadline, ms (504 after)").default(String(DEFAULT_SERVE_OPTIONS.deadlineMs)));
  addSandboxFlags(cmd).action(async (flags: ServeFlags) => {
    const port = wholeNumber("--port", flags.port, 0, 65535);
    const maxBodyMb = wholeNumber("--max-body-mb", flags.maxBodyMb, 1, 4096);
    const maxInflight = wholeNumber("--max-inflight", flags.maxInflight, 1, 10_000);
    const maxQueued = wholeNumber("--max-queue", flags.maxQueue, 0, 100_000);
    const deadlineMs = wholeNumber("--deadline-ms", flags.deadlineMs, 100, 24 * 3600 * 1000);
    if (flags.workers !== undefined && (flags.workers < 1 || flags.workers > 64)) throw new UsageError(`--workers must be from 1 to 64, got ${flags.workers}`);
    const token = flags.token ?? process.env.CATBOX_TOKEN ?? null;
    const nowMs = nowFrom(flags);
    const limits = limitsFrom(flags);
    // The local models (OCR) are loaded once here and kept for the server's lifetime: the local
    // backend and the grounding check share them.
    await using models = new LocalModels();
    await using localSandbox = createSandbox({ workers: 1, limits });
    await using backend = createModelBackend(flags.model, { local: { models, sandbox: localSandbox } });
    const t0 = performance.now();
    await Promise.all([backend.ready?.(), flags.ground ? models.ready() : undefined]);
    const loadMs = performance.now() - t0;
    const server = await startServer({
      ask: askHandlerFor(backend, { constrain: flags.constrain ?? false, ...(flags.ground ? { grounding: models } : {}) }),
      host: flags.host,
      port,
      token: token === "" ? null : token,
      maxBodyBytes: maxBodyMb * 1024 * 1024,
      maxInflight,
      maxQueued,
      deadlineMs,
      limits,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(nowMs !== undefined ? { nowMs } : {}),
      sandboxOptions: { limits, ...(flags.workers !== undefined ? { workers: flags.workers } : {}) },
    });
    say(`catbox serve: listening on ${server.url}${token ? " (bearer token required)" : ""}; /v1/ask uses ${backend.id} (ready in ${Math.round(loadMs)} ms); Ctrl-C or SIGTERM to stop`);

    // Graceful shutdown owns SIGINT/SIGTERM while serving: the CLI's own SIGINT handler (exit 130
    // at once) is set aside and put back afterwards. A second signal exits immediately.
    const previous = process.rawListeners("SIGINT") as Array<(...args: unknown[]) => void>;
    for (const l of previous) process.off("SIGINT", l);
    let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
    try {
      await new Promise<void>((resolve) => {
        let stopping = false;
        onSignal = (signal) => {
          if (stopping) {
            say(`catbox serve: ${signal} again, exiting now`);
            process.exit(EXIT_INTERRUPTED);
          }
          stopping = true;
          say(`catbox serve: ${signal}, finishing in-flight requests…`);
          server.close().then(resolve, (e: unknown) => {
            say(`catbox serve: shutdown error: ${(e as Error)?.message ?? String(e)}`);
            resolve();
          });
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
      });
    } finally {
      if (onSignal) {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      for (const l of previous) process.on("SIGINT", l);
    }
    say("catbox serve: stopped");
    setExit(EXIT_OK);
  });
}
