/**
 * Evaluation data sets: `openDataset(path)` recognises the format and returns an `EvalDataset`,
 * an async-iterable source of `EvalItem`s in a stable order.
 *
 * | path | format |
 * |---|---|
 * | a folder with `questions.jsonl` + `tables/`/`images/` | ChartQA layout (`chartqa`) |
 * | a `.jsonl` file | plain JSONL `{"id","image","question","answer","table"?}` (`jsonl`) |
 * | a `.parquet` file, or a folder of them | Code-as-Thought reference Parquet (`parquet`) |
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { DatasetFormat, EvalDataset } from "../types.js";
import { isChartQaDir, openChartQaDataset } from "./chartqa.js";
import { openJsonlDataset } from "./jsonl.js";
import { openParquetDataset, parquetFiles } from "./parquet.js";

/** Which format `path` holds, or undefined when none is recognised. */
export function detectFormat(path: string): DatasetFormat | undefined {
  const abs = resolve(path);
  if (!existsSync(abs)) return undefined;
  if (statSync(abs).isDirectory()) {
    if (isChartQaDir(abs)) return "chartqa";
    return parquetFiles(abs).length > 0 ? "parquet" : undefined;
  }
  if (/\.parquet$/i.test(abs)) return "parquet";
  if (/\.(jsonl|ndjson)$/i.test(abs)) return "jsonl";
  return undefined;
}

/** Open a data set (format detected from the path unless given). */
export async function openDataset(path: string, format?: DatasetFormat): Promise<EvalDataset> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`no data set at ${abs}`);
  const kind = format ?? detectFormat(abs);
  switch (kind) {
    case "chartqa":
      return openChartQaDataset(abs);
    case "jsonl":
      return openJsonlDataset(abs);
    case "parquet":
      return openParquetDataset(abs);
    default:
      throw new UsageError(
        `cannot tell the format of ${abs}: give a ChartQA folder (questions.jsonl + tables/ + images/), a .jsonl file, or a .parquet file or folder`,
      );
  }
}

export { openChartQaDataset, isChartQaDir } from "./chartqa.js";
export { openJsonlDataset } from "./jsonl.js";
export { openParquetDataset, referenceRowToItem } from "./parquet.js";
export { extractQuestion, parseGroundTruth, type ReferenceGold } from "./reference-format.js";
