// Entry point of a sandbox worker process (spawned by ProcessPoolRunner with --no-node-snapshot).
// It hosts one IsolateExecutor and runs jobs strictly one after another, in arrival order.
import { IsolateExecutor } from "./isolate-executor.js";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol.js";

const executor = new IsolateExecutor();
let chain: Promise<void> = Promise.resolve();

function send(message: WorkerResponse): void {
  if (process.connected) process.send?.(message);
}

process.on("message", (message: WorkerRequest) => {
  if (message.type === "run") {
    chain = chain.then(async () => {
      const result = await executor.execute(message.job);
      send({ type: "result", id: message.id, result });
    });
  } else if (message.type === "shutdown") {
    void chain.finally(() => {
      executor.dispose();
      process.exit(0);
    });
  }
});

// The parent went away: nothing left to do.
process.on("disconnect", () => {
  executor.dispose();
  process.exit(0);
});

send({ type: "ready", pid: process.pid });
