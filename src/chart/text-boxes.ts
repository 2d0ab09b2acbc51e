/**
 * Small geometry and colour helpers over OCR boxes shared by the line and pie readers: centres,
 * a mask of text pixels, the ink colour of a label, and splitting "Name 42%" into name and number.
 */
import { chroma, colourDistance, lightness, pixel } from "./raster.js";
import type { OcrBox, Raster } from "./types.js";
import { readLabelNumber, type LabelNumber } from "./value-text.js";

/** Centre x of a box. */
export function cx(b: OcrBox): number {
  return b.box.x + b.box.width / 2;
}

/** Centre y of a box. */
export function cy(b: OcrBox): number {
  return b.box.y + b.box.height / 2;
}

/** A per-pixel mask (1 = covered by an OCR box, grown by `pad` pixels). */
export function textMask(r: Raster, boxes: readonly OcrBox[], pad = 1): Uint8Array {
  const m = new Uint8Array(r.width * r.height);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.box.x - pad));
    const x1 = Math.min(r.width - 1, Math.ceil(b.box.x + b.box.width + pad));
    const y0 = Math.max(0, Math.floor(b.box.y - pad));
    const y1 = Math.min(r.height - 1, Math.ceil(b.box.y + b.box.height + pad));
    for (let y = y0; y <= y1; y++) m.fill(1, y * r.width + x0, y * r.width + x1 + 1);
  }
  return m;
}

/**
 * The chromatic ink colour of the text in a box (median of its coloured pixels), or `null` when
 * the text is black/grey (fewer than 8 pixels with chroma ≥ 50).
 */
export function inkColour(r: Raster, b: OcrBox): number | null {
  const rs: number[] = [];
  const gs: number[] = [];
  const bs: number[] = [];
  const x1 = b.box.x + b.box.width;
  const y1 = b.box.y + b.box.height;
  for (let y = Math.floor(b.box.y); y < y1; y++) {
    for (let x = Math.floor(b.box.x); x < x1; x++) {
      const p = pixel(r, x, y);
      if (chroma(p) < 50 || lightness(p) > 235) continue;
      rs.push((p >> 16) & 255);
      gs.push((p >> 8) & 255);
      bs.push(p & 255);
    }
  }
  if (rs.length < 8) return null;
  return (median(rs) << 16) | (median(gs) << 8) | median(bs);
}

/** Whether two colours are the same series' colour (text anti-aliasing tolerated). */
export function sameHue(a: number, b: number, tolerance = 60): boolean {
  return colourDistance(a, b) <= tolerance;
}

/** Median of numbers (0 for none). Rounded for integer inputs' convenience. */
export function median(v: number[]): number {
  if (v.length === 0) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A label split into its words and the number it ends (or starts) with, e.g. "Not safe 76%". */
export interface NamedNumber {
  name: string;
  number: LabelNumber | null;
}

/** Split "Recipe 75%", "Safe 19%", "- Other* 10%" or "76%" into a name and a number. */
export function splitNamedNumber(raw: string): NamedNumber {
  const text = raw.replace(/^[\s\-–•·.]+/, "").trim();
  const whole = readLabelNumber(text);
  if (whole) return { name: "", number: whole };
  const tail = /^(.*?[^\d\s.,-]\.?)\s*[:\-–]?\s*(-?\d[\d.,' ]*\s*%?)$/.exec(text);
  if (tail) {
    const n = readLabelNumber(tail[2]!);
    if (n) return { name: tail[1]!.trim(), number: n };
  }
  const head = /^(-?\d[\d.,]*\s*%)\s+(.*\D.*)$/.exec(text);
  if (head) {
    const n = readLabelNumber(head[1]!);
    if (n) return { name: head[2]!.trim(), number: n };
  }
  return { name: text, number: null };
}

/**
 * The box's text with the word spaces OCR dropped put back ("UnitedStates" → "United States",
 * "Airlines19.3%" → "Airlines 19.3%"): where the pixels show a blank gap as wide as a space near a
 * lower-case→capital or letter↔digit boundary that has no space in the text. Text is unchanged when
 * the box is slanted, or the gaps do not clearly line up with such boundaries.
 */
export function spacedText(r: Raster, b: OcrBox): string {
  const text = b.text;
  if ((b.angle !== undefined && Math.abs(b.angle) > 3) || text.length < 4 || b.box.height < 6) return text;
  const x0 = Math.max(0, Math.floor(b.box.x));
  const x1 = Math.min(r.width, Math.ceil(b.box.x + b.box.width));
  const y0 = Math.max(0, Math.floor(b.box.y));
  const y1 = Math.min(r.height, Math.ceil(b.box.y + b.box.height));
  if (x1 - x0 < 8) return text;
  // Background: the box's most common colour; ink: clearly different from it.
  const counts = new Map<number, number>();
  for (let y = y0; y < y1; y += 2) for (let x = x0; x < x1; x += 2) counts.set(pixel(r, x, y) & 0xf0f0f0, (counts.get(pixel(r, x, y) & 0xf0f0f0) ?? 0) + 1);
  const bgKey = [...counts.entries()].sort((p, q) => q[1] - p[1])[0]![0];
  let bg = 0;
  for (let y = y0; y < y1 && !bg; y++) for (let x = x0; x < x1; x++) if ((pixel(r, x, y) & 0xf0f0f0) === bgKey) { bg = pixel(r, x, y); break; }
  const blank: boolean[] = [];
  for (let x = x0; x < x1; x++) {
    let ink = false;
    for (let y = y0; y < y1 && !ink; y++) if (colourDistance(pixel(r, x, y), bg) > 90) ink = true;
    blank.push(!ink);
  }
  const first = blank.indexOf(false);
  const last = blank.lastIndexOf(false);
  if (first < 0) return text;
  const minGap = Math.max(3, Math.round(b.box.height * 0.22));
  const gaps: number[] = [];
  for (let i = first; i <= last; ) {
    if (!blank[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j <= last && blank[j]) j++;
    if (j - i >= minGap) gaps.push(x0 + (i + j) / 2);
    i = j;
  }
  if (gaps.length === 0) return text;
  // Character boundaries placed proportionally over the inked extent.
  const left = x0 + first;
  const charW = (last - first + 1) / text.length;
  const at = (i: number) => left + charW * i;
  const spaces = [...text].flatMap((c, i) => (c === " " ? [i + 0.5] : []));
  const cands: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const a = text[i - 1]!;
    const c = text[i]!;
    if ((/[a-z]/.test(a) && /[A-Z]/.test(c) && /[a-z]/.test(text[i - 2] ?? "") && /^[A-Z](?:[a-z]|[A-Z]+(?![A-Za-z]))/.test(text.slice(i))) || (/[A-Za-z]/.test(a) && /\d/.test(c)) || (/\d|%/.test(a) && /[A-Za-z]/.test(c))) cands.push(i);
  }
  const inserts = new Set<number>();
  for (const g of gaps) {
    if (spaces.some((s) => Math.abs(at(s) - g) <= charW * 1.5)) continue;
    let best = -1;
    for (const i of cands) if (Math.abs(at(i) - g) <= charW * 2 && (best < 0 || Math.abs(at(i) - g) < Math.abs(at(best) - g))) best = i;
    if (best >= 0) inserts.add(best);
  }
  if (inserts.size === 0) return text;
  return [...text].map((c, i) => (inserts.has(i) ? ` ${c}` : c)).join("");
}
