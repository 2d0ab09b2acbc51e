import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type Sharp from "sharp";

// sharp (libvips) is loaded on the first image, not whenever the CLI starts.
let sharpModule: typeof Sharp | undefined;
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  sharpModule ??= createRequire(import.meta.url)("sharp") as typeof Sharp;
  return sharpModule(...args);
}
import { ImageError, UsageError } from "../errors.js";
import { fromSharpError, timedOut, tooManyPixels, unsupportedFormat } from "./describe-failure.js";
import { readImageBytes } from "./read-image-bytes.js";
import {
  DEFAULT_IMAGE_OPTIONS,
  MEDIA_TYPE_OF,
  type AcceptedImageFormat,
  type PreparedImage,
  type PrepareImageOptions,
} from "./types.js";

/**
 * Decoder options shared by the header read and the decode.
 * - `failOn: "error"`: truncated or corrupt pixel data is an error rather than silently decoded
 *   grey/garbage rows. Mere warnings (e.g. stray bytes after a JPEG's last marker, common in
 *   real-world files) are tolerated; sharp's default, "warning", would refuse those.
 * - `unlimited: false` (the default, stated): librsvg/libxml2 keep their safety limits on SVG size,
 *   nesting and entity expansion.
 * - `pages: 1, page: 0`: only the first frame of an animated GIF or multi-page TIFF is decoded.
 */
const DECODER_OPTIONS = { failOn: "error", unlimited: false, pages: 1, page: 0 } as const;

/** sharp's density range for SVG rendering (dots per inch; 72 renders at declared size). */
const MIN_DENSITY = 1;
const MAX_DENSITY = 100_000;

/** Validated options, defaults filled in. Bad values are a `UsageError`. */
export function resolveImageOptions(options: PrepareImageOptions = {}): Required<PrepareImageOptions> {
  const o = { ...DEFAULT_IMAGE_OPTIONS, ...stripUndefined(options) };
  const positiveInt = (name: keyof PrepareImageOptions, value: unknown, max = Number.MAX_SAFE_INTEGER) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
      throw new UsageError(`image option ${name} must be an integer from 1 to ${max}; got ${String(value)}`);
    }
  };
  positiveInt("maxLongSidePx", o.maxLongSidePx, 16_384);
  positiveInt("maxInputPixels", o.maxInputPixels);
  positiveInt("maxInputBytes", o.maxInputBytes);
  positiveInt("timeoutMs", o.timeoutMs, 2_147_483_647);
  if (!(o.format in MEDIA_TYPE_OF)) {
    throw new UsageError(`image option format must be "png", "jpeg" or "webp"; got ${JSON.stringify(o.format)}`);
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The accepted format sharp's header says this is, or an `ImageError`. */
function acceptedFormat(meta: Sharp.Metadata): AcceptedImageFormat {
  switch (meta.format) {
    case "png":
    case "jpeg":
    case "webp":
    case "gif":
    case "tiff":
    case "svg":
      return meta.format;
    case "heif":
      if (meta.compression === "av1") return "avif";
      throw unsupportedFormat("heif", `HEIF with ${meta.compression ?? "unknown"} compression (e.g. an iPhone HEIC photo)`);
    default:
      throw unsupportedFormat(String(meta.format));
  }
}

/** The SVG density (dpi) that renders the long side at `longSidePx`, within sharp's range. */
function svgDensity(width: number, height: number, longSidePx: number): number {
  const density = (72 * longSidePx) / Math.max(width, height);
  return Math.min(MAX_DENSITY, Math.max(MIN_DENSITY, density));
}

/** Run `work` with a wall-clock limit; a late result is dropped (its rejection is swallowed). */
async function withTimeout<T>(timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => {});
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Prepare a chart image for a vision-language model server: decode, orient, flatten, fit and
 * re-encode it, and record what the original was.
 *
 * - Accepts PNG, JPEG, WebP, GIF (first frame), TIFF (first page), AVIF and SVG, as bytes or a
 *   file path. Anything else, and every empty, corrupt, truncated, oversized or too-slow input, is
 *   an `ImageError` (code `IMAGE_ERROR`, `details.reason` one of "empty", "too-many-bytes",
 *   "not-an-image", "unsupported-format", "too-many-pixels", "truncated", "corrupt", "timeout").
 *   A file that cannot be read at all (missing, unreadable, not a regular file) is an `IoError`;
 *   bad options are a `UsageError`.
 * - Bounded work: a file over `maxInputBytes` is refused from its `stat`, before it is read; the
 *   header is read before any pixel is decoded and an image over `maxInputPixels` is refused there
 *   (decompression bombs cost a few KB, not gigabytes); the decoder enforces the same pixel limit;
 *   everything runs under `timeoutMs`.
 * - EXIF orientation is applied; transparency is flattened onto white; colour is converted to
 *   8-bit sRGB with three channels; metadata (EXIF, GPS, ICC) is not copied to the output.
 * - Size: rasters larger than `maxLongSidePx` on their long side are shrunk to fit (Lanczos,
 *   aspect ratio kept); smaller rasters are never enlarged — interpolation adds no information,
 *   and model servers (e.g. Qwen2.5-VL's processor) apply their own minimum size. SVGs are
 *   vector, so they are rendered directly at the size whose long side is `maxLongSidePx`.
 * - Output: PNG by default (lossless; charts are flat colours, thin lines and small text, which
 *   JPEG artefacts blur), always, whatever the input — a deterministic choice that keeps traces
 *   reproducible. "jpeg" (quality 90, no chroma subsampling) suits photographs; "webp" is lossless.
 * - SVGs are always rendered from memory, never from their path, so librsvg has no base URL and
 *   loads no external file; it never fetches network URLs, and libxml2 does not load external
 *   entities (the tests check this against a local HTTP server). Rendered from its path instead,
 *   librsvg would embed files next to the SVG.
 * - No process-wide state is changed: sharp's thread pool (`sharp.concurrency`, one libvips
 *   thread per core) and operation cache keep their defaults, which suit a few images at a time.
 */
export async function prepareImage(input: Uint8Array | string, options?: PrepareImageOptions): Promise<PreparedImage> {
  const o = resolveImageOptions(options);
  return withTimeout(o.timeoutMs, prepare(input, o));
}

async function prepare(input: Uint8Array | string, o: Required<PrepareImageOptions>): Promise<PreparedImage> {
  const bytes = await readImageBytes(input, o.maxInputBytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");

  // 1. Header only: format and declared size, no pixels decoded (so no pixel limit here: the
  //    limit is checked below with a message that states the size).
  let meta: Sharp.Metadata;
  try {
    meta = await sharp(bytes, { ...DECODER_OPTIONS, limitInputPixels: false }).metadata();
  } catch (e) {
    throw fromSharpError(e, bytes, undefined, o.timeoutMs);
  }
  const format = acceptedFormat(meta);
  const storedWidth = meta.width;
  const storedHeight = meta.height;
  if (!(storedWidth > 0 && storedHeight > 0)) {
    throw new ImageError(`the ${format.toUpperCase()} image declares no usable size (${storedWidth}×${storedHeight}); re-export it`, {
      reason: "corrupt",
    });
  }
  const width = meta.autoOrient?.width ?? storedWidth;
  const height = meta.autoOrient?.height ?? storedHeight;

  // 2. Pixel budget, before decoding. An SVG is checked at the size it will be rendered.
  let density: number | undefined;
  let decodeWidth = storedWidth;
  let decodeHeight = storedHeight;
  if (format === "svg") {
    density = svgDensity(storedWidth, storedHeight, o.maxLongSidePx);
    decodeWidth = Math.max(1, Math.round((storedWidth * density) / 72));
    decodeHeight = Math.max(1, Math.round((storedHeight * density) / 72));
  }
  if (decodeWidth * decodeHeight > o.maxInputPixels) {
    throw tooManyPixels(decodeWidth, decodeHeight, o.maxInputPixels, format === "svg");
  }

  // 3. Decode, orient, flatten, fit, encode.
  let pipeline = sharp(bytes, {
    ...DECODER_OPTIONS,
    limitInputPixels: o.maxInputPixels,
    autoOrient: true,
    ...(density === undefined ? {} : { density }),
  })
    .timeout({ seconds: Math.max(1, Math.ceil(o.timeoutMs / 1000)) })
    .flatten({ background: "#ffffff" })
    .resize({ width: o.maxLongSidePx, height: o.maxLongSidePx, fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb");
  if (o.format === "png") pipeline = pipeline.png({ compressionLevel: 6, adaptiveFiltering: false, palette: false });
  else if (o.format === "jpeg") pipeline = pipeline.jpeg({ quality: 90, chromaSubsampling: "4:4:4", mozjpeg: false });
  else pipeline = pipeline.webp({ lossless: true, effort: 4 });

  let out: { data: Buffer; info: Sharp.OutputInfo };
  try {
    out = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw fromSharpError(e, bytes, format, o.timeoutMs);
  }
  return {
    data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength),
    mediaType: MEDIA_TYPE_OF[o.format],
    width: out.info.width,
    height: out.info.height,
    original: { sha256, bytes: bytes.byteLength, format, width, height },
    resized: out.info.width !== width || out.info.height !== height,
  };
}
