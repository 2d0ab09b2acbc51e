/**
 * Line charts for the test renderer: one or more series over evenly spaced categories (points at
 * the category bands' centres), horizontal gridlines, optional point markers and value labels.
 */
import { colorOf, GRID, gridDash, line, page, rect, svgDoc, text, textWidth, TICK_SIZE, tickText, valueAxis, valueText, type ChartSpec } from "./render-common.js";

export function renderLine(spec: ChartSpec): string {
  const { width, height, svg: frame, area } = page(spec);
  const axis = valueAxis(spec);
  const tickW = Math.max(...axis.ticks.map((t) => textWidth(tickText(t, axis, spec), TICK_SIZE)));
  const left = area.left + (spec.axisTitle ? 30 : 0) + tickW + 12;
  const right = area.right;
  const top = area.top + 10;
  const bottom = area.bottom - 30;
  const n = spec.categories.length;
  const band = (right - left) / n;
  const px = (i: number) => left + (i + 0.5) * band;
  const py = (v: number) => bottom - ((v - axis.min) / (axis.max - axis.min)) * (bottom - top);
  let out = frame;
  if (spec.bands) for (let i = 1; i < n; i += 2) out += rect(left + i * band, top, band, bottom - top, "#f5f5f5");
  for (const t of axis.ticks) {
    if (spec.grid !== "none") out += line(left, py(t), right, py(t), GRID, 1, t === axis.min ? undefined : gridDash(spec));
    out += text(tickText(t, axis, spec), left - 10, py(t), { size: TICK_SIZE, anchor: "end" });
  }
  if (spec.axisTitle) out += text(spec.axisTitle, area.left + 10, (top + bottom) / 2, { size: 12, rotate: -90 });
  spec.categories.forEach((c, i) => {
    out += text(c, px(i), bottom + 18, { size: 14 });
  });
  const strokeWidth = spec.strokeWidth ?? 3;
  spec.series.forEach((s, j) => {
    const colour = colorOf(spec, j);
    const points = s.values.map((v, i) => `${px(i).toFixed(2)},${py(v).toFixed(2)}`).join(" ");
    out += `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="${strokeWidth}" stroke-linejoin="round" stroke-linecap="round"/>`;
    if (spec.markers ?? true) {
      s.values.forEach((v, i) => {
        out += `<circle cx="${px(i).toFixed(2)}" cy="${py(v).toFixed(2)}" r="4.5" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`;
      });
    }
  });
  if (spec.valueLabels) {
    spec.series.forEach((s) => {
      s.values.forEach((v, i) => {
        out += text(valueText(v, spec), px(i), py(v) - 20, { size: 13, bold: true });
      });
    });
  }
  return svgDoc(width, height, out);
}
