/**
 * The Code-as-Thought reference data's text conventions: a `ground_truth` holding the gold answer,
 * table and programmability in tags, and a `prompt` that may wrap the question in a chat template
 * and instructions.
 */

/** The gold fields of a reference `ground_truth`. */
export interface ReferenceGold {
  answer: string;
  csv: string | null;
  programmable: boolean | null;
}

function tag(text: string, name: string): string | null {
  const m = new RegExp(`<\\s*${name}\\s*>([\\s\\S]*?)<\\s*/\\s*${name}\\s*>`, "i").exec(text);
  return m ? m[1]!.trim() : null;
}

/**
 * Split a `ground_truth` into answer, CSV and programmability. Tags are
 * `<answer>`, `<csv>` and `<programability>` (also `programmability`); text without an
 * `<answer>` tag is the answer itself.
 */
export function parseGroundTruth(text: string): ReferenceGold {
  const answer = tag(text, "answer");
  const csv = tag(text, "csv");
  const prog = tag(text, "programm?ability");
  let programmable: boolean | null = null;
  if (prog !== null) {
    const p = prog.toLowerCase();
    if (/^(yes|true|1|programm?able)\b/.test(p)) programmable = true;
    else if (/^(no|false|0|not)\b/.test(p)) programmable = false;
  }
  const bare = text.replace(/<\s*(csv|programm?ability|code|think)\s*>[\s\S]*?<\s*\/\s*\1\s*>/gi, "").trim();
  return { answer: answer ?? bare, csv: csv === null || csv === "" ? null : csv, programmable };
}

/** A chat message as stored in a data set (`content` a string or a list of typed parts). */
interface StoredMessage {
  role?: unknown;
  content?: unknown;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === "string" ? p : p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : ""))
      .join("");
  }
  return "";
}

/** Chat-template turn openers; the text after the last user opener is the user's turn. */
const USER_TURN = [
  /<\|im_start\|>\s*user\s*/gi,
  /<\|start_header_id\|>\s*user\s*<\|end_header_id\|>\s*/gi,
  /<start_of_turn>\s*user\s*/gi,
  /<\|user\|>\s*/gi,
  /\[INST\]\s*/g,
  /(?:^|\n)\s*(?:USER|User|Human|HUMAN)\s*:\s*/g,
];
/** Where a user turn ends. */
const TURN_END = /<\|im_end\|>|<\|eot_id\|>|<end_of_turn>|<\|end\|>|\[\/INST\]|<\|im_start\|>|(?:\n\s*(?:ASSISTANT|Assistant)\s*:)/;
/** Image placeholders and special tokens. */
const PLACEHOLDERS = /<\|vision_start\|>[\s\S]*?<\|vision_end\|>|<img>[\s\S]*?<\/img>|<image>|<\|image(?:_pad)?\|>|<\|image_\d+\|>|<\/?s>|<\|[a-z_]+\|>/gi;
/** Labels that introduce the question inside instructions. */
const QUESTION_LABEL = /(?:^|\n)[ \t]*(?:\*\*)?(?:question|query|q)(?:\*\*)?[ \t]*[:：](?:\*\*)?[ \t]*/gi;

/**
 * The question inside a reference `prompt`: a string (possibly a whole chat template), or a list of
 * chat messages (the last user message is taken). Image placeholders and special tokens are
 * removed; when the text labels the question (`Question: …`), the labelled part is taken, up to
 * a blank line or the next instruction label.
 */
export function extractQuestion(prompt: unknown): string {
  let text: string;
  if (Array.isArray(prompt)) {
    const messages = prompt as StoredMessage[];
    const users = messages.filter((m) => m && typeof m === "object" && m.role === "user");
    text = contentText((users[users.length - 1] ?? messages[messages.length - 1])?.content);
  } else if (prompt && typeof prompt === "object" && "content" in (prompt as object)) {
    text = contentText((prompt as StoredMessage).content);
  } else {
    text = typeof prompt === "string" ? prompt : String(prompt ?? "");
  }

  // The last user turn of a chat template.
  let start = -1;
  for (const re of USER_TURN) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) start = Math.max(start, m.index + m[0].length);
  }
  if (start >= 0) {
    text = text.slice(start);
    const end = TURN_END.exec(text);
    if (end) text = text.slice(0, end.index);
  }
  text = text.replace(PLACEHOLDERS, " ");

  // A labelled question inside instructions.
  QUESTION_LABEL.lastIndex = 0;
  let labelEnd = -1;
  for (let m = QUESTION_LABEL.exec(text); m !== null; m = QUESTION_LABEL.exec(text)) labelEnd = m.index + m[0].length;
  if (labelEnd >= 0) {
    const rest = text.slice(labelEnd);
    const stop = /\n\s*\n|\n[ \t]*(?:\*\*)?[A-Z][A-Za-z ]{1,30}(?:\*\*)?[ \t]*:/.exec(rest);
    const q = (stop ? rest.slice(0, stop.index) : rest).trim();
    if (q !== "") return collapse(q);
  }
  return collapse(text);
}

function collapse(text: string): string {
  return text.replace(/[ \t]+/g, " ").replace(/\s*\n\s*/g, "\n").trim();
}
