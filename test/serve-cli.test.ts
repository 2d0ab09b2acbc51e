import { spawn } from "node:child_process";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerServe } from "../src/cli/commands/serve.js";

const SERVE_TS = join(import.meta.dirname, "..", "src", "cli", "commands", "serve.ts");

describe("catbox serve (command)", () => {
  it("rejects bad flags as usage errors before listening", async () => {
    for (const args of [["--port", "http"], ["--port", "70000"], ["--max-inflight", "0"], ["--max-body-mb", "-1"], ["--workers", "0"]]) {
      const program = new Command().exitOverride();
      registerServe(program, () => undefined);
      await expect(program.parseAsync(["serve", ...args], { from: "user" }), args.join(" ")).rejects.toThrow(/must be|--workers/);
    }
  });

  it("listens, serves with a token, and shuts down gracefully on SIGTERM with exit status 0", async () => {
    const script = `
      import { Command } from "commander";
      import { registerServe } from ${JSON.stringify(SERVE_TS)};
      const program = new Command().exitOverride();
      let code = -1;
      registerServe(program, (c) => { code = c; });
      await program.parseAsync(["serve", "--port", "0", "--workers", "1", "--max-body-mb", "1"], { from: "user" });
      process.stderr.write("exit " + code + "\\n");
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: join(import.meta.dirname, ".."),
      env: { ...process.env, CATBOX_TOKEN: "from-env" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1], { timeout: 30_000, interval: 100 }).toBeTruthy();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)![1]!;
      expect(stderr).toMatch(/bearer token required/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const body = JSON.stringify({ response: "<programability>no</programability><think>t</think><answer>4</answer>" });
      expect((await fetch(`${url}/v1/run`, { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(401);
      const ok = await fetch(`${url}/v1/run`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer from-env" }, body });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ path: "visual", answer: "4" });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/SIGTERM, finishing in-flight requests/);
      expect(stderr).toMatch(/stopped\nexit 0\n/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
