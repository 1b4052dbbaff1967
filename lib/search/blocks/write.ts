import { Dexie } from 'dexie';
import type { Annotation } from '../../model';
import { isSegmenterReady } from '../segmenter';
import type { IndexBlock, IndexStale, IndexTables } from '../tables';
import { BlockBuilder, blockTuning, lastOfEachId } from './build';
import { Pacer } from './pace';
import { BlockView } from './view';

// Writing blocks inside lib/db's write transactions.

/**
 * Marks `ids` stale in every block (but `except`) that holds them: call inside the write
 * transaction. A block left with no live member is dropped instead (deleting everything, or
 * re-importing the same file with newer versions, writes no stale entries).
 */
export async function retireFromBlocks(
  db: IndexTables,
  ids: readonly string[],
  except?: string,
): Promise<void> {
  const view = await BlockView.open(db);
  if (view.empty) return;
  const entries: IndexStale[] = [];
  const emptied: IndexBlock[] = [];
  const unique = [...new Set(ids)];
  for (const block of view.blocks) {
    if (block.id === except) continue;
    const retired = unique.filter((id) => view.holds(block, id));
    if (retired.length === 0) continue;
    if (retired.length === view.liveMembers(block).length) emptied.push(block);
    else for (const id of retired) entries.push({ block: block.id, id });
  }
  if (emptied.length) await dropBlocks(db, emptied);
  if (entries.length) await db.indexStale.bulkPut(entries);
}

/**
 * Indexes a large batch as one block: call inside the write transaction that puts the annotations.
 * Their per-row index rows and older block entries stop counting. Over `wordsInlineMax`
 * annotations the block holds character terms only, and `compactBlocks` adds the words.
 */
export async function writeBlock(db: IndexTables, annotations: readonly Annotation[]): Promise<void> {
  const builder = new BlockBuilder(isSegmenterReady() && annotations.length <= blockTuning.wordsInlineMax);
  // Thousands of annotations take a few hundred ms to index even by characters: in slices, so
  // the library page keeps painting its progress through a restore.
  const pace = new Pacer();
  for (const annotation of lastOfEachId(annotations)) {
    builder.add(annotation);
    if (pace.due) await pace.pause();
  }
  const { block, chunks } = builder.finish();
  await Promise.all([db.indexBlocks.add(block), db.indexChunks.bulkAdd(chunks)]);
  const rows = new Set(await db.searchIndex.toCollection().primaryKeys());
  const replaced = block.members.filter((id) => rows.has(id));
  if (replaced.length) await db.searchIndex.bulkDelete(replaced);
  await retireFromBlocks(db, block.members, block.id);
}

/** Deletes blocks with their chunks and stale entries (inside a transaction). */
export async function dropBlocks(db: IndexTables, blocks: readonly IndexBlock[]): Promise<void> {
  await db.indexBlocks.bulkDelete(blocks.map((b) => b.id));
  for (const block of blocks) {
    await db.indexChunks.where(':id').between([block.id, Dexie.minKey], [block.id, Dexie.maxKey]).delete();
    await db.indexStale.where(':id').between([block.id, Dexie.minKey], [block.id, Dexie.maxKey]).delete();
  }
}
