export type { NormalizedText } from './normalize';
export { hanRuns, isHan, latinTokens, normalizeText, normalizeWithOffsets } from './normalize';
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
