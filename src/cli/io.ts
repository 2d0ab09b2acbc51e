import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { IoError } from "../errors.js";

/** Read a whole text file, or standard input for "-". Invalid UTF-8 is an error, not mojibake. */
export async function readInput(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    if (path === "-") {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      bytes = Buffer.concat(chunks);
    } else {
      bytes = await readFile(path);
    }
  } catch (e) {
    throw new IoError(`cannot read ${what} ${path === "-" ? "from standard input" : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new IoError(`${what} ${path} is not valid UTF-8 text`);
  }
}

/** Read raw bytes (CSV files: the table parser handles other encodings itself). */
export async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    if (path !== "-") return await readFile(path);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (e) {
    throw new IoError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Lines of a file (or stdin for "-"), streamed. */
export function readLines(path: string): AsyncIterable<string> {
  const input = path === "-" ? process.stdin : createReadStream(path, { encoding: "utf8" });
  input.on("error", () => undefined);
  const rl = createInterface({ input, crlfDelay: Infinity });
  return rl;
}

/** Write one line to stdout, waiting when the pipe is full (bounded memory on large batches). */
export function writeLine(text: string): Promise<void> | void {
  if (!process.stdout.write(text + "\n")) {
    return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
  }
}

/** Human messages go to stderr; stdout is for JSON. */
export function say(text: string): void {
  process.stderr.write(text + "\n");
}
