import type { Command } from "commander";
import { readImageBytes } from "../../image/read-image-bytes.js";
import { EXIT_FAILED, EXIT_OK } from "../exit-codes.js";
import { say, writeLine } from "../io.js";

interface ReadFlags {
  csv?: boolean;
  minConfidence: string;
}

/** `catbox read IMAGE`: the chart's table, read locally (OCR + chart geometry), with its kind and confidence. */
export function registerRead(program: Command, setExit: (code: number) => void): void {
  program
    .command("read")
    .description("read a chart's data table locally (OCR + chart geometry, no model): CSV, chart kind, confidence")
    .argument("<image>", "chart image (PNG, JPEG, WebP, GIF, TIFF, AVIF, SVG)")
    .option("--csv", "print only the CSV (nothing when the chart cannot be read; exit 3)")
    .option("--min-confidence <x>", "decline readings below this confidence (0–1)", "0.4")
    .action(async (image: string, flags: ReadFlags) => {
      const minConfidence = Number(flags.minConfidence);
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        const { UsageError } = await import("../../errors.js");
        throw new UsageError(`--min-confidence must be a number from 0 to 1, got ${JSON.stringify(flags.minConfidence)}`);
      }
      const bytes = new Uint8Array(await readImageBytes(image, 50 * 1024 * 1024));
      const { LocalModels } = await import("../../local/local-models.js");
      const { readChartLocally } = await import("../../local/read-local-chart.js");
      await using models = new LocalModels();
      const { extraction, ms } = await readChartLocally(bytes, models, { minConfidence });
      if (flags.csv) {
        if (extraction.ok) await writeLine(extraction.csv);
        else say(`catbox read: cannot read this chart: ${extraction.reason}`);
      } else if (extraction.ok) {
        const { kind, confidence, valueSource, scale, notes, colours } = extraction.reading;
        await writeLine(JSON.stringify({ ok: true, kind, confidence, valueSource, ...(scale ? { scale } : {}), ...(colours ? { colours } : {}), notes, csv: extraction.csv, attempts: extraction.attempts, ms }));
        say(`catbox read: ${kind} chart, ${extraction.reading.rows.length} rows × ${extraction.reading.columns.length - 1} series, confidence ${confidence.toFixed(2)}`);
      } else {
        await writeLine(JSON.stringify({ ok: false, reason: extraction.reason, attempts: extraction.attempts, ms }));
        say(`catbox read: cannot read this chart: ${extraction.reason}`);
      }
      setExit(extraction.ok ? EXIT_OK : EXIT_FAILED);
    });
}
