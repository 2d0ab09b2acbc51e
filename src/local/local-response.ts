import type { ChartExtraction, ReadChartOptions } from "../chart/index.js";
import { readChartLocally } from "./read-local-chart.js";
import { compileQuestion, type QuestionShape } from "../compile/index.js";
import { runResponse } from "../engine/run-response.js";
import type { SandboxRunner } from "../sandbox/types.js";
import { parseCsv } from "../table/index.js";
import { answerToText } from "../verify/answer-text.js";
import type { LocalModels } from "./local-models.js";
import { resolveVisual } from "./visual-references.js";
import type { ChartReading } from "../chart/types.js";
import type { Table } from "../table/types.js";

/** Shapes of questions about the marks' looks, answered from what the reader saw. */
export type VisualShape = "colour" | "colour-meaning" | "colour-count";

type LocalCompile =
  | { ok: true; code: string; shape: QuestionShape | VisualShape; matched: { columns: string[]; labels: string[] }; visual: string[] }
  | { ok: false; reason: string };

/**
 * Compile the question; when it refers to how the chart looks (a colour, a position), resolve that
 * with the reading's colours and order first. The compiler's own reason is kept when both fail.
 */
function compileLocal(question: string, table: Table, reading: ChartReading): LocalCompile {
  const plain = compileQuestion(question, table);
  if (plain.ok) return { ...plain, visual: [] };
  const v = resolveVisual(question, reading);
  if (v.kind === "unresolved") return { ok: false, reason: /appearance/.test(plain.reason) ? `${plain.reason}; ${v.reason}` : plain.reason };
  if (v.kind === "direct") {
    const shape: VisualShape = /return \d+;$/.test(v.code) ? "colour-count" : /are the (series|category)/.test(v.code) ? "colour-meaning" : "colour";
    return { ok: true, code: v.code, shape, matched: { columns: [], labels: [] }, visual: v.notes };
  }
  const again = compileQuestion(v.question, table);
  if (!again.ok) return { ok: false, reason: `${plain.reason}; read as "${v.question}": ${again.reason}` };
  if (v.kind === "rewritten") return { ...again, visual: [...v.notes, `compiled as "${v.question}"`] };
  const colours = JSON.stringify(v.colours, null, 2);
  const code = `// Colours read from the chart's pixels.\nconst colours: Record<string, string> = ${colours};\nconst found = (() => {\n${again.code.replace(/^/gm, "  ")}\n})();\nreturn colours[String(found)] ?? null;`;
  return { ok: true, code, shape: "colour", matched: again.matched, visual: [...v.notes, `compiled as "${v.question}"`] };
}

/** The answer the local path writes for a decline. */
export const CANNOT_ANSWER_LOCALLY = "cannot answer locally";

/** What the local path wrote for one chart and question, and how it got there. */
export interface LocalResponse {
  /** A response in catbox's format (think, programability, csv, code), as a model would write it. */
  text: string;
  /** Set when the local path cannot answer: why (chart unreadable, question outside the shapes…). */
  declined?: string;
  /** The chart reading (kind, confidence, where values came from), or why it failed. */
  chart: ChartExtraction;
  /** The question shape compiled, on the code path ("colour" etc. for questions about marks' looks). */
  shape?: QuestionShape | VisualShape;
  ms: { ocr: number; geometry: number; compile: number };
}

/**
 * Answer a chart question without a model: read the chart's table from its pixels and OCR text,
 * compile the question into a TypeScript snippet over that table, and write both as a response
 * the engine runs like any model's; how the table was read is written as comments in the code.
 * A chart that cannot be read, or a question outside the compiler's shapes, is declined with
 * `programability no` and the answer "cannot answer locally" — never a guess.
 */
export interface WriteLocalResponseOptions {
  read?: ReadChartOptions;
  /**
   * Runs the compiled snippet once so the response states its answer (`<answer>`), making it a
   * complete canonical response that `catbox run` replays as is. Without it the answer is left
   * out (the engine then reports the `missing-answer` repair and computes the answer itself).
   */
  sandbox?: SandboxRunner;
}

export async function writeLocalResponse(
  image: Uint8Array,
  question: string,
  models: LocalModels,
  options: WriteLocalResponseOptions = {},
): Promise<LocalResponse> {
  const { extraction, ms } = await readChartLocally(image, models, options.read);
  const t1 = performance.now();
  const timing = (compile: number) => ({ ocr: ms.ocr, geometry: ms.geometry, compile });
  if (!extraction.ok) {
    const reason = `the chart could not be read locally (${extraction.reason})`;
    return { text: declineText(reason, extraction), declined: reason, chart: extraction, ms: timing(0) };
  }
  const csv = safeBlock(extraction.csv);
  const compiled = compileLocal(question, parseCsv(csv), extraction.reading);
  const compileMs = performance.now() - t1;
  if (!compiled.ok) {
    const reason = `the question is outside what the local compiler answers (${compiled.reason})`;
    return { text: declineText(reason, extraction), declined: reason, chart: extraction, ms: timing(compileMs) };
  }
  const r = extraction.reading;
  const how = [
    `Read locally, without a model: a ${r.kind} chart, ${r.rows.length} categories × ${r.columns.length - 1} series,`,
    `values from ${r.valueSource === "axis" ? "the axis scale" : r.valueSource === "labels" ? "printed value labels" : "printed labels and the axis scale"}`,
    `(confidence ${r.confidence.toFixed(2)}${r.scale ? `, axis fit residual ${(r.scale.residual * 100).toFixed(2)}% of the range` : ""}).`,
    ...compiled.visual.map((n) => `Visual reference: ${n}.`),
    `Question shape: ${compiled.shape}; matched ${describeMatched(compiled.matched)}.`,
    ...r.notes.map((n) => `Note: ${n}.`),
  ];
  const code = `${commentBlock(how)}\n${compiled.code}`;
  let text = `<programability>yes</programability>\n<csv>\n${csv}\n</csv>\n<code>\n${code}\n</code>\n`;
  if (options.sandbox) {
    const run = await runResponse(text, { sandbox: options.sandbox });
    if (run.output.error !== null || run.output.computed === null) {
      const e = run.output.error;
      const reason = `the compiled snippet failed on the table read from the chart (${e ? `${e.code}: ${e.message}` : "no answer"})`;
      return { text: declineText(reason, extraction), declined: reason, chart: extraction, shape: compiled.shape, ms: timing(compileMs) };
    }
    text += `<answer>${safeBlock(answerToText(run.output.computed))}</answer>\n`;
  }
  return { text, chart: extraction, shape: compiled.shape, ms: timing(compileMs) };
}

/** Wrapped `//` comment lines (about 96 columns). */
function commentBlock(sentences: string[]): string {
  const words = safeBlock(sentences.join(" ")).split(/\s+/);
  const lines: string[] = [];
  let line = "//";
  for (const w of words) {
    if (line.length + w.length + 1 > 96 && line !== "//") {
      lines.push(line);
      line = "//";
    }
    line += ` ${w}`;
  }
  lines.push(line);
  return lines.join("\n");
}

function describeMatched(m: { columns: string[]; labels: string[] }): string {
  const parts: string[] = [];
  if (m.columns.length > 0) parts.push(`columns ${m.columns.map((c) => JSON.stringify(c)).join(", ")}`);
  if (m.labels.length > 0) parts.push(`categories ${m.labels.map((c) => JSON.stringify(c)).join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : "the whole table";
}

function declineText(reason: string, extraction: ChartExtraction): string {
  const table = extraction.ok
    ? ` The table read from the chart (${extraction.reading.kind}, confidence ${extraction.reading.confidence.toFixed(2)}) was:\n${extraction.csv}`
    : ` Detectors: ${extraction.attempts.map((a) => `${a.detector}: ${a.detail}`).join("; ")}.`;
  return `<programability>no</programability>\n<think>${safeBlock(`Cannot answer locally: ${reason}.${table}`)}</think>\n<answer>${CANNOT_ANSWER_LOCALLY}</answer>\n`;
}

// OCR'd text goes inside response tags; a "<" that could open or close a tag is written "‹".
function safeBlock(s: string): string {
  return s.replace(/<(?=[/A-Za-z!?])/g, "‹");
}
