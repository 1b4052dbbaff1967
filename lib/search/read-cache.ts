import { Dexie, type ObservabilitySet } from 'dexie';
import type { IndexTables } from './tables';

// What searches keep between keystrokes: values read from some tables, dropped whole once any of
// those tables is written. Writes are seen through Dexie's `storagemutated` event, which fires for
// every committed write transaction — this context's synchronously as it commits (before the
// writer's promise resolves), other pages' (the library's imports and deletes) over Dexie's
// BroadcastChannel — so maintenance, upgrades and every lib/db write invalidate alike.

/** Committed writes so far, per `<database>/<table>`. */
const writes = new Map<string, number>();
/** Writes Dexie could not place (`all`: a page back from the bfcache), counted against every table. */
let unplacedWrites = 0;
let watching = false;

function watchWrites(): void {
  if (watching) return;
  watching = true;
  Dexie.on('storagemutated', (parts: ObservabilitySet) => {
    for (const part of Object.keys(parts)) {
      // idb://<database>/<table>/<index>
      const table = /^idb:\/\/(.*)\/[^/]*$/u.exec(part)?.[1];
      if (table === undefined) unplacedWrites++;
      else writes.set(table, (writes.get(table) ?? 0) + 1);
    }
  });
}
interface Entries<V> {
  /** The write count the entries were read at. */
  version: number;
  map: Map<string, V>;
  weight: number;
}

/**
 * A least-recently-used map per database, holding at most `maxWeight` (each value weighs
 * `weigh(value)`, at least 1). Values must not be mutated by whoever reads them.
 */
export class ReadCache<V> {
  private readonly byDb = new WeakMap<IndexTables, Entries<V>>();
  constructor(
    private readonly tables: readonly (keyof IndexTables)[],
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  /**
   * The version of what `db`'s tables hold now: pass it to `set` with a value read after this
   * call. Null inside a transaction (it may see uncommitted writes, or abort): nothing is cached.
   */
  version(db: IndexTables): number | null {
    if (Dexie.currentTransaction) return null;
    watchWrites();
    let n = unplacedWrites;
    for (const table of this.tables) n += writes.get(`${db[table].db.name}/${db[table].name}`) ?? 0;
    return n;
  }

  private entries(db: IndexTables): Entries<V> | null {
    const version = this.version(db);
    if (version === null) return null;
    let entries = this.byDb.get(db);
    if (!entries || entries.version !== version) {
      entries = { version, map: new Map(), weight: 0 };
      this.byDb.set(db, entries);
    }
    return entries;
  }

  get(db: IndexTables, key: string): V | undefined {
    const map = this.entries(db)?.map;
    const value = map?.get(key);
    if (map && value !== undefined) {
      // Re-inserted: Map order is the eviction order.
      map.delete(key);
      map.set(key, value);
    }
    return value;
  }

  /** Keeps `value`, read at `version`, unless a write has committed since (it may be outdated). */
  set(db: IndexTables, key: string, value: V, version: number | null): void {
    const entries = this.entries(db);
    if (!entries || version === null || entries.version !== version) return;
    const weight = Math.max(1, this.weigh(value));
    if (weight > this.maxWeight) return;
    const old = entries.map.get(key);
    if (old !== undefined) {
      entries.weight -= Math.max(1, this.weigh(old));
      entries.map.delete(key);
    }
    entries.map.set(key, value);
    entries.weight += weight;
    for (const [oldest, value] of entries.map) {
      if (entries.weight <= this.maxWeight) break;
      entries.map.delete(oldest);
      entries.weight -= Math.max(1, this.weigh(value));
    }
  }
}
