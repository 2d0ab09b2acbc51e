import type { TopLevelSpec } from "vega-lite";
import type { Breakdown } from "./stats.js";

/** vega and vega-lite, loaded on first use (they are large; only reports need them). */
let renderer: Promise<{ vega: typeof import("vega"); compile: typeof import("vega-lite").compile }> | undefined;
function loadRenderer() {
  renderer ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vl]) => ({ vega, compile: vl.compile }));
  return renderer;
}

/**
 * Strip what an inline SVG in HTML does not need and a self-contained report must not have:
 * namespace URLs (inline SVG in HTML needs none) and any link.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/\s+xmlns(?::\w+)?="[^"]*"/g, "")
    .replace(/\s+(?:xlink:)?href="[^"]*"/g, "")
    .replace(/<a\b[^>]*>|<\/a>/g, "");
}

/** The vega-lite spec of a breakdown: grouped horizontal bars of relaxed and lenient accuracy. */
export function breakdownSpec(b: Breakdown): TopLevelSpec {
  const values = b.buckets.flatMap((x) => [
    { group: `${x.key} (n=${x.n})`, metric: "relaxed", accuracy: x.n === 0 ? 0 : (100 * x.relaxed) / x.n },
    { group: `${x.key} (n=${x.n})`, metric: "lenient", accuracy: x.n === 0 ? 0 : (100 * x.lenient) / x.n },
  ]);
  return {
    title: { text: b.title, anchor: "start", fontSize: 13 },
    width: 420,
    data: { values },
    mark: { type: "bar", tooltip: false },
    encoding: {
      y: { field: "group", type: "nominal", sort: null, title: null, axis: { labelLimit: 240 } },
      yOffset: { field: "metric", sort: ["relaxed", "lenient"] },
      x: { field: "accuracy", type: "quantitative", scale: { domain: [0, 100] }, title: "accuracy (%)" },
      color: { field: "metric", type: "nominal", sort: ["relaxed", "lenient"], scale: { range: ["#4c78a8", "#9ecae9"] }, legend: { orient: "bottom", title: null } },
    },
    config: { font: "sans-serif", view: { stroke: null } },
  } as TopLevelSpec;
}

/** Render a vega-lite spec to a static SVG string, headless (no canvas, no network, no scripts). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await loadRenderer();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return inlineSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** One inline SVG chart per breakdown. */
export async function breakdownCharts(list: Breakdown[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const b of list) out.set(b.id, await renderSvg(breakdownSpec(b)));
  return out;
}
