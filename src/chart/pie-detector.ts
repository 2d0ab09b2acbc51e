/**
 * Pie and donut charts: the disc and its wedges from the pixels, each wedge's name and printed
 * share from the text around it; printed percentages preferred, else the wedge's angle.
 */
import { findDisc, findWedges, type Disc, type Wedge } from "./pie-geometry.js";
import { angleOf, matchWedges, pieLabels, type PieLabel } from "./pie-labels.js";
import { hex } from "./raster.js";
import { spacedText } from "./text-boxes.js";
import type { ChartDetector, ChartInput, DetectorResult } from "./types.js";

/** Reads pie and donut charts (one row per wedge). */
export const pieDetector: ChartDetector = {
  name: "pie",
  detect: readPieChart,
};

/** Read a pie or donut chart: one row per labelled wedge, its name and value. */
export function readPieChart({ raster, ocr }: ChartInput): DetectorResult {
  const boxes = ocr.boxes.map((b) => ({ ...b, text: spacedText(raster, b) }));
  const disc = findDisc(raster);
  if (!disc) return { ok: false, reason: "no round disc of colour" };
  const wedges = findWedges(raster, disc);
  if (wedges.length < 2) return { ok: false, reason: `disc found but ${wedges.length} wedge(s)` };
  const labels = pieLabels(boxes, disc, raster.width, wedges);
  const matched = matchWedges(labels, wedges, disc);
  const rows: string[][] = [];
  const rowColours: string[] = [];
  let printed = 0;
  let agree = 0;
  let percents = 0;
  for (let i = 0; i < wedges.length; i++) {
    const w = wedges[i]!;
    const l = matched[i];
    // A wedge without a readable name gives no usable row.
    if (!l || !l.name) continue;
    const name = l.name;
    let value: string;
    if (l.number) {
      printed++;
      value = l.number.text;
      if (l.number.percent || looksLikeShares(matched)) {
        percents++;
        if (Math.abs(l.number.value - w.share * 100) <= 3) agree++;
      }
    } else {
      value = shareText(w.share);
    }
    rows.push([name, value]);
    rowColours.push(hex(w.colour));
  }
  // Labelled shares no wedge took: wedges too thin to trace (a "0.1%" sliver) still get their row.
  const taken = new Set(matched.flatMap((l) => l?.boxes ?? []));
  const shares = percents > 0 || looksLikeShares(labels);
  let slivers = 0;
  for (const l of labels) {
    if (!l.name || !l.number || !shares || l.number.value > 3 || l.boxes.some((b) => taken.has(b))) continue;
    if (Math.hypot(l.x - disc.cx, l.y - disc.cy) < disc.r) continue;
    rows.push([l.name, l.number.text]);
    rowColours.push(hex(nearestWedge(disc, wedges, l).colour));
    printed++;
    slivers++;
  }
  if (rows.length < 2) return { ok: false, reason: `disc with ${wedges.length} wedges but ${rows.length} labelled` };
  const labelled = Math.min(1, (rows.length - slivers) / wedges.length);
  const statistaLike = ocr.boxes.some((b) => /statista/i.test(b.text));
  const header = statistaLike && percents > 0 ? "Share of respondents" : "Value";
  const notes = [`${wedges.length} wedges${disc.inner > 0 ? " (donut)" : ""}, ${rows.length} labelled`];
  if (slivers > 0) notes.push(`${slivers} labelled shares too thin to see as wedges`);
  if (printed < rows.length) notes.push(`${rows.length - printed} values from wedge angles`);
  if (percents > 0) notes.push(`${agree} of ${percents} printed percentages match their wedge's angle`);
  const agreement = percents > 0 ? agree / percents : 0.5;
  const confidence = 0.15 + 0.35 * disc.roundness + 0.2 * labelled + 0.25 * agreement;
  return {
    ok: true,
    reading: {
      kind: "pie",
      columns: ["Characteristic", header],
      rows,
      confidence: Math.max(0, Math.min(0.95, confidence)),
      valueSource: printed === rows.length ? "labels" : printed === 0 ? "axis" : "mixed",
      colours: { series: [rowColours[0]!], rows: rowColours },
      notes,
    },
  };
}

/** The wedge whose span is nearest a label's angle. */
function nearestWedge(disc: Disc, wedges: readonly Wedge[], l: PieLabel): Wedge {
  const a = angleOf(disc, l.x, l.y);
  const off = (w: Wedge) => {
    const mid = (w.start + w.end) / 2;
    const d = Math.abs((((a - mid) % 360) + 540) % 360 - 180);
    return Math.max(0, d - (w.end - w.start) / 2);
  };
  return wedges.reduce((b, w) => (off(w) < off(b) ? w : b));
}

/** Printed plain numbers summing to about 100 are percentages without the sign. */
function looksLikeShares(labels: readonly (PieLabel | null)[]): boolean {
  const nums = labels.filter((l) => l?.number).map((l) => l!.number!.value);
  const sum = nums.reduce((a, b) => a + b, 0);
  return nums.length >= 2 && sum >= 90 && sum <= 110;
}

/** A wedge's share as a percentage: whole numbers, one decimal under 10%. */
function shareText(share: number): string {
  const p = share * 100;
  return p < 10 ? String(Math.round(p * 10) / 10) : String(Math.round(p));
}
