import { readFile, rename, writeFile } from "node:fs/promises";
import { IoError, TraceError } from "../errors.js";
import { TRACE_SCHEMA, traceSchema, type Trace } from "./schema.js";

/** Check that `value` is a trace this catbox can replay; throws TraceError saying what is wrong. */
export function validateTrace(value: unknown): Trace {
  if (typeof value === "object" && value !== null && "schema" in value && (value as { schema: unknown }).schema !== TRACE_SCHEMA) {
    throw new TraceError(`unsupported trace schema ${JSON.stringify((value as { schema: unknown }).schema)}; this catbox reads ${TRACE_SCHEMA}`);
  }
  const parsed = traceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TraceError(`invalid trace: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Read and validate a trace file. */
export async function readTrace(path: string): Promise<Trace> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new IoError(`cannot read trace ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`trace ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateTrace(json);
}

/** Write a trace atomically (temp file + rename), so a crash never leaves half a trace. */
export async function writeTrace(path: string, trace: Trace): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(trace, null, 2) + "\n", "utf8");
    await rename(tmp, path);
  } catch (e) {
    throw new IoError(`cannot write trace ${path}: ${(e as Error).message}`);
  }
}
