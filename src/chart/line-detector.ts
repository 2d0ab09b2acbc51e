/**
 * Line charts: category labels along the bottom, a value axis fitted to its tick labels (or, with
 * no axis, to the printed value labels), thin coloured traces sampled at each category, printed
 * value labels preferred where they sit next to a point.
 */
import { fitAxis, valueAt } from "./axis-scale.js";
import { findAxisTitle, findCategoryRow, findValueAxis } from "./line-axes.js";
import { matchLabels, seriesNames, valueLabels, type MatchedLabel } from "./line-labels.js";
import { colourDistance, hex, pixel } from "./raster.js";
import { snapToGridlines } from "./line-grid.js";
import { findTraces, type PlotRect, type Trace } from "./line-traces.js";
import { cx, cy, spacedText, textMask } from "./text-boxes.js";
import type { AxisScale, ChartDetector, ChartInput, DetectorResult, OcrBox } from "./types.js";
import { formatValue, readLabelNumber } from "./value-text.js";

// Footers and page furniture that are never series names.
const BOILERPLATE = /statista|show source|additional information|^source|^note|pew research|our ?world ?in ?data|©|cc by/i;

/** Reads line charts (one or more series over ordered categories). */
export const lineDetector: ChartDetector = {
  name: "line",
  detect: readLineChart,
};

/** Read a line chart: one row per category label, one column per traced line. */
export function readLineChart({ raster, ocr }: ChartInput): DetectorResult {
  const boxes = ocr.boxes.map((b) => ({ ...b, text: spacedText(raster, b) }));
  const row = findCategoryRow(boxes, raster.width, raster.height);
  if (!row) return { ok: false, reason: "no row of category labels along the bottom" };
  const xs = row.categories.map((c) => c.x);
  const step = (xs[xs.length - 1]! - xs[0]!) / Math.max(1, xs.length - 1);
  const catBoxes = new Set(row.categories.map((c) => c.box));
  const found0 = findValueAxis(boxes, row.top, catBoxes);
  const plot = plotRect(boxes, raster.width, raster.height, row.top, xs, step, found0);
  const mask = textMask(raster, boxes, 1);
  const axis = found0 ? snapToGridlines(raster, mask, plot, found0) : null;
  const { traces: all, thickPixels } = findTraces(raster, mask, plot, xs);
  const found = axis ? all.filter((t) => !isFrameRule(t, axis.ticks)) : all;
  if (found.length === 0) return { ok: false, reason: "no thin coloured line in the plot" };
  const traces = found.sort((a, b) => firstY(a) - firstY(b));
  const tickBoxes = new Set(axis?.ticks ?? []);
  const inPlot = boxes.filter(
    (b) => !catBoxes.has(b) && !tickBoxes.has(b) && cx(b) >= plot.left - step * 0.5 && cx(b) <= plot.right + step * 0.5 && cy(b) >= plot.top - 20 && cy(b) <= plot.bottom,
  );
  let matched = matchLabels(valueLabels(raster, inPlot), traces, xs);
  const notes: string[] = [];
  let scale: AxisScale | null = axis?.scale ?? null;
  if (scale && axis) {
    const range = Math.max(1e-9, axis.max - axis.min);
    matched = matched.filter((m) => Math.abs(valueAt(scale!, traces[m.series]!.ys[m.cat]!) - m.label.n.value) <= range * 0.12);
  } else if (matched.length >= 3) {
    scale = fitAxis(matched.map((m) => ({ pos: traces[m.series]!.ys[m.cat]!, value: m.label.n.value })));
    if (scale && scale.slope < 0) notes.push(`no value axis; scale fitted to ${scale.ticks} printed value labels`);
    else scale = null;
  }
  if (!scale && matched.length === 0) return { ok: false, reason: "line found but neither an axis scale nor value labels" };
  const byPoint = new Map<string, MatchedLabel>(matched.map((m) => [`${m.series}:${m.cat}`, m]));
  const valueStep = axis ? (axis.max - axis.min) / 50 : scale ? Math.abs(scale.slope) * 2 : 1;
  let fromLabels = 0;
  let fromAxis = 0;
  const rows = row.categories.map((c, i) => [
    c.label,
    ...traces.map((t, s) => {
      const m = byPoint.get(`${s}:${i}`);
      if (m) {
        fromLabels++;
        return m.label.n.text;
      }
      const y = t.ys[i];
      if (y == null || !scale) return "";
      fromAxis++;
      return formatValue(valueAt(scale, y), valueStep);
    }),
  ]);
  const words = boxes.filter(
    (b) =>
      !catBoxes.has(b) &&
      !tickBoxes.has(b) &&
      readLabelNumber(b.text) === null &&
      /[a-z]{2}/i.test(b.text) &&
      !BOILERPLATE.test(b.text) &&
      b.box.width < raster.width * 0.45,
  );
  const names = seriesNames(raster, words, traces, xs);
  const title = findAxisTitle(boxes, plot.left);
  const columns = [
    "Characteristic",
    ...traces.map((_, s) => (traces.length === 1 ? (names[s] && !title ? names[s]! : (title ?? "Value")) : (names[s] ?? `Series ${s + 1}`))),
  ];
  const points = traces.length * xs.length;
  if (matched.length > 0) notes.push(`${fromLabels} of ${points} values from printed labels`);
  if (fromAxis > 0) notes.push(`${fromAxis} values read from the ${axis ? "axis" : "label-fitted"} scale`);
  if (names.some((n) => n === null) && traces.length > 1) notes.push("some series had no legend or end label");
  const coverage = traces.reduce((s, t) => s + t.coverage * t.pixels, 0) / traces.reduce((s, t) => s + t.pixels, 0);
  const traced = traces.reduce((s, t) => s + t.pixels, 0);
  const filled = (fromLabels + fromAxis) / points;
  const evidence = axis ? Math.max(0, 1 - axis.scale.residual * 20) : Math.min(1, matched.length / Math.max(3, xs.length));
  let confidence = 0.2 + 0.3 * Math.min(1, coverage / 0.7) + 0.2 * evidence + 0.1 * row.timeLike + 0.15 * filled;
  // Most coloured ink in thick patches: bars or areas, with at most a thin line among them.
  if (thickPixels > traced * 1.5) confidence *= 0.5;
  // Numbers printed on fills of a trace's colour: labels inside bars, not beside line points.
  const nums = inPlot.filter((b) => readLabelNumber(b.text) !== null);
  const embedded = nums.filter((b) => traces.some((t) => surroundedBy(raster, b, t.colour))).length;
  if (embedded >= 3 && embedded >= nums.length * 0.25) {
    confidence *= 0.3;
    notes.push("value labels sit on fills of the traces' colours: probably bars");
  }
  if (xs.length < 3) confidence *= 0.6;
  return {
    ok: true,
    reading: {
      kind: "line",
      columns,
      rows,
      confidence: Math.max(0, Math.min(0.95, confidence)),
      valueSource: fromLabels === 0 ? "axis" : fromAxis === 0 ? "labels" : "mixed",
      ...(scale ? { scale } : {}),
      colours: { series: traces.map((t) => hex(t.colour)) },
      notes: [`${traces.length} line${traces.length > 1 ? "s" : ""} over ${xs.length} categories`, ...notes],
    },
  };
}

/** Whether most pixels just outside a box are of colour `c`. */
function surroundedBy(r: ChartInput["raster"], b: OcrBox, c: number): boolean {
  let n = 0;
  let hit = 0;
  const x0 = b.box.x - 2;
  const x1 = b.box.x + b.box.width + 2;
  const y0 = b.box.y - 2;
  const y1 = b.box.y + b.box.height + 2;
  for (let x = x0; x <= x1; x += 2) {
    for (const y of [y0, y1]) {
      n++;
      if (colourDistance(pixel(r, x, y), c) < 48) hit++;
    }
  }
  for (let y = y0; y <= y1; y += 2) {
    for (const x of [x0, x1]) {
      n++;
      if (colourDistance(pixel(r, x, y), c) < 48) hit++;
    }
  }
  return hit >= n * 0.6;
}

/**
 * A perfectly level coloured line outside the labelled tick range is the plot's frame (OECD draws a
 * coloured rule along the top), not a series.
 */
function isFrameRule(t: Trace, ticks: readonly OcrBox[]): boolean {
  const ys = t.ys.filter((y): y is number => y != null);
  if (ys.length < 2 || Math.max(...ys) - Math.min(...ys) > 1) return false;
  const tickYs = ticks.map((b) => cy(b));
  return ys[0]! < Math.min(...tickYs) - 4 || ys[0]! > Math.max(...tickYs) + 4;
}

function firstY(t: Trace): number {
  return t.ys.find((y) => y != null) ?? t.first.y;
}

/** The plot rectangle: between the value axis (or the outer categories) and the category row. */
function plotRect(
  boxes: readonly OcrBox[],
  width: number,
  height: number,
  rowTop: number,
  xs: readonly number[],
  step: number,
  axis: ReturnType<typeof findValueAxis>,
): PlotRect {
  let left = Math.max(0, Math.floor(xs[0]! - step * 0.6));
  let right = Math.min(width, Math.ceil(xs[xs.length - 1]! + step * 0.6));
  if (axis?.side === "left") left = Math.max(left, Math.ceil(axis.edge + 3));
  if (axis?.side === "right") right = Math.min(right, Math.floor(axis.edge - 3));
  // Below the title and subtitle: wide text in the upper part of the chart.
  const heads = boxes.filter((b) => b.box.width > width * 0.3 && cy(b) < rowTop * 0.5);
  const belowHeads = heads.length > 0 ? Math.max(...heads.map((b) => b.box.y + b.box.height)) + 2 : 0;
  let top = belowHeads;
  if (axis) {
    // Lines may rise above the top tick (up to about one tick step), but not into the title.
    const ys = axis.ticks.map((b) => cy(b)).sort((a, b) => a - b);
    const tickStep = ys.length > 1 ? (ys[ys.length - 1]! - ys[0]!) / (ys.length - 1) : 0;
    const topTick = Math.min(...axis.ticks.map((b) => b.box.y)) - 6;
    // Nor into the header band's text (a logo's rule sits right under its text); series labels
    // lower down may sit above the top tick.
    const header = boxes.filter((b) => cy(b) < height * 0.12 && b.box.y + b.box.height < topTick && !axis.ticks.includes(b));
    const above = header.map((b) => b.box.y + b.box.height + 6);
    top = Math.min(topTick, Math.max(belowHeads, topTick - tickStep, ...above));
  }
  return { left, right, top: Math.max(0, Math.floor(top)), bottom: Math.min(height, Math.floor(rowTop - 2)) };
}
