import { indexAnnotations, unindexAnnotations } from '../search';
import { rowsOf, storedKeys } from './bulk-reads';
import type { MeipiDatabase } from './schema';
import type { LocalChange, SyncVersion, Tombstone } from './sync-tables';
import type { Annotation } from './types';

// What lib/sync reads and writes here. Changes applied from other devices are written like local
// ones (annotations and their search index, so they are searchable at once) but never logged as
// local changes: they are not sent back.

/** One annotation as sync compares it: live (`annotation`) or deleted, at version (at, device).
 *  `device` undefined: written on this device. */
export interface SyncRecord {
  id: string;
  at: number;
  device?: string;
  annotation?: Annotation;
}

function recordOf(
  id: string,
  annotation: Annotation | undefined,
  version: SyncVersion | undefined,
  tombstone: Tombstone | undefined,
): SyncRecord | undefined {
  if (annotation) {
    return { id, at: version?.at ?? annotation.updatedAt, device: version?.device, annotation };
  }
  return tombstone && { id, at: tombstone.deletedAt, device: tombstone.device };
}

/** The stored records of these ids (absent: never seen here). */
export async function readSyncRecords(
  db: MeipiDatabase,
  ids: readonly string[],
): Promise<Map<string, SyncRecord>> {
  const [annotations, versions, tombstones] = await Promise.all([
    rowsOf(db.annotations, ids),
    rowsOf(db.versions, ids),
    rowsOf(db.tombstones, ids),
  ]);
  const records = new Map<string, SyncRecord>();
  ids.forEach((id, i) => {
    const record = recordOf(id, annotations[i], versions[i], tombstones[i]);
    if (record) records.set(id, record);
  });
  return records;
}

/** Everything this device knows, deletions included: a snapshot's content. */
export async function allSyncRecords(db: MeipiDatabase): Promise<SyncRecord[]> {
  return db.transaction('r', [db.annotations, db.versions, db.tombstones], async () => {
    const [annotations, versions, tombstones] = await Promise.all([
      db.annotations.toArray(),
      db.versions.toArray(),
      db.tombstones.toArray(),
    ]);
    const versionOf = new Map(versions.map((v) => [v.id, v]));
    return [
      ...annotations.map((a) => recordOf(a.id, a, versionOf.get(a.id), undefined) as SyncRecord),
      ...tombstones.map((t) => recordOf(t.id, undefined, undefined, t) as SyncRecord),
    ];
  });
}

/** Writes records that came from other devices (the caller decided they win), without logging them. */
export async function applySyncedRecords(
  db: MeipiDatabase,
  records: readonly (SyncRecord & { device: string })[],
): Promise<void> {
  const live = records.filter((r) => r.annotation);
  const deleted = records.filter((r) => !r.annotation).map((r) => r.id);
  await db.transaction('rw', db.writeTables, async () => {
    if (live.length) {
      const annotations = live.map((r) => r.annotation as Annotation);
      await db.annotations.bulkPut(annotations);
      await indexAnnotations(db, annotations);
      const revived = await storedKeys(
        db.tombstones,
        live.map((r) => r.id),
      );
      await db.tombstones.bulkDelete(revived);
      await db.versions.bulkPut(live.map((r) => ({ id: r.id, at: r.at, device: r.device })));
    }
    if (deleted.length) {
      await db.annotations.bulkDelete(deleted);
      await db.reviews.bulkDelete(deleted);
      await unindexAnnotations(db, deleted);
      await db.versions.bulkDelete(deleted);
      await db.tombstones.bulkPut(
        records.filter((r) => !r.annotation).map((r) => ({ id: r.id, deletedAt: r.at, device: r.device })),
      );
    }
  });
}

// The change log is read whole (one getAll) and written by key: a filtered Dexie collection walks an
// IndexedDB cursor, one round trip per row, which takes seconds for a 10k first sync in Chromium.

/** The change log, oldest first: unsent rows are the outbox. */
export function readChangeLog(db: MeipiDatabase): Promise<LocalChange[]> {
  return db.changes.toArray();
}

/** The log's unsent rows up to `upToSeq` went out in batch `batch` (0: they had nothing to send). */
export async function markChangesSent(db: MeipiDatabase, upToSeq: number, batch: number): Promise<void> {
  await db.transaction('rw', db.changes, async () => {
    const rows = await db.changes.where('seq').belowOrEqual(upToSeq).toArray();
    const unsent = rows.filter((row) => row.sent === undefined);
    if (unsent.length) await db.changes.bulkPut(unsent.map((row) => ({ ...row, sent: batch })));
  });
}

/**
 * Forgets rows sent by an earlier sync (once this sync has read what others wrote meanwhile) and
 * answers what is left: the outbox. Sent rows are the log's oldest (a sync marks every unsent row up
 * to a seq), so they go as one key range when they are.
 */
export async function dropSentChanges(db: MeipiDatabase): Promise<LocalChange[]> {
  return db.transaction('rw', db.changes, async () => {
    const rows = await db.changes.toArray();
    const outbox = rows.filter((row) => row.sent === undefined);
    const sent = rows.filter((row) => row.sent !== undefined).map((row) => row.seq as number);
    const lastSent = Math.max(0, ...sent);
    if (sent.length === 0) return outbox;
    if (outbox.every((row) => (row.seq as number) > lastSent))
      await db.changes.where('seq').belowOrEqual(lastSent).delete();
    else await db.changes.bulkDelete(sent);
    return outbox;
  });
}

/**
 * How many rows the change log holds: every local write adds one, only a sync removes any, so a
 * watcher learns of writes from a count (no rows read) instead of re-reading the log — 25k rows
 * after a big import, on every write. (A liveQuery over the whole table: any change re-runs it.)
 */
export function changeLogSize(db: MeipiDatabase): Promise<number> {
  return db.changes.count();
}

/** Annotations changed here and not sent yet (for the sync status). */
export function countPendingChanges(db: MeipiDatabase): Promise<number> {
  // A Dexie promise chain, not a native await: this runs as a liveQuery in the background next to
  // write transactions, and a native await here could hand one of them the wrong zone (seen in
  // Chromium: a create then fails with PrematureCommitError).
  return db.changes
    .toArray()
    .then((rows) => new Set(rows.filter((row) => row.sent === undefined).map((row) => row.id)).size);
}
