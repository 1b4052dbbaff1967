/**
 * What one annotation may hold, and the sizes of other requests: the one set of limits that the
 * background's validation, import and the UI's inputs all use, so nothing stored anywhere is later
 * refused on edit or Undo. Generous for real reading (a 100 KB note, a long quote) but bounded so
 * one bad message cannot bloat the database or stall the worker. Pure constants: importable from
 * lib/export and components without pulling in messaging code.
 */
export const LIMITS = {
  idChars: 100,
  sourceChars: 8_192,
  titleChars: 2_000,
  quoteChars: 100_000,
  noteChars: 200_000,
  tags: 64,
  tagChars: 200,
  selectors: 16,
  selectorTypeChars: 100,
  selectorContextChars: 2_000,
  queryChars: 500,
  listLimit: 10_000,
  syncUrlChars: 2_000,
  /** A user name, an app password or a passphrase. */
  syncCredentialChars: 1_000,
} as const;

/** A selector's JSON may hold a whole quote plus context; this bounds its other keys too. */
export const SELECTOR_JSON_CHARS = LIMITS.quoteChars + 4 * LIMITS.selectorContextChars;

/** The range of a JavaScript Date, in ms: what a stored timestamp can be. */
export const MAX_TIMESTAMP = 8.64e15;
