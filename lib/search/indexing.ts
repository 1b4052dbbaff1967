import type { Annotation } from '../model';
import { blockTuning, buildBlock, retireFromBlocks, writeBlock } from './blocks';
import type { IndexTables } from './tables';
import { buildIndexRow } from './terms';

// Keeping the index in step with lib/db's writes: call these inside the transaction that writes
// or deletes the annotations (every table of `writeTablesOf`), so both commit or neither does.

/**
 * Indexes annotations just put: one index row each, or for a large batch one bulk block
 * (blocks/: ~60 records instead of ~90 keys per row). Their older index entries stop counting.
 */
export async function indexAnnotations(
  tables: IndexTables,
  annotations: readonly Annotation[],
): Promise<void> {
  if (annotations.length >= blockTuning.bulkMin) {
    await writeBlock(tables, annotations);
    return;
  }
  await tables.searchIndex.bulkPut(annotations.map(buildIndexRow));
  await retireFromBlocks(
    tables,
    annotations.map((a) => a.id),
  );
}

/** Drops the index entries of deleted annotations. */
export async function unindexAnnotations(tables: IndexTables, ids: readonly string[]): Promise<void> {
  await tables.searchIndex.bulkDelete([...ids]);
  await retireFromBlocks(tables, ids);
}

/** Schema v2's upgrade: a per-row index of every annotation (the blocks' tables came with v3). */
export async function buildIndexRows(
  tables: Pick<IndexTables, 'annotations' | 'searchIndex'>,
): Promise<void> {
  const rows = await tables.annotations.toArray();
  await tables.searchIndex.bulkPut(rows.map(buildIndexRow));
}

/**
 * A schema upgrade that changes the term format: the whole index rebuilt from the annotations,
 * in the upgrade transaction. A large collection becomes one block by characters only: jieba on
 * every annotation would hold up the first open for seconds; maintenance adds the words.
 */
export async function rebuildIndex(tables: IndexTables): Promise<void> {
  const rows = await tables.annotations.toArray();
  await tables.searchIndex.clear();
  if (rows.length < blockTuning.bulkMin) {
    await tables.searchIndex.bulkPut(rows.map(buildIndexRow));
    return;
  }
  const { block, chunks } = buildBlock(rows, false);
  await tables.indexBlocks.add(block);
  await tables.indexChunks.bulkAdd(chunks);
}
