import { z } from "zod";
import type { AskRound } from "../ask/types.js";
import type { LocalReadingSummary } from "../model/types.js";
import type { RunOutput } from "../engine/types.js";

/** The trace schema version written by this catbox. Readers accept exactly this version. */
export const TRACE_SCHEMA = "catbox.trace/1";

const cell = z.union([z.number(), z.string(), z.null()]);
const answer = z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string(), z.boolean()]))]);

const runError = z.object({
  code: z.string(),
  message: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
  unknownColumn: z.string().optional(),
  suggestion: z.string().nullable().optional(),
});

export const traceSchema = z.object({
  schema: z.literal(TRACE_SCHEMA),
  createdAt: z.string(),
  versions: z.object({ catbox: z.string(), node: z.string(), isolatedVm: z.string(), sucrase: z.string(), mathjs: z.string() }),
  /** What was run: the raw model response (null for `exec`-style traces) and the gold answer if given. */
  input: z.object({ response: z.string().nullable(), gold: z.string().nullable() }),
  parsed: z
    .object({
      strict: z.boolean(),
      programmable: z.boolean(),
      csv: z.string().nullable(),
      code: z.string().nullable(),
      think: z.string().nullable(),
      answer: z.string().nullable(),
      repairs: z.array(z.string()),
    })
    .nullable(),
  table: z
    .object({
      columns: z.array(z.string()),
      rows: z.array(z.array(cell)),
      raw: z.array(z.array(z.string())).optional(),
      warnings: z.array(z.object({ code: z.string(), message: z.string(), row: z.number().optional(), column: z.string().optional() })),
      sha256: z.string(),
    })
    .nullable(),
  code: z.object({ ts: z.string(), js: z.string().nullable() }).nullable(),
  limits: z.object({
    timeoutMs: z.number(),
    wallTimeoutMs: z.number(),
    memoryLimitBytes: z.number(),
    maxAnswerBytes: z.number(),
    maxLogBytes: z.number(),
    maxAnswerItems: z.number(),
  }),
  seed: z.number(),
  nowMs: z.number(),
  nowIso: z.string(),
  result: z.object({
    path: z.enum(["code", "visual"]).nullable(),
    answer: answer.nullable(),
    computed: answer.nullable(),
    stated: z.string().nullable(),
    agree: z.boolean().nullable(),
    verified: z.boolean(),
    repairs: z.array(z.string()),
    error: runError.nullable(),
    correct: z.boolean().optional(),
    warnings: z.array(z.object({ code: z.string(), message: z.string(), row: z.number().optional(), column: z.string().optional() })).optional(),
    logs: z.array(z.string()),
    ms: z.object({ parse: z.number(), table: z.number(), transpile: z.number(), run: z.number(), total: z.number() }),
  }),
  logsTruncated: z.boolean(),
  /** Present for `catbox ask`: the question, model, image, and every model round. */
  ask: z
    .object({
      question: z.string(),
      model: z.string(),
      mode: z.enum(["adaptive", "code", "cot"]),
      settings: z.record(z.string(), z.unknown()),
      image: z.object({
        sha256: z.string(),
        bytes: z.number(),
        format: z.string(),
        width: z.number(),
        height: z.number(),
        sentBytes: z.number(),
        sentWidth: z.number(),
        sentHeight: z.number(),
        mediaType: z.string(),
      }),
      rounds: z.array(
        z.object({
          kind: z.enum(["initial", "repair", "cot", "sample"]),
          mode: z.enum(["adaptive", "code", "cot"]),
          prompt: z.string(),
          response: z.string(),
          output: z.custom<RunOutput>((v) => typeof v === "object" && v !== null, "round output must be an object"),
          model: z.custom<AskRound["model"]>((v) => typeof v === "object" && v !== null, "round model info must be an object"),
        }),
      ),
      resolution: z.string(),
      arithmetic: z.object({ checked: z.number(), wrong: z.array(z.record(z.string(), z.unknown())) }).optional(),
      /** The local backend's chart reading summary. */
      reading: z.custom<LocalReadingSummary>((v) => typeof v === "object" && v !== null, "reading must be an object").optional(),
      /** Why the backend declined (the local backend on a chart or question it cannot handle). */
      declined: z.string().optional(),
      /** The code path's table checked against the chart's OCR text. */
      grounding: z
        .object({
          labels: z.object({ found: z.number(), total: z.number(), missing: z.array(z.string()) }),
          numbers: z.object({ found: z.number(), total: z.number(), missing: z.array(z.number()) }),
          score: z.number(),
        })
        .optional(),
      timings: z.record(z.string(), z.number()),
    })
    .optional(),
});

/** A self-contained record of one run: enough to audit it and replay it to the same answer. */
export type Trace = z.infer<typeof traceSchema>;
