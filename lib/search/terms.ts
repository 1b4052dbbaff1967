import type { Annotation } from '../model';
import { hanRuns, latinTokens, normalizeText } from './normalize';
import { pinyinSpellings } from './pinyin-table';
import { isSegmenterReady, segmentForIndex } from './segmenter';
import type { SearchIndexRow } from './tables';

/**
 * The persisted index. One row per annotation; `terms` is a multi-entry IndexedDB index, so every
 * term is one key → primary-key lookup. (Large batches store the same terms, without time slices,
 * as posting lists in bulk blocks instead: see blocks/.) Terms are namespaced by a one-letter prefix:
 *
 *   c:垃     a Han character             (always; single characters, and words jieba doesn't know)
 *   b:垃圾   two adjacent Han characters (only while unsegmented: fast character search before
 *                                         jieba is ready; segmented rows don't need them)
 *   l:wxt    a Latin / digit token       (always; no segmenter needed)
 *   w:垃圾分类 a jieba word of ≥2 characters in quote, note or tags, and the dictionary sub-words
 *                                         that tile it (垃圾, 分类; not 人事 in 感人|事迹: see
 *                                         segmentForIndex); only when segmented
 *   h:垃圾分类 the same for the page title — kept apart because a title is shared by every
 *                                         highlight on the page: title-only matches rank low and
 *                                         are cheap to tell apart before any row is loaded
 *   p:lajifenlei  full pinyin of those words; i:ljfl their initials. A query spelling several
 *                                        consecutive words (jiqixuexi, jqxx: 机器|学习) is looked
 *                                        up word by word and checked in the text (pinyin-runs.ts),
 *                                        so runs of words need no terms of their own
 *   t:标签   a whole tag (normalised), for tag filters too
 *   k:yellow the colour, for colour filters (the annotations table has no colour index)
 *   ~unsegmented  marker on rows written before jieba was ready (see maintenance.ts)
 *   ~format:5     marker of this term format; rows without it are rebuilt (see maintenance.ts)
 *
 *   s:市     a character jieba kept as a word of its own (市、区), so ranking can tell it from 市
 *            inside 城市 without reading the text
 *
 * Every term but the marker ends in a time slice (`w:垃圾分类\u0001` + the annotation's updatedAt
 * in minutes, base 36). An exact lookup reads the range of all slices of its term; a query over a
 * large collection can first read just the newest slices of each posting list (see search.ts).
 *
 * Rows hold nothing else: ranking reads the (smaller) annotations of the few candidates it scores.
 */
export const SEARCH_FIELDS = ['quote', 'note', 'tags', 'title'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const CHAR = 'c:';
export const BIGRAM = 'b:';
export const LATIN = 'l:';
export const WORD = 'w:';
export const TITLE_WORD = 'h:';
export const TITLE_FIELD = SEARCH_FIELDS.indexOf('title');
export const PINYIN = 'p:';
export const INITIALS = 'i:';
export const TAG = 't:';
export const COLOR = 'k:';
export const SINGLE_WORD = 's:';
export const UNSEGMENTED_MARKER = '~unsegmented';
/** On every row of the current format: rows without it are rebuilt by maintainSearchIndex. */
export const FORMAT_MARKER = '~format:5';
/** Separates a term from its time slice; sorts below every character a term can contain. */
export const SLICE = '\u0001';
export const SLICE_END = '\u0002';

/** Fixed-width, so slices sort by time: minutes since the epoch in base 36. */
export function timeSlice(ms: number): string {
  return Math.max(0, Math.floor(ms / 60_000))
    .toString(36)
    .padStart(7, '0');
}

export function fieldTexts(annotation: Pick<Annotation, 'quote' | 'note' | 'tags' | 'title'>): string[] {
  return [annotation.quote, annotation.note, annotation.tags.join(' '), annotation.title];
}

/** Full pinyin and initials without tones, ü as v (how people type it): 垃圾分类 → lajifenlei, ljfl.
 *  Every spelling of a word with polyphonic characters (see pinyin-table.ts). */
export function pinyinOf(word: string): [string, string][] {
  return pinyinSpellings(word);
}

const HAS_HAN = /\p{Script=Han}/u;
const WORDLIKE = /[\p{Script=Han}\p{Script=Latin}\p{Nd}]/u;

/**
 * Terms of one field's text in the order found (duplicates possible), as [prefix, body, prefix,
 * body, …]: bulk builds key their maps by body per prefix, sparing a concatenated string (and its
 * hashing) for each of a million term occurrences.
 */
function fieldTerms(raw: string, field: number, segmented: boolean): string[] {
  const out: string[] = [];
  const text = normalizeText(raw);
  for (const run of hanRuns(text)) {
    for (let i = 0; i < run.length; i++) {
      out.push(CHAR, run[i] ?? '');
      if (!segmented && i + 1 < run.length) out.push(BIGRAM, run.slice(i, i + 2));
    }
  }
  for (const token of latinTokens(text)) out.push(LATIN, token);
  if (!segmented || !HAS_HAN.test(text)) return out;
  for (const word of segmentForIndex(text)) {
    if (!HAS_HAN.test(word) || !WORDLIKE.test(word)) continue;
    if ([...word].length < 2) {
      out.push(SINGLE_WORD, word);
      continue;
    }
    out.push(field === TITLE_FIELD ? TITLE_WORD : WORD, word);
    for (const [full, initials] of pinyinOf(word)) {
      out.push(PINYIN, full);
      out.push(INITIALS, initials);
    }
  }
  return out;
}

/**
 * Remembers the terms of page titles during one bulk build: every highlight of a page shares
 * its title, so a 10k import would otherwise segment the same few hundred titles thousands of times.
 */
export type TitleMemo = Map<string, string[]>;

/**
 * Calls `visit(prefix, body)` for each term (prefix + body, e.g. 'w:' + '垃圾分类') of an
 * annotation, without time slices or markers; a term may come more than once. What both index
 * layouts store: per-row rows add slices, bulk blocks keep them bare. Uses jieba when `segmented`.
 */
export function visitIndexTerms(
  annotation: Annotation,
  segmented: boolean,
  titles: TitleMemo | undefined,
  visit: (prefix: string, body: string) => void,
): void {
  const fields = fieldTexts(annotation);
  for (let field = 0; field < fields.length; field++) {
    const raw = fields[field] ?? '';
    let found: string[] | undefined;
    if (field === TITLE_FIELD && titles) {
      found = titles.get(raw);
      if (!found) {
        found = fieldTerms(raw, field, segmented);
        titles.set(raw, found);
      }
    } else found = fieldTerms(raw, field, segmented);
    for (let i = 0; i + 1 < found.length; i += 2) visit(found[i] ?? '', found[i + 1] ?? '');
  }
  for (const tag of annotation.tags) {
    const t = normalizeText(tag).trim();
    if (t) visit(TAG, t);
  }
  visit(COLOR, annotation.color);
}

/** The distinct terms of an annotation (see visitIndexTerms). */
export function indexTerms(annotation: Annotation, segmented: boolean, titles?: TitleMemo): Set<string> {
  const terms = new Set<string>();
  visitIndexTerms(annotation, segmented, titles, (prefix, body) => terms.add(prefix + body));
  return terms;
}

/**
 * Builds the index row for an annotation. Synchronous: lib/db calls it inside its write transaction.
 * Uses jieba when it is ready, characters only otherwise (`segmented: false`).
 */
export function buildIndexRow(annotation: Annotation): SearchIndexRow {
  const segmented = isSegmenterReady();
  const slice = SLICE + timeSlice(annotation.updatedAt);
  const terms: string[] = [];
  for (const term of indexTerms(annotation, segmented)) terms.push(term + slice);
  if (!segmented) terms.push(UNSEGMENTED_MARKER);
  terms.push(FORMAT_MARKER);
  return { id: annotation.id, terms, segmented };
}
