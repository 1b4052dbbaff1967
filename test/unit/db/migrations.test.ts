import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { type Annotation, listAnnotations, openDatabase, SCHEMA_V1 } from '@/lib/db';

function sampleRows(count: number): Annotation[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    source: i % 2 ? 'meipi:article/chengdu' : 'https://example.com/page?id=1',
    title: `标题 ${i}`,
    quote: `垃圾分类志愿服务 ${i}`,
    selectors: [
      { type: 'TextQuoteSelector', exact: `垃圾分类志愿服务 ${i}`, prefix: '前', suffix: '后' },
      { type: 'TextPositionSelector', start: i, end: i + 9 },
      { type: 'FragmentSelector', value: `p${i}`, conformsTo: 'http://tools.ietf.org/rfc/rfc3987' },
    ],
    color: (['yellow', 'green', 'blue', 'pink', 'purple'] as const)[i % 5] ?? 'yellow',
    note: i % 3 ? `笔记\n第 ${i} 条 😀 𠀋` : '',
    tags: i % 4 ? ['环保', `t${i}`] : [],
    createdAt: 1_700_000_000_000 + i,
    updatedAt: 1_700_000_100_000 + i,
  }));
}

describe('schema migrations', () => {
  it('opens a v1 database and keeps every row intact, indexing them for search', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const rows = sampleRows(50);
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('annotations').bulkAdd(rows);
    v1.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(2);
    const after = await listAnnotations(db);
    expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows);
    expect(await db.searchIndex.count()).toBe(rows.length);
    await db.delete();
  });
});
