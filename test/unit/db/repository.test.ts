import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AnnotationNotFoundError,
  createAnnotation,
  deleteAnnotation,
  listAnnotations,
  type MeipiDatabase,
  openDatabase,
  putAnnotations,
  recentAnnotations,
  updateAnnotation,
} from '@/lib/db';
import { searchAnnotations } from '@/lib/search';

async function found(db: MeipiDatabase, query: string): Promise<string[]> {
  return (await searchAnnotations(db, query)).map((hit) => hit.annotation.id);
}

const input = (quote: string, start: number, source = 'https://example.com/a') => ({
  source,
  title: '示例',
  quote,
  selectors: [
    { type: 'TextQuoteSelector' as const, exact: quote, prefix: '前', suffix: '后' },
    { type: 'TextPositionSelector' as const, start, end: start + quote.length },
  ],
});

describe('annotation repository', () => {
  let db: MeipiDatabase;
  beforeEach(() => {
    db = openDatabase(`repo-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('sets id, timestamps and defaults itself', async () => {
    const before = Date.now();
    const a = await createAnnotation(db, { ...input('垃圾分类', 10), tags: [' #环保 ', '环保', '城市'] });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.createdAt).toBeGreaterThanOrEqual(before);
    expect(a.updatedAt).toBe(a.createdAt);
    expect(a.color).toBe('yellow');
    expect(a.note).toBe('');
    expect(a.tags).toEqual(['环保', '城市']);
    expect(await db.annotations.get(a.id)).toEqual(a);
  });

  it('updates only what the patch names and moves updatedAt forward', async () => {
    const a = await createAnnotation(db, input('志愿服务', 3));
    const b = await updateAnnotation(db, a.id, { note: '第一行\n第二行', color: 'green' });
    expect(b).toMatchObject({ id: a.id, quote: '志愿服务', note: '第一行\n第二行', color: 'green' });
    expect(b.createdAt).toBe(a.createdAt);
    expect(b.updatedAt).toBeGreaterThan(a.updatedAt);
    await expect(updateAnnotation(db, 'missing', { note: 'x' })).rejects.toBeInstanceOf(
      AnnotationNotFoundError,
    );
  });

  it('keeps search in step with every write', async () => {
    const a = await createAnnotation(db, input('文明', 0));
    expect(await found(db, '文明')).toEqual([a.id]);
    await updateAnnotation(db, a.id, { note: '志愿' });
    expect(await found(db, '志愿')).toEqual([a.id]);
    await deleteAnnotation(db, a.id);
    expect(await db.annotations.count()).toBe(0);
    expect(await found(db, '文明')).toEqual([]);
    expect(await db.searchIndex.count()).toBe(0);
  });

  it('lists a page in reading order, everything newest first', async () => {
    const late = await createAnnotation(db, input('后面', 50));
    const early = await createAnnotation(db, input('前面', 5));
    const other = await createAnnotation(db, input('别处', 1, 'https://example.com/b'));
    expect((await listAnnotations(db, { source: 'https://example.com/a' })).map((a) => a.id)).toEqual([
      early.id,
      late.id,
    ]);
    expect((await listAnnotations(db)).map((a) => a.id)).toEqual([other.id, early.id, late.id]);
    expect((await recentAnnotations(db, 1)).map((a) => a.id)).toEqual([other.id]);
  });

  it('puts annotations back exactly (undo, import)', async () => {
    const a = await createAnnotation(db, { ...input('原样', 2), note: '笔记', tags: ['甲'] });
    await deleteAnnotation(db, a.id);
    await putAnnotations(db, [a]);
    expect(await db.annotations.get(a.id)).toEqual(a);
    expect(await found(db, '笔记')).toEqual([a.id]);
  });
});
