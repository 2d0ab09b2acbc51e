import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { EvalDataset, EvalItem } from "../types.js";
import { answersOf, countLines, jsonLines, readTable } from "./jsonl.js";

/** True when `dir` has the ChartQA layout (`questions.jsonl` beside `tables/` or `images/`). */
export function isChartQaDir(dir: string): boolean {
  return existsSync(join(dir, "questions.jsonl")) && (existsSync(join(dir, "tables")) || existsSync(join(dir, "images")));
}

/**
 * The ChartQA layout of `../shared/data/chartqa/`: `questions.jsonl` with lines
 * `{"id","split","chart","question","answer","table","image","chart_complexity","question_complexity"}`,
 * `table` and `image` relative to the folder (either may be null). Items carry the split
 * (`human`/`augmented`), both complexity labels and the gold table's CSV.
 */
export async function openChartQaDataset(dir: string): Promise<EvalDataset> {
  const root = resolve(dir);
  const questions = join(root, "questions.jsonl");
  if (!existsSync(questions)) throw new UsageError(`${root} has no questions.jsonl (the ChartQA layout is questions.jsonl + tables/ + images/)`);
  const size = await countLines(questions);
  return {
    format: "chartqa",
    path: root,
    size,
    async *items(limit = Infinity) {
      let n = 0;
      for await (const { lineNo, value } of jsonLines(questions)) {
        if (n >= limit) return;
        const where = `${questions}:${lineNo}`;
        if (typeof value.id !== "string" && typeof value.id !== "number") throw new UsageError(`${where}: "id" is missing`);
        if (typeof value.question !== "string") throw new UsageError(`${where}: "question" must be a string`);
        const item: EvalItem = {
          id: String(value.id),
          image: typeof value.image === "string" ? join(root, value.image) : null,
          question: value.question,
          answers: answersOf(value.answer, where),
        };
        if (typeof value.split === "string") item.split = value.split;
        const chart = typeof value.chart_complexity === "string" ? value.chart_complexity : null;
        const q = typeof value.question_complexity === "string" ? value.question_complexity : null;
        if (chart !== null || q !== null) item.complexity = { chart, question: q };
        if (typeof value.table === "string") item.goldTable = await readTable(join(root, value.table));
        n++;
        yield item;
      }
    },
  };
}
