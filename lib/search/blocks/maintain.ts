import { Dexie } from 'dexie';
import type { Annotation } from '../../model';
import { isSegmenterReady } from '../segmenter';
import {
  type IndexBlock,
  type IndexChunk,
  type IndexDatabase,
  type IndexTables,
  writeTablesOf,
} from '../tables';
import { buildIndexRow, FORMAT_MARKER } from '../terms';
import { assemble, BlockBuilder, blockTuning, buildBlock } from './build';
import { Pacer } from './pace';
import { BlockView } from './view';
import { dropBlocks } from './write';

// Maintenance: rebuild, fold, merge (run by maintainSearchIndex, in the background).

/** A block (and its chunks) built outside any transaction, to replace `replaces`. */
interface Replacement {
  replaces: readonly IndexBlock[];
  built: { block: IndexBlock; chunks: IndexChunk[] };
}

/** Annotations read per request while rebuilding: a short read between slices. */
const READ_BATCH = 100;

/**
 * Merges blocks of the current format into one by their posting lists alone (no jieba: ~10× cheaper
 * than rebuilding from the annotations), leaving out members stale when it started. Outside any
 * transaction: blocks never change, and `commit` settles what changed meanwhile.
 */
async function merge(db: IndexTables, view: BlockView, blocks: readonly IndexBlock[]): Promise<Replacement> {
  const pace = new Pacer();
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
      if (pace.due) await pace.pause();
    }
  }
  // Terms whose every posting was stale are left out.
  for (const [term, t] of termIndex) if ((postingLists[t]?.length ?? 0) === 0) termIndex.delete(term);
  const built = assemble(termIndex, postingLists, members, updated, blocks[0]?.segmented ?? true);
  return { replaces: blocks, built };
}

/**
 * Rebuilds a block from its live members' current annotations, outside any transaction: read a
 * hundred at a time, indexed in slices of a few ms (`Pacer`): a save arriving meanwhile
 * runs its own transaction between two slices instead of queueing behind seconds of jieba.
 */
async function rebuildInSlices(db: IndexTables, view: BlockView, block: IndexBlock): Promise<Replacement> {
  const pace = new Pacer();
  const ids = view.liveMembers(block);
  const builder = new BlockBuilder(isSegmenterReady());
  for (let at = 0; at < ids.length; at += READ_BATCH) {
    for (const annotation of await db.annotations.bulkGet(ids.slice(at, at + READ_BATCH))) {
      if (annotation) builder.add(annotation);
      if (pace.due) await pace.pause();
    }
  }
  return { replaces: [block], built: builder.finish() };
}

/**
 * Swaps a replacement in, in one short transaction. What was written while it was built is
 * already marked: an edit, delete or re-import since marks its annotation stale in the old block
 * (or drops the block), so those members are marked stale in the new block too. If an old block
 * is gone (everything deleted), the replacement is dropped and the next step looks again.
 */
async function commit(db: IndexTables, { replaces, built }: Replacement): Promise<boolean> {
  const now = await BlockView.open(db);
  const current = new Map(now.blocks.map((b) => [b.id, b]));
  if (!replaces.every((b) => current.has(b.id))) return false;
  const retired = new Set(replaces.flatMap((b) => b.members.filter((id) => now.isStale(b.id, id))));
  const stale = built.block.members
    .filter((id) => retired.has(id))
    .map((id) => ({ block: built.block.id, id }));
  await dropBlocks(db, replaces);
  if (stale.length === built.block.members.length) return true;
  await Promise.all([
    db.indexBlocks.add(built.block),
    db.indexChunks.bulkAdd(built.chunks),
    stale.length ? db.indexStale.bulkAdd(stale) : Promise.resolve(),
  ]);
  return true;
}

/** Rebuilds a block of few live members as per-row rows (in the caller's transaction). */
async function rebuildAsRows(db: IndexTables, blockId: string): Promise<number> {
  const view = await BlockView.open(db);
  const block = view.blocks.find((b) => b.id === blockId);
  if (!block) return 0;
  const present = (await db.annotations.bulkGet(view.liveMembers(block))).filter(
    (a): a is Annotation => a !== undefined,
  );
  await dropBlocks(db, [block]);
  if (present.length) await db.searchIndex.bulkPut(present.map(buildIndexRow));
  return present.length;
}

/** Moves every per-row index row into one new block (the rows are the small, recent tail). */
async function fold(db: IndexTables): Promise<number> {
  if ((await db.searchIndex.count()) < blockTuning.foldMin) return 0;
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

/**
 * One maintenance step, chosen from the blocks as they are; null when there is nothing to do.
 * Long work (jieba over a large block, merging posting lists) runs outside any transaction and
 * is swapped in by `commit`; only short work runs in a transaction of its own.
 */
async function compactionStep(db: IndexDatabase): Promise<number | null> {
  const view = await BlockView.open(db);
  const ready = isSegmenterReady();
  const liveCount = (b: IndexBlock) => view.liveMembers(b).length;
  const inTransaction = (work: () => Promise<number>) => db.transaction('rw', writeTablesOf(db), work);
  const redo = view.blocks.find(
    (b) => b.format !== FORMAT_MARKER || (!b.segmented && ready) || liveCount(b) * 4 < b.members.length * 3,
  );
  if (redo) {
    if (liveCount(redo) < blockTuning.bulkMin) return inTransaction(() => rebuildAsRows(db, redo.id));
    const replacement = await rebuildInSlices(db, view, redo);
    await inTransaction(async () => ((await commit(db, replacement)) ? 1 : 0));
    return replacement.built.block.members.length;
  }
  // Rows are cheap to write one at a time but slower to search than a block: fold them in bulk.
  if (ready && (await db.searchIndex.count()) >= blockTuning.foldMin) return inTransaction(() => fold(db));
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
    if (pair) {
      const replacement = await merge(db, view, pair);
      await inTransaction(async () => ((await commit(db, replacement)) ? 1 : 0));
      return 0;
    }
  }
  return null;
}

/**
 * Index maintenance, like an LSM tree's: rebuilds a block written before jieba was ready, of an
 * older term format, or over a quarter stale (few survivors become per-row rows); folds per-row
 * rows into a block once there are `foldMin`; merges the two smallest blocks while there are more
 * than `maxBlocks`. Nothing marks progress but the blocks themselves: a worker stopped mid-build
 * finds the same block to rebuild on its next start. Returns how many annotations were re-indexed.
 */
export async function compactBlocks(db: IndexDatabase): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await compactionStep(db);
    if (n === null) return done;
    done += n;
  }
}
