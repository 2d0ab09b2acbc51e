#!/usr/bin/env node
// The catbox CLI. Built sources live in dist/ (`npm run build`, run automatically by `npm install`).
import { main } from "../dist/src/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`catbox: internal error: ${e?.stack ?? e}\n`);
    process.exitCode = 3;
  },
);
