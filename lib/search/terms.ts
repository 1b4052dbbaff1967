import { pinyin } from 'pinyin-pro';
import type { Annotation, SearchIndexRow } from '../db/types';
import { hanRuns, latinTokens, normalizeText } from './normalize';
import { isSegmenterReady, segmentForIndex } from './segmenter';

/**
 * The persisted index. One row per annotation; `terms` is a multi-entry IndexedDB index, so every
 * term is one key → primary-key lookup. Terms are namespaced by a one-letter prefix:
 *
 *   c:垃     a Han character             (always; single-character queries, cold start)
 *   b:垃圾   two adjacent Han characters (always; any substring query before jieba is ready,
 *                                         and words jieba doesn't know)
 *   l:wxt    a Latin / digit token       (always; no segmenter needed)
 *   w:垃圾分类 a jieba word of ≥2 characters, from cut_for_search (only when segmented)
 *   p:lajifenlei / i:ljfl  full pinyin / initials of those words (only when segmented)
 *   t:标签   a whole tag
 *   ~unsegmented  marker on rows written before jieba was ready (see reindexUnsegmented)
 *
 * Single-character jieba words are not indexed as keys (c: already finds them); they are kept in
 * `fields` so ranking can tell 市 the word from 市 inside 城市.
 */
export const SEARCH_FIELDS = ['quote', 'note', 'tags', 'title'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const CHAR = 'c:';
export const BIGRAM = 'b:';
export const LATIN = 'l:';
export const WORD = 'w:';
export const PINYIN = 'p:';
export const INITIALS = 'i:';
export const TAG = 't:';
export const UNSEGMENTED_MARKER = '~unsegmented';

/** Per-field term counts, packed 5 bits a field (quote lowest): small rows, one number per term. */
const TF_BITS = 5;
const TF_MAX = (1 << TF_BITS) - 1;
export function packTf(counts: readonly number[]): number {
  let packed = 0;
  for (let f = SEARCH_FIELDS.length - 1; f >= 0; f--) {
    packed = packed * (TF_MAX + 1) + Math.min(counts[f] ?? 0, TF_MAX);
  }
  return packed;
}
export function unpackTf(packed: number): number[] {
  const counts: number[] = [];
  let rest = packed;
  for (let f = 0; f < SEARCH_FIELDS.length; f++) {
    counts.push(rest % (TF_MAX + 1));
    rest = Math.floor(rest / (TF_MAX + 1));
  }
  return counts;
}

export function fieldTexts(annotation: Pick<Annotation, 'quote' | 'note' | 'tags' | 'title'>): string[] {
  return [annotation.quote, annotation.note, annotation.tags.join(' '), annotation.title];
}

const pinyinCache = new Map<string, [string, string]>();
/** Full pinyin and initials without tones, ü as v (how people type it): 垃圾分类 → lajifenlei, ljfl. */
export function pinyinOf(word: string): [string, string] {
  let cached = pinyinCache.get(word);
  if (!cached) {
    const full = pinyin(word, { toneType: 'none', type: 'array', v: true }).join('');
    const initials = pinyin(word, { pattern: 'first', toneType: 'none', type: 'array', v: true }).join('');
    cached = [full, initials];
    if (pinyinCache.size > 50_000) pinyinCache.clear();
    pinyinCache.set(word, cached);
  }
  return cached;
}

const HAS_HAN = /\p{Script=Han}/u;
const WORDLIKE = /[\p{Script=Han}\p{Script=Latin}\p{Nd}]/u;

/**
 * Builds the index row for an annotation. Synchronous: lib/db calls it inside its write transaction.
 * Uses jieba when it is ready, characters only otherwise (`segmented: false`).
 */
export function buildIndexRow(annotation: Annotation): SearchIndexRow {
  const segmented = isSegmenterReady();
  const terms = new Set<string>();
  const counts = new Map<string, number[]>();
  const count = (term: string, field: number) => {
    let c = counts.get(term);
    if (!c) {
      c = [0, 0, 0, 0];
      counts.set(term, c);
    }
    c[field] = (c[field] ?? 0) + 1;
  };
  const lengths: number[] = [];
  fieldTexts(annotation).forEach((raw, field) => {
    const text = normalizeText(raw);
    lengths.push(text.length);
    for (const run of hanRuns(text)) {
      for (let i = 0; i < run.length; i++) {
        terms.add(CHAR + run[i]);
        if (i + 1 < run.length) terms.add(BIGRAM + run.slice(i, i + 2));
      }
    }
    for (const token of latinTokens(text)) {
      terms.add(LATIN + token);
      count(LATIN + token, field);
    }
    if (segmented && HAS_HAN.test(text)) {
      for (const word of segmentForIndex(text)) {
        if (!HAS_HAN.test(word) || !WORDLIKE.test(word)) continue;
        count(WORD + word, field);
        if (word.length < 2) continue;
        terms.add(WORD + word);
        const [full, initials] = pinyinOf(word);
        if (full) terms.add(PINYIN + full);
        if (initials) terms.add(INITIALS + initials);
      }
    }
  });
  for (const tag of annotation.tags) {
    const t = normalizeText(tag).trim();
    if (t) terms.add(TAG + t);
  }
  if (!segmented) terms.add(UNSEGMENTED_MARKER);
  const fields: Record<string, number> = {};
  for (const [term, c] of counts) fields[term] = packTf(c);
  return {
    id: annotation.id,
    terms: [...terms],
    segmented,
    fields,
    lengths,
    updatedAt: annotation.updatedAt,
  };
}
