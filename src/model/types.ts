/** A part of a chat message: text, or an image (already prepared: encoded bytes + media type). */
export type ContentPart =
  | { type: "text"; text: string }
  | { type: "image"; mediaType: "image/png" | "image/jpeg" | "image/webp"; data: Uint8Array };

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string | ContentPart[];
}

/** A grammar the server should constrain decoding with (see grammars/README.md for which server takes which). */
export interface DecodingConstraint {
  kind: "gbnf" | "lark" | "regex";
  grammar: string;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  /** Default 0 (greedy). */
  temperature?: number;
  /** Default 2048. */
  maxTokens?: number;
  constraint?: DecodingConstraint;
  /** Called with each streamed text delta (streaming is used when this is set). */
  onToken?: (delta: string) => void;
  signal?: AbortSignal;
  /**
   * What is being asked, for backends that do not read prompts (the local backend): the question
   * as the user wrote it and the round's purpose. Model servers ignore it.
   */
  task?: { question: string; purpose: "answer" | "repair" | "cot" };
}

export interface GenerateResult {
  text: string;
  /** The model id the server reported (or was asked for). */
  model: string;
  finishReason: string | null;
  usage?: { promptTokens: number; completionTokens: number };
  /** HTTP attempts made (1 + retries). */
  attempts: number;
  ms: number;
  /** Set by a backend that cannot answer (the local one, on a chart it cannot read): why. */
  declined?: string;
  /** The local backend's chart reading and question shape (how its table and code were made). */
  reading?: LocalReadingSummary;
}

/** What the local backend read from a chart, as reported with its answer. */
export interface LocalReadingSummary {
  /** Chart kind (`vbar`, `line`, `pie`…), or null when no reading was usable. */
  kind: string | null;
  confidence: number | null;
  valueSource?: string;
  scale?: { slope: number; intercept: number; ticks: number; residual: number };
  /** The question shape compiled (or the visual shape), when compiled. */
  shape?: string;
  notes: string[];
  ms: { ocr: number; geometry: number; compile: number };
}

/** A model backend: one implementation per file under src/model/, chosen by `createModelBackend`. */
export interface ModelBackend extends AsyncDisposable {
  /** A stable description for traces, e.g. "openai-compatible:http://127.0.0.1:8000/v1#Qwen2.5-VL-7B". */
  readonly id: string;
  /**
   * Grammar forms the server accepts for constrained decoding, preferred first (empty: none).
   * Undefined while unknown: a backend that detects its server learns it in `ready()`.
   */
  readonly constraintKinds?: ReadonlyArray<DecodingConstraint["kind"]>;
  /**
   * Learn what the backend needs from its server (e.g. the model name and server flavour, from
   * `GET /models`), so `id` and `constraintKinds` are final. Optional; `generate` does it itself.
   */
  ready?(signal?: AbortSignal): Promise<void>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  dispose(): Promise<void>;
}
