import { indexAnnotations, unindexAnnotations } from '../search';
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
    db.annotations.bulkGet([...ids]),
    db.versions.bulkGet([...ids]),
    db.tombstones.bulkGet([...ids]),
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
      await db.tombstones.bulkDelete(live.map((r) => r.id));
      await db.versions.bulkPut(live.map((r) => ({ id: r.id, at: r.at, device: r.device })));
    }
    if (deleted.length) {
      await db.annotations.bulkDelete(deleted);
      await unindexAnnotations(db, deleted);
      await db.versions.bulkDelete(deleted);
      await db.tombstones.bulkPut(
        records.filter((r) => !r.annotation).map((r) => ({ id: r.id, deletedAt: r.at, device: r.device })),
      );
    }
  });
}

/** The change log, oldest first: unsent rows are the outbox. */
export function readChangeLog(db: MeipiDatabase): Promise<LocalChange[]> {
  return db.changes.toArray();
}

/** The log's unsent rows up to `upToSeq` went out in batch `batch` (0: they had nothing to send). */
export async function markChangesSent(db: MeipiDatabase, upToSeq: number, batch: number): Promise<void> {
  await db.changes
    .where('seq')
    .belowOrEqual(upToSeq)
    .and((row) => row.sent === undefined)
    .modify({ sent: batch });
}

/** Forgets rows sent by an earlier sync (once this sync has read what others wrote meanwhile). */
export async function dropSentChanges(db: MeipiDatabase): Promise<void> {
  await db.changes.filter((row) => row.sent !== undefined).delete();
}

/** Annotations changed here and not sent yet (for the sync status). */
export async function countPendingChanges(db: MeipiDatabase): Promise<number> {
  const rows = await db.changes.filter((row) => row.sent === undefined).toArray();
  return new Set(rows.map((row) => row.id)).size;
}
