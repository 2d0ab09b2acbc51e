import { open, stat } from "node:fs/promises";
import { ImageError, IoError } from "../errors.js";

/** "12.3 MiB"-style size for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

function tooManyBytes(what: string, size: number, maxInputBytes: number): ImageError {
  return new ImageError(
    `${what} is ${formatBytes(size)}, over the ${formatBytes(maxInputBytes)} limit (maxInputBytes); ` +
      `shrink or re-save the image (a chart rarely needs more than a few MiB), or raise maxInputBytes`,
    { reason: "too-many-bytes", bytes: size, maxInputBytes },
  );
}

function empty(what: string): ImageError {
  return new ImageError(`${what} is empty (0 bytes); pass a PNG, JPEG, WebP, GIF, TIFF, AVIF or SVG image`, {
    reason: "empty",
  });
}

/**
 * The input's bytes, with bounded memory: a file is `stat`ed first and refused, unread, when it is
 * not a regular file or is over `maxInputBytes`; then at most its stat size is read. A byte array
 * is checked and wrapped without copying. Filesystem failures are `IoError`s; empty or oversized
 * inputs are `ImageError`s.
 */
export async function readImageBytes(input: Uint8Array | string, maxInputBytes: number): Promise<Buffer> {
  if (typeof input !== "string") {
    if (!(input instanceof Uint8Array)) {
      throw new ImageError("image input must be a Uint8Array (or Buffer) of encoded image bytes, or a file path", {
        reason: "not-an-image",
      });
    }
    if (input.byteLength === 0) throw empty("the image");
    if (input.byteLength > maxInputBytes) throw tooManyBytes("the image", input.byteLength, maxInputBytes);
    return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  const what = `image file ${input}`;
  const ioError = (e: unknown) =>
    new IoError(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  // stat by path first, so that a FIFO or device is refused before open() could block on it.
  const info = await stat(input).catch((e: unknown) => {
    throw ioError(e);
  });
  if (!info.isFile()) throw new IoError(`cannot read ${what}: not a regular file`);
  if (info.size === 0) throw empty(what);
  if (info.size > maxInputBytes) throw tooManyBytes(what, info.size, maxInputBytes);

  let file;
  try {
    file = await open(input, "r");
  } catch (e) {
    throw ioError(e);
  }
  try {
    // The file may have changed since stat: re-check, then read at most the size checked.
    const size = (await file.stat()).size;
    if (size > maxInputBytes) throw tooManyBytes(what, size, maxInputBytes);
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await file.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled === 0) throw empty(what);
    return buffer.subarray(0, filled);
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw ioError(e);
  } finally {
    await file.close();
  }
}
