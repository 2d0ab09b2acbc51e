import * as ort from "onnxruntime-node";
import type { RotatedRect } from "./geometry.js";
import type { DetImage } from "./load-image.js";

/** Input height of the PP-OCRv4 recogniser. */
export const REC_HEIGHT = 48;
/** Narrowest and widest crops fed to the recogniser, in pixels (after scaling to height 48). */
const MIN_WIDTH = 16;
const MAX_WIDTH = REC_HEIGHT * 40;
/**
 * Crops per model run. The recogniser's cost is linear in pixels, so batching only saves per-run
 * overhead; a batch is padded to its widest crop, so it holds crops of similar widths only.
 */
const BATCH = 8;
const BATCH_WIDTH_RATIO = 1.25;

/** A recognised crop: text and the mean probability of its characters. */
export interface Reading {
  text: string;
  confidence: number;
}

/**
 * Sample a rotated rectangle of the image into a recogniser input: height 48, width keeping the
 * aspect ratio, bilinear interpolation, outside the image reads as white. Pixels are stored BGR
 * (the channel order PaddleOCR models are trained on) and normalised to [-1, 1].
 */
export function sampleCrop(img: DetImage, r: RotatedRect, out: Float32Array, outWidth: number, rowStride: number): void {
  const { rgb, detWidth: W, detHeight: H } = img;
  const plane = REC_HEIGHT * rowStride;
  const vx = -r.uy;
  const vy = r.ux;
  for (let i = 0; i < REC_HEIGHT; i++) {
    const fv = ((i + 0.5) / REC_HEIGHT - 0.5) * r.h;
    for (let j = 0; j < outWidth; j++) {
      const fu = ((j + 0.5) / outWidth - 0.5) * r.w;
      const x = r.cx + fu * r.ux + fv * vx - 0.5;
      const y = r.cy + fu * r.uy + fv * vy - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const ax = x - x0;
      const ay = y - y0;
      let b = 0;
      let g = 0;
      let red = 0;
      for (let k = 0; k < 4; k++) {
        const xx = x0 + (k & 1);
        const yy = y0 + (k >> 1);
        const wgt = ((k & 1) === 1 ? ax : 1 - ax) * ((k >> 1) === 1 ? ay : 1 - ay);
        if (wgt === 0) continue;
        if (xx < 0 || yy < 0 || xx >= W || yy >= H) {
          red += 255 * wgt;
          g += 255 * wgt;
          b += 255 * wgt;
          continue;
        }
        const p = (yy * W + xx) * 3;
        red += rgb[p] * wgt;
        g += rgb[p + 1] * wgt;
        b += rgb[p + 2] * wgt;
      }
      const o = i * rowStride + j;
      out[o] = b / 127.5 - 1;
      out[plane + o] = g / 127.5 - 1;
      out[2 * plane + o] = red / 127.5 - 1;
    }
  }
}

/** Recogniser input width for a crop of this size: height scaled to 48, aspect ratio kept. */
export function cropWidth(r: RotatedRect): number {
  const w = Math.ceil((REC_HEIGHT * r.w) / Math.max(1, r.h));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w));
}

/**
 * Read every crop with the recogniser, in width-sorted batches (padding, zeros in normalised space
 * as PaddleOCR pads, is then small), and CTC-decode the output greedily. Unlike PaddleOCR, crops are
 * not padded to a width of at least 320: that raises the confidence of lone glyphs ("0") but, on 40
 * ChartQA charts, found no more labels or numbers and cost 40% more time. `padTo` pads every batch
 * to at least that width (used to re-read doubtful short crops).
 */
export async function recognizeCrops(
  session: ort.InferenceSession,
  alphabet: string[],
  img: DetImage,
  rects: RotatedRect[],
  padTo = 0,
): Promise<Reading[]> {
  const widths = rects.map(cropWidth);
  const order = rects.map((_, i) => i).sort((a, b) => widths[a] - widths[b]);
  const readings: Reading[] = new Array(rects.length);
  for (let s = 0; s < order.length; ) {
    let e = s + 1;
    while (e < order.length && e - s < BATCH && widths[order[e]] <= BATCH_WIDTH_RATIO * widths[order[s]]) e++;
    const batch = order.slice(s, e);
    s = e;
    const stride = Math.max(padTo, widths[batch[batch.length - 1]]);
    const item = 3 * REC_HEIGHT * stride;
    const data = new Float32Array(batch.length * item);
    batch.forEach((i, b) => sampleCrop(img, rects[i], data.subarray(b * item, (b + 1) * item), widths[i], stride));
    const input = new ort.Tensor("float32", data, [batch.length, 3, REC_HEIGHT, stride]);
    const result = await session.run({ [session.inputNames[0]]: input });
    const output = result[session.outputNames[0]];
    try {
      const [, steps, classes] = output.dims;
      const probs = output.data as Float32Array;
      batch.forEach((i, b) => {
        readings[i] = ctcGreedy(probs.subarray(b * steps * classes, (b + 1) * steps * classes), steps, classes, alphabet);
      });
    } finally {
      input.dispose();
      output.dispose();
    }
  }
  return readings;
}

/**
 * Greedy CTC decoding: the most likely class at each step, repeats collapsed, blanks (class 0)
 * dropped. Confidence is the mean probability of the kept characters (PaddleOCR's definition).
 */
export function ctcGreedy(probs: Float32Array, steps: number, classes: number, alphabet: string[]): Reading {
  let text = "";
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0;
    let bestP = probs[row];
    for (let c = 1; c < classes; c++) {
      const p = probs[row + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += alphabet[best] ?? "";
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}
