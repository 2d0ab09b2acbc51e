/**
 * The strict response parser: accepts exactly the canonical shape and nothing else.
 *
 * The shape (the grammars in `grammars/` describe the same language):
 *
 * ```
 * response    = WS* "<programability>" (code-path | visual-path) WS*
 * code-path   = "yes</programability>" WS* "<csv>" BODY "</csv>"
 *               WS* "<code>" BODY "</code>" WS* answer
 * visual-path = "no</programability>" WS* "<think>" BODY "</think>" WS* answer
 * answer      = "<answer>" BODY "</answer>"
 * WS          = " " | TAB | CR | LF
 * ```
 *
 * - Tags are lower-case, spelled exactly as above (`programability`, one `m`), with no
 *   spaces inside the angle brackets and no attributes.
 * - `<programability>` holds exactly `yes` or `no`, with no surrounding whitespace.
 * - Each BODY runs to the first occurrence of its own closing tag (so it never contains
 *   it) and must contain at least one non-WS character. Any other text, including `<`
 *   and other tags, is allowed inside a body.
 * - The CSV and code bodies must not start (after WS) with a Markdown fence "```".
 * - Nothing but WS may precede `<programability>` or follow `</answer>`.
 * - Inputs over 1 MiB are rejected (see `MAX_RESPONSE_BYTES`).
 *
 * Returned values: `csv` and `code` lose one leading and one trailing line break;
 * `think` and `answer` are trimmed of WS; fields of the other path are `null`.
 */
import { ResponseParseError } from "../errors.js";
import type { ParsedResponse } from "./types.js";
import { checkInput, hasNonWs, lineAt, preview, skipWs, stripOuterLineBreaks, trimWs } from "./text-utils.js";

const FENCE = "```";

/** Cursor over the response that produces located error messages. */
class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  /** Throws "MESSAGE at line N[TAIL]". */
  fail(message: string, at: number = this.pos, tail = ""): never {
    const line = lineAt(this.text, at);
    throw new ResponseParseError(`${message} at line ${line}${tail}`, { line, offset: at });
  }

  skipWs(): void {
    this.pos = skipWs(this.text, this.pos);
  }

  /** Consumes `tag` at the cursor or fails with "expected TAG after WHAT". */
  expect(tag: string, after: string): void {
    if (!this.text.startsWith(tag, this.pos)) {
      const where = after === "" ? "" : ` after ${after}`;
      // At the end of the text, point at the last line that has content.
      const at = this.pos < this.text.length ? this.pos : trimWs(this.text).length + skipWs(this.text, 0);
      this.fail(`expected ${tag}${where}`, at, `, found ${preview(this.text, this.pos)}`);
    }
    this.pos += tag.length;
  }

  /**
   * Reads a body up to the first `</name>`; checks it is non-blank (and, if `noFence`,
   * does not open with a Markdown fence). The cursor ends after the closing tag.
   */
  body(name: string, noFence: boolean): string {
    const open = this.pos - name.length - 2;
    const close = `</${name}>`;
    const end = this.text.indexOf(close, this.pos);
    if (end < 0) this.fail(`unclosed <${name}> opened`, open, `: missing ${close}`);
    const body = this.text.slice(this.pos, end);
    if (!hasNonWs(body)) this.fail(`<${name}> opened`, open, " is empty");
    if (noFence && trimWs(body).startsWith(FENCE)) {
      this.fail(`<${name}> opened`, open, ` starts with a Markdown fence (${FENCE}); the strict format takes bare text`);
    }
    this.pos = end + close.length;
    return body;
  }
}

/**
 * Parses a response that has exactly the canonical shape (see the module comment).
 * Returns `repairs: []`. Throws `ResponseParseError` (code `PARSE_ERROR`) saying what is
 * wrong and on which line, e.g. `expected <csv> after </programability> at line 2`.
 */
export function parseResponseStrict(text: string): ParsedResponse {
  checkInput(text);
  const c: Cursor = new Cursor(text);
  c.skipWs();
  c.expect("<programability>", "");
  let programmable: boolean;
  if (text.startsWith("yes</programability>", c.pos)) {
    programmable = true;
    c.pos += "yes</programability>".length;
  } else if (text.startsWith("no</programability>", c.pos)) {
    programmable = false;
    c.pos += "no</programability>".length;
  } else {
    const end = text.indexOf("</programability>", c.pos);
    if (end < 0) c.fail("unclosed <programability> opened", c.pos - "<programability>".length, ": missing </programability>");
    const value = text.slice(c.pos, Math.min(end, c.pos + 40));
    c.fail(`<programability> must contain exactly "yes" or "no"`, c.pos, `, found ${JSON.stringify(value)}`);
  }

  let csv: string | null = null;
  let code: string | null = null;
  let think: string | null = null;
  c.skipWs();
  if (programmable) {
    c.expect("<csv>", "</programability>");
    csv = stripOuterLineBreaks(c.body("csv", true));
    c.skipWs();
    c.expect("<code>", "</csv>");
    code = stripOuterLineBreaks(c.body("code", true));
    c.skipWs();
    c.expect("<answer>", "</code>");
  } else {
    c.expect("<think>", "</programability>");
    think = trimWs(c.body("think", false));
    c.skipWs();
    c.expect("<answer>", "</think>");
  }
  const answer = trimWs(c.body("answer", false));
  c.skipWs();
  if (c.pos < text.length) c.fail("unexpected text after </answer>", c.pos, `: ${preview(text, c.pos)}`);
  return { programmable, csv, code, think, answer, repairs: [] };
}
