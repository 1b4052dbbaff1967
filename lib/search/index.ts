/**
 * lib/search — Chinese word search over saved annotations (no DOM, no browser.*).
 *
 * Wiring (background service worker; the popup only sends messages):
 *   1. on start, without awaiting: `initSegmenter(browser.runtime.getURL('/jieba.wasm'))
 *        .then(() => reindexUnsegmented(db))` — jieba costs ~0.5–1.5 s cold; until it is ready,
 *      searches answer by characters (hits carry `approximate: true`) and writes store
 *      character terms only, which `reindexUnsegmented` upgrades afterwards (and compacts
 *      bulk index blocks: blocks/).
 *   2. per query: `searchAnnotations(db, query, { limit, color, tag, source })`.
 * lib/db calls `buildIndexRow` (synchronous) inside every write transaction, or for a large
 * batch `writeBlock` (one block of posting lists instead of a row per annotation).
 */
export type { NormalizedText } from './normalize';
export { hanRuns, isHan, latinTokens, normalizeText, normalizeWithOffsets } from './normalize';
export {
  loadPinyinTable,
  type PinyinTable,
  pinyinSpellings,
  pinyinTableLoaded,
  usePinyinTable,
} from './pinyin-table';
export type { ParsedQuery } from './query';
export { isEmptyQuery, parseQuery } from './query';
export type { HighlightRange, SearchHit, SearchOptions } from './search';
export { DEFAULT_LIMIT, reindexUnsegmented, searchAnnotations } from './search';
export {
  initSegmenter,
  isDictionaryWord,
  isSegmenterReady,
  segmentForIndex,
  segmentWords,
  USER_WORDS,
} from './segmenter';
export type { SearchField } from './terms';
export { buildIndexRow, pinyinOf, SEARCH_FIELDS } from './terms';
