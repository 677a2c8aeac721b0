// Limits on what the front end accepts: kept apart so both parsers (fast-parser.ts, grammar-parse.ts) share them.

/** Models are small; a limit keeps a pathological input from costing unbounded time and memory. */
export const MAX_SOURCE_LENGTH = 64 * 1024 * 1024;
/** Brackets nest this deep at most: enough for any model, and far below the parser's stack limit. */
export const MAX_NESTING = 64;
