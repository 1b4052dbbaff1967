import { DEFAULT_DB_NAME, SCHEMA_VERSION } from './layout';
import { byPositionInPage } from './order';
import type { Annotation } from './types';

/**
 * Read-only access to the annotations for extension pages, in plain IndexedDB: no Dexie in their
 * bundle, and no message, so the popup's first cards don't wait for a sleeping worker to boot.
 * It only reads the layout it knows (schema.ts's stores and indexes at SCHEMA_VERSION); otherwise,
 * like when there is no database yet, it answers `undefined` and the caller asks the background,
 * which owns creating and upgrading the database.
 */
export interface DirectReader {
  /** Newest first, at most `limit`: the same as recentAnnotations. */
  recent(limit: number): Promise<Annotation[] | undefined>;
  /** The page's annotations in page order: the same as listAnnotations(db, { source }). */
  listPage(source: string): Promise<Annotation[] | undefined>;
}

/** Dexie stores version(n) as IndexedDB version n × 10. */
const NATIVE_VERSION = SCHEMA_VERSION * 10;

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The database as the background left it, or undefined: none yet, or another version. */
function openExisting(name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name);
    } catch {
      resolve(undefined);
      return;
    }
    // Only a database that doesn't exist yet gets here: never create it from a page.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(undefined);
    request.onblocked = () => resolve(undefined);
    request.onsuccess = () => {
      const db = request.result;
      if (db.version !== NATIVE_VERSION) {
        db.close();
        resolve(undefined);
        return;
      }
      // The background may need to upgrade: let it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
  });
}

async function newest(db: IDBDatabase, limit: number): Promise<Annotation[]> {
  if (limit <= 0) return [];
  const byTime = db.transaction('annotations', 'readonly').objectStore('annotations').index('updatedAt');
  // Step to the limit-th newest key, then fetch from there in one call (a cursor over the
  // rows costs a round trip per row).
  const cursor = byTime.openKeyCursor(null, 'prev');
  const limitth = await new Promise<IDBValidKey | undefined>((resolve, reject) => {
    let stepped = false;
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (at && !stepped && limit > 1) {
        stepped = true;
        at.advance(limit - 1);
      } else resolve(at?.key);
    };
  });
  const rows = await settled<Annotation[]>(
    byTime.getAll(limitth === undefined ? null : IDBKeyRange.lowerBound(limitth)),
  );
  // Index order is (updatedAt, id); newest first then reverses both, as Dexie's reverse() does.
  return rows.reverse().slice(0, limit);
}

async function ofPage(db: IDBDatabase, source: string): Promise<Annotation[]> {
  const bySource = db.transaction('annotations', 'readonly').objectStore('annotations').index('source');
  const rows = await settled<Annotation[]>(bySource.getAll(IDBKeyRange.only(source)));
  return rows.sort(byPositionInPage);
}

/** Opens at once (the open overlaps the page's start-up); reads wait for it. */
export function openDirectReader(name: string = DEFAULT_DB_NAME): DirectReader {
  const opened = typeof indexedDB === 'undefined' ? Promise.resolve(undefined) : openExisting(name);
  const read =
    <A, R>(how: (db: IDBDatabase, arg: A) => Promise<R>) =>
    async (arg: A): Promise<R | undefined> => {
      const db = await opened;
      if (!db) return undefined;
      try {
        return await how(db, arg);
      } catch {
        // Closed for an upgrade, or a store or index that isn't there: the background knows.
        return undefined;
      }
    };
  return { recent: read(newest), listPage: read(ofPage) };
}
