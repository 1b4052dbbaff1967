import type { Dexie, EntityTable, Table } from 'dexie';
import type { Annotation } from '../model';

// The search index's records and the tables lib/search reads and writes. lib/db declares these
// tables in its schema and passes itself (or an upgrade transaction's tables) in: lib/search never
// sees the rest of the database.

/**
 * One row of the persisted search index, written in the same transaction as its annotation.
 * Built by terms.ts (`buildIndexRow`); `segmented` is false when jieba was not ready and only
 * character terms were stored, so maintenance can re-index the row later.
 */
export interface SearchIndexRow {
  id: string;
  /** Prefixed index terms (multi-entry): see terms.ts. */
  terms: string[];
  segmented: boolean;
}

/**
 * A bulk-written part of the search index (see blocks/): the posting lists of a batch of
 * annotations, written once instead of one index entry per term per annotation.
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
  /** The term format (terms.ts FORMAT_MARKER) it was built with. */
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

/**
 * The index tables, and the annotations they index (read only: lib/db writes annotations).
 * Call the functions that take them inside the caller's transaction, or outside any to read.
 */
export interface IndexTables {
  annotations: EntityTable<Annotation, 'id'>;
  searchIndex: EntityTable<SearchIndexRow, 'id'>;
  indexBlocks: EntityTable<IndexBlock, 'id'>;
  indexChunks: Table<IndexChunk, [string, number]>;
  indexStale: Table<IndexStale, [string, string]>;
}

/** What maintenance needs besides the tables: its own transactions, small ones so edits interleave. */
export type IndexDatabase = IndexTables & Pick<Dexie, 'transaction'>;

/** Every table a write of annotations touches: the annotations and their index. */
export function writeTablesOf(tables: IndexTables): Table[] {
  return [tables.annotations, tables.searchIndex, tables.indexBlocks, tables.indexChunks, tables.indexStale];
}
