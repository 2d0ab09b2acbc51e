/** An answer was produced. */
export const EXIT_OK = 0;
/** Usage error or unreadable input. */
export const EXIT_USAGE = 2;
/** The run failed to produce an answer (the JSON says why). */
export const EXIT_FAILED = 3;
/** Interrupted (Ctrl-C). */
export const EXIT_INTERRUPTED = 130;
