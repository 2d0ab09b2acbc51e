import * as ort from "onnxruntime-node";
import { textRegions, type DbOptions, type TextRegion } from "./db-postprocess.js";
import type { DetImage } from "./load-image.js";

/** ImageNet statistics, applied in BGR channel order as PaddleOCR's detector was trained. */
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** The detector's input: NCHW float32, BGR, each channel standardised. */
function detInput(img: DetImage): ort.Tensor {
  const { rgb, detWidth: w, detHeight: h } = img;
  const plane = w * h;
  const data = new Float32Array(3 * plane);
  // Channel c of the tensor is B, G, R for c = 0, 1, 2; RGB byte offset is 2 - c.
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * STD[c]);
    const shift = MEAN[c] / STD[c];
    const src = 2 - c;
    const base = c * plane;
    for (let p = 0; p < plane; p++) data[base + p] = rgb[p * 3 + src] * scale - shift;
  }
  return new ort.Tensor("float32", data, [1, 3, h, w]);
}

/** Run the detector and turn its probability map into text regions (detection-image pixels). */
export async function detectText(session: ort.InferenceSession, img: DetImage, o: DbOptions): Promise<TextRegion[]> {
  const input = detInput(img);
  const result = await session.run({ [session.inputNames[0]]: input });
  const output = result[session.outputNames[0]];
  try {
    const [, , mh, mw] = output.dims;
    return textRegions(output.data as Float32Array, mw, mh, o);
  } finally {
    input.dispose();
    output.dispose();
  }
}
