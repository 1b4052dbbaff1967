import { Dexie } from 'dexie';
import type { IndexBlock, IndexChunk, IndexTables } from '../tables';

// Reading blocks: which exist, which members are stale, and posting lists by term or prefix.

/** Per database: block records and chunks, safe to keep because blocks never change. */
interface BlockCache {
  blocks: Map<string, IndexBlock>;
  members: Map<string, Map<string, number>>;
  chunks: Map<string, IndexChunk>;
  /** The committed stale entries, and the version they were read at. */
  stale: { version: string; sets: Map<string, Set<string>> } | null;
}
const caches = new WeakMap<IndexTables, BlockCache>();
/** Chunks kept in memory per database (~64 kB each). */
const CHUNK_CACHE = 96;

function cacheOf(db: IndexTables): BlockCache {
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
  db: IndexTables,
  cache: BlockCache,
  blockIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  // Inside a transaction the count would only be read to be ignored.
  const version = Dexie.currentTransaction ? null : `${blockIds.join(',')}#${await db.indexStale.count()}`;
  if (version !== null && cache.stale?.version === version) return cache.stale.sets;
  const sets = new Map<string, Set<string>>();
  for (const { block, id } of await db.indexStale.toArray()) {
    const set = sets.get(block) ?? new Set<string>();
    set.add(id);
    sets.set(block, set);
  }
  if (version !== null) cache.stale = { version, sets };
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
    private readonly db: IndexTables,
    readonly blocks: readonly IndexBlock[],
    private readonly stale: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  static async open(db: IndexTables): Promise<BlockView> {
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
