import type { EvalResult } from "../types.js";
import { answerShown, settingsShown, type FailureDetail, type ReportModel } from "./model.js";
import { pct, type Breakdown } from "./stats.js";

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\r\n?/g, "\n").replace(/\n$/, "")}\n${f}`;
}

/** Table cell text: no pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  const t = cell(text);
  return t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function breakdownTable(b: Breakdown): string {
  const rows = b.buckets.map((x) => `| ${cell(x.key)} | ${x.n} | ${pct(x.relaxed, x.n)} | ${pct(x.lenient, x.n)} |`);
  return [`### ${b.title}`, "", "| group | n | relaxed | lenient |", "|---|---:|---:|---:|", ...rows].join("\n");
}

function failureBlock(n: number, r: EvalResult, d: FailureDetail | null): string {
  const facts = [
    `gold ${r.gold.map(code).join(" / ")}`,
    `answer ${code(answerShown(r))}`,
    ...(r.stated !== null && r.path === "code" ? [`stated ${code(r.stated)}${r.agree === false ? " (disagrees)" : ""}`] : []),
    `path ${r.path ?? "none"}${r.verified ? " (verified)" : ""}`,
    `resolution ${r.resolution ?? "—"}`,
    `${r.rounds} model call(s)`,
    ...(r.lenient ? ["lenient ✓"] : []),
    ...(r.split ? [`split ${r.split}`] : []),
  ];
  const out = [`### ${n}. ${code(r.id)} — ${cell(r.question)}`, "", facts.join(" · ")];
  if (r.error) out.push("", `**${r.error}**: ${cell(r.errorMessage ?? "")}`);
  if (d) {
    if (d.csv) out.push("", "Model's table:", "", fence(d.csv, "csv"));
    if (d.code) out.push("", "Model's code:", "", fence(d.code, "ts"));
    if (d.think) out.push("", "Model's reasoning:", "", fence(d.think));
    if (d.response) out.push("", "Model's response:", "", fence(d.response));
    if (d.logs.length > 0) out.push("", "Logs:", "", fence(d.logs.join("\n")));
    if (d.goldTable) out.push("", "Gold table:", "", fence(d.goldTable, "csv"));
  }
  return out.join("\n");
}

/** The report as Markdown. */
export function renderMarkdown(m: ReportModel): string {
  const o = m.overall;
  const lines = ["# catbox eval report", ""];
  for (const [k, v] of settingsShown(m.manifest)) lines.push(`- ${k}: ${code(v)}`);
  lines.push(
    "",
    "## Overall",
    "",
    "| measure | value |",
    "|---|---:|",
    `| items | ${o.n} |`,
    `| relaxed accuracy | ${pct(o.relaxed, o.n)} (${o.relaxed}) |`,
    `| lenient accuracy | ${pct(o.lenient, o.n)} (${o.lenient}) |`,
    `| verified by code | ${pct(o.verified, o.n)} (${o.verified}) |`,
    `| code path / visual path / no path | ${o.codePath} / ${o.visualPath} / ${o.n - o.codePath - o.visualPath} |`,
    `| computed = stated (code path) | ${pct(o.agree, o.agree + o.disagree)} (${o.agree} of ${o.agree + o.disagree}) |`,
    `| no answer | ${o.noAnswer} |`,
    `| with an error code | ${o.errors} |`,
    `| model calls | ${o.rounds} |`,
    `| time per item (mean / median / p95) | ${(o.msMean / 1000).toFixed(1)} s / ${(o.msMedian / 1000).toFixed(1)} s / ${(o.msP95 / 1000).toFixed(1)} s |`,
    "",
    "## Breakdowns",
    "",
  );
  for (const b of m.breakdowns) lines.push(breakdownTable(b), "");
  const shown = m.failures.length;
  lines.push(`## Failures (${shown + m.moreFailures}${m.moreFailures > 0 ? `, first ${shown} shown` : ""})`, "");
  if (shown === 0) lines.push("None: every answer is correct under relaxed accuracy.", "");
  m.failures.forEach(({ result, detail }, i) => lines.push(failureBlock(i + 1, result, detail), ""));
  return lines.join("\n");
}
