import { createHash } from "node:crypto";
import type { OcrBox, OcrEngine, OcrEngineOptions, OcrResult } from "../ocr/types.js";

/** How the OCR engine is made; injectable so tests can count loads or substitute readings. */
export type OcrLoader = () => Promise<OcrEngine>;

export interface LocalModelsOptions {
  /** Default: `createOcrEngine(ocrOptions)` from `src/ocr`. */
  loadOcr?: OcrLoader;
  ocrOptions?: OcrEngineOptions;
  /** OCR results remembered by image hash (default 16), so grounding reuses the reader's OCR. */
  cacheEntries?: number;
}

/**
 * The local models of a process: the OCR engine, loaded on first use and then kept (a `catbox
 * serve` holds one for its lifetime), and a small memo of OCR results by image SHA-256 so the
 * chart reader and the grounding check read each image once.
 */
export class LocalModels implements AsyncDisposable {
  private engine: Promise<OcrEngine> | undefined;
  private readonly memo = new Map<string, Promise<OcrResult>>();
  private readonly stripsRead = new Set<string>();
  private readonly loadOcr: OcrLoader;
  private readonly cacheEntries: number;
  private disposed = false;
  /** OCR engine loads so far (1 after first use; tests check models are not reloaded). */
  loads = 0;

  constructor(options: LocalModelsOptions = {}) {
    this.loadOcr =
      options.loadOcr ??
      (async () => {
        const { createOcrEngine } = await import("../ocr/index.js");
        return createOcrEngine(options.ocrOptions);
      });
    this.cacheEntries = Math.max(0, options.cacheEntries ?? 16);
  }

  /** Load the models now (otherwise the first image does it). */
  async ready(): Promise<void> {
    await this.ocrEngine();
  }

  private ocrEngine(): Promise<OcrEngine> {
    if (this.disposed) return Promise.reject(new Error("these local models were disposed"));
    if (!this.engine) {
      this.loads++;
      this.engine = this.loadOcr();
      // A failed load is not cached: the next call tries again.
      this.engine.catch(() => (this.engine = undefined));
    }
    return this.engine;
  }

  /** OCR an image (encoded bytes), remembering the result by the bytes' hash. */
  async recognize(image: Uint8Array): Promise<OcrResult> {
    const key = keyOf(image);
    const hit = this.memo.get(key);
    if (hit) {
      this.remember(key, hit);
      return hit;
    }
    const pending = this.ocrEngine().then((e) => e.recognize(image));
    this.remember(key, pending);
    pending.catch(() => this.memo.delete(key));
    return pending;
  }

  /**
   * Re-read a strip of an image for slanted labels (see `OcrEngine.readSlantedStrip`); null when
   * the engine cannot.
   */
  async readSlantedStrip(image: Uint8Array, strip: { top: number; bottom: number }): Promise<OcrBox[] | null> {
    // Once per image: a second question about the same chart must not pay for it again.
    const key = `${keyOf(image)}:${strip.top}:${strip.bottom}`;
    if (this.stripsRead.has(key)) return null;
    this.stripsRead.add(key);
    while (this.stripsRead.size > Math.max(16, this.cacheEntries)) this.stripsRead.delete(this.stripsRead.values().next().value as string);
    const engine = await this.ocrEngine();
    return engine.readSlantedStrip ? engine.readSlantedStrip(image, strip) : null;
  }

  /** Replace the remembered OCR of an image (after a second pass added to it). */
  amend(image: Uint8Array, ocr: OcrResult): void {
    this.remember(keyOf(image), Promise.resolve(ocr));
  }

  /** Put a result last in the memo (most recently used), dropping the oldest beyond `cacheEntries`. */
  private remember(key: string, result: Promise<OcrResult>): void {
    if (this.cacheEntries === 0) return;
    this.memo.delete(key);
    this.memo.set(key, result);
    while (this.memo.size > this.cacheEntries) this.memo.delete(this.memo.keys().next().value as string);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.memo.clear();
    const engine = this.engine;
    this.engine = undefined;
    if (engine) await (await engine.catch(() => undefined))?.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

function keyOf(image: Uint8Array): string {
  return createHash("sha256").update(image).digest("hex");
}
