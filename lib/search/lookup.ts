import { BlockView } from './blocks';
import { ReadCache } from './read-cache';
import type { IndexTables } from './tables';
import { SLICE, SLICE_END, UNSEGMENTED_MARKER } from './terms';

// Reading the index: the annotations a term (or a prefix of terms) points at, from per-row index
// rows and bulk blocks alike. Each term is one range read of primary keys, intersected in memory:
// Dexie's anyOf and multi-term queries are far slower on a large multi-entry index.

export type Keys = string[];

const PREFIX_KEYS_CAP = 5_000;

/**
 * Lookups kept across searches until the index is written: the next keystroke of a query looks
 * up mostly the same terms (垃 of 垃圾 of 垃圾分类, the pinyin pieces of lajifenl…). At most 250k ids
 * per database (~2 MB of references; block members' id strings are shared with the block cache).
 */
const kept = new ReadCache<Keys>(
  ['searchIndex', 'indexBlocks', 'indexChunks', 'indexStale'],
  250_000,
  (keys) => keys.length,
);

export function intersectAll(sets: Keys[]): Set<string> {
  if (sets.length === 0) return new Set();
  const sorted = [...sets].sort((a, b) => a.length - b.length);
  let result = new Set(sorted[0]);
  for (const next of sorted.slice(1)) {
    if (result.size === 0) break;
    const other = new Set(next);
    result = new Set([...result].filter((id) => other.has(id)));
  }
  return result;
}

export function restrict(keys: Iterable<string>, within: Set<string> | null): Set<string> {
  if (!within) return new Set(keys);
  const out = new Set<string>();
  for (const k of keys) if (within.has(k)) out.add(k);
  return out;
}

/**
 * Index lookups of one search (a query often repeats terms), over those kept from earlier ones.
 * Each term reads both layouts: per-row index rows (a primary-key range of the multi-entry index)
 * and bulk blocks (see blocks/); an annotation is indexed in exactly one of them. With `since`
 * set, lookups read only the time slices from then on: the newest part of each posting list.
 */
export class Lookup {
  private readonly cache = new Map<string, Promise<Keys>>();
  private view: Promise<BlockView> | null = null;
  /** One version for the whole search: its block view may be older than a later lookup's read. */
  private readonly version: number | null;
  since: string | null = null;
  constructor(readonly db: IndexTables) {
    this.version = kept.version(db);
  }
  /** Opened on the first lookup not kept from an earlier search. */
  private get blocks(): Promise<BlockView> {
    this.view ??= BlockView.open(this.db);
    return this.view;
  }
  private memo(key: string, load: () => Promise<Keys>): Promise<Keys> {
    let keys = this.cache.get(key);
    if (!keys) {
      const earlier = kept.get(this.db, key);
      keys = earlier ? Promise.resolve(earlier) : load();
      if (!earlier) keys.then((k) => kept.set(this.db, key, k, this.version)).catch(() => undefined);
      this.cache.set(key, keys);
    }
    return keys;
  }
  private sinceMs(): number | null {
    return this.since === null ? null : Number.parseInt(this.since, 36) * 60_000;
  }
  term(term: string): Promise<Keys> {
    const from = term + SLICE + (this.since ?? '');
    const sinceMs = this.sinceMs();
    return this.memo(from, async () => {
      const [rows, blocks] = await Promise.all([
        this.db.searchIndex
          .where('terms')
          .between(from, term + SLICE_END, true, false)
          .primaryKeys(),
        this.blocks,
      ]);
      return blocks.empty ? rows : rows.concat(await blocks.term(term, sinceMs));
    });
  }
  /** Longer terms starting with `prefix` (the term itself is `term(prefix)`), any slice. */
  prefix(prefix: string): Promise<Keys> {
    return this.memo(`prefix\u0000${prefix}`, async () => {
      const [rows, blocks] = await Promise.all([
        this.db.searchIndex
          .where('terms')
          .between(prefix + SLICE_END, `${prefix}\uffff`, false, true)
          .limit(PREFIX_KEYS_CAP)
          .primaryKeys(),
        this.blocks,
      ]);
      const keys = new Set(rows);
      if (!blocks.empty && keys.size < PREFIX_KEYS_CAP)
        for (const id of await blocks.prefix(prefix, PREFIX_KEYS_CAP - keys.size)) keys.add(id);
      return [...keys];
    });
  }
  unsegmented(): Promise<Keys> {
    return this.memo(UNSEGMENTED_MARKER, async () => {
      const [rows, blocks] = await Promise.all([
        this.db.searchIndex.where('terms').equals(UNSEGMENTED_MARKER).primaryKeys(),
        this.blocks,
      ]);
      return blocks.empty ? rows : rows.concat(blocks.unsegmented());
    });
  }
}
