/**
 * Pie and donut charts for the test renderer: wedges clockwise from 12 o'clock with white separator
 * strokes, labelled inside ("Name" over "45%") or beside the wedge with a leader line ("Name: 45%").
 */
import { legend, line, page, PALETTE, svgDoc, text, type ChartSpec } from "./render-common.js";

const f = (v: number) => v.toFixed(2);

export function renderPie(spec: ChartSpec): string {
  const { width, height, svg: frame, area } = page(spec);
  const s = spec.series[0];
  const colours = spec.categories.map((_, i) => PALETTE[i % PALETTE.length]);
  const showLegend = spec.legend ?? false;
  const bottom = showLegend ? area.bottom - 34 : area.bottom;
  const outside = spec.pieLabels === "outside";
  const cx = width / 2;
  const cy = (area.top + bottom) / 2;
  const r = Math.min((bottom - area.top) / 2 - (outside ? 30 : 8), outside ? 170 : 200);
  const inner = spec.donut ? r * 0.55 : 0;
  const total = s.values.reduce((a, b) => a + b, 0);
  const pt = (angle: number, radius: number): [number, number] => [cx + radius * Math.sin(angle), cy - radius * Math.cos(angle)];
  let out = frame;
  let a0 = 0;
  const mids: number[] = [];
  s.values.forEach((v, i) => {
    const a1 = a0 + (v / total) * 2 * Math.PI;
    const [x0, y0] = pt(a0, r);
    const [x1, y1] = pt(a1, r);
    const large = a1 - a0 > Math.PI ? 1 : 0;
    out +=
      `<path d="M${f(cx)},${f(cy)} L${f(x0)},${f(y0)} A${f(r)},${f(r)} 0 ${large} 1 ${f(x1)},${f(y1)} Z"` +
      ` fill="${colours[i]}" stroke="#ffffff" stroke-width="2" stroke-linejoin="round"/>`;
    mids.push((a0 + a1) / 2);
    a0 = a1;
  });
  if (spec.donut) out += `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(inner)}" fill="#ffffff"/>`;
  const labelY = outside ? spreadLabels(mids.map((m) => pt(m, r + 16)[1]), mids.map((m) => Math.sin(m) >= 0), 20) : [];
  spec.categories.forEach((name, i) => {
    const pct = `${s.values[i]}%`;
    const mid = mids[i];
    if (outside) {
      const [lx0, ly0] = pt(mid, r + 2);
      const [lx1] = pt(mid, r + 16);
      const ly1 = labelY[i];
      const right = Math.sin(mid) >= 0;
      const lx2 = lx1 + (right ? 12 : -12);
      out += line(lx0, ly0, lx1, ly1, "#888888", 1) + line(lx1, ly1, lx2, ly1, "#888888", 1);
      out += text(`${name}: ${pct}`, lx2 + (right ? 5 : -5), ly1, { size: 14, anchor: right ? "start" : "end" });
    } else {
      const [tx, ty] = pt(mid, spec.donut ? (r + inner) / 2 : r * 0.62);
      out += text(name, tx, ty - 10, { size: 14, bold: true, fill: "#ffffff" });
      out += text(pct, tx, ty + 10, { size: 14, bold: true, fill: "#ffffff" });
    }
  });
  if (showLegend) {
    out += legend(
      spec.categories.map((name, i) => ({ name, color: colours[i] })),
      bottom + 20,
      "center",
      width,
    );
  }
  return svgDoc(width, height, out);
}

/**
 * Outside labels' heights, moved apart so that labels on the same side are at least `gap` px
 * apart (as charting libraries do for thin neighbouring wedges): pushed down in order, then the
 * whole run shifted back up by half of what it grew.
 */
function spreadLabels(ys: number[], right: boolean[], gap: number): number[] {
  const out = [...ys];
  for (const side of [true, false]) {
    const idx = ys.map((_, i) => i).filter((i) => right[i] === side).sort((a, b) => ys[a] - ys[b]);
    let grew = 0;
    for (let k = 1; k < idx.length; k++) {
      const need = out[idx[k - 1]] + gap;
      if (out[idx[k]] < need) {
        grew = Math.max(grew, need - out[idx[k]]);
        out[idx[k]] = need;
      }
    }
    for (const i of idx) out[i] -= grew / 2;
  }
  return out;
}
