/**
 * Prompt templates for the three ways of asking a model about a chart. The templates are
 * Markdown files beside the grammars (`grammars/prompts/{adaptive,code,cot}.md`), loaded
 * once from the package root. Each file has a maintainer note (not sent), then
 * `<!-- system -->` and the system message, then `<!-- user -->` and the user message with
 * `{{question}}` where the question goes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { packageRoot } from "../paths.js";

/** How the model is asked: decide programmability itself (default), always write code, or reason visually. */
export type PromptMode = "adaptive" | "code" | "cot";

/** Every prompt mode, the default first. */
export const PROMPT_MODES: readonly PromptMode[] = ["adaptive", "code", "cot"];

/** The two messages of a first request (the image goes with the user message). */
export interface Prompt {
  system: string;
  user: string;
}

interface Template {
  system: string;
  user: string;
}

const SYSTEM_MARKER = "<!-- system -->";
const USER_MARKER = "<!-- user -->";
const QUESTION = "{{question}}";

const cache = new Map<PromptMode, Template>();

/** Path of a mode's template file inside the package. */
export function promptTemplatePath(mode: PromptMode): string {
  return join(packageRoot(), "grammars", "prompts", `${mode}.md`);
}

/** Splits a template file into its system and user parts; throws if its markers are wrong. */
export function parseTemplate(text: string, name = "template"): Template {
  const s = text.indexOf(SYSTEM_MARKER);
  const u = text.indexOf(USER_MARKER);
  if (s < 0 || u < s || text.indexOf(SYSTEM_MARKER, s + 1) >= 0 || text.indexOf(USER_MARKER, u + 1) >= 0) {
    throw new Error(`catbox: prompt ${name} must have one "${SYSTEM_MARKER}" line followed by one "${USER_MARKER}" line`);
  }
  const system = text.slice(s + SYSTEM_MARKER.length, u).trim();
  const user = text.slice(u + USER_MARKER.length).trim();
  if (system === "" || user.split(QUESTION).length !== 2) {
    throw new Error(`catbox: prompt ${name} needs a system message and exactly one ${QUESTION} in its user message`);
  }
  return { system, user };
}

/** The parsed template of a mode, read from disk on first use. */
export function loadTemplate(mode: PromptMode): Template {
  let template = cache.get(mode);
  if (template === undefined) {
    if (!PROMPT_MODES.includes(mode)) {
      throw new UsageError(`unknown prompt mode ${JSON.stringify(mode)}; expected one of ${PROMPT_MODES.join(", ")}`);
    }
    template = parseTemplate(readFileSync(promptTemplatePath(mode), "utf8"), `${mode}.md`);
    cache.set(mode, template);
  }
  return template;
}

/**
 * The system and user messages for asking `question` in `mode`. The question is inserted
 * as it is (trimmed); the chart image is sent with the user message by the caller.
 */
export function buildPrompt(mode: PromptMode, question: string): Prompt {
  const template = loadTemplate(mode);
  const q = question.trim();
  if (q === "") throw new UsageError("the question is empty");
  const [before, after] = template.user.split(QUESTION);
  return { system: template.system, user: before + q + after };
}
