import type { EvalResult } from "../types.js";
import { answerShown, settingsShown, type FailureDetail, type ReportModel } from "./model.js";
import { pct, type Breakdown } from "./stats.js";

/**
 * Escape text for HTML. `://` is written `&#58;//` so that no URL in the data (a model server's
 * address, a link in a question) reads as a reference in the file: the report opens offline and
 * refers to nothing.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    .replace(/:\/\//g, "&#58;//");
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1.2rem;align-items:start}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.8rem}
.big{font-size:2rem;font-weight:600}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer}pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:28rem;font-size:.85rem}
code{background:#f6f8fa;padding:0 .25rem;border-radius:3px}.bad{color:#b42318}.ok{color:#067647}
.facts{margin:.4rem 0}.facts span{margin-right:1rem;white-space:nowrap}
`;

function breakdownHtml(b: Breakdown, svg: string | undefined): string {
  const rows = b.buckets
    .map((x) => `<tr><td>${escapeHtml(x.key)}</td><td class="num">${x.n}</td><td class="num">${pct(x.relaxed, x.n)}</td><td class="num">${pct(x.lenient, x.n)}</td></tr>`)
    .join("");
  return `<div class="card"><h3>${escapeHtml(b.title)}</h3>${svg ?? ""}<table><tr><th>group</th><th class="num">n</th><th class="num">relaxed</th><th class="num">lenient</th></tr>${rows}</table></div>`;
}

function pre(label: string, text: string): string {
  return `<p><b>${escapeHtml(label)}</b></p><pre>${escapeHtml(text)}</pre>`;
}

function failureHtml(n: number, r: EvalResult, d: FailureDetail | null): string {
  const fact = (k: string, v: string) => `<span>${escapeHtml(k)} <code>${escapeHtml(v)}</code></span>`;
  const facts = [
    fact("gold", r.gold.join(" / ")),
    fact("answer", answerShown(r)),
    ...(r.stated !== null && r.path === "code" ? [fact(r.agree === false ? "stated (disagrees)" : "stated", r.stated)] : []),
    fact("path", `${r.path ?? "none"}${r.verified ? " (verified)" : ""}`),
    fact("resolution", r.resolution ?? "—"),
    fact("model calls", String(r.rounds)),
    ...(r.lenient ? [fact("lenient", "✓")] : []),
    ...(r.split ? [fact("split", r.split)] : []),
  ].join("");
  const body = [`<div class="facts">${facts}</div>`];
  if (r.error) body.push(`<p class="bad"><b>${escapeHtml(r.error)}</b>: ${escapeHtml(r.errorMessage ?? "")}</p>`);
  if (d) {
    if (d.csv) body.push(pre("Model's table", d.csv));
    if (d.code) body.push(pre("Model's code", d.code));
    if (d.think) body.push(pre("Model's reasoning", d.think));
    if (d.response) body.push(pre("Model's response", d.response));
    if (d.logs.length > 0) body.push(pre("Logs", d.logs.join("\n")));
    if (d.goldTable) body.push(pre("Gold table", d.goldTable));
  }
  return `<details><summary>${n}. <code>${escapeHtml(r.id)}</code> ${escapeHtml(r.question)} <span class="bad">${escapeHtml(answerShown(r))}</span> vs <span class="ok">${escapeHtml(r.gold[0] ?? "")}</span></summary>${body.join("")}</details>`;
}

/** The report as one self-contained HTML page: inline CSS and SVG, no scripts, no external references. */
export function renderHtml(m: ReportModel, charts: ReadonlyMap<string, string>): string {
  const o = m.overall;
  const settings = settingsShown(m.manifest)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
    .join("");
  const measure = (k: string, v: string) => `<tr><th>${escapeHtml(k)}</th><td class="num">${escapeHtml(v)}</td></tr>`;
  const shown = m.failures.length;
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>catbox eval report</title><style>${STYLE}</style></head><body>`,
    "<h1>catbox eval report</h1>",
    settings ? `<table>${settings}</table>` : "",
    '<h2>Overall</h2><div class="grid"><div class="card">',
    `<div class="big">${pct(o.relaxed, o.n)}</div><div>relaxed accuracy on ${o.n} items (lenient ${pct(o.lenient, o.n)})</div></div>`,
    `<div class="card"><table>`,
    measure("verified by code", `${pct(o.verified, o.n)} (${o.verified})`),
    measure("code / visual / no path", `${o.codePath} / ${o.visualPath} / ${o.n - o.codePath - o.visualPath}`),
    measure("computed = stated (code path)", `${pct(o.agree, o.agree + o.disagree)} (${o.agree} of ${o.agree + o.disagree})`),
    measure("no answer", String(o.noAnswer)),
    measure("with an error code", String(o.errors)),
    measure("model calls", String(o.rounds)),
    measure("time per item (mean / median / p95)", `${(o.msMean / 1000).toFixed(1)} s / ${(o.msMedian / 1000).toFixed(1)} s / ${(o.msP95 / 1000).toFixed(1)} s`),
    "</table></div></div>",
    '<h2>Breakdowns</h2><div class="grid">',
    ...m.breakdowns.map((b) => breakdownHtml(b, charts.get(b.id))),
    "</div>",
    `<h2>Failures (${shown + m.moreFailures}${m.moreFailures > 0 ? `, first ${shown} shown` : ""})</h2>`,
    shown === 0 ? "<p>None: every answer is correct under relaxed accuracy.</p>" : "",
    ...m.failures.map(({ result, detail }, i) => failureHtml(i + 1, result, detail)),
    "</body></html>",
    "",
  ].join("\n");
}
