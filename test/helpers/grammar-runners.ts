/**
 * Runs real parsers for each grammar language over batches of inputs:
 * - GBNF: the `gbnf` npm package, in a worker thread with a large stack;
 * - Lark: Python's `lark` (Debian package python3-lark), Earley and LALR;
 * - regex: JavaScript `RegExp` and Python `re.fullmatch`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const GRAMMAR_DIR = join(ROOT, "grammars");

export const grammarText = (file: string): string => readFileSync(join(GRAMMAR_DIR, file), "utf8");

/** Verdicts of the `gbnf` parser for `grammar` on each input. */
export function gbnfVerdicts(grammar: string, inputs: string[]): Promise<boolean[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./gbnf-worker.mjs", import.meta.url), {
      workerData: { grammar, inputs },
      resourceLimits: { stackSizeMb: 256 },
    });
    worker.once("message", (results: (boolean | string)[]) => {
      const bad = results.find((r) => typeof r === "string");
      if (bad !== undefined) reject(new Error(`gbnf failed: ${String(bad)}`));
      else resolve(results as boolean[]);
    });
    worker.once("error", reject);
  });
}

const INSTALL_HINT = "the Lark grammar tests need Python's lark module: apt-get install -y python3-lark";

/** A Python interpreter that can import lark (CATBOX_PYTHON, python3, /usr/bin/python3). */
export function findPython(): string {
  const candidates = [process.env.CATBOX_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => c !== undefined && c !== "",
  );
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", "import lark"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  throw new Error(`no python3 with lark found (tried ${candidates.join(", ")}); ${INSTALL_HINT}`);
}

/** Verdicts of Lark (Earley and LALR) and Python `re` on each input. */
export function pythonVerdicts(
  lark: string,
  regex: string,
  inputs: string[],
): { earley: boolean[]; lalr: boolean[]; regex: boolean[] } {
  const r = spawnSync(findPython(), [join(ROOT, "test/helpers/grammar-check.py")], {
    input: JSON.stringify({ lark, regex, inputs }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`grammar-check.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { earley: boolean[]; lalr: boolean[]; regex: boolean[] };
}

/** Every `response.txt` under `fixtures/` (e.g. fixtures/chartqa/<id>/response.txt). */
export function responseFixtures(dir = join(ROOT, "fixtures")): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...responseFixtures(p));
    else if (entry.name === "response.txt") out.push(p);
  }
  return out.sort();
}

/** `*.txt` files of one fixtures/responses sub-folder, as [name, text] pairs. */
export function fixtureTexts(kind: "canonical" | "malformed"): [string, string][] {
  const dir = join(ROOT, "fixtures/responses", kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), "utf8")]);
}
