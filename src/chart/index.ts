/**
 * Chart → table without a model: chart geometry (sharp pixels) plus OCR text (onnxruntime) read
 * into a CSV in the response format's shape, with the chart kind and a confidence.
 */
export { DEFAULT_DETECTORS, DEFAULT_MIN_CONFIDENCE, readChart, readChartImage, readingToCsv } from "./extract-chart.js";
export type { ChartExtraction, DetectorAttempt, ReadChartOptions } from "./extract-chart.js";
export { fitAxis, posOf, valueAt, type Tick } from "./axis-scale.js";
export { loadRaster } from "./raster.js";
export { readLabelNumber, type LabelNumber } from "./value-text.js";
export { CHART_KINDS, type AxisScale, type ChartDetector, type ChartInput, type ChartKind, type ChartReading, type DetectorResult, type Raster } from "./types.js";
