import sharp from "sharp";
import { ImageError } from "../errors.js";
import { fromSharpError, tooManyPixels } from "../image/describe-failure.js";
import { readImageBytes } from "../image/read-image-bytes.js";

/** An image decoded at the detection size: packed 8-bit RGB, row-major. */
export interface DetImage {
  /** Original size (after EXIF orientation). */
  width: number;
  height: number;
  /** Detection size: multiples of 32. */
  detWidth: number;
  detHeight: number;
  rgb: Uint8Array;
}

export interface LoadImageOptions {
  scale: number;
  maxPixels: number;
  maxInputPixels: number;
  maxInputBytes: number;
}

/** Longest detection input side, whatever the pixel budget (very long, thin images). */
const MAX_DET_SIDE = 4096;

const DECODER = { failOn: "error", unlimited: false, pages: 1, page: 0 } as const;

/**
 * The detection size for an image: `scale` times the original, shrunk to at most `maxPixels`
 * pixels (the detector's time is proportional to its input's area) and to at most 4096 pixels on
 * the long side, each side rounded to the nearest multiple of 32 (the detector downsamples by 32),
 * at least 32.
 */
export function detectionSize(width: number, height: number, scale: number, maxPixels: number): [number, number] {
  const s = Math.min(scale, Math.sqrt(maxPixels / (width * height)), MAX_DET_SIDE / Math.max(width, height));
  const round32 = (n: number) => Math.max(32, Math.round((n * s) / 32) * 32);
  return [round32(width), round32(height)];
}

/**
 * Read, decode and resize an image for detection, with the same guards as `prepareImage`: bytes
 * and pixel limits checked before decoding, EXIF orientation applied, transparency flattened onto
 * white. Enlarging uses Lanczos resampling, which keeps small glyph strokes sharper than bilinear.
 */
export async function loadImage(input: Uint8Array | string, o: LoadImageOptions): Promise<DetImage> {
  const bytes = await readImageBytes(input, o.maxInputBytes);
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { ...DECODER, limitInputPixels: false }).metadata();
  } catch (e) {
    throw fromSharpError(e, bytes, undefined, 0);
  }
  const storedW = meta.width;
  const storedH = meta.height;
  if (!(storedW > 0 && storedH > 0)) {
    throw new ImageError(`the image declares no usable size (${storedW}×${storedH}); re-export it`, { reason: "corrupt" });
  }
  if (storedW * storedH > o.maxInputPixels) throw tooManyPixels(storedW, storedH, o.maxInputPixels, meta.format === "svg");
  const width = meta.autoOrient?.width ?? storedW;
  const height = meta.autoOrient?.height ?? storedH;
  const [detWidth, detHeight] = detectionSize(width, height, o.scale, o.maxPixels);
  try {
    const { data, info } = await sharp(bytes, { ...DECODER, limitInputPixels: o.maxInputPixels, autoOrient: true })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .resize({ width: detWidth, height: detHeight, fit: "fill", kernel: "lanczos3" })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || info.width !== detWidth || info.height !== detHeight) {
      throw new ImageError(`unexpected decoded image layout ${info.width}×${info.height}×${info.channels}`, { reason: "corrupt" });
    }
    return { width, height, detWidth, detHeight, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw fromSharpError(e, bytes, meta.format, 0);
  }
}
