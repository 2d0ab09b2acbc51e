import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { IoError, UsageError } from "../errors.js";
import type { AskMode, OnErrorPolicy } from "../ask/types.js";
import type { SandboxLimits } from "../sandbox/types.js";
import type { DatasetFormat } from "./types.js";

/** The schema tag of `run.json`. */
export const RUN_SCHEMA = "catbox.eval-run/1";

/**
 * Everything that decides each item's result. A run resumes only with the same settings
 * (`--force` overrides); `limit` and `concurrency` are not settings (extending a run with a
 * larger `--limit`, or changing concurrency, is fine).
 */
export interface EvalSettings {
  /** Absolute path of the data set. */
  dataset: string;
  format: DatasetFormat;
  /** The model backend's id (server URL and model name, resolved from the server). */
  model: string;
  mode: AskMode;
  constrain: boolean;
  onError: OnErrorPolicy;
  maxRepairs: number;
  samples: number;
  temperature: number | null;
  maxTokens: number | null;
  maxImageSidePx: number;
  limits: Partial<SandboxLimits>;
  seed: number | null;
  nowMs: number | null;
}

/** One start (or resume) of a run. */
export interface EvalSession {
  startedAt: string;
  limit: number | null;
  concurrency: number;
  catbox: string;
  /** Settings that differed from the recorded ones and were overridden with `--force`. */
  forced?: string[];
}

/** `RUN_DIR/run.json`. */
export interface EvalRunManifest {
  schema: typeof RUN_SCHEMA;
  createdAt: string;
  settings: EvalSettings;
  sessions: EvalSession[];
}

/** Names of the settings that differ (compared as JSON). */
export function settingsDiff(recorded: EvalSettings, wanted: EvalSettings): Array<keyof EvalSettings> {
  const keys = new Set([...Object.keys(recorded), ...Object.keys(wanted)]) as Set<keyof EvalSettings>;
  const canon = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
  return [...keys].filter((k) => canon(recorded[k] ?? null) !== canon(wanted[k] ?? null)).sort();
}

/** Read `run.json`, or undefined when there is none. */
export async function readManifest(path: string): Promise<EvalRunManifest | undefined> {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new IoError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (typeof value !== "object" || value === null || (value as { schema?: unknown }).schema !== RUN_SCHEMA) {
    throw new UsageError(`${path} is not a catbox eval run (schema ${RUN_SCHEMA})`);
  }
  return value as EvalRunManifest;
}

/** Write `run.json` atomically. */
export async function writeManifest(path: string, manifest: EvalRunManifest): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(manifest, null, 2) + "\n", "utf8");
    await rename(tmp, path);
  } catch (e) {
    throw new IoError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Start or resume a run: a new run records its settings; a resumed one must have the same
 * settings, else a `UsageError` lists what differs, unless `force` (the new settings are then
 * recorded and the session notes which ones were forced).
 */
export async function startSession(path: string, settings: EvalSettings, session: Omit<EvalSession, "startedAt" | "forced">, force: boolean): Promise<{ manifest: EvalRunManifest; resumed: boolean; forced: string[] }> {
  const now = new Date().toISOString();
  const existing = await readManifest(path);
  if (existing === undefined) {
    const manifest: EvalRunManifest = { schema: RUN_SCHEMA, createdAt: now, settings, sessions: [{ startedAt: now, ...session }] };
    await writeManifest(path, manifest);
    return { manifest, resumed: false, forced: [] };
  }
  const diff: string[] = settingsDiff(existing.settings, settings);
  if (diff.length > 0 && !force) {
    const detail = diff.map((k) => `${k}: ${JSON.stringify(existing.settings[k as keyof EvalSettings] ?? null)} → ${JSON.stringify(settings[k as keyof EvalSettings] ?? null)}`).join("; ");
    throw new UsageError(`this run folder was started with other settings (${detail}); use another --out folder, or --force to continue with the new settings`, { differs: diff });
  }
  const manifest: EvalRunManifest = {
    ...existing,
    settings,
    sessions: [...existing.sessions, { startedAt: now, ...session, ...(diff.length > 0 ? { forced: diff } : {}) }],
  };
  await writeManifest(path, manifest);
  return { manifest, resumed: true, forced: diff };
}
