import { rowsOf } from './bulk-reads';
import { nextTimestamp } from './clock';
import { AnnotationNotFoundError } from './repository';
import type { ReviewContent, ReviewRecord } from './review-tables';
import type { MeipiDatabase } from './schema';

// Review state (lib/review decides it; lib/db stores it). Every local write is logged in the change
// log as a review change, so sync sends the record, with its own version, next to annotations.

function cloneRecord<T extends ReviewContent>(record: T): T {
  return { ...record, card: { ...record.card } };
}

/** Every review record: what the library's daily review plans from. */
export function allReviews(db: MeipiDatabase): Promise<ReviewRecord[]> {
  return db.reviews.toArray();
}

/** The records of these annotations (absent: never reviewed). */
export async function reviewsOf(
  db: MeipiDatabase,
  ids: readonly string[],
): Promise<Map<string, ReviewRecord>> {
  const rows = await rowsOf(db.reviews, ids);
  return new Map(rows.flatMap((r) => (r ? [[r.id, r] as const] : [])));
}

/** A review written here: newer than the record it replaces, logged for sync. */
export async function saveReview(db: MeipiDatabase, content: ReviewContent): Promise<ReviewRecord> {
  return db.transaction('rw', [db.annotations, db.reviews, db.changes], async () => {
    if (!(await db.annotations.get(content.id))) throw new AnnotationNotFoundError(content.id);
    const previous = await db.reviews.get(content.id);
    // Content built from a stored record may still carry its version: this write has its own.
    const {
      updatedAt: _updatedAt,
      device: _device,
      ...fields
    } = content as ReviewContent & Partial<ReviewRecord>;
    const record: ReviewRecord = { ...cloneRecord(fields), updatedAt: nextTimestamp(previous?.updatedAt) };
    await db.reviews.put(record);
    await db.changes.add({ id: record.id, review: true });
    return record;
  });
}

/**
 * Records from a backup, as written there: each replaces a stored one only when newer, and only for
 * annotations stored. Call inside a transaction over db.writeTables (the import's own).
 */
export async function restoreReviews(db: MeipiDatabase, records: readonly ReviewRecord[]): Promise<void> {
  const ids = records.map((r) => r.id);
  const [annotations, stored] = await Promise.all([rowsOf(db.annotations, ids), rowsOf(db.reviews, ids)]);
  const writes = records
    .filter((r, i) => annotations[i] && (stored[i]?.updatedAt ?? -1) < r.updatedAt)
    .map(({ device: _device, ...r }) => cloneRecord(r));
  await db.reviews.bulkPut(writes);
  await db.changes.bulkAdd(writes.map((r) => ({ id: r.id, review: true as const })));
}

/** Records from other devices (the caller decided they win), not logged. None for a deleted annotation. */
export async function applySyncedReviews(
  db: MeipiDatabase,
  records: readonly (ReviewRecord & { device: string })[],
): Promise<void> {
  const deleted = await rowsOf(
    db.tombstones,
    records.map((r) => r.id),
  );
  await db.reviews.bulkPut(records.filter((_, i) => !deleted[i]).map(cloneRecord));
}
