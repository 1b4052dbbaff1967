/**
 * lib/search — Chinese word search over saved annotations (no DOM, no browser.*). It owns the
 * search index: its records and tables (tables.ts) and every write to them. It depends on the
 * annotation model (lib/model), never on lib/db: lib/db passes its tables in (`IndexTables`).
 *
 * Wiring (background service worker; the popup only sends messages):
 *   1. on start, without awaiting: `initSegmenter(browser.runtime.getURL('/jieba.wasm'))
 *        .then(() => maintainSearchIndex(db))` — jieba costs ~0.5–1.5 s cold; until it is ready,
 *      searches answer by characters (hits carry `approximate: true`) and writes store
 *      character terms only, which `maintainSearchIndex` upgrades afterwards (and compacts
 *      bulk index blocks: blocks/).
 *   2. per query: `searchPage(db, query, { limit, color, tag, source, shown })` (hits and the
 *      total; `searchAnnotations` is its hits alone).
 * lib/db calls `indexAnnotations` / `unindexAnnotations` inside every write transaction (they
 * choose a row per annotation, or one block of posting lists for a large batch), and one
 * function per schema upgrade that touches the index (`buildIndexRows`, `rebuildIndex`).
 *
 * Files: query.ts (the query language) → clauses.ts (what each part matches, filters) over
 * lookup.ts (reading rows and blocks by term) → matches.ts (text checks, highlights) →
 * ranking.ts (BM25F, corpus stats, recency) → search.ts (composes them); read-cache.ts keeps
 * lookups and records between keystrokes until a write commits. Writes: indexing.ts (in
 * lib/db's transactions), maintenance.ts (background), blocks/ (the bulk layout); terms.ts (the
 * term format), normalize.ts, segmenter.ts and pinyin-table.ts (text → terms).
 */

export { buildIndexRows, indexAnnotations, rebuildIndex, unindexAnnotations } from './indexing';
export { maintainSearchIndex } from './maintenance';
export type { HighlightRange } from './matches';
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
export type { SearchHit, SearchOptions, SearchPage } from './search';
export { DEFAULT_LIMIT, searchAnnotations, searchPage } from './search';
export {
  initSegmenter,
  isDictionaryWord,
  isSegmenterReady,
  segmentForIndex,
  segmentWords,
  USER_WORDS,
} from './segmenter';
export type {
  IndexBlock,
  IndexChunk,
  IndexDatabase,
  IndexStale,
  IndexTables,
  SearchIndexRow,
} from './tables';
export { writeTablesOf } from './tables';
export type { SearchField } from './terms';
export { buildIndexRow, pinyinOf, SEARCH_FIELDS } from './terms';
