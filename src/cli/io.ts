import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { IoError } from "../errors.js";

/** Largest input file or stdin read whole (responses, snippets, tables, traces). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

async function readCapped(path: string, what: string, maxBytes: number): Promise<Buffer> {
  const tooBig = () =>
    new IoError(`${what} ${path === "-" ? "on standard input" : path} is larger than ${maxBytes} bytes; catbox reads at most that much`);
  try {
    if (path === "-") {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw tooBig();
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    }
    const file = await open(path, "r");
    try {
      const { size } = await file.stat();
      if (size > maxBytes) throw tooBig();
      return await file.readFile();
    } finally {
      await file.close();
    }
  } catch (e) {
    if (e instanceof IoError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new IoError(`cannot read ${what} ${path === "-" ? "from standard input" : path}: ${code ?? (e as Error).message}`);
  }
}

/** Read a whole text file, or standard input for "-". Invalid UTF-8 is an error, not mojibake. */
export async function readInput(path: string, what: string, maxBytes = MAX_INPUT_BYTES): Promise<string> {
  const bytes = await readCapped(path, what, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new IoError(`${what} ${path} is not valid UTF-8 text`);
  }
}

/** Read raw bytes (CSV files: the table parser handles other encodings itself). */
export function readBytes(path: string, what: string, maxBytes = MAX_INPUT_BYTES): Promise<Uint8Array> {
  return readCapped(path, what, maxBytes);
}

/**
 * Lines of a file (or stdin for "-"), streamed with bounded memory: a line longer than
 * `maxLineBytes` is not buffered whole; it is yielded as `{ tooLong: true }` and skipped.
 */
export async function* readLines(path: string, maxLineBytes = 64 * 1024 * 1024): AsyncGenerator<string | { tooLong: true; bytes: number }> {
  const input = path === "-" ? process.stdin : createReadStream(path);
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        const end = nl === -1 ? chunk.length : nl;
        if (!skipping) {
          size += end - start;
          if (size > maxLineBytes) {
            skipping = true;
            parts = [];
          } else {
            parts.push(chunk.subarray(start, end));
          }
        } else {
          size += end - start;
        }
        if (nl === -1) break;
        if (skipping) yield { tooLong: true, bytes: size };
        else yield Buffer.concat(parts).toString("utf8").replace(/\r$/, "");
        parts = [];
        size = 0;
        skipping = false;
        start = nl + 1;
      }
    }
  } catch (e) {
    throw new IoError(`cannot read ${path === "-" ? "standard input" : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (skipping) yield { tooLong: true, bytes: size };
  else if (size > 0) yield Buffer.concat(parts).toString("utf8").replace(/\r$/, "");
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
