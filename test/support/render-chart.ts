/**
 * A deterministic SVG chart renderer for tests: charts with known data drawn the way published
 * charts (Statista, OWID, Pew) draw them — white page, light grey gridlines, tick labels, category
 * labels, optional value labels, legend, value-axis title, title and source line — rasterised to
 * PNG with sharp (librsvg, DejaVu Sans).
 *
 *   renderChart(spec)      → SVG text
 *   renderChartPng(spec)   → PNG bytes
 *   valueAxis(spec)        → the value axis drawn (min, max, step, ticks), for value tolerances
 *   renderTextPage(lines)  → a non-chart page of text, as PNG bytes
 */
import sharp from "sharp";
import { renderBars } from "./render-bars.js";
import { esc, FONT, svgDoc, TEXT, type ChartSpec } from "./render-common.js";
import { renderLine } from "./render-line.js";
import { renderPie } from "./render-pie.js";

export { formatNumber, PALETTE, valueAxis, valueText, type ChartSpec, type SeriesSpec, type ValueAxis } from "./render-common.js";

/** The chart as an SVG document. Throws on a spec whose series do not match its categories. */
export function renderChart(spec: ChartSpec): string {
  if (spec.series.length === 0) throw new Error("a chart needs at least one series");
  for (const s of spec.series) {
    if (s.values.length !== spec.categories.length) {
      throw new Error(`series "${s.name}" has ${s.values.length} values for ${spec.categories.length} categories`);
    }
  }
  if (spec.kind === "pie") return renderPie(spec);
  if (spec.kind === "line") return renderLine(spec);
  return renderBars(spec);
}

/** SVG text → PNG bytes (RGB, white background). */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const buf = await sharp(Buffer.from(svg)).flatten({ background: "#ffffff" }).png().toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The chart rasterised as PNG. */
export function renderChartPng(spec: ChartSpec): Promise<Uint8Array> {
  return svgToPng(renderChart(spec));
}

/** A page with a heading and paragraph lines of text and nothing else (not a chart), as PNG. */
export function renderTextPage(heading: string, lines: string[], width = 800, height = 560): Promise<Uint8Array> {
  let body = `<rect width="${width}" height="${height}" fill="#ffffff"/>`;
  body += `<text x="40" y="60" font-family="${FONT}" font-size="22" font-weight="bold" fill="${TEXT}">${esc(heading)}</text>`;
  lines.forEach((l, i) => {
    body += `<text x="40" y="${110 + i * 26}" font-family="${FONT}" font-size="16" fill="${TEXT}">${esc(l)}</text>`;
  });
  return svgToPng(svgDoc(width, height, body));
}

/** Deterministic coloured noise (no shapes, no text), as PNG. */
export async function renderNoisePng(width = 400, height = 300, seed = 1): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    data[i] = s & 255;
  }
  const buf = await sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
