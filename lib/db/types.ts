import type { Selector } from '../anchoring/types';

export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type Color = (typeof COLORS)[number];

export interface Annotation {
  /** UUID */
  id: string;
  /** Page URL (normalised), or a stable URI for a bundled article. */
  source: string;
  /** Page or article title. */
  title: string;
  /** The highlighted text; '' for a page-level note. */
  quote: string;
  selectors: Selector[];
  color: Color;
  note: string;
  tags: string[];
  /** ms since epoch */
  createdAt: number;
  updatedAt: number;
}

export interface AnnotationInput {
  source: string;
  title: string;
  quote: string;
  selectors: Selector[];
  color?: Color;
  note?: string;
  tags?: string[];
}

export function isColor(value: unknown): value is Color {
  return typeof value === 'string' && (COLORS as readonly string[]).includes(value);
}

/**
 * One row of the persisted search index, written in the same transaction as its annotation.
 * Built by lib/search/terms (`buildIndexRow`); `segmented` is false when jieba was not ready
 * and only character terms were stored, so the background can re-index the row later.
 */
export interface SearchIndexRow {
  id: string;
  /** Prefixed index terms (multi-entry): see lib/search/terms.ts. */
  terms: string[];
  segmented: boolean;
}

/**
 * A bulk-written part of the search index (see lib/search/blocks/): the posting lists of a
 * batch of annotations, written once instead of one index entry per term per annotation.
 * Immutable once written; members later edited or deleted are listed in `indexStale`.
 */
export interface IndexBlock {
  id: string;
  /** Annotation ids; a posting refers to a member by its position here. */
  members: string[];
  /** Each member's updatedAt when the block was built (newest-first search reads by it). */
  updated: number[];
  /** Built with jieba (false: character terms only, rebuilt once jieba is ready). */
  segmented: boolean;
  /** The term format (lib/search/terms.ts FORMAT_MARKER) it was built with. */
  format: string;
  /** First term of each chunk, ascending: which chunk may hold a term. */
  firstTerms: string[];
}

/** A run of consecutive terms of a block and their posting lists. */
export interface IndexChunk {
  block: string;
  n: number;
  /** Ascending. */
  terms: string[];
  /** Postings of terms[i] are ords[ends[i-1] ?? 0 .. ends[i]]: member positions. */
  ends: Uint32Array;
  ords: Uint32Array;
}

/** A block member whose block entries no longer count (edited, deleted, or re-imported since). */
export interface IndexStale {
  block: string;
  id: string;
}
