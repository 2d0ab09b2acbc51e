/**
 * Server flavours of the OpenAI-compatible chat-completions protocol, and the one place that says
 * how each takes a decoding constraint (grammars/README.md documents the same table).
 *
 * Every flavour receives the same standard body (`model`, `messages`, `temperature`, `max_tokens`,
 * `stream`, and `stream_options.include_usage` when streaming); they differ only in the
 * constraint field below.
 */
import { UsageError } from "../errors.js";
import type { DecodingConstraint } from "./types.js";

/** The servers catbox knows how to send constraints to; "openai" is any other compatible server. */
export const SERVER_FLAVOURS = ["vllm", "llamacpp", "sglang", "ollama", "openai"] as const;
export type ServerFlavour = (typeof SERVER_FLAVOURS)[number];

type ConstraintKind = DecodingConstraint["kind"];
type FieldBuilder = (grammar: string) => Record<string, unknown>;

/**
 * Constraint kind → request-body fields, per flavour. A missing entry means "not supported".
 * - llama.cpp `llama-server`: `grammar` (GBNF text) in the body.
 * - vLLM ≥ 0.10.2: `structured_outputs: {grammar}` (GBNF for xgrammar, Lark for guidance) or
 *   `{regex}`. The older top-level `guided_grammar` / `guided_regex` were removed in v0.12.0 and are
 *   silently ignored by newer servers, so they are not sent.
 * - SGLang: `ebnf` (xgrammar reads GBNF) or `regex` in the body.
 * - Ollama and other OpenAI-compatible servers take no grammar.
 */
export const CONSTRAINT_FIELDS: Record<ServerFlavour, Partial<Record<ConstraintKind, FieldBuilder>>> = {
  llamacpp: { gbnf: (g) => ({ grammar: g }) },
  vllm: {
    gbnf: (g) => ({ structured_outputs: { grammar: g } }),
    lark: (g) => ({ structured_outputs: { grammar: g } }),
    regex: (g) => ({ structured_outputs: { regex: g } }),
  },
  sglang: { gbnf: (g) => ({ ebnf: g }), regex: (g) => ({ regex: g }) },
  ollama: {},
  openai: {},
};

/**
 * The constraint kinds a flavour takes, preferred first: GBNF everywhere it is taken (xgrammar,
 * vLLM's and SGLang's default grammar backend, reads it natively; Lark needs vLLM's guidance
 * backend), then Lark, then the regex.
 */
export function constraintKindsOf(flavour: ServerFlavour): ConstraintKind[] {
  return Object.keys(CONSTRAINT_FIELDS[flavour]) as ConstraintKind[];
}

/** "vllm (gbnf, lark, regex), llamacpp (gbnf), sglang (gbnf, regex)" — for error messages. */
function supportSummary(): string {
  return SERVER_FLAVOURS.filter((f) => Object.keys(CONSTRAINT_FIELDS[f]).length > 0)
    .map((f) => `${f} (${Object.keys(CONSTRAINT_FIELDS[f]).join(", ")})`)
    .join(", ");
}

/**
 * The body fields that carry `constraint` to a `flavour` server. Throws `UsageError` naming the
 * servers that do support it when this one does not.
 */
export function constraintFields(flavour: ServerFlavour, constraint: DecodingConstraint): Record<string, unknown> {
  const build = CONSTRAINT_FIELDS[flavour][constraint.kind];
  if (build === undefined) {
    const detected = flavour === "openai" ? " (the server's flavour was not recognised)" : "";
    throw new UsageError(
      `constrained decoding with a ${constraint.kind} grammar is not supported by ${flavour} servers${detected}; ` +
        `servers that take a grammar: ${supportSummary()}. If the server is one of them, say so with a prefix ` +
        `such as vllm:URL or llamacpp:URL`,
      { flavour, kind: constraint.kind },
    );
  }
  return build(constraint.grammar);
}

/**
 * The flavour a `/models` entry's `owned_by` reveals: vLLM says "vllm", llama-server "llamacpp",
 * SGLang "sglang", Ollama the model's namespace ("library" for official models). Anything else is
 * "openai".
 */
export function flavourFromOwnedBy(ownedBy: unknown): ServerFlavour {
  switch (typeof ownedBy === "string" ? ownedBy.toLowerCase() : "") {
    case "vllm":
      return "vllm";
    case "llamacpp":
    case "llama.cpp":
      return "llamacpp";
    case "sglang":
      return "sglang";
    case "library":
    case "ollama":
      return "ollama";
    default:
      return "openai";
  }
}
