import type { Annotation } from '../model';
import { BlockView, compactBlocks } from './blocks';
import { isSegmenterReady } from './segmenter';
import { type IndexDatabase, writeTablesOf } from './tables';
import { buildIndexRow, FORMAT_MARKER, UNSEGMENTED_MARKER } from './terms';

// Index maintenance, in the background: everything that rewrites the index after the fact.

/**
 * Brings the whole index up to date once jieba is ready (call after `initSegmenter` resolves):
 * adds words to rows written by characters only, compacts bulk blocks (rebuilds outdated or
 * stale-heavy ones, folds rows into a block, merges small ones: `compactBlocks`), and rebuilds
 * rows of an older term format or missing rows. Works in small transactions so searches and edits
 * interleave; each batch re-reads its annotations inside its transaction, so a concurrent edit is
 * never overwritten with stale text. Returns how many annotations were re-indexed.
 */
export async function maintainSearchIndex(db: IndexDatabase, batchSize = 200): Promise<number> {
  if (!isSegmenterReady())
    throw new Error('maintainSearchIndex needs the segmenter: await initSegmenter() first');
  const segmented = await addWordsToRows(db, batchSize);
  const compacted = await compactBlocks(db);
  return segmented + compacted + (await reindexOtherFormats(db, batchSize));
}

/** Re-indexes the rows written while jieba wasn't ready (and drops rows of deleted annotations). */
async function addWordsToRows(db: IndexDatabase, batchSize: number): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.transaction('rw', writeTablesOf(db), async () => {
      const ids = await db.searchIndex
        .where('terms')
        .equals(UNSEGMENTED_MARKER)
        .limit(batchSize)
        .primaryKeys();
      if (ids.length === 0) return 0;
      const annotations = await db.annotations.bulkGet(ids);
      const present = annotations.filter((a): a is Annotation => a !== undefined);
      const orphans = ids.filter((_, i) => annotations[i] === undefined);
      await db.searchIndex.bulkPut(present.map(buildIndexRow));
      if (orphans.length) await db.searchIndex.bulkDelete(orphans);
      return ids.length;
    });
    if (n === 0) return done;
    done += n;
  }
}

/** One count per start when the index is current; a walk over all annotations when it isn't. */
async function reindexOtherFormats(db: IndexDatabase, batchSize: number): Promise<number> {
  const [current, total, view] = await Promise.all([
    db.searchIndex.where('terms').equals(FORMAT_MARKER).count(),
    db.annotations.count(),
    BlockView.open(db),
  ]);
  // compactBlocks has just brought every block to the current format.
  const inBlocks = new Set(view.blocks.flatMap((b) => view.liveMembers(b)));
  if (current + inBlocks.size >= total) return 0;
  let done = 0;
  let after = '';
  for (;;) {
    const batch = await db.transaction('rw', writeTablesOf(db), async () => {
      const annotations = await db.annotations.where(':id').above(after).limit(batchSize).toArray();
      const rows = await db.searchIndex.bulkGet(annotations.map((a) => a.id));
      const stale = annotations.filter(
        (a, i) => !rows[i]?.terms.includes(FORMAT_MARKER) && !inBlocks.has(a.id),
      );
      if (stale.length) await db.searchIndex.bulkPut(stale.map(buildIndexRow));
      return { last: annotations.at(-1)?.id, rebuilt: stale.length };
    });
    done += batch.rebuilt;
    if (batch.last === undefined) return done;
    after = batch.last;
  }
}
