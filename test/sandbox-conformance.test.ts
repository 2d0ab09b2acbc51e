/** The sandbox contract (test/support/sandbox-conformance.ts), for every runner `createSandbox` offers. */
import { createSandbox } from "../src/sandbox/index.js";
import { describeSandboxConformance } from "./support/sandbox-conformance.js";

describeSandboxConformance("process-pool", (options) => createSandbox({ kind: "process-pool", ...options }));
