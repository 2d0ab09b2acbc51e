import type { ChartDetector } from "./types.js";

// Placeholder while the line reader is being written; it reads nothing.
export const lineDetector: ChartDetector = {
  name: "line",
  detect: () => ({ ok: false, reason: "line reader not written yet" }),
};
