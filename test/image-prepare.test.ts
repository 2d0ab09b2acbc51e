import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.js";
import { DEFAULT_IMAGE_OPTIONS, prepareImage, type PreparedImage } from "../src/image/index.js";

/** A small bar chart as SVG: white background, four bars, axis labels and a title. */
function barChartSvg(width = 400, height = 250, background = "#ffffff"): string {
  const bars = [120, 80, 160, 60]
    .map((v, i) => `<rect x="${60 + i * 80}" y="${210 - v}" width="50" height="${v}" fill="#3366cc"/>` +
      `<text x="${70 + i * 80}" y="230" font-size="12">Q${i + 1}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 400 250">` +
    `<rect width="400" height="250" fill="${background}"/><text x="120" y="24" font-size="16">Sales by quarter</text>` +
    `<line x1="50" y1="210" x2="380" y2="210" stroke="#000"/>${bars}</svg>`;
}

/** RGB of the pixel at (x, y) of an encoded image. */
async function pixel(image: Uint8Array, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

/** A solid image of the given size and colour, PNG-encoded. */
function solid(width: number, height: number, background: string | sharp.RGBA, channels: 3 | 4 = 3): Promise<Buffer> {
  return sharp({ create: { width, height, channels, background } }).png().toBuffer();
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function expectPng(p: PreparedImage, width: number, height: number): Promise<void> {
  expect(p.mediaType).toBe("image/png");
  expect([p.width, p.height]).toEqual([width, height]);
  const meta = await sharp(p.data).metadata();
  expect([meta.format, meta.width, meta.height, meta.channels, meta.space]).toEqual(["png", width, height, 3, "srgb"]);
}

let chartPng: Buffer;
beforeAll(async () => {
  chartPng = await sharp(Buffer.from(barChartSvg(800, 500))).png().toBuffer();
});

describe("prepareImage: formats", () => {
  it("prepares a rasterised bar chart as PNG at its own size, recording the original", async () => {
    const p = await prepareImage(chartPng);
    await expectPng(p, 800, 500);
    expect(p.resized).toBe(false);
    expect(p.original).toEqual({ sha256: sha256(chartPng), bytes: chartPng.length, format: "png", width: 800, height: 500 });
    expect(await pixel(p.data, 5, 5)).toEqual([255, 255, 255]);
    // A bar pixel stays the bar's colour (lossless output).
    expect(await pixel(p.data, 2 * 85 + 10, 2 * 200)).toEqual([0x33, 0x66, 0xcc]);
  });

  it.each([
    ["jpeg", (s: sharp.Sharp) => s.jpeg({ quality: 90 })],
    ["webp", (s: sharp.Sharp) => s.webp()],
    ["gif", (s: sharp.Sharp) => s.gif()],
    ["tiff", (s: sharp.Sharp) => s.tiff()],
    ["avif", (s: sharp.Sharp) => s.avif({ effort: 0 })],
  ] as const)("accepts %s input", async (format, encode) => {
    const input = await encode(sharp(chartPng)).toBuffer();
    const p = await prepareImage(input);
    await expectPng(p, 800, 500);
    expect(p.original).toMatchObject({ format, width: 800, height: 500, bytes: input.length, sha256: sha256(input) });
    expect(p.resized).toBe(false);
  });

  it("renders an SVG so that its long side reaches the budget, not at its declared icon size", async () => {
    const svg = Buffer.from(barChartSvg(400, 250));
    const p = await prepareImage(svg);
    await expectPng(p, 1024, 640);
    expect(p.original).toMatchObject({ format: "svg", width: 400, height: 250 });
    expect(p.resized).toBe(true);
    const icon = await prepareImage(Buffer.from(barChartSvg(40, 25)), { maxLongSidePx: 512 });
    expect([icon.width, icon.height]).toEqual([512, 320]);
  });

  it("takes the first frame of an animated GIF", async () => {
    const [red, blue] = await Promise.all([solid(40, 30, "#ff0000"), solid(40, 30, "#0000ff")]);
    const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
    const p = await prepareImage(gif);
    await expectPng(p, 40, 30);
    expect(await pixel(p.data, 20, 15)).toEqual([255, 0, 0]);
  });

  it("encodes JPEG or WebP on request", async () => {
    const jpeg = await prepareImage(chartPng, { format: "jpeg" });
    expect(jpeg.mediaType).toBe("image/jpeg");
    expect((await sharp(jpeg.data).metadata()).format).toBe("jpeg");
    const webp = await prepareImage(chartPng, { format: "webp" });
    expect(webp.mediaType).toBe("image/webp");
    expect((await sharp(webp.data).metadata()).format).toBe("webp");
    expect(await pixel(webp.data, 2 * 85 + 10, 2 * 200)).toEqual([0x33, 0x66, 0xcc]); // lossless
  });

  it("reads a file path the same as its bytes, and is deterministic", async () => {
    const dir = await mkdtemp(join(tmpdir(), "catbox-image-"));
    try {
      const path = join(dir, "chart.png");
      await writeFile(path, chartPng);
      const fromPath = await prepareImage(path);
      const fromBytes = await prepareImage(new Uint8Array(chartPng));
      expect(fromPath.original.sha256).toBe(sha256(chartPng));
      expect(Buffer.from(fromPath.data).equals(Buffer.from(fromBytes.data))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("prepareImage: geometry and colour", () => {
  it("downscales 3000×1500 to 1024×512 (or to maxLongSidePx)", async () => {
    const big = await solid(3000, 1500, "#88aa44");
    const p = await prepareImage(big);
    await expectPng(p, 1024, 512);
    expect(p.resized).toBe(true);
    expect(p.original).toMatchObject({ width: 3000, height: 1500 });
    const small = await prepareImage(big, { maxLongSidePx: 300 });
    expect([small.width, small.height]).toEqual([300, 150]);
  });

  it("never upscales a small raster (300×200 stays 300×200, 40×30 stays 40×30)", async () => {
    const p = await prepareImage(await solid(300, 200, "#123456"));
    await expectPng(p, 300, 200);
    expect(p.resized).toBe(false);
    const tiny = await prepareImage(await solid(40, 30, "#123456"));
    expect([tiny.width, tiny.height]).toEqual([40, 30]);
  });

  it("flattens transparency onto white", async () => {
    const clear = await prepareImage(await solid(50, 50, { r: 255, g: 0, b: 0, alpha: 0 }, 4));
    expect(await pixel(clear.data, 25, 25)).toEqual([255, 255, 255]);
    const half = await prepareImage(await solid(50, 50, { r: 255, g: 0, b: 0, alpha: 0.5 }, 4));
    const [r, g, b] = await pixel(half.data, 25, 25);
    expect(r).toBe(255);
    expect(Math.abs(g - 128)).toBeLessThanOrEqual(2);
    expect(Math.abs(b - 128)).toBeLessThanOrEqual(2);
    const svg = await prepareImage(Buffer.from(barChartSvg(400, 250, "none")));
    expect(await pixel(svg.data, 2, 2)).toEqual([255, 255, 255]);
  });

  it("applies EXIF orientation (orientation 6: width and height swap)", async () => {
    // Stored 300×200: left half red, right half blue. Orientation 6 = rotate 90° clockwise,
    // so the displayed image is 200×300 with red on top.
    const left = await solid(150, 200, "#ff0000");
    const stored = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#0000ff" } })
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(stored).metadata()).orientation).toBe(6);
    const p = await prepareImage(stored);
    await expectPng(p, 200, 300);
    expect(p.original).toMatchObject({ format: "jpeg", width: 200, height: 300 });
    expect(p.resized).toBe(false);
    const [tr, , tb] = await pixel(p.data, 100, 20);
    const [br, , bb] = await pixel(p.data, 100, 280);
    expect(tr > 200 && tb < 60).toBe(true);
    expect(br < 60 && bb > 200).toBe(true);
    expect((await sharp(p.data).metadata()).orientation).toBeUndefined();
  });

  it("outputs 8-bit, 3-channel sRGB from greyscale and 16-bit input", async () => {
    const grey16 = await sharp(await solid(64, 64, "#808080")).toColourspace("grey16").png().toBuffer();
    expect((await sharp(grey16).metadata()).depth).toBe("ushort");
    const p = await prepareImage(grey16);
    const meta = await sharp(p.data).metadata();
    expect([meta.depth, meta.channels, meta.space]).toEqual(["uchar", 3, "srgb"]);
  });

  it("rejects bad options with a UsageError", async () => {
    await expect(prepareImage(chartPng, { maxLongSidePx: 0 })).rejects.toBeInstanceOf(UsageError);
    await expect(prepareImage(chartPng, { timeoutMs: Number.NaN })).rejects.toBeInstanceOf(UsageError);
    await expect(prepareImage(chartPng, { format: "bmp" as "png" })).rejects.toThrow(/png", "jpeg" or "webp/);
    expect(DEFAULT_IMAGE_OPTIONS).toMatchObject({ maxLongSidePx: 1024, format: "png" });
  });
});

describe("prepareImage: SVG fetches nothing", () => {
  let server: Server;
  const hits: string[] = [];
  let base = "";
  beforeAll(async () => {
    const red = await solid(10, 10, "#ff0000");
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.writeHead(200, { "content-type": "image/png" });
      res.end(red);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("does not load network URLs, local files, CSS imports or external entities", async () => {
    const dir = await mkdtemp(join(tmpdir(), "catbox-image-"));
    try {
      await writeFile(join(dir, "red.png"), await solid(10, 10, "#ff0000"));
      const images =
        `<image href="${base}/a.png" x="0" y="0" width="100" height="100"/>` +
        `<image xlink:href="${base}/b.png" x="100" y="0" width="100" height="100"/>` +
        `<image href="file://${join(dir, "red.png")}" x="0" y="100" width="100" height="100"/>` +
        `<image href="red.png" x="100" y="100" width="100" height="100"/>`;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="200">` +
        `<style>@import url(${base}/c.css);</style><rect width="200" height="200" fill="#fff"/>${images}` +
        `<use href="${base}/d.svg#x"/></svg>`;
      const path = join(dir, "chart.svg");
      await writeFile(path, svg);
      const p = await prepareImage(path);
      for (const [x, y] of [[50, 50], [150, 50], [50, 150], [150, 150]]) {
        expect(await pixel(p.data, (x * 1024) / 200, (y * 1024) / 200)).toEqual([255, 255, 255]);
      }
      const entity = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e SYSTEM "${base}/e">]>` +
        `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&e;</text></svg>`;
      await expect(prepareImage(Buffer.from(entity))).rejects.toMatchObject({ code: "IMAGE_ERROR" });
      await new Promise((r) => setTimeout(r, 100));
      expect(hits).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
