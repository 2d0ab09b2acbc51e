/**
 * The tokenizer's second pass over words: operator words between numbers, equality words
 * and approximation markers, and list bullets.
 */
import type { Op, Token } from "./arithmetic-tokens.js";

const APPROX_WORDS = new Set(["approximately", "approx", "about", "around", "roughly"]);
const WORD_OPS: Record<string, Op> = { x: "*", times: "*", plus: "+", minus: "-" };

const isOperandEnd = (t: Token | undefined): boolean => t !== undefined && (t.kind === "num" || t.kind === "rp");
const isOperandStart = (t: Token | undefined): boolean => t !== undefined && (t.kind === "num" || t.kind === "lp");
const isWord = (t: Token | undefined, text: string): boolean => t !== undefined && t.kind === "word" && t.text === text;

/**
 * Second pass: operator words between numbers (`3 x 4`, `3 times 4`, `10 divided by 4`,
 * `45% of 200`), equality words (`is`, `equals`, `is equal to`) with approximation
 * markers after any equality (`= ~2.1`, `is about 90`), and list bullets (`- `, `* ` at a
 * line start) turned into punctuation.
 */
export function applyWords(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const prev = out[out.length - 1];
    const next = tokens[k + 1];
    let made: Token = t;
    if (t.kind === "word") {
      const op = WORD_OPS[t.text];
      const two = t.text === "multiplied" || t.text === "divided" ? isWord(next, "by") : false;
      if (op !== undefined && isOperandEnd(prev) && isOperandStart(next)) {
        made = { kind: "op", op, dash: false, spaceAfter: true, start: t.start, end: t.end, space: t.space, lineStart: t.lineStart };
      } else if (two && isOperandEnd(prev) && isOperandStart(tokens[k + 2])) {
        const op2: Op = t.text === "divided" ? "/" : "*";
        made = { kind: "op", op: op2, dash: false, spaceAfter: true, start: t.start, end: next.end, space: t.space, lineStart: t.lineStart };
        k += 1;
      } else if (t.text === "of" && prev?.kind === "num" && prev.percent && isOperandStart(next)) {
        made = { kind: "op", op: "of", dash: false, spaceAfter: true, start: t.start, end: t.end, space: t.space, lineStart: t.lineStart };
      } else if (t.text === "is" || t.text === "equals") {
        let end = t.end;
        if (t.text === "is" && isWord(next, "equal") && isWord(tokens[k + 2], "to")) {
          end = tokens[k + 2].end;
          k += 2;
        }
        made = { kind: "eq", approx: false, word: true, start: t.start, end, space: t.space, lineStart: t.lineStart };
      }
    } else if (t.kind === "op" && t.lineStart && t.spaceAfter && (t.op === "-" || t.op === "*")) {
      made = { kind: "punct", text: "-", start: t.start, end: t.end, space: t.space, lineStart: t.lineStart };
    }
    if (made.kind === "eq") {
      // Approximation markers right after an equality: "= ~2.1", "= approx. 2.1", "is about 90".
      for (;;) {
        const m = tokens[k + 1];
        if (m === undefined) break;
        const marker = (m.kind === "word" && APPROX_WORDS.has(m.text)) || (m.kind === "punct" && m.text === "~") || (m.kind === "eq" && m.approx && !m.word);
        if (!marker) break;
        made = { ...made, approx: true, end: m.end };
        k += 1;
        const dot = tokens[k + 1];
        if (m.kind === "word" && m.text === "approx" && dot?.kind === "punct" && dot.text === ".") {
          made = { ...made, end: dot.end };
          k += 1;
        }
      }
    }
    out.push(made);
  }
  return out;
}
