import type { ChartDetector } from "./types.js";

// Placeholder while the bar reader is being written; it reads nothing.
export const barDetector: ChartDetector = {
  name: "bar",
  detect: () => ({ ok: false, reason: "bar reader not written yet" }),
};
