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

/**
 * Group the text near the disc into label blocks. With `wedges`, text inside the disc only joins
 * text in the same wedge (two wedges' labels side by side stay apart; a name and its share printed
 * a line apart in one wedge join).
 */
export function pieLabels(boxes: readonly OcrBox[], disc: Disc, width: number, wedges: readonly Wedge[] = []): PieLabel[] {
  const near = boxes.filter((b) => {
    if (BOILERPLATE.test(b.text) || b.box.width > width * 0.6) return false;
    const d = Math.hypot(cx(b) - disc.cx, cy(b) - disc.cy);
    // Titles and notes lie well above or below the disc and print no share.
    const far = b.box.y + b.box.height < disc.cy - disc.r * 1.1 || b.box.y > disc.cy + disc.r * 1.6;
    if (far && !splitNamedNumber(b.text).number) return false;
    return d <= disc.r * 2.1 + b.box.width / 2;
  });
  const sorted = [...near].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const blocks: OcrBox[][] = [];
  for (const b of sorted) {
    const inside = isInside(disc, b);
    const wb = inside ? wedgeAt(disc, wedges, b) : -1;
    const home = blocks.find((bl) =>
      bl.some((o) => {
        const wo = isInside(disc, o) ? wedgeAt(disc, wedges, o) : -1;
        if (inside && wo >= 0 && wb >= 0 && wo !== wb) return false;
        return joins(o, b, inside, wo >= 0 && wo === wb);
      }),
    );
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

function isInside(disc: Disc, b: OcrBox): boolean {
  return Math.hypot(cx(b) - disc.cx, cy(b) - disc.cy) < disc.r;
}

/** The index of the wedge a box's centre lies in (-1 without wedges). */
function wedgeAt(disc: Disc, wedges: readonly Wedge[], b: OcrBox): number {
  const a = angleOf(disc, cx(b), cy(b));
  return wedges.findIndex((w) => outsideBy(w, a) === 0);
}

/**
 * Whether box `b` continues the block that `o` is in: stacked just below it, or beside it on its
 * line. `sameWedge`: both lie inside the disc in one wedge, where a share may sit further below.
 */
function joins(o: OcrBox, b: OcrBox, inside: boolean, sameWedge = false): boolean {
  const h = Math.min(o.box.height, b.box.height);
  const gapY = b.box.y - (o.box.y + o.box.height);
  const centred = Math.abs(cx(o) - cx(b)) <= Math.max(o.box.width, b.box.width) / 2 + 4;
  const leftAligned = Math.abs(o.box.x - b.box.x) <= 6 || Math.abs(o.box.x + o.box.width - (b.box.x + b.box.width)) <= 6;
  if (gapY > -h * 0.5 && gapY <= h * (sameWedge ? 2 : inside ? 0.9 : 0.6) && (centred || leftAligned)) {
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
 * Match labels to wedges one to one, keeping their order around the disc (leader lines do not
 * cross): the matching of least total cost, where a pair costs the angular distance from the label
 * to the wedge plus how far a printed percentage is from the wedge's share.
 */
export function matchWedges(labels: readonly PieLabel[], wedges: readonly Wedge[], disc: Disc): (PieLabel | null)[] {
  const nums = labels.filter((l) => l.number).map((l) => l.number!.value);
  const sum = nums.reduce((a, b) => a + b, 0);
  const shares = labels.some((l) => l.number?.percent) || (nums.length >= 2 && sum >= 90 && sum <= 110);
  const order = labels.map((_, i) => i).sort((p, q) => angleOf(disc, labels[p]!.x, labels[p]!.y) - angleOf(disc, labels[q]!.x, labels[q]!.y));
  // gain[l][w]: how much better pairing label l with wedge w is than leaving both unpaired (≤ 0: never).
  const gain = labels.map((l) => {
    const a = angleOf(disc, l.x, l.y);
    const dist = Math.hypot(l.x - disc.cx, l.y - disc.cy);
    const outside = dist >= disc.r * 0.95;
    return wedges.map((w) => {
      let cost = outsideBy(w, a);
      if (!outside && cost > 0) cost += 60;
      if (l.number && shares) {
        // A share far off the wedge's angle rules it out, more so for small shares; then the angle
        // of a label outside the disc counts less (leader lines fan small wedges' labels out).
        const off = Math.abs(l.number.value - w.share * 100);
        cost += off * 1.5 + (off * 60) / Math.max(1, l.number.value);
        if (outside) cost *= 0.75;
      }
      // Prefer complete labels (name and number) and those inside or close to the disc.
      if (!l.number) cost += 12;
      if (!l.name) cost += 6;
      cost += Math.max(0, dist / disc.r - 1) * 15;
      return 90 - cost;
    });
  });
  let best: { total: number; pairs: [number, number][] } = { total: 0, pairs: [] };
  const L = labels.length;
  const W = wedges.length;
  for (let k = 0; k < L; k++) {
    const seq = [...order.slice(k), ...order.slice(0, k)];
    // dp[i][j]: best total over the first i labels of seq and the first j wedges.
    const dp = Array.from({ length: L + 1 }, () => new Float64Array(W + 1));
    for (let i = 1; i <= L; i++) {
      for (let j = 1; j <= W; j++) {
        const g = gain[seq[i - 1]!]![j - 1]!;
        dp[i]![j] = Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!, g > 0 ? dp[i - 1]![j - 1]! + g : -Infinity);
      }
    }
    if (dp[L]![W]! <= best.total + 1e-9) continue;
    const pairs: [number, number][] = [];
    for (let i = L, j = W; i > 0 && j > 0; ) {
      if (dp[i]![j] === dp[i - 1]![j]) i--;
      else if (dp[i]![j] === dp[i]![j - 1]) j--;
      else {
        pairs.push([seq[i - 1]!, j - 1]);
        i--;
        j--;
      }
    }
    best = { total: dp[L]![W]!, pairs };
  }
  const out: (PieLabel | null)[] = wedges.map(() => null);
  const used = new Set<number>();
  for (const [l, w] of best.pairs) {
    out[w] = labels[l]!;
    used.add(l);
  }
  // A wedge given only a name (or only a number) takes the unused other half lying in it: a share
  // printed inside the wedge with its name outside, or a name and share a few lines apart.
  out.forEach((l, wi) => {
    if (!l || (l.name && l.number)) return;
    const w = wedges[wi]!;
    let best = -1;
    let bestD = Infinity;
    labels.forEach((o, oi) => {
      if (used.has(oi) || (l.name ? !o.number || o.name : !o.name || o.number)) return;
      if (outsideBy(w, angleOf(disc, o.x, o.y)) > 8) return;
      const d = Math.hypot(o.x - l.x, o.y - l.y);
      if (d < bestD && d < disc.r * 1.2) {
        bestD = d;
        best = oi;
      }
    });
    if (best < 0) return;
    const o = labels[best]!;
    used.add(best);
    out[wi] = { ...l, name: l.name || o.name, number: l.number ?? o.number, boxes: [...l.boxes, ...o.boxes] };
  });
  return out;
}
