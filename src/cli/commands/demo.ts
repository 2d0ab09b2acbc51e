import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { runResponse } from "../../engine/run-response.js";
import type { RunOutput } from "../../engine/types.js";
import { packageRoot } from "../../paths.js";
import { answerToText } from "../../verify/answer-text.js";
import { EXIT_OK } from "../exit-codes.js";
import { writeLine } from "../io.js";
import { addSandboxFlags, sandboxFrom, type SandboxFlags } from "../options.js";

interface DemoFlags extends SandboxFlags {
  fixtures?: string;
  json?: boolean;
}

interface Meta {
  id: string;
  question: string;
  answer: string;
}

function cellText(v: unknown, width: number): string {
  const s = v === null || v === undefined ? "—" : typeof v === "string" ? v : answerToText(v as never);
  const flat = s.replace(/\s+/g, " ");
  return flat.length > width ? flat.slice(0, width - 1) + "…" : flat.padEnd(width);
}

/** `catbox demo`: run the engine over the fixture responses and print question / computed / stated / agree / gold. */
export function registerDemo(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command("demo")
    .description("run the engine over the ChartQA fixture responses and print a table of results")
    .option("--fixtures <dir>", "folder of <id>/{meta.json,response.txt} fixtures (default: fixtures/chartqa)")
    .option("--json", "print one JSON line per fixture instead of a table");
  addSandboxFlags(cmd, { seed: false }).action(async (flags: DemoFlags) => {
    const dir = flags.fixtures ?? join(packageRoot(), "fixtures", "chartqa");
    const ids = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    await using sandbox = sandboxFrom(flags);
    const rows = await Promise.all(
      ids.map(async (id) => {
        const meta = JSON.parse(await readFile(join(dir, id, "meta.json"), "utf8")) as Meta;
        const response = await readFile(join(dir, id, "response.txt"), "utf8");
        const { output } = await runResponse(response, { sandbox, gold: meta.answer });
        return { id, meta, output };
      }),
    );
    if (flags.json) {
      for (const r of rows) await writeLine(JSON.stringify({ id: r.id, question: r.meta.question, gold: r.meta.answer, ...r.output }));
    } else {
      await writeLine(renderTable(rows));
    }
    setExit(EXIT_OK);
  });
}

function renderTable(rows: { id: string; meta: Meta; output: RunOutput }[]): string {
  const head = `${"question".padEnd(52)} ${"path".padEnd(6)} ${"computed".padEnd(16)} ${"stated".padEnd(16)} ${"agree".padEnd(5)} ${"gold".padEnd(16)} correct`;
  const lines = [head, "-".repeat(head.length)];
  let correct = 0;
  let agree = 0;
  let verified = 0;
  for (const { meta, output } of rows) {
    if (output.correct) correct++;
    if (output.agree) agree++;
    if (output.verified) verified++;
    const computed = output.error ? output.error.code : output.computed;
    lines.push(
      [
        cellText(meta.question, 52),
        cellText(output.path, 6),
        cellText(computed, 16),
        cellText(output.stated, 16),
        cellText(output.agree === null ? "—" : output.agree ? "yes" : "NO", 5),
        cellText(meta.answer, 16),
        output.correct ? "✓" : "✗",
      ].join(" "),
    );
  }
  lines.push("-".repeat(head.length));
  lines.push(`${rows.length} responses: ${verified} verified by code, ${agree} computed = stated, ${correct} correct against gold (ChartQA relaxed accuracy ${((100 * correct) / Math.max(1, rows.length)).toFixed(1)}%)`);
  return lines.join("\n");
}
