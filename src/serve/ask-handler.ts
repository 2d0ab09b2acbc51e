import { askChart } from "../ask/ask-chart.js";
import type { AskMode, OnErrorPolicy } from "../ask/types.js";
import { UsageError } from "../errors.js";
import type { ModelBackend } from "../model/types.js";
import type { OcrResult } from "../ocr/types.js";
import type { AskHandler } from "./types.js";

const MODES = new Set<AskMode>(["adaptive", "code", "cot"]);
const POLICIES = new Set<OnErrorPolicy>(["repair", "cot", "stated"]);

/** The image of an `/v1/ask` body: base64 bytes or a `data:` URL. Never a path on the server. */
export function decodeImageField(image: string): Uint8Array {
  const comma = image.startsWith("data:") ? image.indexOf(",") : -1;
  const b64 = (comma >= 0 ? image.slice(comma + 1) : image).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) throw new UsageError('"image" must be base64-encoded image bytes or a data: URL (server paths are not accepted)');
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length === 0) throw new UsageError('"image" is empty');
  return bytes;
}

/**
 * `/v1/ask` over a configured model backend: `{question, image (base64 or data: URL), answer?,
 * mode?, onError?, maxRepairs?, samples?, ground?}` → the `catbox ask` output. With `grounding`
 * (e.g. the server's `LocalModels`), code-path tables are grounded unless the body says `ground: false`.
 */
export function askHandlerFor(
  backend: ModelBackend,
  defaults: { constrain?: boolean; grounding?: { recognize(image: Uint8Array): Promise<OcrResult> } } = {},
): AskHandler {
  return async (body, { signal, sandbox }) => {
    const extra = body as Record<string, unknown>;
    const mode = extra.mode === undefined ? undefined : String(extra.mode);
    if (mode !== undefined && !MODES.has(mode as AskMode)) throw new UsageError(`"mode" must be adaptive, code or cot, got ${JSON.stringify(mode)}`);
    const onError = extra.onError === undefined ? undefined : String(extra.onError);
    if (onError !== undefined && !POLICIES.has(onError as OnErrorPolicy)) throw new UsageError(`"onError" must be repair, cot or stated, got ${JSON.stringify(onError)}`);
    const count = (name: string, max: number): number | undefined => {
      const v = extra[name];
      if (v === undefined) return undefined;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw new UsageError(`"${name}" must be a whole number from 0 to ${max}`);
      return v;
    };
    const maxRepairs = count("maxRepairs", 10);
    const samples = count("samples", 16);
    const gold = typeof extra.answer === "string" ? extra.answer : null;
    if (extra.ground !== undefined && typeof extra.ground !== "boolean") throw new UsageError('"ground" must be true or false');
    const ground = defaults.grounding !== undefined && extra.ground !== false;
    const { output } = await askChart(decodeImageField(body.image), body.question, {
      backend,
      sandbox,
      signal,
      gold,
      ...(defaults.constrain ? { constrain: true } : {}),
      ...(ground ? { grounding: defaults.grounding } : {}),
      ...(mode ? { mode: mode as AskMode } : {}),
      ...(onError ? { onError: onError as OnErrorPolicy } : {}),
      ...(maxRepairs !== undefined ? { maxRepairs } : {}),
      ...(samples !== undefined && samples > 0 ? { samples } : {}),
    });
    return output;
  };
}
