import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageError, IoError } from "../src/errors.js";
import { prepareImage } from "../src/image/index.js";

/** A PNG chunk with its length and CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Rewrite a valid PNG's IHDR to declare another size (with a correct CRC); the pixel data is unchanged. */
function patchIhdr(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

/**
 * A fully valid 1-bit greyscale PNG of width × height, all black: 20000×20000 (400 megapixels,
 * 1.2 GB as RGB) compresses to about 50 KB. A decompression bomb.
 */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** Await a rejection and return it as an ImageError with the expected reason, and how long it took. */
async function imageError(work: Promise<unknown>, reason: string, message: RegExp): Promise<{ error: ImageError; ms: number }> {
  const start = performance.now();
  const error = await work.then(
    () => {
      throw new Error(`expected an ImageError (${reason})`);
    },
    (e: unknown) => e,
  );
  const ms = performance.now() - start;
  expect(error).toBeInstanceOf(ImageError);
  const e = error as ImageError;
  expect(e.code).toBe("IMAGE_ERROR");
  expect(e.details?.reason).toBe(reason);
  expect(e.message).toMatch(message);
  return { error: e, ms };
}

const rssMiB = () => process.memoryUsage().rss / (1024 * 1024);

let dir: string;
let png: Buffer;
let jpeg: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "catbox-image-"));
  const noise = sharp({ create: { width: 400, height: 300, channels: 3, background: "#000000", noise: { type: "gaussian", mean: 128, sigma: 40 } } });
  png = await noise.clone().png().toBuffer();
  jpeg = await noise.clone().jpeg().toBuffer();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("prepareImage refuses bad inputs with a helpful ImageError", () => {
  it("empty input (bytes or file)", async () => {
    await imageError(prepareImage(new Uint8Array(0)), "empty", /empty \(0 bytes\).*PNG, JPEG/);
    const path = join(dir, "empty.png");
    await writeFile(path, "");
    await imageError(prepareImage(path), "empty", /empty\.png is empty/);
  });

  it("random bytes, a text file, and known-but-unsupported formats", async () => {
    await imageError(prepareImage(randomBytes(4096)), "not-an-image", /not a recognised image.*match no supported image format/);
    const text = join(dir, "notes.txt");
    await writeFile(text, "Quarter,Sales\nQ1,120\nQ2,80\n");
    await imageError(prepareImage(text), "not-an-image", /looks like text \(starts with "Quarter,Sales Q1,120/);
    await imageError(prepareImage(Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n")), "unsupported-format", /looks like PDF; convert it to PNG/);
    // A valid 2×2 24-bit BMP: sharp's prebuilt libvips has no BMP loader.
    const bmp = Buffer.alloc(54 + 16);
    bmp.write("BM", 0, "latin1");
    bmp.writeUInt32LE(bmp.length, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(2, 18);
    bmp.writeInt32LE(2, 22);
    bmp.writeUInt16LE(1, 26);
    bmp.writeUInt16LE(24, 28);
    await imageError(prepareImage(bmp), "unsupported-format", /looks like BMP/);
  });

  it("corrupt and truncated PNG/JPEG data", async () => {
    const corrupt = Buffer.from(png);
    for (let i = 100; i < 400; i++) corrupt[i] ^= 0x5a;
    await imageError(prepareImage(corrupt), "corrupt", /PNG image is corrupt and cannot be decoded \(.+\); re-export/);
    // Half a file still has a valid header: the decoder must fail rather than pad with grey.
    await imageError(prepareImage(png.subarray(0, png.length >> 1)), "truncated", /PNG image is truncated.*re-export/);
    await imageError(prepareImage(jpeg.subarray(0, jpeg.length >> 1)), "truncated", /JPEG image is truncated/);
    await imageError(prepareImage(png.subarray(0, 20)), "truncated", /image is truncated/);
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect`);
    await imageError(prepareImage(svg), "corrupt", /image is corrupt.*XML parse error/);
  });

  it("a PNG whose header declares 20000×20000 is refused before decoding", async () => {
    const patched = patchIhdr(png, 20_000, 20_000);
    expect((await sharp(patched, { limitInputPixels: false }).metadata()).width).toBe(20_000);
    const { ms } = await imageError(prepareImage(patched), "too-many-pixels", /20000×20000 px \(400\.0 megapixels\), over the 100\.0 megapixels limit \(maxInputPixels\).*decompression bomb/);
    expect(ms).toBeLessThan(10_000); // decoding instead of refusing would not hang, but the reason above proves the header check
  });

  it("a valid 50 KB PNG bomb (20000×20000) is refused quickly without decoding", async () => {
    const bomb = bombPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100_000);
    const before = rssMiB();
    for (let i = 0; i < 3; i++) {
      const { ms } = await imageError(prepareImage(bomb), "too-many-pixels", /20000×20000 px/);
      expect(ms).toBeLessThan(10_000); // decoding instead of refusing would not hang, but the reason above proves the header check
    }
    // Decoding would need 400 MB (1 byte/px) to 1.2 GB (RGB); the header check costs next to nothing.
    expect(rssMiB() - before).toBeLessThan(64);
  });

  it("the pixel limit is settable, and applies to SVGs at their render size", async () => {
    await imageError(prepareImage(png, { maxInputPixels: 100_000 }), "too-many-pixels", /400×300 px/);
    const huge = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="5000000" height="5000000"><rect width="9" height="9"/></svg>`);
    await imageError(prepareImage(huge), "too-many-pixels", /the SVG would render at \d+×\d+ px/);
  });

  it("an input over maxInputBytes is refused before it is read", async () => {
    await imageError(prepareImage(png, { maxInputBytes: 1000 }), "too-many-bytes", /over the 1000 bytes limit \(maxInputBytes\)/);
    // A sparse 60 MiB file: refused from its stat, so neither time nor memory is spent reading it.
    const path = join(dir, "huge.png");
    const file = await open(path, "w");
    await file.write(png.subarray(0, 64), 0);
    await file.truncate(60 * 1024 * 1024);
    await file.close();
    const before = rssMiB();
    const { ms } = await imageError(prepareImage(path), "too-many-bytes", /huge\.png is 60\.0 MiB, over the 50\.0 MiB limit/);
    expect(ms).toBeLessThan(10_000); // hang guard
    expect(rssMiB() - before).toBeLessThan(30);
  });

  it("a run over timeoutMs", async () => {
    const big = await sharp({ create: { width: 4000, height: 4000, channels: 3, background: "#3366cc" } }).png().toBuffer();
    const { ms } = await imageError(prepareImage(big, { timeoutMs: 5 }), "timeout", /longer than 5 ms \(timeoutMs\)/);
    expect(ms).toBeLessThan(10_000); // hang guard
  });

  it("unreadable paths are IoErrors", async () => {
    await expect(prepareImage(join(dir, "missing.png"))).rejects.toThrow(IoError);
    await expect(prepareImage(join(dir, "missing.png"))).rejects.toThrow(/ENOENT/);
    await expect(prepareImage(dir)).rejects.toThrow(/not a regular file/);
  });
});
