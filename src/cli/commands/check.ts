import type { Command } from "commander";
import { rmsDetails, rnssDetails, catDataAccuracy, tableConsistencyWarnings } from "../../check/index.js";
import { UsageError } from "../../errors.js";
import { parseCsv, type Table } from "../../table/index.js";
import { readBytes, writeLine } from "../io.js";
import { EXIT_OK } from "../exit-codes.js";

interface CheckFlags {
  table: string;
  gold?: string;
  image?: string;
}

/** What `catbox check` prints about one table. */
function describeTable(file: string, table: Table) {
  return { file, rows: table.raw.length, columns: table.columns, warnings: table.warnings };
}

/**
 * `catbox check --table EXTRACTED.csv [--gold GOLD.csv]`: is the extracted table right?
 *
 * Prints one JSON object: `{ok, table, consistency, gold?, metrics?, details?}` — the extracted table's
 * shape and CSV warnings, its consistency warnings (`SHARES_DONT_SUM`, `TOTAL_MISMATCH`, `DUPLICATE_LABEL`,
 * `EMPTY_COLUMN`), and with `--gold` the metrics of `compareTables` (`rnss`, `rms`, `data`) plus how they
 * were computed (`details`: numbers/datapoints compared, whether the matching was exact, whether RMS
 * preferred the transposed prediction). Exit status 0 when the tables could be read, 2 otherwise.
 */
export function registerCheck(program: Command, setExit: (code: number) => void): void {
  program
    .command("check")
    .description("check an extracted table: consistency warnings, and RNSS / RMS / data accuracy against a gold table")
    .requiredOption("--table <file>", "the extracted table, as CSV (- for stdin)")
    .option("--gold <file>", "the gold table, as CSV (- for stdin): adds the metrics")
    .option("--image <file>", "the chart image: adds `grounding` (which labels and numbers of the table are printed on the chart, by local OCR)")
    .action(async (flags: CheckFlags) => {
      if (flags.table === "-" && flags.gold === "-") throw new UsageError("only one of --table and --gold can be read from stdin");
      const table = parseCsv(await readBytes(flags.table, "table"));
      const out: Record<string, unknown> = {
        ok: true,
        table: describeTable(flags.table, table),
        consistency: tableConsistencyWarnings(table),
      };
      if (flags.gold !== undefined) {
        const gold = parseCsv(await readBytes(flags.gold, "gold table"));
        const rnss = rnssDetails(table, gold);
        const rms = rmsDetails(table, gold);
        out.gold = describeTable(flags.gold, gold);
        out.metrics = {
          rnss: rnss.score,
          rms: { precision: rms.precision, recall: rms.recall, f1: rms.f1 },
          data: catDataAccuracy(table, gold),
        };
        out.details = {
          rnss: { goldNumbers: rnss.gold, predNumbers: rnss.pred, exact: rnss.exact },
          rms: { goldDatapoints: rms.gold, predDatapoints: rms.pred, transposed: rms.transposed, exact: rms.exact },
        };
      }
      if (flags.image !== undefined) {
        // OCR (onnxruntime-node) is loaded only when asked for.
        const { createOcrEngine } = await import("../../ocr/index.js");
        const { groundTableOnImage } = await import("../../grounding/index.js");
        await using engine = await createOcrEngine();
        const { ocr, ...grounding } = await groundTableOnImage(table, flags.image, engine);
        out.grounding = { ...grounding, ocr: { boxes: ocr.boxes.length, ms: ocr.ms } };
      }
      await writeLine(JSON.stringify(out));
      setExit(EXIT_OK);
    });
}
