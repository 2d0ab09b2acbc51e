import { createHash } from "node:crypto";
import { catboxVersion, dependencyVersion } from "../paths.js";
import type { SnippetTable } from "../sandbox/types.js";
import { TRACE_SCHEMA, type Trace } from "./schema.js";

let versions: Trace["versions"] | undefined;

/** Versions of everything that can change an answer, recorded in every trace. */
export function runtimeVersions(): Trace["versions"] {
  versions ??= {
    catbox: catboxVersion(),
    node: process.version,
    isolatedVm: dependencyVersion("isolated-vm"),
    sucrase: dependencyVersion("sucrase"),
    mathjs: dependencyVersion("mathjs"),
  };
  return versions;
}

/** SHA-256 of a table's typed content (columns and rows as JSON), hex. */
export function tableSha256(table: SnippetTable): string {
  return createHash("sha256").update(JSON.stringify({ columns: table.columns, rows: table.rows })).digest("hex");
}

export type TraceBody = Omit<Trace, "schema" | "createdAt" | "versions" | "nowIso">;

/** Stamp a trace body with the schema version, creation time and runtime versions. */
export function buildTrace(body: TraceBody): Trace {
  return {
    schema: TRACE_SCHEMA,
    createdAt: new Date().toISOString(),
    versions: runtimeVersions(),
    ...body,
    nowIso: new Date(body.nowMs).toISOString(),
  };
}
