import { describe, expect, it } from 'vitest';
import {
  AnnotationNotFoundError,
  createAnnotation,
  deleteAnnotation,
  deleteAnnotations,
  openDatabase,
  putAnnotations,
  readChangeLog,
  saveReview,
} from '@/lib/db';
import { newReview, rate } from '@/lib/review';

const NOW = new Date(2026, 11, 1, 10);

async function withAnnotation() {
  const db = openDatabase(`reviews-${crypto.randomUUID()}`);
  const a = await createAnnotation(db, {
    source: 'https://example.cn/a',
    title: '甲',
    quote: '引文',
    selectors: [],
  });
  return { db, a };
}

describe('review records', () => {
  it('each write is newer than the one it replaces and goes into the change log as a review change', async () => {
    const { db, a } = await withAnnotation();
    const first = await saveReview(db, rate(undefined, a.id, 'good', NOW));
    const second = await saveReview(db, rate(first, a.id, 'again', NOW));
    expect(second.updatedAt).toBeGreaterThan(first.updatedAt);
    expect(await db.reviews.get(a.id)).toEqual(second);
    const log = await readChangeLog(db);
    expect(log.filter((row) => row.review).map((row) => row.id)).toEqual([a.id, a.id]);
    await db.delete();
  });

  it('goes with its annotation, and is refused for an annotation that does not exist', async () => {
    const { db, a } = await withAnnotation();
    await saveReview(db, newReview(a.id, NOW));
    await deleteAnnotation(db, a.id);
    expect(await db.reviews.count()).toBe(0);
    await expect(saveReview(db, newReview(a.id, NOW))).rejects.toBeInstanceOf(AnnotationNotFoundError);
    await db.delete();
  });

  it('comes back with its annotation when a delete is undone (put back), as a new write sync sends', async () => {
    const { db, a } = await withAnnotation();
    const rated = await saveReview(db, rate(undefined, a.id, 'good', NOW));
    const other = await createAnnotation(db, {
      source: a.source,
      title: '甲',
      quote: '另一句',
      selectors: [],
    });
    await deleteAnnotations(db, [a.id, other.id]);
    expect(await db.reviews.count()).toBe(0);
    const logged = (await readChangeLog(db)).filter((row) => row.review).length;

    await putAnnotations(db, [a, other]);
    const back = await db.reviews.get(a.id);
    expect(back).toMatchObject({ id: a.id, card: rated.card, retired: false, handledOn: rated.handledOn });
    expect(back?.updatedAt).toBeGreaterThan(rated.updatedAt);
    // The one never reviewed stays new; the tombstones are gone with the deletion they recorded.
    expect(await db.reviews.get(other.id)).toBeUndefined();
    expect(await db.tombstones.count()).toBe(0);
    expect((await readChangeLog(db)).filter((row) => row.review).length).toBe(logged + 1);
    await db.delete();
  });
});
