/**
 * Types for the model response format: what the parsers return and the closed set of
 * repairs the tolerant parser may report. The strict shape itself is documented in
 * `strict-parser.ts` and mirrored by the grammars in `grammars/`.
 */

/**
 * Every repair the tolerant parser can make, in a fixed order (a closed set, documented
 * in the README). Each value says what was wrong with the response and what was assumed.
 */
export const REPAIR_CODES = [
  /** A tag name was a near-miss (`programmability`, `thinking`, `final_answer`, …) or had spaces inside its angle brackets (`< answer >`). */
  "tag-spelling",
  /** A tag name used upper-case letters (`<Answer>`, `<CODE>`). */
  "tag-case",
  /** Non-whitespace text before, between or after the blocks (prose, stray fences, special tokens) was ignored. */
  "surrounding-text",
  /** The snippet was wrapped in a Markdown fence (```ts, ```typescript, ```js, bare ```), inside `<code>` or instead of it; the fence markers were removed. */
  "code-fence",
  /** The CSV was wrapped in a Markdown fence (```csv or bare ```), inside `<csv>` or instead of it; the fence markers were removed. */
  "csv-fence",
  /** The code path had no `<answer>` block (or an empty one); `answer` is `null`. */
  "missing-answer",
  /** The visual path had no `<think>` block (or an empty one); `think` is `null`. */
  "missing-think",
  /** There was no `<programability>` block; `programmable` was inferred from which blocks exist (CSV or code ⇒ yes, otherwise no). */
  "missing-programability",
  /** `<programability>` held a variant of yes/no (`Yes.`, `true`, `programmable`, `not programmable`, …) rather than exactly `yes` or `no`. */
  "programability-value",
  /** A block's closing tag was missing; the block was taken to end at the next recognised tag or at the end of the text. */
  "unclosed-tag",
  /** A closing tag had no opening tag; the block was taken to start after the previous block (or at the start of the text). */
  "unopened-tag",
  /** The blocks were present but not in the canonical order (programability, csv, code, answer / programability, think, answer). */
  "tag-order",
  /** A block appeared more than once; the first one was used and the others ignored. */
  "duplicate-tag",
  /** A block that does not belong to the chosen path was present (`<think>` on the code path, `<csv>`/`<code>` on the visual path); it is kept in its field. */
  "extra-block",
] as const;

/** What the tolerant parser had to fix; see {@link REPAIR_CODES} for each value's meaning. */
export type RepairCode = (typeof REPAIR_CODES)[number];

/** A parsed model response. Which fields are set depends on the path the model chose. */
export interface ParsedResponse {
  /** From `<programability>`: `true` for the code path, `false` for the visual path. */
  programmable: boolean;
  /** CSV text (code path) with one leading and one trailing line break removed; `null` if absent. */
  csv: string | null;
  /** Snippet text (code path), fence markers removed, one leading and one trailing line break removed; `null` if absent. */
  code: string | null;
  /** Visual reasoning from `<think>`, trimmed; `null` if absent. */
  think: string | null;
  /** The model's stated `<answer>`, trimmed; `null` if absent. */
  answer: string | null;
  /** What the tolerant parser had to fix, in the order it met them, without duplicates; `[]` for a strict parse. */
  repairs: RepairCode[];
}

/** Options for {@link parseResponse}. */
export interface ParseResponseOptions {
  /** Accept only the canonical shape (delegates to `parseResponseStrict`). Default `false`. */
  strict?: boolean;
}

/**
 * Largest response the parsers accept, in UTF-8 bytes (1 MiB). Longer inputs are
 * rejected with a `ResponseParseError` before any parsing work is done.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
