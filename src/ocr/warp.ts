import type { RotatedRect } from "./geometry.js";
import type { DetImage } from "./load-image.js";

/**
 * A rotated view of part of an image: `view` is an upright image whose pixel (x, y) shows the
 * source at `centre + (x - width/2)·u + (y - height/2)·v`, with v = (-uy, ux).
 */
export interface WarpedView {
  view: DetImage;
  cx: number;
  cy: number;
  ux: number;
  uy: number;
}

/**
 * Resample the part of `img` inside the axis-aligned `clip` rectangle [x0, y0, x1, y1] so that the
 * direction (ux, uy) runs left to right: text slanted along that direction becomes horizontal.
 * The view is sized to hold the whole clip rectangle, in multiples of 32 (the detector's stride);
 * everything outside the clip rectangle reads as white.
 */
export function warpView(img: DetImage, clip: [number, number, number, number], ux: number, uy: number): WarpedView {
  const [x0, y0, x1, y1] = clip;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hw = (x1 - x0) / 2;
  const hh = (y1 - y0) / 2;
  const vx = -uy;
  const vy = ux;
  const extentU = 2 * (Math.abs(ux) * hw + Math.abs(uy) * hh);
  const extentV = 2 * (Math.abs(vx) * hw + Math.abs(vy) * hh);
  const width = Math.max(32, Math.ceil(extentU / 32) * 32);
  const height = Math.max(32, Math.ceil(extentV / 32) * 32);
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const { rgb: src, detWidth: W } = img;
  for (let y = 0; y < height; y++) {
    const fv = y + 0.5 - height / 2;
    for (let x = 0; x < width; x++) {
      const fu = x + 0.5 - width / 2;
      const sx = cx + fu * ux + fv * vx;
      const sy = cy + fu * uy + fv * vy;
      if (sx < x0 || sy < y0 || sx >= x1 - 1 || sy >= y1 - 1) continue;
      const px = sx - 0.5;
      const py = sy - 0.5;
      const ix = Math.max(0, Math.floor(px));
      const iy = Math.max(0, Math.floor(py));
      const ax = Math.min(1, Math.max(0, px - ix));
      const ay = Math.min(1, Math.max(0, py - iy));
      const p00 = (iy * W + ix) * 3;
      const p10 = p00 + 3;
      const p01 = p00 + W * 3;
      const p11 = p01 + 3;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[p00 + c] * (1 - ax) + src[p10 + c] * ax;
        const bottom = src[p01 + c] * (1 - ax) + src[p11 + c] * ax;
        rgb[o + c] = Math.round(top * (1 - ay) + bottom * ay);
      }
    }
  }
  return { view: { width: img.width, height: img.height, detWidth: width, detHeight: height, rgb }, cx, cy, ux, uy };
}

/** A rectangle found in the view, in the source image's coordinates. */
export function fromView(w: WarpedView, r: RotatedRect): RotatedRect {
  const fu = r.cx - w.view.detWidth / 2;
  const fv = r.cy - w.view.detHeight / 2;
  const vx = -w.uy;
  const vy = w.ux;
  return {
    cx: w.cx + fu * w.ux + fv * vx,
    cy: w.cy + fu * w.uy + fv * vy,
    ux: r.ux * w.ux + r.uy * vx,
    uy: r.ux * w.uy + r.uy * vy,
    w: r.w,
    h: r.h,
  };
}
