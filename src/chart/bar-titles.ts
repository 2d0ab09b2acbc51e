/**
 * Chart titles as series names: the title line (first of a wrapped title) and its continuation,
 * the larger leading words of an OECD title line, and rotated axis titles tidied.
 */
import { bottom, isFurniture, isNumeric, isVertical, left, right, top } from "./bar-text.js";
import { lightness } from "./raster.js";
import type { OcrBox, Raster } from "./types.js";

/**
 * The lines continuing a title below it: same height, same left edge, no gap (OWID wraps long
 * titles). Their text, or "" when the title is one line.
 */
export function titleContinuation(boxes: readonly OcrBox[], title: OcrBox): string {
  const out: string[] = [];
  let last = title;
  for (;;) {
    const next = boxes.find(
      (b) =>
        b !== last &&
        !isVertical(b) &&
        Math.abs(b.box.height - title.box.height) <= 3 &&
        Math.abs(left(b) - left(title)) <= 8 &&
        top(b) > top(last) &&
        top(b) - bottom(last) <= title.box.height * 0.5,
    );
    if (!next) break;
    out.push(next.text);
    last = next;
  }
  return out.join(" ");
}

/** The chart's title: the tallest text line in the top eighth of the image. */
export function chartTitle(boxes: readonly OcrBox[], height: number): OcrBox | null {
  let best: OcrBox | null = null;
  for (const b of boxes) {
    // (A bare number up there is a tick label, never a title.)
    if (isFurniture(b) || isVertical(b) || isNumeric(b) || top(b) > height / 8) continue;
    if (!best || b.box.height > best.box.height) best = b;
  }
  // A wrapped title: its first line (same size, same left edge, just above).
  for (let guard = 0; best && guard < 4; guard++) {
    const cur: OcrBox = best;
    const above = boxes.find(
      (b) => b !== cur && !isVertical(b) && !isNumeric(b) && Math.abs(b.box.height - cur.box.height) <= 3 && Math.abs(left(b) - left(cur)) <= 8 && bottom(b) <= top(cur) + 2 && top(cur) - bottom(b) <= cur.box.height * 0.5,
    );
    if (!above) break;
    best = above;
  }
  return best;
}

const SHORT_WORDS = new Set(["a", "an", "as", "at", "by", "in", "is", "of", "on", "or", "to", "per", "and", "the", "for", "us", "vs", "no", "we", "it", "be", "do", "up"]);

/**
 * Undo the spurious spaces OCR puts inside words of rotated text ("Numbe r of pe rsonal trips"):
 * a space goes when a lower-case fragment of one or two letters beside it is not a word.
 */
export function tidyRotatedText(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const frag = (w: string | undefined) => w !== undefined && /^[a-z]{1,2}$/.test(w) && !SHORT_WORDS.has(w);
  const joinable = (w: string | undefined) => w !== undefined && /^[a-z]/.test(w) && !SHORT_WORDS.has(w);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (frag(w) && joinable(words[i + 1])) {
      words[i + 1] = w + words[i + 1];
    } else if (frag(w) && out.length > 0 && /[a-z]$/.test(out[out.length - 1]!)) {
      out[out.length - 1] += w;
    } else {
      out.push(w);
    }
  }
  return out.join(" ");
}

/**
 * The leading words of a title line printed larger than the rest (OECD: "Freight transport" then
 * "Rail, Million tonne-kilometres, 1992" in a smaller font, which OCR reads as one line), or null
 * when the line is one size. The typical ink height of the columns (about the x-height) is
 * compared before and after each gap; the larger part's words are counted by its wide gaps.
 */
export function leadingLargerWords(raster: Raster, b: OcrBox): string | null {
  const x0 = Math.max(0, Math.floor(left(b)));
  const x1 = Math.min(raster.width - 1, Math.ceil(right(b)));
  const y0 = Math.max(0, Math.floor(top(b)) - 1);
  const y1 = Math.min(raster.height - 1, Math.ceil(bottom(b)) + 1);
  const cols: { x: number; h: number }[] = [];
  const gaps: { x: number; width: number }[] = [];
  let blank = 0;
  for (let x = x0; x <= x1; x++) {
    let t = -1;
    let u = -1;
    for (let y = y0; y <= y1; y++) {
      const i = (y * raster.width + x) * 3;
      if (lightness((raster.data[i]! << 16) | (raster.data[i + 1]! << 8) | raster.data[i + 2]!) < 150) {
        if (t < 0) t = y;
        u = y;
      }
    }
    if (t < 0) {
      blank++;
      continue;
    }
    if (blank >= 3 && cols.length > 0) gaps.push({ x: x - blank, width: blank });
    blank = 0;
    cols.push({ x, h: u - t + 1 });
  }
  const med = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)] ?? 0;
  const text = b.text.trim().split(/\s+/);
  const splits: { k: number; ratio: number; width: number }[] = [];
  for (const g of gaps) {
    const before = cols.filter((c) => c.x < g.x).map((c) => c.h);
    const after = cols.filter((c) => c.x > g.x).map((c) => c.h);
    if (before.length < 20 || after.length < 20) continue;
    const ratio = med(before) / Math.max(1, med(after));
    // Words before the gap: the larger font's word gaps are wide.
    const k = gaps.filter((h) => h.x < g.x && h.width >= 4).length + 1;
    if (ratio >= 1.3 && k <= text.length - 2) splits.push({ k, ratio, width: g.width });
  }
  // Heights are whole pixels, so several gaps tie: the title ends at the widest of the best.
  const most = Math.max(0, ...splits.map((x) => x.ratio));
  const best = splits.filter((x) => x.ratio >= most - 0.1).sort((a, c) => c.width - a.width)[0];
  if (!best) return null;
  // OECD's pattern: a worded indicator (capitals and digits alone look tall), then "…, <unit>, <year(s)>".
  const lead = text.slice(0, best.k).join(" ").replace(/[,:;]$/, "");
  const rest = text.slice(best.k).join(" ");
  return (lead.match(/[a-z]/g) ?? []).length >= 4 && /,.*\b(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?\s*$/.test(rest) ? lead : null;
}
