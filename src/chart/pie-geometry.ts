/**
 * Pie and donut geometry: the disc (the largest round blob of non-background ink, thin leader
 * lines and white wedge separators smoothed away) and its wedges (runs of one colour around a
 * ring inside the disc).
 */
import { colourDistance, pixel } from "./raster.js";
import type { Raster } from "./types.js";

/** The disc: centre, outer radius, inner radius (0 for a pie), and how round/filled it is (0–1). */
export interface Disc {
  cx: number;
  cy: number;
  r: number;
  inner: number;
  roundness: number;
  background: number;
}

/** One wedge, angles in degrees clockwise from 12 o'clock. */
export interface Wedge {
  start: number;
  end: number;
  colour: number;
  /** Fraction of the full turn (0–1). */
  share: number;
}

const CELL = 2;

/** The most common colour along the image border. */
function backgroundColour(r: Raster): number {
  const counts = new Map<number, { n: number; colour: number }>();
  const add = (x: number, y: number) => {
    const p = pixel(r, x, y);
    const e = counts.get(p & 0xf8f8f8) ?? { n: 0, colour: p };
    e.n++;
    counts.set(p & 0xf8f8f8, e);
  };
  for (let x = 0; x < r.width; x += 3) {
    add(x, 0);
    add(x, r.height - 1);
  }
  for (let y = 0; y < r.height; y += 3) {
    add(0, y);
    add(r.width - 1, y);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]!.colour;
}

function morph(grid: Uint8Array, w: number, h: number, grow: boolean): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = grow ? 0 : 1;
      for (let dy = -1; dy <= 1 && v === (grow ? 0 : 1); dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          const g = xx >= 0 && yy >= 0 && xx < w && yy < h ? grid[yy * w + xx]! : 0;
          if (grow && g) v = 1;
          if (!grow && !g) v = 0;
        }
      }
      out[y * w + x] = v;
    }
  }
  return out;
}

/** Find the pie's disc, or `null` when no round blob of ink is there. */
export function findDisc(r: Raster): Disc | null {
  const bg = backgroundColour(r);
  const w = Math.floor(r.width / CELL);
  const h = Math.floor(r.height / CELL);
  let grid: Uint8Array = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) grid[y * w + x] = colourDistance(pixel(r, x * CELL + 1, y * CELL + 1), bg) > 12 ? 1 : 0;
  }
  // Close white separators, then open away leader lines and text strokes.
  grid = morph(morph(grid, w, h, true), w, h, false);
  grid = morph(morph(morph(morph(grid, w, h, false), w, h, false), w, h, true), w, h, true);
  const seen = new Uint8Array(w * h);
  let best: { cells: number; x0: number; x1: number; y0: number; y1: number } | null = null;
  const stack: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (!grid[i] || seen[i]) continue;
    let cells = 0;
    let x0 = w;
    let x1 = 0;
    let y0 = h;
    let y1 = 0;
    stack.push(i);
    seen[i] = 1;
    while (stack.length > 0) {
      const j = stack.pop()!;
      cells++;
      const x = j % w;
      const y = (j - x) / w;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (const k of [j - 1, j + 1, j - w, j + w]) {
        if (k < 0 || k >= w * h || seen[k] || !grid[k]) continue;
        if ((k === j - 1 && x === 0) || (k === j + 1 && x === w - 1)) continue;
        seen[k] = 1;
        stack.push(k);
      }
    }
    if (!best || cells > best.cells) best = { cells, x0, x1, y0, y1 };
  }
  if (!best) return null;
  const bw = (best.x1 - best.x0 + 1) * CELL;
  const bh = (best.y1 - best.y0 + 1) * CELL;
  if (Math.min(bw, bh) < 40 || Math.max(bw, bh) / Math.min(bw, bh) > 1.15) return null;
  const cx = (best.x0 * CELL + (best.x1 + 1) * CELL) / 2;
  const cy = (best.y0 * CELL + (best.y1 + 1) * CELL) / 2;
  const rad = (bw + bh) / 4;
  const fill = (best.cells * CELL * CELL) / (Math.PI * rad * rad);
  // Outside the rim must be mostly background (a square blob's corners are not).
  let outside = 0;
  let inkOut = 0;
  for (let a = 0; a < 360; a += 5) {
    const t = (a * Math.PI) / 180;
    outside++;
    if (colourDistance(pixel(r, cx + Math.sin(t) * rad * 1.08, cy - Math.cos(t) * rad * 1.08), bg) > 24) inkOut++;
  }
  if (fill > 1.12 || inkOut / outside > 0.3) return null;
  // A donut: background around the centre.
  let inner = 0;
  if (colourDistance(pixel(r, cx, cy), bg) <= 24) {
    const radii: number[] = [];
    for (let a = 0; a < 360; a += 45) {
      const t = (a * Math.PI) / 180;
      for (let d = 0; d < rad; d++) {
        if (colourDistance(pixel(r, cx + Math.sin(t) * d, cy - Math.cos(t) * d), bg) > 24) {
          radii.push(d);
          break;
        }
      }
    }
    radii.sort((a, b) => a - b);
    inner = radii.length > 0 ? radii[Math.floor(radii.length / 2)]! : 0;
    if (inner > rad * 0.85) return null;
  }
  const expected = 1 - (inner / rad) ** 2;
  const roundness = Math.max(0, 1 - Math.abs(fill - expected) * 2.5 - inkOut / outside);
  return { cx, cy, r: rad, inner, roundness, background: bg };
}

/** The wedges around the disc: colour runs on rings between the inner and outer radius. */
export function findWedges(r: Raster, disc: Disc): Wedge[] {
  const radii = [0.62, 0.75, 0.88].map((f) => disc.inner + (disc.r - disc.inner) * f);
  const STEPS = 720;
  const colours: (number | null)[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t = ((i + 0.5) / STEPS) * 2 * Math.PI;
    const samples = radii.map((d) => pixel(r, disc.cx + Math.sin(t) * d, disc.cy - Math.cos(t) * d));
    // The colour at least two rings agree on (text inside a wedge spoils one ring at most).
    let pick: number | null = null;
    for (let a = 0; a < samples.length && pick === null; a++) {
      for (let b = a + 1; b < samples.length; b++) {
        if (colourDistance(samples[a]!, samples[b]!) < 24) {
          pick = samples[a]!;
          break;
        }
      }
    }
    colours.push(pick !== null && colourDistance(pick, disc.background) > 6 ? pick : null);
  }
  // Runs of one colour.
  const runs: { start: number; len: number; colour: number }[] = [];
  for (let i = 0; i < STEPS; i++) {
    const c = colours[i];
    if (c == null) continue;
    const last = runs[runs.length - 1];
    if (last && last.start + last.len === i && colourDistance(last.colour, c) < 22) {
      // A run's first pixels may be an anti-aliased edge: anchor it on what follows.
      if (last.len <= 2) last.colour = c;
      last.len++;
    } else runs.push({ start: i, len: 1, colour: c });
  }
  if (runs.length > 1) {
    const a = runs[0]!;
    const z = runs[runs.length - 1]!;
    if (a.start === 0 && z.start + z.len === STEPS && colourDistance(a.colour, z.colour) < 22) {
      z.len += a.len;
      runs.shift();
    }
  }
  // Short runs are anti-aliased edges or separators: drop them and share their angle out.
  const kept = runs.filter((u) => u.len >= 3);
  if (kept.length === 0) return [];
  const merged: typeof kept = [];
  for (const u of kept) {
    const last = merged[merged.length - 1];
    if (last && colourDistance(last.colour, u.colour) < 22) last.len = u.start + u.len - last.start;
    else merged.push({ ...u });
  }
  if (merged.length > 1 && colourDistance(merged[0]!.colour, merged[merged.length - 1]!.colour) < 22) {
    const z = merged.pop()!;
    merged[0] = { start: z.start, len: merged[0]!.start + merged[0]!.len + STEPS - z.start, colour: z.colour };
  }
  if (merged.length === 1) return [{ start: 0, end: 360, colour: merged[0]!.colour, share: 1 }];
  // Boundaries halfway through the gaps between consecutive runs.
  const wedges: Wedge[] = [];
  for (let k = 0; k < merged.length; k++) {
    const u = merged[k]!;
    const prev = merged[(k + merged.length - 1) % merged.length]!;
    const next = merged[(k + 1) % merged.length]!;
    const gapBefore = (u.start - (prev.start + prev.len) + 2 * STEPS) % STEPS;
    const gapAfter = (next.start - (u.start + u.len) + 2 * STEPS) % STEPS;
    const start = u.start - gapBefore / 2;
    const end = u.start + u.len + gapAfter / 2;
    wedges.push({ start: (start * 360) / STEPS, end: (end * 360) / STEPS, colour: u.colour, share: (end - start) / STEPS });
  }
  return wedges;
}
