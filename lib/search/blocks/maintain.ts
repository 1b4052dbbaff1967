import { Dexie } from 'dexie';
import type { Annotation } from '../../model';
import { isSegmenterReady } from '../segmenter';
import { type IndexBlock, type IndexDatabase, type IndexTables, writeTablesOf } from '../tables';
import { buildIndexRow, FORMAT_MARKER } from '../terms';
import { assemble, blockTuning, buildBlock } from './build';
import { BlockView } from './view';
import { dropBlocks } from './write';

// Maintenance: rebuild, fold, merge (run by maintainSearchIndex, in the background).

/**
 * Merges blocks of the current format into one by their posting lists alone (no jieba: ~10× cheaper
 * than rebuilding from the annotations), leaving out stale members. Call inside a transaction.
 */
async function merge(db: IndexTables, view: BlockView, blocks: readonly IndexBlock[]): Promise<number> {
  const members: string[] = [];
  const updated: number[] = [];
  const termIndex = new Map<string, number>();
  const postingLists: number[][] = [];
  for (const block of blocks) {
    // Old position → new position, or -1 for a stale member.
    const remap = block.members.map((id, ord) => {
      if (view.isStale(block.id, id)) return -1;
      members.push(id);
      updated.push(block.updated[ord] ?? 0);
      return members.length - 1;
    });
    const chunks = await db.indexChunks
      .where(':id')
      .between([block.id, Dexie.minKey], [block.id, Dexie.maxKey])
      .toArray();
    for (const chunk of chunks) {
      chunk.terms.forEach((term, i) => {
        let t = termIndex.get(term);
        if (t === undefined) {
          t = postingLists.length;
          termIndex.set(term, t);
          postingLists.push([]);
        }
        const list = postingLists[t] ?? [];
        for (let k = i === 0 ? 0 : (chunk.ends[i - 1] ?? 0); k < (chunk.ends[i] ?? 0); k++) {
          const ord = remap[chunk.ords[k] ?? 0] ?? -1;
          if (ord >= 0) list.push(ord);
        }
      });
    }
  }
  // Terms whose every posting was stale are left out.
  for (const [term, t] of termIndex) if ((postingLists[t]?.length ?? 0) === 0) termIndex.delete(term);
  const { block, chunks } = assemble(termIndex, postingLists, members, updated, blocks[0]?.segmented ?? true);
  await dropBlocks(db, blocks);
  await Promise.all([db.indexBlocks.add(block), db.indexChunks.bulkAdd(chunks)]);
  return 0;
}

/** Rebuilds `blocks` from their live members' current annotations: one block, or rows if few. */
async function rebuild(db: IndexTables, view: BlockView, blocks: readonly IndexBlock[]): Promise<number> {
  const ids = blocks.flatMap((b) => view.liveMembers(b));
  const present = (await db.annotations.bulkGet(ids)).filter((a): a is Annotation => a !== undefined);
  await dropBlocks(db, blocks);
  if (present.length >= blockTuning.bulkMin) {
    const { block, chunks } = buildBlock(present);
    await Promise.all([db.indexBlocks.add(block), db.indexChunks.bulkAdd(chunks)]);
  } else if (present.length) await db.searchIndex.bulkPut(present.map(buildIndexRow));
  return present.length;
}

/** Moves every per-row index row into one new block (the rows are the small, recent tail). */
async function fold(db: IndexTables): Promise<number> {
  const ids = (await db.searchIndex.toCollection().primaryKeys()) as string[];
  const present = (await db.annotations.bulkGet(ids)).filter((a): a is Annotation => a !== undefined);
  const { block, chunks } = buildBlock(present);
  await Promise.all([
    db.indexBlocks.add(block),
    db.indexChunks.bulkAdd(chunks),
    db.searchIndex.bulkDelete(ids),
  ]);
  return present.length;
}

/** One maintenance step in the caller's transaction; null when there is nothing to do. */
async function compactionStep(db: IndexTables): Promise<number | null> {
  const view = await BlockView.open(db);
  const ready = isSegmenterReady();
  const liveCount = (b: IndexBlock) => view.liveMembers(b).length;
  const redo = view.blocks.find(
    (b) => b.format !== FORMAT_MARKER || (!b.segmented && ready) || liveCount(b) * 4 < b.members.length * 3,
  );
  if (redo) return rebuild(db, view, [redo]);
  // Rows are cheap to write one at a time but slower to search than a block: fold them in bulk.
  if (ready && (await db.searchIndex.count()) >= blockTuning.foldMin) return fold(db);
  if (view.blocks.length > blockTuning.maxBlocks) {
    // The two smallest of a kind: a block by characters only (jieba unavailable) is never merged
    // with one that has words, whose members carry no bigram terms. (Every block is of the
    // current format here: outdated ones were rebuilt first.)
    const pairs = [true, false]
      .map((segmented) =>
        view.blocks
          .filter((b) => b.segmented === segmented)
          .sort((a, b) => liveCount(a) - liveCount(b))
          .slice(0, 2),
      )
      .filter((pair) => pair.length === 2)
      .sort((a, b) => a.reduce((n, x) => n + liveCount(x), 0) - b.reduce((n, x) => n + liveCount(x), 0));
    const pair = pairs[0];
    if (pair) return merge(db, view, pair);
  }
  return null;
}

/**
 * Index maintenance, like an LSM tree's: rebuilds a block written before jieba was ready, of an
 * older term format, or over a quarter stale (few survivors become per-row rows); folds per-row
 * rows into a block once there are `foldMin`; merges the two smallest blocks while there are more
 * than `maxBlocks`. Each step is its own transaction, with work proportional to what it touches,
 * so edits interleave. Returns how many annotations were re-indexed.
 */
export async function compactBlocks(db: IndexDatabase): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.transaction('rw', writeTablesOf(db), () => compactionStep(db));
    if (n === null) return done;
    done += n;
  }
}
