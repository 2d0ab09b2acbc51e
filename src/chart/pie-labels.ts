/**
 * Pie labels: OCR boxes around or inside the disc grouped into label blocks ("Not safe" over
 * "76%", "Recipe 75%", a name over two lines), each split into a name and a printed number, and
 * matched to the wedge they point at (by angle, and by how well the number fits the wedge's share).
 */
import type { Disc, Wedge } from "./pie-geometry.js";
import { cx, cy, splitNamedNumber } from "./text-boxes.js";
import type { OcrBox } from "./types.js";
import type { LabelNumber } from "./value-text.js";

/** A label block: its name (may be empty), its number (if printed) and where it sits. */
export interface PieLabel {
  name: string;
  number: LabelNumber | null;
  x: number;
  y: number;
  boxes: OcrBox[];
}

const BOILERPLATE = /statista|show source|additional information|^source|^note|pew ?research|survey|©/i;

/** Group the text near the disc into label blocks. */
export function pieLabels(boxes: readonly OcrBox[], disc: Disc, width: number): PieLabel[] {
  const near = boxes.filter((b) => {
    if (BOILERPLATE.test(b.text) || b.box.width > width * 0.6) return false;
    const d = Math.hypot(cx(b) - disc.cx, cy(b) - disc.cy);
    // Titles and notes lie well above or below the disc and print no share.
    const far = b.box.y + b.box.height < disc.cy - disc.r * 1.1 || b.box.y > disc.cy + disc.r * 1.6;
    if (far && !splitNamedNumber(b.text).number) return false;
    return d <= disc.r * 1.9 + b.box.width / 2;
  });
  const sorted = [...near].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const blocks: OcrBox[][] = [];
  for (const b of sorted) {
    const inside = Math.hypot(cx(b) - disc.cx, cy(b) - disc.cy) < disc.r;
    const home = blocks.find((bl) => bl.some((o) => joins(o, b, inside)));
    if (home) home.push(b);
    else blocks.push([b]);
  }
  const out: PieLabel[] = [];
  for (const bl of blocks) {
    bl.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
    const names: string[] = [];
    let number: LabelNumber | null = null;
    for (const b of bl) {
      const s = splitNamedNumber(b.text);
      if (s.name) names.push(s.name);
      if (s.number && !number) number = s.number;
    }
    if (!number && names.length === 0) continue;
    const x0 = Math.min(...bl.map((b) => b.box.x));
    const x1 = Math.max(...bl.map((b) => b.box.x + b.box.width));
    const y0 = Math.min(...bl.map((b) => b.box.y));
    const y1 = Math.max(...bl.map((b) => b.box.y + b.box.height));
    out.push({ name: names.join(" ").replace(/\s+/g, " ").trim(), number, x: (x0 + x1) / 2, y: (y0 + y1) / 2, boxes: bl });
  }
  return out;
}

/** Whether box `b` continues the block that `o` is in: stacked just below it, or beside it on its line. */
function joins(o: OcrBox, b: OcrBox, inside: boolean): boolean {
  const h = Math.min(o.box.height, b.box.height);
  const gapY = b.box.y - (o.box.y + o.box.height);
  const centred = Math.abs(cx(o) - cx(b)) <= Math.max(o.box.width, b.box.width) / 2 + 4;
  const leftAligned = Math.abs(o.box.x - b.box.x) <= 6 || Math.abs(o.box.x + o.box.width - (b.box.x + b.box.width)) <= 6;
  if (gapY > -h * 0.5 && gapY <= h * (inside ? 0.9 : 0.6) && (centred || leftAligned)) {
    // Two numbers never share a block; a number does not start one above a name.
    const so = splitNamedNumber(o.text);
    const sb = splitNamedNumber(b.text);
    if (so.number && sb.number) return false;
    return true;
  }
  const sameLine = Math.abs(cy(o) - cy(b)) <= h * 0.4;
  const gapX = b.box.x - (o.box.x + o.box.width);
  const gapX2 = o.box.x - (b.box.x + b.box.width);
  return sameLine && ((gapX >= -2 && gapX <= h * 0.9) || (gapX2 >= -2 && gapX2 <= h * 0.9)) && !(splitNamedNumber(o.text).number && splitNamedNumber(b.text).number);
}

/** The angle (degrees clockwise from 12 o'clock) of a point seen from the disc's centre. */
export function angleOf(disc: Disc, x: number, y: number): number {
  const a = (Math.atan2(x - disc.cx, disc.cy - y) * 180) / Math.PI;
  return (a + 360) % 360;
}

/** Angular distance from an angle to a wedge's span (0 inside it). */
function outsideBy(w: Wedge, a: number): number {
  const span = w.end - w.start;
  const rel = (((a - w.start) % 360) + 360) % 360;
  if (rel <= span) return 0;
  return Math.min(rel - span, 360 - rel);
}

/**
 * Match labels to wedges one to one, cheapest first: the angular distance from the label to the
 * wedge, plus how far a printed percentage is from the wedge's share.
 */
export function matchWedges(labels: readonly PieLabel[], wedges: readonly Wedge[], disc: Disc): (PieLabel | null)[] {
  const pairs: { w: number; l: number; cost: number }[] = [];
  labels.forEach((l, li) => {
    const a = angleOf(disc, l.x, l.y);
    const dist = Math.hypot(l.x - disc.cx, l.y - disc.cy);
    wedges.forEach((w, wi) => {
      let cost = outsideBy(w, a);
      if (dist < disc.r * 0.95 && cost > 0) cost += 60;
      if (l.number?.percent) cost += Math.abs(l.number.value - w.share * 100) * 1.5;
      // Prefer complete labels (name and number) and those inside or close to the disc.
      if (!l.number) cost += 12;
      if (!l.name) cost += 6;
      cost += Math.max(0, dist / disc.r - 1) * 15;
      if (cost < 90) pairs.push({ w: wi, l: li, cost });
    });
  });
  pairs.sort((a, b) => a.cost - b.cost);
  const out: (PieLabel | null)[] = wedges.map(() => null);
  const used = new Set<number>();
  for (const p of pairs) {
    if (out[p.w] || used.has(p.l)) continue;
    out[p.w] = labels[p.l]!;
    used.add(p.l);
  }
  return out;
}
