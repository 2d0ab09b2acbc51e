/**
 * Bar charts for the test renderer: single, grouped and stacked bars, vertical (`vbar*`) or
 * horizontal (`hbar*`), with value axis gridlines, tick labels, category labels and optional value labels.
 */
import {
  BASELINE,
  colorOf,
  GRID,
  gridDash,
  line,
  page,
  rect,
  svgDoc,
  text,
  textWidth,
  TICK_SIZE,
  tickText,
  valueAxis,
  valueText,
  type ChartSpec,
} from "./render-common.js";

const BAND_FILL = "#f5f5f5";

/** One drawn bar (or stack segment): its value, series, and extent along both axes. */
interface Bar {
  series: number;
  value: number;
  /** Along the category axis: start and end (x for vertical bars, y for horizontal ones). */
  c0: number;
  c1: number;
  /** Along the value axis: from the base to the bar's end, in pixels. */
  v0: number;
  v1: number;
}

/** Lay out the bars of `spec` along a category axis [c0, c1] with the value→pixel map `at`. */
function layout(spec: ChartSpec, c0: number, c1: number, at: (v: number) => number, base: number): Bar[] {
  const n = spec.categories.length;
  const k = spec.series.length;
  const band = (c1 - c0) / n;
  const stacked = spec.kind.endsWith("-stacked");
  const grouped = spec.kind.endsWith("-grouped");
  const bars: Bar[] = [];
  for (let i = 0; i < n; i++) {
    const mid = c0 + (i + 0.5) * band;
    if (grouped) {
      const gap = 3;
      const group = band * 0.8;
      const w = (group - gap * (k - 1)) / k;
      spec.series.forEach((s, j) => {
        const start = mid - group / 2 + j * (w + gap);
        bars.push({ series: j, value: s.values[i], c0: start, c1: start + w, v0: at(base), v1: at(s.values[i]) });
      });
    } else {
      const w = Math.min(band * 0.65, 90);
      let acc = base;
      spec.series.forEach((s, j) => {
        if (!stacked && j > 0) return;
        const from = acc;
        acc = stacked ? acc + s.values[i] : s.values[i];
        bars.push({ series: j, value: s.values[i], c0: mid - w / 2, c1: mid + w / 2, v0: at(from), v1: at(acc) });
      });
    }
  }
  return bars;
}

export function renderBars(spec: ChartSpec): string {
  return spec.kind.startsWith("h") ? renderHorizontal(spec) : renderVertical(spec);
}

function renderVertical(spec: ChartSpec): string {
  const { width, height, svg: frame, area } = page(spec);
  const axis = valueAxis(spec);
  const stacked = spec.kind.endsWith("-stacked");
  const tickW = Math.max(...axis.ticks.map((t) => textWidth(tickText(t, axis, spec), TICK_SIZE)));
  const left = area.left + (spec.axisTitle ? 30 : 0) + tickW + 12;
  const right = area.right;
  const top = area.top + 10;
  const bottom = area.bottom - 30;
  const y = (v: number) => bottom - ((v - axis.min) / (axis.max - axis.min)) * (bottom - top);
  let out = frame;
  const n = spec.categories.length;
  const band = (right - left) / n;
  if (spec.bands) for (let i = 1; i < n; i += 2) out += rect(left + i * band, top, band, bottom - top, BAND_FILL);
  for (const t of axis.ticks) {
    if (t !== axis.min && spec.grid !== "none") out += line(left, y(t), right, y(t), GRID, 1, gridDash(spec));
    out += text(tickText(t, axis, spec), left - 10, y(t), { size: TICK_SIZE, anchor: "end" });
  }
  if (spec.axisTitle) out += text(spec.axisTitle, area.left + 10, (top + bottom) / 2, { size: 12, rotate: -90 });
  const bars = layout(spec, left, right, y, axis.min);
  for (const b of bars) out += rect(b.c0, Math.min(b.v0, b.v1), b.c1 - b.c0, Math.abs(b.v1 - b.v0), colorOf(spec, b.series));
  out += line(left, y(axis.min), right, y(axis.min), BASELINE, 1);
  spec.categories.forEach((c, i) => {
    out += text(c, left + (i + 0.5) * band, bottom + 18, { size: 14 });
  });
  if (spec.valueLabels) {
    const size = spec.kind.endsWith("-grouped") ? 12 : 13;
    for (const b of bars) {
      const cx = (b.c0 + b.c1) / 2;
      const label = valueText(b.value, spec);
      if (stacked) {
        if (Math.abs(b.v1 - b.v0) >= 20) out += text(label, cx, (b.v0 + b.v1) / 2, { size, bold: true, fill: "#ffffff" });
      } else {
        out += text(label, cx, b.v1 - 12, { size, bold: true });
      }
    }
  }
  return svgDoc(width, height, out);
}

function renderHorizontal(spec: ChartSpec): string {
  const { width, height, svg: frame, area } = page(spec);
  const axis = valueAxis(spec);
  const stacked = spec.kind.endsWith("-stacked");
  const catW = Math.max(...spec.categories.map((c) => textWidth(c, 14)));
  const left = area.left + catW + 14;
  const lastTick = tickText(axis.ticks[axis.ticks.length - 1], axis, spec);
  const right = area.right - textWidth(lastTick, TICK_SIZE) / 2;
  const top = area.top + 4;
  const bottom = area.bottom - 28 - (spec.axisTitle ? 28 : 0);
  const x = (v: number) => left + ((v - axis.min) / (axis.max - axis.min)) * (right - left);
  let out = frame;
  const n = spec.categories.length;
  const band = (bottom - top) / n;
  if (spec.bands) for (let i = 1; i < n; i += 2) out += rect(left, top + i * band, right - left, band, BAND_FILL);
  for (const t of axis.ticks) {
    if (t !== axis.min && spec.grid !== "none") out += line(x(t), top, x(t), bottom, GRID, 1, gridDash(spec));
    out += text(tickText(t, axis, spec), x(t), bottom + 16, { size: TICK_SIZE });
  }
  if (spec.axisTitle) out += text(spec.axisTitle, (left + right) / 2, bottom + 44, { size: 13 });
  const bars = layout(spec, top, bottom, x, axis.min);
  for (const b of bars) out += rect(Math.min(b.v0, b.v1), b.c0, Math.abs(b.v1 - b.v0), b.c1 - b.c0, colorOf(spec, b.series));
  out += line(x(axis.min), top, x(axis.min), bottom, BASELINE, 1);
  spec.categories.forEach((c, i) => {
    out += text(c, left - 10, top + (i + 0.5) * band, { size: 14, anchor: "end" });
  });
  if (spec.valueLabels) {
    const size = spec.kind.endsWith("-grouped") ? 12 : 13;
    for (const b of bars) {
      const cy = (b.c0 + b.c1) / 2;
      const label = valueText(b.value, spec);
      if (stacked) {
        if (Math.abs(b.v1 - b.v0) >= textWidth(label, size, true) + 8) {
          out += text(label, (b.v0 + b.v1) / 2, cy, { size, bold: true, fill: "#ffffff" });
        }
      } else {
        out += text(label, b.v1 + 6, cy, { size, bold: true, anchor: "start" });
      }
    }
  }
  return svgDoc(width, height, out);
}
