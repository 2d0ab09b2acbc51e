import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { DEFAULT_BREAKDOWN, scoreFile, type ScoreSummary, type Tally } from "../../score/index.js";
import { EXIT_FAILED, EXIT_OK } from "../exit-codes.js";
import { say, writeLine } from "../io.js";

interface ScoreFlags {
  perItem?: string;
  by?: string;
}

function percent(a: number | null): string {
  return a === null ? "—" : `${(a * 100).toFixed(1)}%`;
}

function tallyText(t: Tally): string {
  return `${t.items} items, relaxed ${percent(t.relaxed.accuracy)}, lenient ${percent(t.lenient.accuracy)}`;
}

/** The human summary (stderr). */
export function summaryText(s: ScoreSummary): string {
  const out = [`catbox score: ${s.file === "-" ? "standard input" : s.file}: ${s.lines} lines → ${tallyText(s)}`];
  const extras = [`${s.bad} bad line(s)`, `${s.ungraded} without gold`, `${s.noAnswer} without an answer`];
  out.push(`  ${extras.join(", ")}`);
  const methods = Object.entries(s.methods).map(([m, n]) => `${m} ${n}`);
  if (methods.length > 0) out.push(`  answers: ${methods.join(", ")}`);
  if (s.reported) out.push(`  reported "correct" flags: ${s.reported.correct} of ${s.reported.items} (${percent(s.reported.accuracy)})`);
  for (const [field, values] of Object.entries(s.by)) {
    for (const [value, t] of Object.entries(values)) out.push(`  ${field}=${value}: ${tallyText(t)}`);
  }
  for (const b of s.badLines.slice(0, 5)) out.push(`  bad: ${b.message}`);
  if (s.bad > 5) out.push(`  … ${s.bad - 5} more bad line(s) (see "badLines" in the JSON${s.bad > s.badLines.length ? ", which lists the first " + s.badLines.length : ""})`);
  return out.join("\n");
}

/** `catbox score RESULTS_OR_PREDICTIONS.jsonl [--per-item OUT.jsonl] [--by FIELDS]`. */
export function registerScore(program: Command, setExit: (code: number) => void): void {
  program
    .command("score")
    .description("score answers against gold: ChartQA relaxed accuracy and lenient accuracy, with breakdowns; prints a JSON summary")
    .argument("<file>", 'JSONL (- for stdin): {"id","prediction","answer"} (raw text, gold), catbox results {"id","answer","gold"?}, or ChartBench records')
    .option("--per-item <out.jsonl>", "write one JSON line per item: id, answer, method, gold, relaxed, lenient")
    .option("--by <fields>", `comma-separated fields to break accuracy down by (default ${DEFAULT_BREAKDOWN.join(",")})`)
    .action(async (file: string, flags: ScoreFlags) => {
      let by: string[] | undefined;
      if (flags.by !== undefined) {
        by = flags.by.split(",").map((f) => f.trim()).filter((f) => f !== "");
        if (by.length === 0 && flags.by.trim() !== "") throw new UsageError(`--by takes comma-separated field names, got ${JSON.stringify(flags.by)}`);
      }
      if (flags.perItem !== undefined && flags.perItem === file) throw new UsageError("--per-item must not overwrite the input file");
      const summary = await scoreFile(file, { ...(flags.perItem !== undefined ? { perItem: flags.perItem } : {}), ...(by !== undefined ? { by } : {}) });
      say(summaryText(summary));
      await writeLine(JSON.stringify(summary));
      setExit(summary.items > 0 || (summary.reported?.items ?? 0) > 0 ? EXIT_OK : EXIT_FAILED);
    });
}
