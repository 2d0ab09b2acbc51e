/**
 * A small Server-Sent Events reader for streamed chat completions: yields the `data` of each event
 * (multi-line data joined with "\n"), skips comments and other fields, and stops after `[DONE]`.
 */

/** What `readSseData` yields: an event's data, or the end marker. */
export type SseData = { done: false; data: string } | { done: true };

/**
 * Read events from a response body. Errors of the underlying stream (a connection closed mid-body,
 * an abort) propagate to the caller; the reader is released when iteration stops early.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<SseData> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (done) buffer = buffer.replace(/\r$/, "\n");
      // Keep a trailing "\r" back: it may be half of a "\r\n" split across chunks.
      const lines = buffer.split(/\r\n|\n|\r(?!$)/);
      buffer = done ? "" : lines.pop()!;
      for (const line of lines) {
        if (line === "") {
          if (data.length > 0) {
            const event = data.join("\n");
            data = [];
            if (event.trim() === "[DONE]") {
              finished = true;
              yield { done: true };
              return;
            }
            yield { done: false, data: event };
          }
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        if (field !== "data") continue;
        let value = colon === -1 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        data.push(value);
      }
      if (done) {
        // A last event without its blank line still counts.
        if (data.length > 0) {
          const event = data.join("\n");
          if (event.trim() === "[DONE]") {
            finished = true;
            yield { done: true };
          } else yield { done: false, data: event };
        }
        return;
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
