/**
 * Prompts for asking a model about a chart: the first request in each mode (templates in
 * `grammars/prompts/`) and the follow-up message of a repair round.
 */
export {
  buildPrompt,
  loadTemplate,
  parseTemplate,
  promptTemplatePath,
  PROMPT_MODES,
  type Prompt,
  type PromptMode,
} from "./templates.js";
export { buildRepairPrompt, type PreviousAttempt, type RepairError } from "./repair.js";
