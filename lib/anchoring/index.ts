/**
 * lib/anchoring — selectors ⇄ DOM ranges. DOM only (no browser.*, no storage).
 *
 * Saving: `describe(root, range)` returns a TextQuoteSelector (exact + prefix/suffix) and a
 * TextPositionSelector. Each context holds at least 32 non-whitespace characters (or runs to the
 * text's edge) and grows, up to 160, until no other place in the page shares that much context
 * around the same quote — so repeated passages stay distinguishable.
 *
 * Restoring: `anchor(root, selectors)` (synchronous; `anchorSync` is the same function typed
 * without the Promise) tries, in order:
 *   1. the saved position, accepted only if its text still equals the quote and its context agrees;
 *   2. exact occurrences of the quote (whitespace-insensitive) in the whole page, scored by
 *      prefix/suffix agreement and nearness to the old position;
 *   3. fuzzy matches (approx-string-match) in small windows only: around the old position and beside
 *      each surviving verbatim 8-character piece of the saved context. A fuzzy match needs agreeing
 *      context anyway, so a whole-page scan would add cost, not answers.
 * Evidence rules, tuned for Chinese where 2–6 character quotes are common (Hypothesis fuzzy-matches
 * a short name into an unrelated word; we must not):
 *   - fuzzy matches allow no errors below 4 characters, then one per 4 characters, and must keep
 *     the quote's digits (第3条 is not an edit of 第4条);
 *   - a context side "agrees" at ≥ 60% similarity overall *and* in the 8 characters touching the
 *     quote (so a spot shifted a few characters off the true one does not agree);
 *   - short exact matches need a few agreeing context characters, fuzzy ones 12, exact quotes of
 *     32+ characters (or 16+ occurring once in the page) none;
 *   - when one side contradicts, the other must carry a verbatim run of 16+ characters next to the
 *     quote (a moved paragraph keeps one; a look-alike sentence elsewhere does not).
 * A passage that is gone returns null (an orphan), never a look-alike elsewhere. Quotes saved
 * without any context (imports from other tools) are matched exactly, never fuzzily.
 *
 * Text model (choices):
 * - Positions count UTF-16 code units of `root.textContent` (API.md), as JS strings and Hypothesis
 *   do; text in <script>/<style>/<noscript> and ruby's <rt>/<rp> therefore counts in positions.
 * - Quotes and contexts are the reader's text of the same nodes: script/style text and the
 *   reading aid over ruby characters (<rt>, <rp>) are left out (学习汉字, not 学习汉hàn字zì), a
 *   block (p, li, td, h1…, by tag name) or a <br> starts a new line ("\n", taking in the
 *   whitespace around it), and markup's own newlines read as spaces (except in <pre>). Matching
 *   sees the reader's text too, so a quote never anchors inside text nobody reads.
 * - Matching ignores all whitespace (JS `\s`: incl. U+3000, NBSP), so reflowed or re-indented
 *   markup matches, and quotes saved before the line breaks (blocks run together) match alike.
 * - Hidden elements (display:none) count like any text: checking styles would force layout for
 *   every anchor, and positions must not depend on CSS. A range may thus land in hidden text when
 *   that is where the quote is.
 * - Open shadow roots are not entered: `root.textContent` excludes them, and Meipi's own toolbar
 *   lives in one. `describe` throws a RangeError for a range wholly outside root (e.g. in a shadow
 *   root); a range spilling out of root is clipped to it.
 *
 * For many annotations on one page call `anchorAll(root, selectorLists)`: it walks the DOM once,
 * reuses the text map for every list, finds the exact occurrences of all the batch's quotes in one
 * pass over the page (not one search per quote), and looks for an edited quote first where its
 * predecessor moved to (a page that gained text above shifts every highlight alike). Returned
 * ranges are live DOM Ranges, valid until the page changes the text nodes they point into.
 */
import { type AnchorHint, anchorRange, anchorSpan, isQuoteSelector, occurrenceTable } from './anchor';
import { describeOffsets, describeRange } from './describe';
import { buildTextIndex, fold, offsetsOfRange, rangeFromOffsets, type TextIndex } from './text-index';
import type { Selector } from './types';

export type { TextSpan } from './anchor';
export { allowedErrors } from './anchor';
export type { TextIndex } from './text-index';
export { buildTextIndex } from './text-index';
export type { OtherSelector, Selector, TextPositionSelector, TextQuoteSelector } from './types';

export function describe(root: Element, range: Range): Selector[] {
  return describeRange(buildTextIndex(root), range);
}

/** Selectors for characters [start, end) of root's text (e.g. a search hit, or a test). */
export function describePosition(root: Element, start: number, end: number): Selector[] {
  return describeOffsets(buildTextIndex(root), start, end);
}

export function anchorSync(root: Element, selectors: Selector[]): Range | null {
  return anchorRange(buildTextIndex(root), selectors);
}

export function anchor(root: Element, selectors: Selector[]): Range | null | Promise<Range | null> {
  return anchorSync(root, selectors);
}

/** One batch's hint: the text map's occurrences of all the batch's quotes, searched once when first needed. */
function batchHint(index: TextIndex, selectorLists: Selector[][]): AnchorHint {
  let table: Map<string, number[]> | undefined;
  const quotes = () => selectorLists.map((list) => fold(list.find(isQuoteSelector)?.exact ?? ''));
  return { shift: 0, occurrences: () => (table ??= occurrenceTable(index.folded().text, quotes())) };
}

/** Anchor many selector lists against one page state; the text map is built once. */
export function anchorAll(root: Element, selectorLists: Selector[][]): (Range | null)[] {
  const index = buildTextIndex(root);
  const hint = batchHint(index, selectorLists);
  return selectorLists.map((selectors) => anchorRange(index, selectors, hint));
}

/** Like anchorAll, but character offsets into root's text instead of Ranges (cheap to compare/store). */
export function anchorAllOffsets(
  root: Element,
  selectorLists: Selector[][],
): ({ start: number; end: number } | null)[] {
  const index = buildTextIndex(root);
  const hint = batchHint(index, selectorLists);
  return selectorLists.map((selectors) => anchorSpan(index, selectors, hint));
}

/** A Range over characters [start, end) of root.textContent, or null when out of bounds. */
export function rangeFromPosition(root: Element, start: number, end: number): Range | null {
  return rangeFromOffsets(buildTextIndex(root), start, end);
}

/** Character offsets of a range within root.textContent, or null when it lies wholly outside root. */
export function textOffsetsOf(root: Element, range: Range): { start: number; end: number } | null {
  return offsetsOfRange(buildTextIndex(root), range);
}

/** For callers holding a prebuilt index (e.g. anchoring in batches against one unchanged page). */
export function anchorWithIndex(index: TextIndex, selectors: Selector[]): Range | null {
  return anchorRange(index, selectors);
}
