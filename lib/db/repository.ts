import type { Selector } from '../anchoring/types';
import { indexAnnotations, unindexAnnotations } from '../search';
import { rowsOf } from './bulk-reads';
import { inBatches } from './bulk-writes';
import {
  currentVersionTimes,
  logLocalChanges,
  recordDeletions,
  recordEdits,
  recordPutBack,
} from './change-log';
import { nextTimestamp } from './clock';
import { byPositionInPage } from './order';
import type { MeipiDatabase } from './schema';
import type { Annotation, AnnotationInput, Color } from './types';
import { isColor } from './types';

// The library's page-order sort imports it from here.
export { byPositionInPage };

/** Not named NotFoundError: Dexie re-wraps errors carrying its own error names. */
export class AnnotationNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No annotation with id ${id}`);
    this.name = 'AnnotationNotFoundError';
  }
}

const DEFAULT_COLOR: Color = 'yellow';

/** Tags are compared as typed minus surrounding space and a leading '#'; duplicates dropped, order kept. */
export function normaliseTags(tags: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  for (const raw of tags ?? []) {
    const tag = raw.trim().replace(/^#+/, '').trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

function cloneSelectors(selectors: readonly Selector[]): Selector[] {
  return selectors.map((s) => ({ ...s }));
}

/** Writes annotations and their search index (lib/search decides how). Call inside db.writeTables. */
async function writeWithIndex(db: MeipiDatabase, annotations: Annotation[]): Promise<void> {
  await inBatches(annotations, (batch) => db.annotations.bulkPut(batch));
  await indexAnnotations(db, annotations);
}

export async function createAnnotation(db: MeipiDatabase, input: AnnotationInput): Promise<Annotation> {
  const now = nextTimestamp();
  const annotation: Annotation = {
    id: crypto.randomUUID(),
    source: input.source,
    title: input.title,
    quote: input.quote,
    selectors: cloneSelectors(input.selectors),
    color: isColor(input.color) ? input.color : DEFAULT_COLOR,
    note: input.note ?? '',
    tags: normaliseTags(input.tags),
    createdAt: now,
    updatedAt: now,
  };
  await db.transaction('rw', db.writeTables, async () => {
    await writeWithIndex(db, [annotation]);
    await logLocalChanges(db, [annotation.id]);
  });
  return annotation;
}

export async function getAnnotation(db: MeipiDatabase, id: string): Promise<Annotation | undefined> {
  return db.annotations.get(id);
}

export async function updateAnnotation(
  db: MeipiDatabase,
  id: string,
  patch: Partial<AnnotationInput>,
): Promise<Annotation> {
  return db.transaction('rw', db.writeTables, async () => {
    const current = await db.annotations.get(id);
    if (!current) throw new AnnotationNotFoundError(id);
    const [replaced] = await currentVersionTimes(db, [id]);
    const next: Annotation = {
      ...current,
      ...(patch.source !== undefined && { source: patch.source }),
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.quote !== undefined && { quote: patch.quote }),
      ...(patch.selectors !== undefined && { selectors: cloneSelectors(patch.selectors) }),
      ...(patch.color !== undefined && isColor(patch.color) && { color: patch.color }),
      ...(patch.note !== undefined && { note: patch.note }),
      ...(patch.tags !== undefined && { tags: normaliseTags(patch.tags) }),
      updatedAt: nextTimestamp(replaced),
    };
    await writeWithIndex(db, [next]);
    await recordEdits(db, [id]);
    return next;
  });
}

export async function deleteAnnotation(db: MeipiDatabase, id: string): Promise<void> {
  await deleteAnnotations(db, [id]);
}

export async function deleteAnnotations(db: MeipiDatabase, ids: readonly string[]): Promise<void> {
  await db.transaction('rw', db.writeTables, async () => {
    const reviews = (await rowsOf(db.reviews, ids)).filter((r) => r !== undefined);
    await recordDeletions(db, ids);
    // The review state goes with the annotation, kept in its tombstone for an undo.
    await db.tombstones.bulkUpdate(
      reviews.map(({ updatedAt: _version, device: _device, ...review }) => ({
        key: review.id,
        changes: { review },
      })),
    );
    await db.annotations.bulkDelete([...ids]);
    await db.reviews.bulkDelete([...ids]);
    await unindexAnnotations(db, ids);
  });
}

/**
 * Writes annotations exactly as given (ids and timestamps kept): undo of a delete, import, restore.
 * All rows or none. A put-back annotation is no longer deleted, and goes out with the next sync.
 */
export async function putAnnotations(db: MeipiDatabase, annotations: readonly Annotation[]): Promise<void> {
  await db.transaction('rw', db.writeTables, async () => {
    const ids = annotations.map((a) => a.id);
    const deletedReviews = (await rowsOf(db.tombstones, ids)).flatMap((t) => (t?.review ? [t.review] : []));
    await recordPutBack(db, annotations);
    await writeWithIndex(
      db,
      annotations.map((a) => ({ ...a, selectors: cloneSelectors(a.selectors), tags: [...a.tags] })),
    );
    // Undo of a delete here: the review state comes back too, as a new write (sync sends it).
    await db.reviews.bulkPut(deletedReviews.map((review) => ({ ...review, updatedAt: nextTimestamp() })));
    await db.changes.bulkAdd(deletedReviews.map((review) => ({ id: review.id, review: true as const })));
  });
}

/**
 * With `source`: that page's annotations in page order. Without: everything, newest first.
 */
export async function listAnnotations(
  db: MeipiDatabase,
  filter?: { source?: string },
): Promise<Annotation[]> {
  if (filter?.source !== undefined) {
    const rows = await db.annotations.where('source').equals(filter.source).toArray();
    return rows.sort(byPositionInPage);
  }
  // Sorted here: an index on createdAt would cost every write for this one listing.
  const rows = await db.annotations.toArray();
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

/** Newest first, at most `limit`: what the popup shows before anything is typed. */
export async function recentAnnotations(db: MeipiDatabase, limit: number): Promise<Annotation[]> {
  return db.annotations.orderBy('updatedAt').reverse().limit(limit).toArray();
}

export async function countAnnotations(db: MeipiDatabase): Promise<number> {
  return db.annotations.count();
}
