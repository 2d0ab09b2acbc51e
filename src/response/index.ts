/**
 * The model response format: strict and tolerant parsers, their result type and the
 * closed set of repairs. Grammars for constrained decoding live in `grammars/`.
 */
export { parseResponseStrict } from "./strict-parser.js";
export { parseResponse } from "./tolerant-parser.js";
export {
  MAX_RESPONSE_BYTES,
  REPAIR_CODES,
  type ParsedResponse,
  type ParseResponseOptions,
  type RepairCode,
} from "./types.js";
