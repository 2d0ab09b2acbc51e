import { createRequire } from "node:module";
import type Sharp from "sharp";
import { ImageError } from "../errors.js";
import type { Raster } from "./types.js";

let sharpModule: typeof Sharp | undefined;
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  sharpModule ??= createRequire(import.meta.url)("sharp") as typeof Sharp;
  return sharpModule(...args);
}

/**
 * Decode an image to RGB pixels at its own size: EXIF orientation applied and transparency
 * flattened onto white, exactly as the OCR sees it, so OCR boxes and pixels share coordinates.
 */
export async function loadRaster(bytes: Uint8Array, maxInputPixels = 40_000_000): Promise<Raster> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxInputPixels, autoOrient: true, failOn: "error" })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    throw new ImageError(`could not decode the chart image: ${(e as Error).message}`, { reason: "corrupt" });
  }
}

/** The RGB triple at (x, y), packed as 0xRRGGBB. Coordinates are clamped to the image. */
export function pixel(r: Raster, x: number, y: number): number {
  const xi = Math.min(r.width - 1, Math.max(0, Math.round(x)));
  const yi = Math.min(r.height - 1, Math.max(0, Math.round(y)));
  const i = (yi * r.width + xi) * 3;
  return (r.data[i]! << 16) | (r.data[i + 1]! << 8) | r.data[i + 2]!;
}

/** Largest per-channel difference between two packed colours (0–255). */
export function colourDistance(a: number, b: number): number {
  return Math.max(
    Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)),
    Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)),
    Math.abs((a & 255) - (b & 255)),
  );
}

/** Chroma (max − min channel, 0–255): near 0 for white, black and greys (text, gridlines, axes). */
export function chroma(c: number): number {
  const r = (c >> 16) & 255;
  const g = (c >> 8) & 255;
  const b = c & 255;
  return Math.max(r, g, b) - Math.min(r, g, b);
}

/** Perceived lightness 0–255. */
export function lightness(c: number): number {
  return 0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255);
}

/** `#rrggbb` of a packed colour. */
export function hex(c: number): string {
  return `#${c.toString(16).padStart(6, "0")}`;
}
