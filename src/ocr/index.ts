/**
 * Local OCR for charts: PaddleOCR PP-OCRv4 detection + recognition run with onnxruntime-node on
 * the CPU, no model server. `createOcrEngine` loads the models once per process; `recognize` turns a
 * chart image into text boxes in original-image pixels.
 */
export { createOcrEngine, DEFAULT_OCR_OPTIONS, readingOrder } from "./engine.js";
export { detectionSize } from "./load-image.js";
export { MODEL_FILES, defaultModelsDir } from "./models.js";
export type { OcrBox, OcrEngine, OcrEngineOptions, OcrRect, OcrResult } from "./types.js";
