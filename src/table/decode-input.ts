/**
 * Bytes → text for `parseCsv`. UTF-8 is expected; anything else is decoded with a fallback and reported,
 * never thrown (only binary-looking input is refused, by the caller).
 */

/** What {@link decodeCsvBytes} produced. */
export interface DecodedText {
  text: string;
  /** Set when the bytes were not valid UTF-8 and another encoding was used. */
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
  /** True when the input was not valid UTF-8 (an `ENCODING_REPLACED` warning is due). */
  replaced: boolean;
}

/**
 * windows-1252 code points for bytes 0x80–0x9F (undefined positions map to the C1 control, as
 * WHATWG does). Node's built-in "windows-1252" decoder maps these bytes to C1 controls (latin1), so
 * the table is applied by hand.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** Decode windows-1252 bytes (a superset of latin1 for printable characters). Never throws. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

/**
 * Decode CSV bytes: a UTF-16 byte-order mark selects UTF-16; otherwise strict UTF-8 is tried and, if the
 * bytes are not valid UTF-8 (a latin1/windows-1252 export, say), windows-1252 is used instead.
 * A UTF-8 BOM is kept here and stripped by the parser, like a BOM in string input.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le", replaced: false };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2);
    for (let i = 2; i + 1 < bytes.length; i += 2) {
      swapped[i - 2] = bytes[i + 1];
      swapped[i - 1] = bytes[i];
    }
    return { text: new TextDecoder("utf-16le").decode(swapped), encoding: "utf-16be", replaced: false };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8", replaced: false };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: "windows-1252", replaced: true };
  }
}
