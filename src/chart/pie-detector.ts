import type { ChartDetector } from "./types.js";

// Placeholder while the pie reader is being written; it reads nothing.
export const pieDetector: ChartDetector = {
  name: "pie",
  detect: () => ({ ok: false, reason: "pie reader not written yet" }),
};
