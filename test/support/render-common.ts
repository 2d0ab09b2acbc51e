/**
 * Shared pieces of the test chart renderer (see render-chart.ts): the spec types, text and number
 * drawing, the value axis, the plot frame, the legend and the footer. Everything is deterministic.
 */
import type { ChartKind } from "../../src/chart/types.js";

export const FONT = "DejaVu Sans, Arial, sans-serif";
export const TEXT = "#333333";
export const MUTED = "#666666";
/** Tick label size in px. */
export const TICK_SIZE = 14;
/** Series colours when a series names none: blue, orange, green, purple, pink, teal (Pew/OWID-like). */
export const PALETTE = ["#2876dd", "#e8743b", "#19a979", "#945ecf", "#ed4a7b", "#13a4b4", "#bf399e", "#6b8e23"];

export interface SeriesSpec {
  name: string;
  values: number[];
  /** Fill/stroke colour; default from {@link PALETTE} by series index. */
  color?: string;
}

export interface ChartSpec {
  kind: ChartKind;
  /** Category labels: x positions (vbar, line), rows (hbar), or wedge names (pie). */
  categories: string[];
  /** One entry per series; a pie uses `series[0]` (values are percentages). */
  series: SeriesSpec[];
  title?: string;
  /** Print each value on/above its bar, above its point, or (pie) always. Default false. */
  valueLabels?: boolean;
  /** Draw a legend (swatch + series name). Default: on when there are several series. */
  legend?: boolean;
  /** Legend under the plot, centred (Statista), or above it, left-aligned (Pew/OWID). Default "bottom". */
  legendPosition?: "bottom" | "top";
  /** Value-axis title: rotated -90° left of a vertical value axis, horizontal under a horizontal one. */
  axisTitle?: string;
  /** Value axis bounds and tick step; defaults are "nice" numbers covering the data from 0. */
  axis?: { min?: number; max?: number; step?: number };
  /** Thousands separator of tick and value labels: "1,000" (comma, default), "1 000" (space), "1000" (none). */
  thousands?: "comma" | "space" | "none";
  /** Decimals printed in value labels (default: as many as the data has). */
  decimals?: number;
  /** Append "%" to ticks and value labels. */
  percent?: boolean;
  /** Gridline style along the value axis. Default "dashed". */
  grid?: "dashed" | "solid" | "none";
  /** Statista's light grey shading of every other category band. */
  bands?: boolean;
  /** Line charts: circle markers on the points. Default true. */
  markers?: boolean;
  /** Line stroke width (2–3). Default 3. */
  strokeWidth?: number;
  /** Pies: a hole in the middle. */
  donut?: boolean;
  /** Pies: labels inside the wedges (name over percentage) or beside them ("Name: 45%"). Default "inside". */
  pieLabels?: "inside" | "outside";
  /** Small grey footer text bottom right, e.g. "© Statista 2024". */
  source?: string;
  width?: number;
  height?: number;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Rough rendered width of `s` in DejaVu Sans at `size` px (bold a little wider). */
export function textWidth(s: string, size: number, bold = false): number {
  return s.length * size * (bold ? 0.66 : 0.6);
}

export interface TextOpts {
  size?: number;
  anchor?: "start" | "middle" | "end";
  fill?: string;
  bold?: boolean;
  rotate?: number;
}

/** A text whose vertical centre is at `y` (baseline placed explicitly; no dominant-baseline). */
export function text(s: string, x: number, y: number, o: TextOpts = {}): string {
  const size = o.size ?? 13;
  const by = y + size * 0.36;
  const rot = o.rotate ? ` transform="rotate(${o.rotate} ${r2(x)} ${r2(y)})"` : "";
  return (
    `<text x="${r2(x)}" y="${r2(by)}" font-family="${FONT}" font-size="${size}" fill="${o.fill ?? TEXT}"` +
    ` text-anchor="${o.anchor ?? "middle"}"${o.bold ? ` font-weight="bold"` : ""}${rot}>${esc(s)}</text>`
  );
}

export function rect(x: number, y: number, w: number, h: number, fill: string): string {
  return `<rect x="${r2(x)}" y="${r2(y)}" width="${r2(Math.max(0, w))}" height="${r2(Math.max(0, h))}" fill="${fill}"/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, dash?: string): string {
  return (
    `<line x1="${r2(x1)}" y1="${r2(y1)}" x2="${r2(x2)}" y2="${r2(y2)}" stroke="${stroke}" stroke-width="${width}"` +
    `${dash ? ` stroke-dasharray="${dash}"` : ""}/>`
  );
}

export const colorOf = (spec: ChartSpec, i: number) => spec.series[i].color ?? PALETTE[i % PALETTE.length];

function decimalsOf(v: number): number {
  const s = String(v);
  return s.includes(".") ? s.length - s.indexOf(".") - 1 : 0;
}

/** A number as the chart prints it: thousands separator, fixed decimals, optional "%". */
export function formatNumber(v: number, spec: ChartSpec, decimals = decimalsOf(v)): string {
  const sep = spec.thousands === "space" ? " " : spec.thousands === "none" ? "" : ",";
  const [int, frac] = Math.abs(v).toFixed(decimals).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return `${v < 0 ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}${spec.percent ? "%" : ""}`;
}

/** Value label text of one data value. */
export function valueText(v: number, spec: ChartSpec): string {
  return formatNumber(v, spec, spec.decimals ?? decimalsOf(v));
}

export interface ValueAxis {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

function niceStep(range: number, target = 5): number {
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw - 1e-12) return m * mag;
  return 10 * mag;
}

/** Largest value the axis must reach: a stack's total for stacked kinds, else the largest value. */
export function dataMax(spec: ChartSpec): number {
  if (spec.kind.endsWith("-stacked")) {
    return Math.max(...spec.categories.map((_, i) => spec.series.reduce((s, se) => s + se.values[i], 0)));
  }
  return Math.max(...spec.series.flatMap((s) => s.values));
}

/**
 * The value axis a spec is drawn with: `axis` overrides, else 0 to a nice number above the data
 * (one step more when value labels would otherwise run off the plot).
 */
export function valueAxis(spec: ChartSpec): ValueAxis {
  const min = spec.axis?.min ?? 0;
  const top = dataMax(spec);
  const step = spec.axis?.step ?? niceStep(top - min);
  let max = spec.axis?.max ?? Math.ceil((top - min) / step - 1e-9) * step + min;
  if (spec.axis?.max === undefined && spec.valueLabels && (max - top) / (max - min) < 0.1) max += step;
  const ticks: number[] = [];
  for (let k = 0; min + k * step <= max + step * 1e-6; k++) ticks.push(Number((min + k * step).toFixed(10)));
  return { min, max, step, ticks };
}

/** Tick label text, Statista-style: each tick with its own decimals ("0", "2.5", "5", "7.5"). */
export function tickText(v: number, _axis: ValueAxis, spec: ChartSpec): string {
  return formatNumber(v, spec);
}

export const gridDash = (spec: ChartSpec) => (spec.grid === "solid" ? undefined : "4,4");
export const GRID = "#d9d9d9";
export const BASELINE = "#999999";

export const hasLegend = (spec: ChartSpec) => spec.legend ?? spec.series.length > 1;

/** Legend entries in one row: a circle swatch and the series name (14 px). `y` is the row's centre. */
export function legend(entries: { name: string; color: string }[], y: number, align: "center" | number, width: number): string {
  const size = 14;
  const widths = entries.map((e) => 18 + textWidth(e.name, size, true) + 24);
  const total = widths.reduce((a, b) => a + b, 0) - 24;
  let x = align === "center" ? (width - total) / 2 : align;
  let out = "";
  entries.forEach((e, i) => {
    out += `<circle cx="${r2(x + 6)}" cy="${r2(y)}" r="6" fill="${e.color}"/>`;
    out += text(e.name, x + 18, y, { size, anchor: "start", bold: true });
    x += widths[i];
  });
  return out;
}

/**
 * The page around a plot: white background, title, legend (top or bottom), source footer. Returns
 * the SVG parts and the box left for the plot including its tick and category labels.
 */
export function page(spec: ChartSpec): { width: number; height: number; svg: string; area: Box } {
  const width = spec.width ?? 800;
  const height = spec.height ?? 560;
  let svg = rect(0, 0, width, height, "#ffffff");
  const area: Box = { left: 16, top: 20, right: width - 24, bottom: height - 16 };
  if (spec.title) {
    svg += text(spec.title, width / 2, 30, { size: 18, bold: true, fill: "#222222" });
    area.top = 56;
  }
  if (spec.source) {
    svg += text(spec.source, width - 24, height - 18, { size: 12, anchor: "end", fill: MUTED });
    area.bottom = height - 36;
  }
  if (hasLegend(spec) && spec.kind !== "pie") {
    const entries = spec.series.map((s, i) => ({ name: s.name, color: colorOf(spec, i) }));
    if (spec.legendPosition === "top") {
      svg += legend(entries, area.top + 6, area.left + 40, width);
      area.top += 34;
    } else {
      svg += legend(entries, area.bottom - 10, "center", width);
      area.bottom -= 34;
    }
  }
  return { width, height, svg, area };
}

export function svgDoc(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}
