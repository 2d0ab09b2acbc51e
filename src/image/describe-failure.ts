import { ImageError } from "../errors.js";

const ACCEPTED = "PNG, JPEG, WebP, GIF, TIFF, AVIF or SVG";

/** Magic numbers of formats people try that catbox does not decode. */
const KNOWN_UNSUPPORTED: ReadonlyArray<{ name: string; test: (b: Buffer) => boolean }> = [
  { name: "PDF", test: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-" },
  { name: "BMP", test: (b) => b.length >= 14 && b.subarray(0, 2).toString("latin1") === "BM" },
  { name: "ICO", test: (b) => b.length >= 6 && b.readUInt32BE(0) === 0x00000100 },
  { name: "Photoshop (PSD)", test: (b) => b.subarray(0, 4).toString("latin1") === "8BPS" },
  { name: "JPEG 2000", test: (b) => b.subarray(4, 12).toString("latin1") === "jP  \r\n\x87\n" || b.subarray(0, 4).equals(Buffer.from([0xff, 0x4f, 0xff, 0x51])) },
  { name: "JPEG XL", test: (b) => b.subarray(0, 2).equals(Buffer.from([0xff, 0x0a])) || b.subarray(4, 8).toString("latin1") === "JXL " },
  { name: "HEIC", test: (b) => b.subarray(4, 8).toString("latin1") === "ftyp" && /^(heic|heix|hevc|hevx|mif1|msf1)$/.test(b.subarray(8, 12).toString("latin1")) },
  { name: "PostScript/EPS", test: (b) => b.subarray(0, 4).toString("latin1") === "%!PS" || b.readUInt32BE(0) === 0xc5d0d3c6 },
  { name: "ZIP archive", test: (b) => b.subarray(0, 4).toString("latin1") === "PK\x03\x04" },
  { name: "gzip data", test: (b) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b },
];

/** A short, printable preview of text-like bytes. */
function preview(b: Buffer): string {
  const text = b.subarray(0, 40).toString("utf8").replace(/\s+/g, " ").trim();
  return JSON.stringify(text.length > 32 ? `${text.slice(0, 32)}…` : text);
}

/** Whether the first bytes look like text (printable UTF-8, no NULs). */
function looksLikeText(b: Buffer): boolean {
  const head = b.subarray(0, 512);
  if (head.includes(0)) return false;
  const text = head.toString("utf8");
  let printable = 0;
  for (const ch of text) if (ch !== "\ufffd" && (ch >= " " || ch === "\n" || ch === "\r" || ch === "\t")) printable++;
  return printable / Math.max(1, [...text].length) > 0.95;
}

/** The error for bytes no decoder recognised, naming what they look like when that is known. */
export function notAnImage(bytes: Buffer): ImageError {
  const known = bytes.length >= 12 ? KNOWN_UNSUPPORTED.find((f) => f.test(bytes)) : undefined;
  if (known !== undefined) {
    return new ImageError(
      `unsupported image format: the input looks like ${known.name}; convert it to ${ACCEPTED} (PNG is best for charts)`,
      { reason: "unsupported-format", detected: known.name },
    );
  }
  const kind = looksLikeText(bytes)
    ? `it looks like text (starts with ${preview(bytes)}), not an image`
    : `its first bytes (${bytes.subarray(0, 8).toString("hex")}) match no supported image format`;
  return new ImageError(`the input is not a recognised image: ${kind}; pass a ${ACCEPTED} file`, {
    reason: "not-an-image",
  });
}

/** The error for an input format sharp recognised but catbox does not accept. */
export function unsupportedFormat(format: string, detail?: string): ImageError {
  return new ImageError(
    `unsupported image format ${detail ?? format}; convert it to ${ACCEPTED} (PNG is best for charts)`,
    { reason: "unsupported-format", detected: format },
  );
}

/** The error for an image over the pixel budget, before anything was decoded. */
export function tooManyPixels(width: number, height: number, maxInputPixels: number, svg: boolean): ImageError {
  const mp = (n: number) => `${(n / 1e6).toFixed(1)} megapixels`;
  const what = svg ? `the SVG would render at ${width}×${height} px` : `the image is ${width}×${height} px`;
  return new ImageError(
    `${what} (${mp(width * height)}), over the ${mp(maxInputPixels)} limit (maxInputPixels); ` +
      `this is refused before decoding because it could exhaust memory (a decompression bomb looks like this). ` +
      `Downscale the image first, or raise maxInputPixels if it is genuine`,
    { reason: "too-many-pixels", width, height, maxInputPixels },
  );
}

/** The error for a run over `timeoutMs`. */
export function timedOut(timeoutMs: number): ImageError {
  return new ImageError(
    `preparing the image took longer than ${timeoutMs} ms (timeoutMs); it may be very large or a very complex SVG. ` +
      `Downscale or rasterise it first, or raise timeoutMs`,
    { reason: "timeout", timeoutMs },
  );
}

/**
 * Turn a sharp/libvips failure into an `ImageError` that says what is wrong and what to do.
 * `format` is the detected input format, when the header was readable.
 */
export function fromSharpError(e: unknown, bytes: Buffer, format: string | undefined, timeoutMs: number): ImageError {
  const message = e instanceof Error ? e.message : String(e);
  const name = format === undefined ? "image" : `${format.toUpperCase()} image`;
  if (/unsupported image format/i.test(message)) return notAnImage(bytes);
  if (/^timeout\b/i.test(message)) return timedOut(timeoutMs);
  if (/exceeds pixel limit/i.test(message)) {
    return new ImageError(`the ${name} is over the maxInputPixels limit; downscale it first, or raise maxInputPixels`, {
      reason: "too-many-pixels",
    });
  }
  const cause = message.replace(/\s+/g, " ").trim().slice(0, 300);
  if (/premature end|end of stream|truncat|unexpected end|not enough data|read error|short read/i.test(message)) {
    return new ImageError(
      `the ${name} is truncated (the file ends before the image data does: ${cause}); re-export or re-download it`,
      { reason: "truncated", cause },
    );
  }
  return new ImageError(`the ${name} is corrupt and cannot be decoded (${cause}); re-export it, e.g. as PNG`, {
    reason: "corrupt",
    cause,
  });
}
