import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import { buildIndexRow } from '../search/terms';
import type { Annotation, IndexBlock, IndexChunk, IndexStale, SearchIndexRow } from './types';

export const DEFAULT_DB_NAME = 'meipi';

/**
 * Schema history. Never edit a published version: add a new `version(n)` with an `upgrade()`.
 * test/unit/db/migrations.test.ts opens databases written by every earlier version.
 *
 * v1: annotations only.
 * v2: the persisted search index (one row per annotation, multi-entry `terms`), filled for existing rows.
 * v3: bulk index blocks (posting lists of large batches: an import of 10k annotations writes a few
 *     dozen records instead of ~900k index entries), their chunks, and stale members; the unused
 *     `segmented` index of searchIndex is dropped. Existing rows stay as they are.
 */
export const SCHEMA_V1 = {
  annotations: 'id, source, createdAt, updatedAt, color, *tags',
} as const;

export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  searchIndex: 'id, *terms, segmented',
} as const;

export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  searchIndex: 'id, *terms',
  indexBlocks: 'id',
  indexChunks: '[block+n]',
  indexStale: '[block+id]',
} as const;

export class MeipiDatabase extends Dexie {
  annotations!: EntityTable<Annotation, 'id'>;
  searchIndex!: EntityTable<SearchIndexRow, 'id'>;
  indexBlocks!: EntityTable<IndexBlock, 'id'>;
  indexChunks!: Table<IndexChunk, [string, number]>;
  indexStale!: Table<IndexStale, [string, string]>;

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx: Transaction) => {
        const rows = await tx.table<Annotation, string>('annotations').toArray();
        await tx.table<SearchIndexRow, string>('searchIndex').bulkPut(rows.map(buildIndexRow));
      });
    this.version(3).stores(SCHEMA_V3);
  }

  /** Every table a write of annotations touches: lib/db's transactions, and callers that wrap them. */
  get writeTables(): Table[] {
    return [this.annotations, this.searchIndex, this.indexBlocks, this.indexChunks, this.indexStale];
  }
}

export function openDatabase(name: string = DEFAULT_DB_NAME): MeipiDatabase {
  return new MeipiDatabase(name);
}
