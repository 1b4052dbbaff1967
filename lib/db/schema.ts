import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import {
  buildIndexRows,
  type IndexBlock,
  type IndexChunk,
  type IndexStale,
  type IndexTables,
  rebuildIndex,
  type SearchIndexRow,
  writeTablesOf,
} from '../search';
import { DEFAULT_DB_NAME } from './layout';
import type { ReviewRecord } from './review-tables';
import type { LocalChange, SyncVersion, Tombstone } from './sync-tables';
import type { Annotation } from './types';
import type { VaultFileRecord, VaultRecord } from './vault-tables';

/**
 * Schema history. Never edit a published version: add a new `version(n)` with an `upgrade()`.
 * test/unit/db/migrations.test.ts opens databases written by every earlier version. The index
 * tables' records belong to lib/search, and so does their content: an upgrade that touches the
 * index is one call into it.
 *
 * v1: annotations only.
 * v2: the persisted search index (one row per annotation, multi-entry `terms`), filled for existing rows.
 * v3: bulk index blocks (posting lists of large batches: an import of 10k annotations writes a few
 *     dozen records instead of ~900k index entries), their chunks, and stale members. Fewer table
 *     indexes, because Chromium pays for every index key of every write: createdAt (listing sorts
 *     in memory), color and tags (filters read the search index's k: and t: terms) and the unused
 *     `segmented` of searchIndex are dropped. The index is rebuilt in the new term format (with
 *     colour terms; a large collection as one block, by characters): maintenance adds the words once
 *     jieba is ready.
 * v4: sync (lib/sync): `changes`, the log of local writes not yet confirmed sent (auto-increment
 *     `seq`, the annotation `id`); `tombstones`, deleted ids with their deletion's version, so a
 *     deletion propagates and is never undone by an older edit; `versions`, an annotation's sync
 *     version where it is not (updatedAt, this device): applied from another device, or put back over
 *     a newer one. Every annotation already stored is logged as a change, so the first sync sends it.
 * v5: daily review (lib/review): `reviews`, one FSRS record per reviewed annotation, keyed by its id;
 *     nothing to fill (an annotation without one is new to review).
 * v6: the vault folder (lib/vault): `vault`, one row with the chosen folder's handle, the auto setting
 *     and the last export's status; `vaultFiles`, the manifest of the notes Meipi wrote there.
 */
export const SCHEMA_V1 = {
  annotations: 'id, source, createdAt, updatedAt, color, *tags',
} as const;

export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  searchIndex: 'id, *terms, segmented',
} as const;

export const SCHEMA_V3 = {
  annotations: 'id, source, updatedAt',
  searchIndex: 'id, *terms',
  indexBlocks: 'id',
  indexChunks: '[block+n]',
  indexStale: '[block+id]',
} as const;

export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  changes: '++seq, id',
  tombstones: 'id',
  versions: 'id',
} as const;

export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  reviews: 'id',
} as const;

export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  vault: 'key',
  vaultFiles: 'id',
} as const;

export { DEFAULT_DB_NAME };

export class MeipiDatabase extends Dexie implements IndexTables {
  annotations!: EntityTable<Annotation, 'id'>;
  searchIndex!: EntityTable<SearchIndexRow, 'id'>;
  indexBlocks!: EntityTable<IndexBlock, 'id'>;
  indexChunks!: Table<IndexChunk, [string, number]>;
  indexStale!: Table<IndexStale, [string, string]>;
  changes!: Table<LocalChange, number>;
  tombstones!: EntityTable<Tombstone, 'id'>;
  versions!: EntityTable<SyncVersion, 'id'>;
  reviews!: EntityTable<ReviewRecord, 'id'>;
  vault!: EntityTable<VaultRecord, 'key'>;
  vaultFiles!: EntityTable<VaultFileRecord, 'id'>;

  constructor(name: string = DEFAULT_DB_NAME) {
    // Dexie's liveQuery cache deep-clones every result it hands out: ~0.2 s of the library page's
    // thread for 25k annotations each time any write re-runs its listing. Our queries don't need it.
    super(name, { cache: 'disabled' });
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade((tx: Transaction) =>
        buildIndexRows({ annotations: tx.table('annotations'), searchIndex: tx.table('searchIndex') }),
      );
    this.version(3)
      .stores(SCHEMA_V3)
      .upgrade((tx: Transaction) =>
        rebuildIndex({
          annotations: tx.table('annotations'),
          searchIndex: tx.table('searchIndex'),
          indexBlocks: tx.table('indexBlocks'),
          indexChunks: tx.table('indexChunks'),
          indexStale: tx.table('indexStale'),
        }),
      );
    this.version(4)
      .stores(SCHEMA_V4)
      .upgrade(async (tx: Transaction) => {
        const ids = await tx.table('annotations').toCollection().primaryKeys();
        await tx.table('changes').bulkAdd(ids.map((id) => ({ id })));
      });
    this.version(5).stores(SCHEMA_V5);
    this.version(6).stores(SCHEMA_V6);
  }

  /** Every table a write of annotations touches: lib/db's transactions, and callers that wrap them. */
  get writeTables(): Table[] {
    return [...writeTablesOf(this), this.changes, this.tombstones, this.versions, this.reviews];
  }
}

export function openDatabase(name: string = DEFAULT_DB_NAME): MeipiDatabase {
  return new MeipiDatabase(name);
}
