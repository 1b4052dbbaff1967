import { Dexie, type EntityTable, type Transaction } from 'dexie';
import { buildIndexRow } from '../search/terms';
import type { Annotation, SearchIndexRow } from './types';

export const DEFAULT_DB_NAME = 'meipi';

/**
 * Schema history. Never edit a published version: add a new `version(n)` with an `upgrade()`.
 * test/unit/db/migrations.test.ts opens databases written by every earlier version.
 *
 * v1: annotations only.
 * v2: the persisted search index (one row per annotation, multi-entry `terms`), filled for existing rows.
 */
export const SCHEMA_V1 = {
  annotations: 'id, source, createdAt, updatedAt, color, *tags',
} as const;

export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  searchIndex: 'id, *terms, segmented',
} as const;

export class MeipiDatabase extends Dexie {
  annotations!: EntityTable<Annotation, 'id'>;
  searchIndex!: EntityTable<SearchIndexRow, 'id'>;

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx: Transaction) => {
        const rows = await tx.table<Annotation, string>('annotations').toArray();
        await tx.table<SearchIndexRow, string>('searchIndex').bulkPut(rows.map(buildIndexRow));
      });
  }
}

export function openDatabase(name: string = DEFAULT_DB_NAME): MeipiDatabase {
  return new MeipiDatabase(name);
}
