// Runs the `gbnf` npm parser over a batch of inputs in a worker thread with a large
// stack: the library resolves each repetition recursively, so its stack depth grows
// with input length. Receives { grammar, inputs } as workerData; posts one result per
// input: true (accepted), false (rejected), or an error string for grammar problems.
import { parentPort, workerData } from "node:worker_threads";
import GBNF, { InputParseError, RuleType } from "gbnf";

const { grammar, inputs } = workerData;
GBNF(grammar); // throws GrammarParseError here if the grammar itself is invalid
const results = inputs.map((input) => {
  try {
    // A fresh state per input: the library's graph keeps every input it has seen.
    const state = GBNF(grammar, input);
    return [...state].some((rule) => rule.type === RuleType.END);
  } catch (err) {
    if (err instanceof InputParseError || err?.name === "InputParseError") return false;
    return `error: ${err?.message ?? String(err)}`;
  }
});
parentPort.postMessage(results);
