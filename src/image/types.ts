/** Encodings catbox sends to a model server. */
export type PreparedImageFormat = "png" | "jpeg" | "webp";

/** Media types of the prepared image (what `ContentPart` of type "image" carries). */
export type PreparedImageMediaType = "image/png" | "image/jpeg" | "image/webp";

/** Input formats catbox accepts (AVIF is HEIF with AV1 compression; HEIC/HEVC is not accepted). */
export const ACCEPTED_IMAGE_FORMATS = ["png", "jpeg", "webp", "gif", "tiff", "avif", "svg"] as const;
export type AcceptedImageFormat = (typeof ACCEPTED_IMAGE_FORMATS)[number];

/** Options of `prepareImage`. Every limit is optional; see `DEFAULT_IMAGE_OPTIONS`. */
export interface PrepareImageOptions {
  /**
   * Longest side of the prepared image, in pixels. Rasters larger than this are shrunk to fit
   * (aspect ratio kept); smaller rasters are never enlarged. SVGs are rendered so that their long
   * side is exactly this. Default 1024.
   */
  maxLongSidePx?: number;
  /**
   * Largest input image accepted, in decoded pixels (width × height of the first frame; for an
   * SVG, at the size it would be rendered). Checked from the header before any pixel is decoded,
   * and enforced again by the decoder. Default 100,000,000 (100 megapixels).
   */
  maxInputPixels?: number;
  /** Largest input accepted, in bytes. A file is `stat`ed and refused before it is read. Default 50 MiB. */
  maxInputBytes?: number;
  /** Encoding of the prepared image. Default "png" (lossless: charts are flat colours and text). */
  format?: PreparedImageFormat;
  /** Wall-clock budget for reading, decoding and encoding, in milliseconds. Default 10,000. */
  timeoutMs?: number;
}

/** A chart image ready to send to a model server, plus a record of the original. */
export interface PreparedImage {
  /** The encoded image to send. */
  data: Uint8Array;
  mediaType: PreparedImageMediaType;
  /** Size of the prepared image, in pixels. */
  width: number;
  height: number;
  original: {
    /** Lower-case hex SHA-256 of the input bytes exactly as given (or as read from the file). */
    sha256: string;
    /** Size of the input, in bytes. */
    bytes: number;
    /** One of `ACCEPTED_IMAGE_FORMATS`. */
    format: string;
    /**
     * Size as displayed, in pixels: after EXIF orientation; for a multi-frame GIF/TIFF, of the first
     * frame; for an SVG, its declared size (user units are pixels: `width="400"` is 400; physical
     * units at 72 dpi; a missing or percentage size falls back to the viewBox).
     */
    width: number;
    height: number;
  };
  /** Whether the prepared image's pixel size differs from `original.width` × `original.height`. */
  resized: boolean;
}

/** Defaults of `PrepareImageOptions` (see the README section on images for the reasons). */
export const DEFAULT_IMAGE_OPTIONS: Readonly<Required<PrepareImageOptions>> = Object.freeze({
  maxLongSidePx: 1024,
  maxInputPixels: 100_000_000,
  maxInputBytes: 50 * 1024 * 1024,
  format: "png",
  timeoutMs: 10_000,
});

/** Media type of each output format. */
export const MEDIA_TYPE_OF: Readonly<Record<PreparedImageFormat, PreparedImageMediaType>> = Object.freeze({
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
});
