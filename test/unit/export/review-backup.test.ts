import { describe, expect, it } from 'vitest';
import {
  type Annotation,
  createAnnotation,
  listAnnotations,
  type MeipiDatabase,
  openDatabase,
  type ReviewRecord,
  saveReview,
} from '@/lib/db';
import { ImportError, importWebAnnotations, toMarkdown, toWebAnnotations } from '@/lib/export';
import { rate } from '@/lib/review';
import { failedAssertions, loadMustAssertions } from './w3c-validator';

const NOW = new Date(2026, 11, 1, 10);
const musts = loadMustAssertions('annotations/annotationMusts.test');

function freshDb(): MeipiDatabase {
  return openDatabase(`review-backup-${crypto.randomUUID()}`);
}

/** Three annotations: one rated good, one retired, one never reviewed. */
async function library(): Promise<{
  db: MeipiDatabase;
  list: Annotation[];
  reviews: Map<string, ReviewRecord>;
}> {
  const db = freshDb();
  for (const quote of ['城市更新', '垃圾分类', '志愿服务'])
    await createAnnotation(db, {
      source: 'https://news.example.cn/a',
      title: '成都日报',
      quote,
      selectors: [],
    });
  const list = await listAnnotations(db);
  const [a, b] = list as [Annotation, Annotation];
  const good = await saveReview(db, rate(undefined, a.id, 'good', NOW));
  const retired = await saveReview(db, rate(rate(undefined, b.id, 'good', NOW), b.id, 'done', NOW));
  return { db, list, reviews: new Map([good, retired].map((r) => [r.id, r])) };
}

describe('review state in backups', () => {
  it('travels as meipi:review and is restored exactly, with the annotations, from the file text', async () => {
    const { db, list, reviews } = await library();
    const text = JSON.stringify(toWebAnnotations(list, { reviews }));
    const target = freshDb();
    expect(await importWebAnnotations(target, text)).toEqual({ added: 3, updated: 0, skipped: 0 });
    expect(await listAnnotations(target)).toEqual(list);
    expect((await target.reviews.toArray()).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [...reviews.values()].sort((x, y) => x.id.localeCompare(y.id)),
    );
    // Restored reviews go out with the next sync, like restored annotations.
    expect((await target.changes.toArray()).filter((c) => c.review).length).toBe(2);
    await db.delete();
    await target.delete();
  });

  it('keeps a newer review stored here over the backup’s older one, and takes a newer one', async () => {
    const { db, list, reviews } = await library();
    const backup = toWebAnnotations(list, { reviews });
    const [a] = list as [Annotation];
    const newer = await saveReview(db, rate(reviews.get(a.id), a.id, 'again', NOW));
    await importWebAnnotations(db, backup);
    expect(await db.reviews.get(a.id)).toEqual(newer);

    const other = freshDb();
    await importWebAnnotations(other, toWebAnnotations(list, { reviews: new Map([[a.id, newer]]) }));
    await importWebAnnotations(other, backup);
    expect(await other.reviews.get(a.id)).toEqual(newer);
    await db.delete();
    await other.delete();
  });

  it('still meets the W3C MUSTs, and stays out of markdown', async () => {
    const { db, list, reviews } = await library();
    const items = (toWebAnnotations(list, { reviews }) as { first: { items: unknown[] } }).first.items;
    for (const item of items) expect(failedAssertions(musts, item)).toEqual([]);
    expect(toMarkdown(list)).not.toMatch(/review|stability|retired/i);
    await db.delete();
  });

  it('refuses a malformed review state, writing nothing', async () => {
    const { db, list, reviews } = await library();
    const backup = toWebAnnotations(list, { reviews }) as { first: { items: Record<string, unknown>[] } };
    const item = backup.first.items.find((i) => i['meipi:review']) as Record<string, unknown>;
    item['meipi:review'] = { card: { due: 'tomorrow' }, retired: false, updatedAt: 1 };
    const target = freshDb();
    await expect(importWebAnnotations(target, backup)).rejects.toBeInstanceOf(ImportError);
    expect(await target.annotations.count()).toBe(0);
    await db.delete();
    await target.delete();
  });
});
