/**
 * The bar chart reader: vertical or horizontal bars, one series, grouped or stacked. Bars are
 * solid same-coloured rectangles standing on a shared baseline; colours are series; values come
 * from printed value labels, else from the value axis fitted to its tick labels.
 */
import { clusterSeries, groupCategories, layoutBars, type BarLayout, type Segment } from "./bar-layout.js";
import { namesOverFirstBars, readLegend } from "./bar-legend.js";
import { findMarks, joinFragments, markMaps, solidRects } from "./bar-marks.js";
import { isVertical, readCategoryLabels, splitAcrossBaseline, slotsWithOwnLabel, valueAxisTitle, type Category } from "./bar-text.js";
import { chartTitle, leadingLargerWords, tidyRotatedText, titleContinuation } from "./bar-titles.js";
import { axisValue, checkLabel, dropStackTotals, fitValueAxis, formatValue, labelAgrees, matchValueLabels, zeroBarSlots } from "./bar-values.js";
import { chroma, hex, lightness } from "./raster.js";
import type { ChartDetector, ChartInput, ChartKind, ChartReading, DetectorResult, OcrBox } from "./types.js";

/** Reads bar charts (all six bar kinds). */
export const barDetector: ChartDetector = {
  name: "bar",
  detect: detectBars,
};

function plotBounds(layout: BarLayout): { x0: number; y0: number; x1: number; y1: number } {
  const ms = layout.slots.flatMap((s) => s.segments.map((g) => g.mark));
  return {
    x0: Math.min(...ms.map((m) => m.x0)),
    y0: Math.min(...ms.map((m) => m.y0)),
    x1: Math.max(...ms.map((m) => m.x1)),
    y1: Math.max(...ms.map((m) => m.y1)),
  };
}

/**
 * Why the "bars" are rather line-chart fragments, markers or swatches, if they are: every stack
 * short against the image, bars blank white, or few and pixel-thin.
 */
function notBars(layout: BarLayout, extent: number): string | null {
  const stacks = layout.slots.map((sl) => sl.segments.reduce((a, s) => a + s.v1 - s.v0 + 1, 0));
  if (Math.max(...stacks) < Math.max(12, extent * 0.08)) return "marks too short to be bars (markers or swatches)";
  const segs = layout.slots.flatMap((sl) => sl.segments);
  if (segs.every((s) => lightness(s.mark.colour) >= 240 && chroma(s.mark.colour) <= 16)) return "only blank white rectangles";
  const thick = layout.slots.map((sl) => sl.c1 - sl.c0 + 1).sort((a, b) => a - b)[Math.floor(layout.slots.length / 2)]!;
  const real = stacks.filter((n) => n > 3).length;
  if (real < 2) return "fewer than two bars of visible length";
  if (thick < 6 && layout.slots.length < 6) return "few pixel-thin marks (line fragments)";
  return null;
}

function detectBars(input: ChartInput): DetectorResult {
  const { raster, ocr } = input;
  const maps = markMaps(raster, ocr.boxes);
  const marks = joinFragments(findMarks(raster, maps), maps, raster.width);
  const imageArea = raster.width * raster.height;
  const rects = solidRects(marks).filter((m) => m.n >= 8 && m.n < imageArea * 0.4);
  const layout = layoutBars(rects);
  if (!layout || layout.slots.length === 0) return { ok: false, reason: "no bars standing on a common baseline" };
  if (layout.slots.length < 2) return { ok: false, reason: "only one bar position found" };
  const o = layout.orientation;
  const { slots } = layout;
  const notes: string[] = [];
  const boxes: OcrBox[] = splitAcrossBaseline(ocr.boxes, layout);

  let colours = clusterSeries(slots);
  const sameSide = (sl: (typeof slots)[number]) => sl.segments.filter((s) => s.side === sl.segments[0]!.side).length;
  const stackedSlots = slots.filter((sl) => sl.segments.length > 1).length;
  const stacked = stackedSlots >= Math.max(1, slots.length * 0.3) || slots.some((sl) => sameSide(sl) > 2);
  let groups = groupCategories(slots, colours.length, stacked);
  const layoutPlot = plotBounds(layout);
  if (!stacked && groups.some((g) => g.length > 1)) {
    // Most bars carrying a category label of their own: one series in several colours (OWID shades).
    const own = slotsWithOwnLabel(slots, ocr.boxes, new Set(), o, o === "v" ? layoutPlot.y1 + 1 : layoutPlot.x0);
    if (own >= slots.length * 0.7) groups = slots.map((s) => [s]);
  }
  const grouped = !stacked && groups.some((g) => g.length > 1);
  const seriesColours = colours;
  if (!stacked && !grouped && colours.length > 1) {
    // Bars in several colours but one per category: a single series (highlighted or per-bar colours).
    for (const sl of slots) for (const s of sl.segments) s.series = 0;
    colours = [colours[0]!];
    notes.push("bars differ in colour but form one series");
  }
  if (!stacked && !grouped) {
    // Value labels on the baseline where no bar shows: zero or near-zero bars.
    const zero = zeroBarSlots(layout, ocr.boxes);
    if (zero.length) {
      slots.push(...zero);
      slots.sort((a, b) => a.c0 - b.c0);
      groups = slots.map((sl) => [sl]);
      notes.push(`${zero.length} bar(s) too short to see, placed at their value labels`);
    }
  }
  const seriesCount = colours.length;
  const segments: Segment[] = slots.flatMap((sl) => sl.segments);
  if (segments.length < 2) return { ok: false, reason: "fewer than two bars found" };
  const implausible = notBars(layout, o === "v" ? raster.height : raster.width);
  if (implausible) return { ok: false, reason: implausible };
  const used = new Set<OcrBox>();

  const labels = matchValueLabels(slots, boxes, used, o);
  let names: string[] = [];
  if (seriesCount > 1) {
    const legendMarks = marks.filter((m) => !segments.some((s) => s.mark === m));
    names = readLegend(colours, legendMarks, boxes, used).map((b) => b?.text ?? "");
    if (names.every((n) => !n) && o === "h") {
      names = namesOverFirstBars(slots, seriesCount, boxes, used, o);
      if (names.some(Boolean)) notes.push("series names read over the first bars");
    }
  }
  const plot = layoutPlot;
  const cats: Category[] = groups.map((g) => ({
    slots: g,
    c0: Math.min(...g.map((s) => s.c0)),
    c1: Math.max(...g.map((s) => s.c1)),
    label: "",
  }));
  const labelEdge = o === "v" ? plot.y1 + 1 : plot.x0;
  readCategoryLabels(cats, boxes, used, o, labelEdge);
  const axis = fitValueAxis(boxes, used, o, plot);
  if (axis) for (const b of axis.boxes) used.add(b);
  const totals = stacked ? dropStackTotals(slots, labels, o, axis?.scale) : 0;
  if (totals) notes.push(`${totals} stack total(s) printed beyond the bars left out`);
  let title: string | undefined;
  if (seriesCount === 1 && boxes.some((b) => /our ?world|in data/i.test(b.text))) {
    // Our World in Data names its single series after the chart title (wrapped over lines).
    const t = chartTitle(boxes, raster.height);
    title = t ? `${t.text} ${titleContinuation(boxes, t)}`.trim() : undefined;
    if (title) notes.push("series named after the chart title");
  }
  const pew = boxes.some((b) => /pew ?research/i.test(b.text));
  if (seriesCount === 1 && !title && !(pew && o === "h")) {
    // (Under Pew's horizontal bars sit notes, not an axis title.)
    const t = valueAxisTitle(boxes, used, o, plot, axis?.boxes);
    title = t && isVertical(t) ? tidyRotatedText(t.text) : t?.text;
  }
  if (seriesCount === 1 && !title && !pew) {
    // No axis title: charts without one (OECD, OWID) name the series in their title. Pew's are "Value".
    // OECD titles lead with the indicator in a larger font, then its subject and unit.
    const t = chartTitle(boxes, raster.height);
    title = t ? (leadingLargerWords(raster, t) ?? t.text) : undefined;
    if (title) notes.push("series named after the chart title");
  }

  // Values: printed labels first, the axis otherwise. Labels are checked against a well-fitted
  // axis once most of them agree with it (so the axis itself is trusted).
  let fromLabels = 0;
  let fromAxis = 0;
  let overruled = 0;
  const reread: string[] = [];
  const labelled = [...labels.entries()];
  // Tolerances scale with the values shown: the tick span, or the bars' span when they reach past the ticks.
  const span = axis ? Math.max(axis.range, ...segments.map((s) => Math.abs(axisValue(s, axis.scale, o, stacked)))) : 0;
  const agreeing = axis ? labelled.filter(([s, lab]) => labelAgrees(lab.num, axisValue(s, axis.scale, o, stacked), span, lab.box.text)).length : 0;
  const checkAxis = axis && axis.scale.residual < 0.02 && agreeing >= Math.max(2, labelled.length * 0.6) ? { ...axis, range: span } : null;
  const rows: string[][] = cats.map((cat, i) => {
    const row = [cat.label || `Category ${i + 1}`, ...colours.map(() => "")];
    for (const sl of cat.slots) {
      for (const s of sl.segments) {
        if (row[s.series + 1] !== "") continue;
        const lab = labels.get(s);
        if (lab && checkAxis) {
          const c = checkLabel(lab.num, axisValue(s, checkAxis.scale, o, stacked), checkAxis, lab.box.text);
          row[s.series + 1] = c.text;
          if (c.source === "axis") {
            fromAxis++;
            overruled++;
          } else {
            fromLabels++;
          }
          if (c.source === "alternative") reread.push(`"${lab.box.text}" as ${c.text}`);
        } else if (lab) {
          row[s.series + 1] = lab.num.text;
          fromLabels++;
        } else if (axis) {
          row[s.series + 1] = formatValue(axisValue(s, axis.scale, o, stacked), axis.step).replace(/^-0$/, "0");
          fromAxis++;
        }
      }
    }
    return row;
  });
  const columns = [
    "Characteristic",
    ...colours.map((_, k) => (seriesCount === 1 ? (title ?? "Value") : names[k] || `Series ${k + 1}`)),
  ];

  const kind: ChartKind = `${o}bar${stacked ? "-stacked" : grouped ? "-grouped" : ""}` as ChartKind;
  const n = segments.length;
  const named = cats.filter((c) => c.label).length;
  const axisQuality = axis ? Math.max(0, 1 - axis.scale.residual * 10) : 0;
  const valueQuality = (fromLabels + fromAxis * axisQuality) / n;
  const catShare = named / cats.length;
  const structure = Math.min(1, n / 3) * (seriesCount > 1 ? (names.filter(Boolean).length + 1) / (seriesCount + 1) : 1);
  const confidence = Math.max(0, Math.min(1, 0.45 * valueQuality + 0.3 * catShare + 0.25 * structure - 0.2 * (overruled / n)));

  notes.push(`${n} bar${n === 1 ? "" : "s"} in ${cats.length} categor${cats.length === 1 ? "y" : "ies"}, ${seriesCount} series`);
  if (fromLabels && fromAxis) notes.push(`${fromAxis} bar(s) without a value label read from the axis`);
  if (!fromLabels && axis) notes.push(`values read from the axis (${axis.scale.ticks} ticks)`);
  if (reread.length) notes.push(`label(s) re-read to agree with the axis: ${reread.join(", ")}`);
  if (overruled) notes.push(`${overruled} value label(s) disagreeing with the axis replaced by the axis reading`);
  if (n - fromLabels - fromAxis > 0) notes.push(`${n - fromLabels - fromAxis} bar(s) without a value`);
  if (named < cats.length) notes.push(`${cats.length - named} categor${cats.length - named === 1 ? "y" : "ies"} without a label`);
  if (seriesCount > 1 && names.some((x) => !x)) notes.push("some series names not found in a legend");

  const reading: ChartReading = {
    kind,
    columns,
    rows,
    confidence,
    valueSource: fromAxis === 0 ? "labels" : fromLabels === 0 ? "axis" : "mixed",
    ...(axis ? { scale: axis.scale } : {}),
    colours: {
      series: colours.map(hex),
      // One series drawn in several colours: each category's own colour.
      ...(seriesColours.length > 1 && seriesCount === 1 ? { rows: cats.map((c) => hex(c.slots[0]?.segments[0]?.mark.colour ?? colours[0]!)) } : {}),
    },
    notes,
    // Vertical bars' missing category labels sit under the baseline (slanted ones reach well below it).
    ...(o === "v" && named < cats.length ? { unlabelled: { top: Math.round(plot.y1 + 1), bottom: Math.round(Math.min(raster.height, plot.y1 + Math.max(30, raster.height * 0.13))) } } : {}),
  };
  return { ok: true, reading };
}
