import type { TableWarning } from "./types.js";

/** At most this many warnings of one code are kept; the rest are summarised in one more warning. */
export const WARNINGS_PER_CODE = 10;

/**
 * Collects parse warnings without letting a large messy table produce thousands of them: after
 * {@link WARNINGS_PER_CODE} warnings of one code, further ones are counted and summarised.
 */
export class WarningSink {
  private readonly list: TableWarning[] = [];
  private readonly counts = new Map<TableWarning["code"], number>();

  add(warning: TableWarning): void {
    const n = (this.counts.get(warning.code) ?? 0) + 1;
    this.counts.set(warning.code, n);
    if (n <= WARNINGS_PER_CODE) this.list.push(warning);
  }

  /** The kept warnings plus one summary per code that overflowed. */
  finish(): TableWarning[] {
    const out = [...this.list];
    for (const [code, n] of this.counts) {
      if (n > WARNINGS_PER_CODE) {
        out.push({ code, message: `…and ${n - WARNINGS_PER_CODE} more ${code} warnings (${n} in all).` });
      }
    }
    return out;
  }
}
