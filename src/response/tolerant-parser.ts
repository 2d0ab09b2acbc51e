/**
 * The tolerant response parser: reads what real models emit and reports every fix it
 * made as a {@link RepairCode}. A canonical response parses to the same result as the
 * strict parser, with `repairs: []`.
 *
 * Work is linear in the input (capped at 1 MiB): tags are found by a bounded scanner,
 * blocks are cut sequentially (a block runs to the first matching closing tag, so tags
 * inside a body are content), and fences are found line by line.
 */
import { ResponseParseError } from "../errors.js";
import { CODE_FENCE_LANGS, findFences, looksLikeCode, looksLikeCsv, unwrapFence, type Fence } from "./fences.js";
import { parseResponseStrict } from "./strict-parser.js";
import { scanTags, type BlockKind, type Tag } from "./tag-scanner.js";
import { checkInput, hasNonWs, isWs, stripOuterLineBreaks, trimWs } from "./text-utils.js";
import type { ParsedResponse, ParseResponseOptions, RepairCode } from "./types.js";

/** A block cut out of the text. */
interface Block {
  kind: BlockKind;
  /** Offset where the block starts (its opening tag, or its guessed start). */
  start: number;
  body: string;
  /** The extent was guessed (missing opening tag), so fences may sit anywhere inside. */
  guessed: boolean;
}

/**
 * Duplicate-free repairs, each with the text offset where it was first met. `list()`
 * orders them by that offset; repairs about the whole response (no offset) come last,
 * in the order they were added.
 */
class Repairs {
  private readonly seen = new Map<RepairCode, { at: number; seq: number }>();
  add(code: RepairCode, at: number = Number.POSITIVE_INFINITY): void {
    const prev = this.seen.get(code);
    if (prev === undefined) this.seen.set(code, { at, seq: this.seen.size });
    else prev.at = Math.min(prev.at, at);
  }
  list(): RepairCode[] {
    return [...this.seen.entries()].sort(([, a], [, b]) => a.at - b.at || a.seq - b.seq).map(([code]) => code);
  }
}

/** Offset of the first non-whitespace character in `text[from, to)`, or -1. */
function firstNonWs(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (!isWs(text[i])) return i;
  return -1;
}

/** Index of the first closing tag of `kind` starting at or after `pos` (binary search). */
function firstClosingAfter(closings: Tag[], pos: number): Tag | undefined {
  let lo = 0;
  let hi = closings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (closings[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return closings[lo];
}

/** Cuts the text into blocks; returns them plus the spans of text outside any block. */
function cutBlocks(text: string, repairs: Repairs): { blocks: Map<BlockKind, Block>; outside: [number, number][] } {
  const tags = scanTags(text);
  const closings = new Map<BlockKind, Tag[]>();
  for (const t of tags) {
    if (!t.closing) continue;
    const list = closings.get(t.kind);
    if (list === undefined) closings.set(t.kind, [t]);
    else list.push(t);
  }
  const blocks = new Map<BlockKind, Block>();
  const outside: [number, number][] = [];
  let cursor = 0;
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t.start < cursor) continue;
    let block: Block;
    const used: Tag[] = [t];
    let end: number;
    if (!t.closing) {
      const close = firstClosingAfter(closings.get(t.kind) ?? [], t.end);
      if (close !== undefined) {
        used.push(close);
        block = { kind: t.kind, start: t.start, body: text.slice(t.end, close.start), guessed: false };
        end = close.end;
      } else {
        repairs.add("unclosed-tag", t.start);
        let k = i + 1;
        while (k < tags.length && (tags[k].kind === t.kind || tags[k].start < t.end)) k++;
        end = k < tags.length ? tags[k].start : text.length;
        block = { kind: t.kind, start: t.start, body: text.slice(t.end, end), guessed: false };
      }
      outside.push([cursor, t.start]);
    } else {
      repairs.add("unopened-tag", t.start);
      let body = text.slice(cursor, t.start);
      if (t.kind === "answer" || t.kind === "programability") {
        // Only the last line is the value: "The answer is:\n42</answer>" → "42".
        const trimmed = trimWs(body);
        const nl = trimmed.lastIndexOf("\n");
        if (nl >= 0) repairs.add("surrounding-text", firstNonWs(text, cursor, t.start));
        body = trimmed.slice(nl + 1);
      }
      block = { kind: t.kind, start: cursor, body, guessed: true };
      end = t.end;
    }
    for (const u of used) {
      if (u.misspelled) repairs.add("tag-spelling", u.start);
      if (u.miscased) repairs.add("tag-case", u.start);
    }
    if (blocks.has(t.kind)) repairs.add("duplicate-tag", t.start);
    else blocks.set(t.kind, block);
    cursor = end;
  }
  outside.push([cursor, text.length]);
  return { blocks, outside };
}

/** Reads a yes/no variant: `true`, `false`, or `null` if unrecognised. */
function readYesNo(body: string): boolean | null {
  const word = /[a-z0-9]+/.exec(body.toLowerCase())?.[0] ?? "";
  if (["yes", "y", "true", "programmable", "1"].includes(word)) return true;
  if (["no", "n", "false", "not", "non", "unprogrammable", "nonprogrammable", "0"].includes(word)) return false;
  return null;
}

/** Takes a fenced CSV/code body out of its fence, recording the repair. */
function unfence(block: Block, repair: RepairCode, repairs: Repairs): string | null {
  const u = unwrapFence(block.body, block.guessed);
  if (u.fenced) repairs.add(repair, block.start);
  if (u.droppedText) repairs.add("surrounding-text", block.start);
  return hasNonWs(u.text) ? stripOuterLineBreaks(u.text) : null;
}

/** Picks a fenced block from outside text to stand in for a missing `<csv>` or `<code>`. */
function pickFence(fences: Fence[], want: "csv" | "code", used: Set<Fence>): Fence | undefined {
  return fences.find((f) => {
    if (used.has(f) || !hasNonWs(f.content)) return false;
    if (want === "code") return CODE_FENCE_LANGS.has(f.info) || (f.info === "" && looksLikeCode(f.content));
    return f.info === "csv" || (f.info === "" && !looksLikeCode(f.content) && looksLikeCsv(f.content));
  });
}

/**
 * Parses a model response, tolerantly by default (see {@link RepairCode} for what is
 * fixed). With `{ strict: true }` it delegates to {@link parseResponseStrict}.
 * Throws `ResponseParseError` (code `PARSE_ERROR`) when no usable response is found,
 * saying what was missing, or when the text exceeds 1 MiB.
 */
export function parseResponse(text: string, options: ParseResponseOptions = {}): ParsedResponse {
  checkInput(text);
  if (options.strict === true) return parseResponseStrict(text);
  const repairs = new Repairs();
  const { blocks, outside } = cutBlocks(text, repairs);
  const position = new Map<BlockKind, number>();
  for (const b of blocks.values()) position.set(b.kind, b.start);

  let csv: string | null = null;
  let code: string | null = null;
  const csvBlock = blocks.get("csv");
  const codeBlock = blocks.get("code");
  if (csvBlock !== undefined) csv = unfence(csvBlock, "csv-fence", repairs);
  if (codeBlock !== undefined) code = unfence(codeBlock, "code-fence", repairs);

  // Fenced blocks outside the tags stand in for a missing <csv> or <code>.
  const fences = outside.flatMap(([from, to]) => findFences(text, from, to));
  const used = new Set<Fence>();
  if (csv === null) {
    const f = pickFence(fences, "csv", used);
    if (f !== undefined) {
      used.add(f);
      csv = stripOuterLineBreaks(f.content);
      position.set("csv", f.start);
      repairs.add("csv-fence", f.start);
    }
  }
  if (code === null) {
    const f = pickFence(fences, "code", used);
    if (f !== undefined) {
      used.add(f);
      code = stripOuterLineBreaks(f.content);
      position.set("code", f.start);
      repairs.add("code-fence", f.start);
    }
  }
  // Text outside the blocks and outside the (at most two) fences used in their place is dropped.
  const usedFences = [...used].sort((a, b) => a.start - b.start);
  for (const [from, to] of outside) {
    let p = from;
    let stray = -1;
    for (const f of usedFences) {
      if (stray >= 0 || f.start < from || f.start >= to) continue;
      stray = firstNonWs(text, p, f.start);
      p = f.end;
    }
    if (stray < 0) stray = firstNonWs(text, p, to);
    if (stray >= 0) repairs.add("surrounding-text", stray);
  }

  const think = blocks.has("think") ? trimWs(blocks.get("think")!.body) || null : null;
  const answer = blocks.has("answer") ? trimWs(blocks.get("answer")!.body) || null : null;

  let programmable: boolean;
  const progBlock = blocks.get("programability");
  const stated = progBlock === undefined ? null : readYesNo(progBlock.body);
  if (progBlock !== undefined && (progBlock.body === "yes" || progBlock.body === "no")) {
    programmable = progBlock.body === "yes";
  } else if (stated !== null) {
    programmable = stated;
    repairs.add("programability-value", progBlock?.start);
  } else {
    if (csv === null && code === null && think === null && answer === null) {
      throw new ResponseParseError(
        progBlock === undefined
          ? "no usable response: found no <programability>, <csv>, <code>, <think> or <answer> block and no fenced code"
          : `no usable response: <programability> holds ${JSON.stringify(trimWs(progBlock.body).slice(0, 40))} (not yes/no) and no other block was found`,
      );
    }
    if (progBlock === undefined) repairs.add("missing-programability");
    else repairs.add("programability-value", progBlock.start);
    programmable = csv !== null || code !== null;
  }

  const path: BlockKind[] = programmable ? ["programability", "csv", "code", "answer"] : ["programability", "think", "answer"];
  if (programmable) {
    const missing = [csv === null ? "<csv> (or a ```csv fence)" : "", code === null ? "<code> (or a ```ts fence)" : ""].filter(Boolean);
    if (missing.length > 0) {
      throw new ResponseParseError(`code path (programability yes) needs ${missing.join(" and ")}, but none was found`, {
        missing: [csv === null ? "csv" : null, code === null ? "code" : null].filter((m) => m !== null),
      });
    }
    if (answer === null) repairs.add("missing-answer");
  } else {
    if (answer === null) {
      throw new ResponseParseError("visual path (programability no) needs a non-empty <answer>, but none was found", {
        missing: ["answer"],
      });
    }
    if (think === null) repairs.add("missing-think");
  }
  const starts = path.filter((k) => position.has(k)).map((k) => position.get(k)!);
  if (starts.some((s, i) => i > 0 && s < starts[i - 1])) repairs.add("tag-order");
  const extra = programmable ? think !== null : csv !== null || code !== null;
  if (extra) repairs.add("extra-block");

  return { programmable, csv, code, think, answer, repairs: repairs.list() };
}
