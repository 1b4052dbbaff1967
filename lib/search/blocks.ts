import { Dexie } from 'dexie';
import type { MeipiDatabase } from '../db/schema';
import type { Annotation, IndexBlock, IndexChunk, IndexStale } from '../db/types';
import { isSegmenterReady } from './segmenter';
import { buildIndexRow, FORMAT_MARKER, type TitleMemo, visitIndexTerms } from './terms';

/**
 * Bulk index blocks: the search index of a large batch (an import, a restore, an undo of a bulk
 * delete) written as sorted posting lists instead of one multi-entry row per annotation.
 *
 * Why: Chromium's IndexedDB pays per stored key (~20–40 µs here), and a row of ~90 terms is ~90
 * index keys, so 10k imported annotations cost ~900k keys (5–10 s). A block is one record of
 * members plus a few dozen chunk records holding every term's posting list as member positions
 * (Uint32Array), like an SSTable: a 10k import writes ~60 records.
 *
 * Blocks are immutable. The invariant that keeps lookups simple: an annotation's terms live in
 * exactly one place — its searchIndex row, or one block where it is not stale. A per-row write or a
 * delete marks the annotation stale in any block holding it (`indexStale`); a block write deletes
 * the rows of its members and marks them stale in older blocks. `compactBlocks` keeps it tidy:
 * rebuilds outdated or stale-heavy blocks, folds accumulated rows into blocks, merges small blocks.
 */
export const blockTuning = {
  /** Batches at least this large are written as a block (tests lower it). */
  bulkMin: 500,
  /**
   * Larger batches are indexed by characters in their write transaction and by words in
   * maintenance right after (`compactBlocks`): jieba and pinyin cost ~1 s per 10k annotations of
   * real text here, which would double an import; characters already find every match.
   */
  wordsInlineMax: 2_000,
  /** Maintenance folds per-row rows into a block once there are this many. */
  foldMin: 1_000,
  /** Maintenance merges the two smallest blocks while there are more than this. */
  maxBlocks: 4,
  /** A chunk closes at this many postings or terms: ~64 kB records, one read per term looked up. */
  chunkPostings: 16_384,
  chunkTerms: 2_048,
};

/**
 * Builds a block from annotations (the last of a repeated id wins): with jieba's words when
 * `segmented`, characters only otherwise. Synchronous, CPU only.
 */
export function buildBlock(
  annotations: readonly Annotation[],
  segmented = isSegmenterReady(),
): { block: IndexBlock; chunks: IndexChunk[] } {
  const byId = new Map<string, Annotation>();
  for (const a of annotations) byId.set(a.id, a);
  const list = [...byId.values()];
  // Term (prefix → body → index) → its posting list; `lastOrd` drops a term's repeats within one
  // annotation without a Set per annotation (a 10k build visits over a million terms).
  const termIds = new Map<string, Map<string, number>>();
  const termNames: string[] = [];
  const postingLists: number[][] = [];
  const lastOrd: number[] = [];
  const titles: TitleMemo = new Map();
  list.forEach((annotation, ord) => {
    visitIndexTerms(annotation, segmented, titles, (prefix, body) => {
      let bodies = termIds.get(prefix);
      if (!bodies) {
        bodies = new Map();
        termIds.set(prefix, bodies);
      }
      const t = bodies.get(body);
      if (t === undefined) {
        bodies.set(body, postingLists.length);
        termNames.push(prefix + body);
        postingLists.push([ord]);
        lastOrd.push(ord);
      } else if (lastOrd[t] !== ord) {
        lastOrd[t] = ord;
        postingLists[t]?.push(ord);
      }
    });
  });
  const termIndex = new Map(termNames.map((name, t) => [name, t]));
  return assemble(
    termIndex,
    postingLists,
    [...byId.keys()],
    list.map((a) => a.updatedAt),
    segmented,
  );
}

/** A block record and its chunks from terms (→ index into `postingLists`) and ascending lists. */
function assemble(
  termIndex: ReadonlyMap<string, number>,
  postingLists: readonly number[][],
  members: string[],
  updated: number[],
  segmented: boolean,
): { block: IndexBlock; chunks: IndexChunk[] } {
  const id = crypto.randomUUID();
  const chunks: IndexChunk[] = [];
  let terms: string[] = [];
  let lists: number[][] = [];
  let size = 0;
  const flush = () => {
    if (terms.length === 0) return;
    const ends = new Uint32Array(terms.length);
    const ords = new Uint32Array(size);
    let at = 0;
    lists.forEach((list, i) => {
      ords.set(list, at);
      at += list.length;
      ends[i] = at;
    });
    chunks.push({ block: id, n: chunks.length, terms, ends, ords });
    terms = [];
    lists = [];
    size = 0;
  };
  // Default sort compares UTF-16 code units, as IndexedDB orders string keys.
  for (const term of [...termIndex.keys()].sort()) {
    const list = postingLists[termIndex.get(term) ?? -1] ?? [];
    if (
      terms.length > 0 &&
      (size + list.length > blockTuning.chunkPostings || terms.length >= blockTuning.chunkTerms)
    )
      flush();
    terms.push(term);
    lists.push(list);
    size += list.length;
  }
  flush();
  return {
    block: {
      id,
      members,
      updated,
      segmented,
      format: FORMAT_MARKER,
      firstTerms: chunks.map((c) => c.terms[0] ?? ''),
    },
    chunks,
  };
}

/**
 * Merges blocks of the current format into one by their posting lists alone (no jieba: ~10× cheaper
 * than rebuilding from the annotations), leaving out stale members. Call inside a transaction.
 */
async function merge(db: MeipiDatabase, view: BlockView, blocks: readonly IndexBlock[]): Promise<number> {
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

/** Per database: block records and chunks, safe to keep because blocks never change. */
interface BlockCache {
  blocks: Map<string, IndexBlock>;
  members: Map<string, Map<string, number>>;
  chunks: Map<string, IndexChunk>;
  /** The committed stale entries, and the version they were read at. */
  stale: { version: string; sets: Map<string, Set<string>> } | null;
}
const caches = new WeakMap<MeipiDatabase, BlockCache>();
/** Chunks kept in memory per database (~64 kB each). */
const CHUNK_CACHE = 96;

function cacheOf(db: MeipiDatabase): BlockCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { blocks: new Map(), members: new Map(), chunks: new Map(), stale: null };
    caches.set(db, cache);
  }
  return cache;
}

/**
 * Stale entries by block. Searches (outside any transaction) reuse the last set read while the
 * block ids and the entry count are unchanged: entries are only ever added while their block
 * exists and are removed only with it, and block ids are never reused, so for committed data
 * that pair is a version. Inside a transaction (which may yet abort) they are always read.
 */
async function staleSets(
  db: MeipiDatabase,
  cache: BlockCache,
  blockIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const shared = !Dexie.currentTransaction;
  const version = `${blockIds.join(',')}#${await db.indexStale.count()}`;
  if (shared && cache.stale?.version === version) return cache.stale.sets;
  const sets = new Map<string, Set<string>>();
  for (const { block, id } of await db.indexStale.toArray()) {
    const set = sets.get(block) ?? new Set<string>();
    set.add(id);
    sets.set(block, set);
  }
  if (shared) cache.stale = { version, sets };
  return sets;
}

/** Index of the last element ≤ key in an ascending array, or -1. */
function lastAtOrBelow(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The blocks as one search or one write sees them: which exist, and which members are stale.
 * Open it inside a transaction to see that transaction's state; values read are cached across
 * transactions only once resolved (a pending Dexie promise must not cross transactions).
 */
export class BlockView {
  private constructor(
    private readonly db: MeipiDatabase,
    readonly blocks: readonly IndexBlock[],
    private readonly stale: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  static async open(db: MeipiDatabase): Promise<BlockView> {
    const cache = cacheOf(db);
    const ids = (await db.indexBlocks.toCollection().primaryKeys()) as string[];
    if (ids.length === 0) {
      cache.blocks.clear();
      return new BlockView(db, [], new Map());
    }
    const missing = ids.filter((id) => !cache.blocks.has(id));
    const [loaded, stale] = await Promise.all([
      missing.length ? db.indexBlocks.bulkGet(missing) : Promise.resolve([]),
      staleSets(db, cache, ids),
    ]);
    for (const block of loaded) if (block) cache.blocks.set(block.id, block);
    const live = new Set(ids);
    for (const id of cache.blocks.keys()) {
      if (live.has(id)) continue;
      cache.blocks.delete(id);
      cache.members.delete(id);
    }
    const blocks = ids.map((id) => cache.blocks.get(id)).filter((b): b is IndexBlock => b !== undefined);
    return new BlockView(db, blocks, stale);
  }

  get empty(): boolean {
    return this.blocks.length === 0;
  }

  isStale(block: string, id: string): boolean {
    return this.stale.get(block)?.has(id) ?? false;
  }

  private memberIndex(block: IndexBlock): Map<string, number> {
    const cache = cacheOf(this.db);
    let index = cache.members.get(block.id);
    if (!index) {
      index = new Map(block.members.map((id, ord) => [id, ord]));
      cache.members.set(block.id, index);
    }
    return index;
  }

  /** Does `block` hold a live (not stale) entry for `id`? */
  holds(block: IndexBlock, id: string): boolean {
    return this.memberIndex(block).has(id) && !this.isStale(block.id, id);
  }

  liveMembers(block: IndexBlock): string[] {
    const stale = this.stale.get(block.id);
    return stale ? block.members.filter((id) => !stale.has(id)) : block.members;
  }

  /** Annotations whose terms are in a block written before jieba was ready. */
  unsegmented(): string[] {
    return this.blocks.filter((b) => !b.segmented).flatMap((b) => this.liveMembers(b));
  }

  private async chunk(block: IndexBlock, n: number): Promise<IndexChunk | undefined> {
    const cache = cacheOf(this.db);
    const key = `${block.id}\u0000${n}`;
    const hit = cache.chunks.get(key);
    if (hit) {
      // Re-inserted: Map order is the eviction order (least recently used first).
      cache.chunks.delete(key);
      cache.chunks.set(key, hit);
      return hit;
    }
    const chunk = await this.db.indexChunks.get([block.id, n]);
    if (chunk) {
      cache.chunks.set(key, chunk);
      while (cache.chunks.size > CHUNK_CACHE) {
        const oldest = cache.chunks.keys().next().value;
        if (oldest === undefined) break;
        cache.chunks.delete(oldest);
      }
    }
    return chunk;
  }

  private collect(
    block: IndexBlock,
    chunk: IndexChunk,
    i: number,
    sinceMs: number | null,
    out: string[],
  ): void {
    const stale = this.stale.get(block.id);
    const end = chunk.ends[i] ?? 0;
    for (let k = i === 0 ? 0 : (chunk.ends[i - 1] ?? 0); k < end; k++) {
      const ord = chunk.ords[k] ?? 0;
      if (sinceMs !== null && (block.updated[ord] ?? 0) < sinceMs) continue;
      const id = block.members[ord];
      if (id !== undefined && !stale?.has(id)) out.push(id);
    }
  }

  /** Live annotations whose terms include `term`; with `sinceMs`, only those updated since then. */
  async term(term: string, sinceMs: number | null = null): Promise<string[]> {
    const out: string[] = [];
    await Promise.all(
      this.blocks.map(async (block) => {
        const n = lastAtOrBelow(block.firstTerms, term);
        if (n < 0) return;
        const chunk = await this.chunk(block, n);
        if (!chunk) return;
        const i = lastAtOrBelow(chunk.terms, term);
        if (i >= 0 && chunk.terms[i] === term) this.collect(block, chunk, i, sinceMs, out);
      }),
    );
    return out;
  }

  /** Live annotations with a term that starts with `prefix` and is longer; at most `cap` ids. */
  async prefix(prefix: string, cap: number): Promise<string[]> {
    const found = new Set<string>();
    for (const block of this.blocks) {
      for (let n = Math.max(0, lastAtOrBelow(block.firstTerms, prefix)); n < block.firstTerms.length; n++) {
        const chunk = await this.chunk(block, n);
        if (!chunk) break;
        const ids: string[] = [];
        let i = lastAtOrBelow(chunk.terms, prefix) + 1;
        for (; i < chunk.terms.length && (chunk.terms[i] ?? '').startsWith(prefix); i++) {
          this.collect(block, chunk, i, null, ids);
        }
        for (const id of ids) found.add(id);
        if (found.size >= cap) return [...found].slice(0, cap);
        // Stop unless the run of matching terms may continue into the next chunk.
        if (i < chunk.terms.length) break;
      }
    }
    return [...found];
  }
}

/**
 * Marks `ids` stale in every block (but `except`) that holds them: call inside the write
 * transaction. A block left with no live member is dropped instead (deleting everything, or
 * re-importing the same file with newer versions, writes no stale entries).
 */
export async function retireFromBlocks(
  db: MeipiDatabase,
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
export async function writeBlock(db: MeipiDatabase, annotations: readonly Annotation[]): Promise<void> {
  const { block, chunks } = buildBlock(
    annotations,
    isSegmenterReady() && annotations.length <= blockTuning.wordsInlineMax,
  );
  await Promise.all([db.indexBlocks.add(block), db.indexChunks.bulkAdd(chunks)]);
  if ((await db.searchIndex.count()) > 0) {
    const rows = new Set(await db.searchIndex.toCollection().primaryKeys());
    const replaced = block.members.filter((id) => rows.has(id));
    if (replaced.length) await db.searchIndex.bulkDelete(replaced);
  }
  await retireFromBlocks(db, block.members, block.id);
}

async function dropBlocks(db: MeipiDatabase, blocks: readonly IndexBlock[]): Promise<void> {
  await db.indexBlocks.bulkDelete(blocks.map((b) => b.id));
  for (const block of blocks) {
    await db.indexChunks.where(':id').between([block.id, Dexie.minKey], [block.id, Dexie.maxKey]).delete();
    await db.indexStale.where(':id').between([block.id, Dexie.minKey], [block.id, Dexie.maxKey]).delete();
  }
}

/** Rebuilds `blocks` from their live members' current annotations: one block, or rows if few. */
async function rebuild(db: MeipiDatabase, view: BlockView, blocks: readonly IndexBlock[]): Promise<number> {
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
async function fold(db: MeipiDatabase): Promise<number> {
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
async function compactionStep(db: MeipiDatabase): Promise<number | null> {
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
export async function compactBlocks(db: MeipiDatabase): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.transaction('rw', db.writeTables, () => compactionStep(db));
    if (n === null) return done;
    done += n;
  }
}
