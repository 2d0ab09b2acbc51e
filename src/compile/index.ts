/**
 * The question compiler: a deterministic, model-free path from a chart question and its table to a
 * readable TypeScript snippet that the sandbox runs (`compileQuestion`). Questions outside the
 * supported shapes are refused with a reason, never guessed.
 */
export { compileQuestion } from "./compile-question.js";
export { QUESTION_SHAPES, type CompileFailure, type CompileResult, type CompileSuccess, type QuestionShape } from "./types.js";
