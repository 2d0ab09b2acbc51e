/**
 * Plane geometry for text regions: convex hulls, minimum-area rectangles, and rotated rectangles'
 * axis-aligned bounds. Coordinates are pixels, y pointing down.
 */

/** A rotated rectangle: centre, unit direction `u` of its `w` side, and side lengths. */
export interface RotatedRect {
  cx: number;
  cy: number;
  /** Unit vector along the `w` side. The `h` side runs along (-uy, ux). */
  ux: number;
  uy: number;
  w: number;
  h: number;
}

/** Convex hull of points given as flat [x0, y0, x1, y1, …], counter-clockwise (Andrew's monotone chain). */
export function convexHull(flat: number[]): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) pts.push([flat[i], flat[i + 1]]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Array<[number, number]> = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Array<[number, number]> = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * The smallest-area rectangle enclosing a convex polygon. One side of it lies along a hull edge,
 * so every edge direction is tried (rotating calipers, done directly: hulls here are small).
 * Axis-aligned directions win ties, so upright text keeps an upright box.
 */
export function minAreaRect(hull: Array<[number, number]>): RotatedRect {
  const dirs: Array<[number, number]> = [[1, 0]];
  for (let i = 0; i < hull.length; i++) {
    const [x0, y0] = hull[i];
    const [x1, y1] = hull[(i + 1) % hull.length];
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len > 0) dirs.push([(x1 - x0) / len, (y1 - y0) / len]);
  }
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (const [ux, uy] of dirs) {
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const [x, y] of hull) {
      const pu = x * ux + y * uy;
      const pv = -x * uy + y * ux;
      if (pu < minU) minU = pu;
      if (pu > maxU) maxU = pu;
      if (pv < minV) minV = pv;
      if (pv > maxV) maxV = pv;
    }
    const area = (maxU - minU) * (maxV - minV);
    // A rotated fit must be clearly smaller to beat the upright one (pixel hulls are jagged).
    if (area < bestArea * (best === undefined ? 1 : 0.97)) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, ux, uy, w: maxU - minU, h: maxV - minV };
    }
  }
  return best ?? { cx: 0, cy: 0, ux: 1, uy: 0, w: 0, h: 0 };
}

/**
 * The same rectangle described with `u` along its longer side, pointing rightwards (ux > 0, or
 * upwards when vertical): the usual reading direction of a text line.
 */
export function alongLongSide(r: RotatedRect): RotatedRect {
  let { ux, uy, w, h } = r;
  if (h > w) {
    // Turn the frame by 90°: the old h side, direction (-uy, ux), becomes the w side.
    [ux, uy] = [-uy, ux];
    [w, h] = [h, w];
  }
  if (ux < -1e-9 || (Math.abs(ux) <= 1e-9 && uy > 0)) {
    ux = -ux;
    uy = -uy;
  }
  return { ...r, ux, uy, w, h };
}

/** The rectangle turned by 90° about its centre (reading direction rotated, sides swapped). */
export function turned(r: RotatedRect, counterClockwise: boolean): RotatedRect {
  // In image coordinates (y down), a counter-clockwise turn of (ux, uy) is (uy, -ux).
  const [ux, uy] = counterClockwise ? [r.uy, -r.ux] : [-r.uy, r.ux];
  return { cx: r.cx, cy: r.cy, ux, uy, w: r.h, h: r.w };
}

/** Axis-aligned bounds [x0, y0, x1, y1] of a rotated rectangle. */
export function bounds(r: RotatedRect): [number, number, number, number] {
  const ex = (Math.abs(r.ux) * r.w + Math.abs(r.uy) * r.h) / 2;
  const ey = (Math.abs(r.uy) * r.w + Math.abs(r.ux) * r.h) / 2;
  return [r.cx - ex, r.cy - ey, r.cx + ex, r.cy + ey];
}

/** Reading angle in degrees, counter-clockwise from rightwards (image y points down). */
export function readingAngle(r: RotatedRect): number {
  return (Math.atan2(-r.uy, r.ux) * 180) / Math.PI;
}

/** Whether the point lies inside the rotated rectangle. */
export function inside(x: number, y: number, r: RotatedRect): boolean {
  const dx = x - r.cx;
  const dy = y - r.cy;
  return Math.abs(dx * r.ux + dy * r.uy) <= r.w / 2 && Math.abs(-dx * r.uy + dy * r.ux) <= r.h / 2;
}
