import { rowsOf, storedKeys } from './bulk-reads';
import { inBatches } from './bulk-writes';
import { nextTimestamp } from './clock';
import type { MeipiDatabase } from './schema';
import type { SyncVersion } from './sync-tables';
import type { Annotation } from './types';

// What lib/db's own writes record for sync, inside their transaction (db.writeTables): a change-log
// row per annotation, tombstones for deletions, and sync versions where updatedAt alone would be
// older than what the write replaces.

export function logLocalChanges(db: MeipiDatabase, ids: readonly string[]): Promise<void> {
  return inBatches(
    ids.map((id) => ({ id })),
    (batch) => db.changes.bulkAdd(batch),
  );
}

/** The version a local write must beat: the stored annotation's (or its sync version's) time. */
export async function currentVersionTimes(db: MeipiDatabase, ids: readonly string[]): Promise<number[]> {
  const [annotations, versions, tombstones] = await Promise.all([
    rowsOf(db.annotations, ids),
    rowsOf(db.versions, ids),
    rowsOf(db.tombstones, ids),
  ]);
  return ids.map((_, i) =>
    Math.max(versions[i]?.at ?? annotations[i]?.updatedAt ?? 0, tombstones[i]?.deletedAt ?? 0),
  );
}

/** A local edit: its version is its own updatedAt from now on. */
export async function recordEdits(db: MeipiDatabase, ids: readonly string[]): Promise<void> {
  await db.versions.bulkDelete([...ids]);
  await logLocalChanges(db, ids);
}

/**
 * Annotations put back as given (undo, restore, import): a put-back older than what it replaces (a
 * deletion, or a newer edit) gets a sync version just after it, so other devices take it too.
 */
export async function recordPutBack(db: MeipiDatabase, annotations: readonly Annotation[]): Promise<void> {
  const ids = annotations.map((a) => a.id);
  const replaced = await currentVersionTimes(db, ids);
  const versions: SyncVersion[] = [];
  annotations.forEach((a, i) => {
    const previous = replaced[i] ?? 0;
    if (previous >= a.updatedAt) versions.push({ id: a.id, at: nextTimestamp(previous) });
  });
  await db.tombstones.bulkDelete(await storedKeys(db.tombstones, ids));
  await db.versions.bulkDelete(await storedKeys(db.versions, ids));
  await db.versions.bulkPut(versions);
  await logLocalChanges(db, ids);
}

/** Local deletions: a tombstone each, newer than the version deleted. Unknown ids leave none. */
export async function recordDeletions(db: MeipiDatabase, ids: readonly string[]): Promise<void> {
  const stored = (await db.annotations.bulkGet([...ids])).flatMap((a, i) => (a ? [ids[i] as string] : []));
  const replaced = await currentVersionTimes(db, stored);
  await db.tombstones.bulkPut(stored.map((id, i) => ({ id, deletedAt: nextTimestamp(replaced[i]) })));
  await db.versions.bulkDelete(stored);
  await logLocalChanges(db, stored);
}
