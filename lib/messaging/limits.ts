/**
 * Size limits on what the background accepts. Generous for real reading (a 100 KB note, a long
 * quote) but bounded so one bad message cannot bloat the database or stall the worker.
 */
export const LIMITS = {
  sourceChars: 8_192,
  titleChars: 2_000,
  quoteChars: 100_000,
  noteChars: 200_000,
  tags: 64,
  tagChars: 200,
  selectors: 16,
  selectorContextChars: 2_000,
  queryChars: 500,
  listLimit: 10_000,
} as const;
