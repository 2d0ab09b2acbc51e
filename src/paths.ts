import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The catbox package root (the folder holding its package.json), from src/ or dist/src/. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (pkg.name === "catbox") return (root = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("catbox: cannot find the package root above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** catbox's own version, from package.json. */
export function catboxVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** Path of a file inside the installed mathjs package. */
export function mathjsBundlePath(): string {
  return createRequire(import.meta.url).resolve("mathjs/lib/browser/math.js");
}

/** Version of an installed dependency, or "unknown". */
export function dependencyVersion(name: string): string {
  try {
    const require = createRequire(join(packageRoot(), "package.json"));
    const pkgPath = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** True when this module is running from TypeScript sources (tests), not the built dist/. */
export function runningFromSource(): boolean {
  return import.meta.url.endsWith(".ts");
}
