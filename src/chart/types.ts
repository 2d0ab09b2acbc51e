import type { OcrBox, OcrResult } from "../ocr/types.js";

/** Decoded pixels: RGB, 3 bytes per pixel, row-major, no padding. Same size as the OCR's image. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The chart kinds the local reader knows. `v`/`h`: bars growing up / to the right. Grouped bars
 * stand side by side per category; stacked ones on top of each other.
 */
export const CHART_KINDS = ["vbar", "hbar", "vbar-grouped", "hbar-grouped", "vbar-stacked", "hbar-stacked", "line", "pie"] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** A linear map from pixel position to value, fitted to the OCR'd axis tick labels. */
export interface AxisScale {
  /** value = slope × pixel + intercept (pixel: x for horizontal axes, y for vertical ones). */
  slope: number;
  intercept: number;
  /** Tick labels the fit used. */
  ticks: number;
  /** Root-mean-square residual of the fit, as a fraction of the axis' value range (0 = exact). */
  residual: number;
}

/** What a detector read from one chart. */
export interface ChartReading {
  kind: ChartKind;
  /** Header: the category column's name, then one name per series. */
  columns: string[];
  /** One row per category: its label, then each series' value as text (numbers plain, `""` when unread). */
  rows: string[][];
  /** 0–1: how much the reading can be trusted (marks found, labels matched, fit residual…). */
  confidence: number;
  /** Where the values came from: printed value labels, the axis scale, or both (labels preferred). */
  valueSource: "labels" | "axis" | "mixed";
  /** The value axis' fitted scale, when one was fitted. */
  scale?: AxisScale;
  /**
   * Mark colours read from the pixels (`#rrggbb`): `series[k]` for the value column `columns[k + 1]`;
   * `rows[i]` for row `i` when the marks of one series are coloured by category (pie wedges, bars
   * in one colour each). Used to resolve questions that name a colour ("the blue bar").
   */
  colours?: { series: string[]; rows?: string[] };
  /** Short human-readable remarks (e.g. "2 bars had no value label; read from the axis"). */
  notes: string[];
  /**
   * Where category labels were expected but none was read (image pixels): a strip worth re-reading
   * for slanted labels the OCR missed.
   */
  unlabelled?: { top: number; bottom: number };
}

/** A detector's verdict: a reading, or why this chart is not of its kind / could not be read. */
export type DetectorResult = { ok: true; reading: ChartReading } | { ok: false; reason: string };

/** Input every detector gets. */
export interface ChartInput {
  raster: Raster;
  ocr: OcrResult;
}

/** One chart-kind family's reader (bars, lines, pies). */
export interface ChartDetector {
  readonly name: string;
  detect(input: ChartInput): DetectorResult;
}

export type { OcrBox, OcrResult };
