/**
 * catbox's error family. Every error has a stable `code` that scripts can match on;
 * messages say what to fix. Expected failures of a snippet are *data* (`SnippetFailure`),
 * not exceptions — see `src/sandbox/types.ts`. These classes are for everything else.
 */

/** Codes a snippet run can fail with (a closed set; documented in the README). */
export const SNIPPET_ERROR_CODES = [
  "SYNTAX_ERROR",
  "SNIPPET_ERROR",
  "UNKNOWN_COLUMN",
  "TIMEOUT",
  "WALL_TIMEOUT",
  "MEMORY_LIMIT",
  "INVALID_ANSWER",
  "ANSWER_TOO_LARGE",
  "SANDBOX_CRASH",
] as const;
export type SnippetErrorCode = (typeof SNIPPET_ERROR_CODES)[number];

/** Codes for inputs catbox could not use (response, CSV, trace, options). */
export const INPUT_ERROR_CODES = [
  "PARSE_ERROR",
  "CSV_ERROR",
  "TRACE_ERROR",
  "USAGE_ERROR",
  "IO_ERROR",
  "IMAGE_ERROR",
] as const;
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

/**
 * Codes for a model server that failed or answered unusably (a closed set):
 * `MODEL_TIMEOUT` when the server did not answer within the request timeout (after any retries),
 * `MODEL_ERROR` for everything else (HTTP errors, refused connections, broken streams, bad JSON).
 */
export const MODEL_ERROR_CODES = ["MODEL_ERROR", "MODEL_TIMEOUT"] as const;
export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

export type ErrorCode = SnippetErrorCode | InputErrorCode | ModelErrorCode;

/** Base class: a message for humans plus a stable machine-readable code. */
export class CatboxError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    if (details !== undefined) this.details = details;
  }
  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The model's response does not have the required shape. */
export class ResponseParseError extends CatboxError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("PARSE_ERROR", message, details);
  }
}

/** The CSV could not be turned into a table. */
export class CsvError extends CatboxError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("CSV_ERROR", message, details);
  }
}

/** A trace file is unreadable or of an unknown schema version. */
export class TraceError extends CatboxError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("TRACE_ERROR", message, details);
  }
}

/** Bad options or arguments (CLI exit status 2). */
export class UsageError extends CatboxError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("USAGE_ERROR", message, details);
  }
}

/** A file could not be read or written (CLI exit status 2). */
export class IoError extends CatboxError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("IO_ERROR", message, details);
  }
}

/**
 * A chart image could not be used: empty, not an image, corrupt or truncated, of an unsupported
 * format, too large (bytes or pixels), or too slow to decode. `details.reason` says which.
 */
export class ImageError extends CatboxError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("IMAGE_ERROR", message, details);
  }
}

/**
 * A model server failed or answered unusably, after any retries. `details` carries what is known:
 * `url`, `status` (HTTP), `attempts`, `partialChars` (text received before a stream broke), `cause`.
 */
export class ModelError extends CatboxError {
  constructor(message: string, details?: Record<string, unknown>, code: ModelErrorCode = "MODEL_ERROR") {
    super(code, message, details);
  }
}

/** Thrown by `unwrap()` when a snippet run that was expected to succeed failed. */
export class SnippetRunError extends CatboxError {
  constructor(code: SnippetErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
