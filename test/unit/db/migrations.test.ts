import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  type Annotation,
  listAnnotations,
  type MeipiDatabase,
  openDatabase,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  saveReview,
} from '@/lib/db';
import { SCHEMA_VERSION } from '@/lib/db/layout';
import { buildIndexRow, initSegmenter, maintainSearchIndex, searchAnnotations } from '@/lib/search';

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

/** One annotation with only the given text fields set. */
function annotationWith(id: string, fields: Partial<Annotation>): Annotation {
  const [base] = sampleRows(1) as [Annotation];
  return { ...base, id, title: '', selectors: [], note: '', tags: [], ...fields };
}

async function ids(db: MeipiDatabase, query: string): Promise<string[]> {
  return (await searchAnnotations(db, query)).map((h) => h.annotation.id);
}

/** A database as version 2 left it: annotations and their per-row index rows. */
async function writeV2(name: string, rows: Annotation[]): Promise<void> {
  const v2 = new Dexie(name);
  v2.version(2).stores(SCHEMA_V2);
  await v2.table('annotations').bulkAdd(rows);
  await v2.table('searchIndex').bulkAdd(rows.map(buildIndexRow));
  v2.close();
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
    expect(db.verno).toBe(SCHEMA_VERSION);
    const after = await listAnnotations(db);
    expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows);
    expect(await db.searchIndex.count()).toBe(rows.length);
    await db.delete();
  });

  it('indexes a v1 database by words once jieba is ready: 市长 is not the 市长 inside 城市长效', async () => {
    await initSegmenter();
    const name = `migrate-v1-words-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1
      .table('annotations')
      .bulkPut([
        annotationWith('old-1', { quote: '市委副书记、市长马泽江主持会议' }),
        annotationWith('old-2', { quote: '构建文明创建常态化长效机制', note: '城市长效管理' }),
      ]);
    v1.close();
    const db = openDatabase(name);
    expect(await ids(db, '市长')).toEqual(['old-1']);
    expect(await ids(db, '长效')).toEqual(['old-2']);
    expect(await ids(db, 'mzj')).toEqual(['old-1']);
    expect(await db.searchIndex.count()).toBe(2);
    await db.delete();
  });

  it('opens a v2 database: rows and index rows kept, searchable, no blocks', async () => {
    await initSegmenter();
    const name = `migrate-v2-${crypto.randomUUID()}`;
    const rows = sampleRows(30);
    await writeV2(name, rows);

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await listAnnotations(db)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows);
    expect(await db.searchIndex.count()).toBe(rows.length);
    expect(await db.indexBlocks.count()).toBe(0);
    expect((await searchAnnotations(db, '垃圾分类', { limit: 100 })).length).toBe(rows.length);
    await db.delete();
  });

  it('moves a large v2 index into one character block: colour filters work at once, words follow', async () => {
    await initSegmenter();
    const name = `migrate-v2-large-${crypto.randomUUID()}`;
    const rows = sampleRows(1200);
    await writeV2(name, rows);

    const db = openDatabase(name);
    await db.open();
    expect(await db.searchIndex.count()).toBe(0);
    expect((await db.indexBlocks.toArray()).map((b) => [b.members.length, b.segmented])).toEqual([
      [1200, false],
    ]);
    const green = rows.filter((r) => r.color === 'green' && r.tags.includes('环保')).map((r) => r.id);
    const found = await searchAnnotations(db, '垃圾分类', { color: 'green', tag: '環保', limit: 1000 });
    expect(found.map((h) => h.annotation.id).sort()).toEqual(green.sort());
    expect(await maintainSearchIndex(db)).toBe(1200);
    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([true]);
    expect((await searchAnnotations(db, 'ljfl', { color: 'green', limit: 1000 })).length).toBe(
      rows.filter((r) => r.color === 'green').length,
    );
    await db.delete();
  });

  it('opens a v3 database: rows, index and search kept; every annotation waits in the change log for the first sync', async () => {
    await initSegmenter();
    const name = `migrate-v3-${crypto.randomUUID()}`;
    const rows = sampleRows(40);
    const v3 = new Dexie(name);
    v3.version(3).stores(SCHEMA_V3);
    await v3.table('annotations').bulkAdd(rows);
    await v3.table('searchIndex').bulkAdd(rows.map(buildIndexRow));
    v3.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await listAnnotations(db)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows);
    expect(await db.searchIndex.count()).toBe(rows.length);
    expect((await searchAnnotations(db, '垃圾分类', { limit: 100 })).length).toBe(rows.length);
    expect((await db.changes.toArray()).map((c) => c.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(await db.tombstones.count()).toBe(0);
    expect(await db.versions.count()).toBe(0);
    await db.delete();
  });

  it('opens a v4 database: annotations, change log and sync tables kept; an empty reviews table takes review state; no vault folder, an empty manifest', async () => {
    const name = `migrate-v4-${crypto.randomUUID()}`;
    const rows = sampleRows(12);
    const v4 = new Dexie(name);
    v4.version(4).stores(SCHEMA_V4);
    await v4.table('annotations').bulkAdd(rows);
    await v4.table('searchIndex').bulkAdd(rows.map(buildIndexRow));
    await v4.table('changes').bulkAdd([{ id: rows[0]?.id, sent: 3 }, { id: rows[1]?.id }]);
    await v4.table('tombstones').add({ id: 'gone', deletedAt: 5, device: 'other' });
    await v4.table('versions').add({ id: rows[2]?.id, at: 9, device: 'other' });
    v4.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await listAnnotations(db)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows);
    expect(await db.changes.toArray()).toEqual([
      { seq: 1, id: rows[0]?.id, sent: 3 },
      { seq: 2, id: rows[1]?.id },
    ]);
    expect(await db.tombstones.toArray()).toEqual([{ id: 'gone', deletedAt: 5, device: 'other' }]);
    expect(await db.versions.toArray()).toEqual([{ id: rows[2]?.id, at: 9, device: 'other' }]);
    expect(await db.reviews.count()).toBe(0);
    const card = {
      due: 1,
      stability: 0,
      difficulty: 0,
      scheduledDays: 0,
      learningSteps: 0,
      reps: 0,
      lapses: 0,
      state: 0,
    };
    await saveReview(db, { id: rows[3]?.id as string, card, retired: true });
    expect(await db.reviews.get(rows[3]?.id as string)).toMatchObject({ card, retired: true });
    expect(await db.vault.count()).toBe(0);
    expect(await db.vaultFiles.count()).toBe(0);
    await db.vault.put({ key: 'folder', auto: false });
    expect(await db.vault.get('folder')).toEqual({ key: 'folder', auto: false });
    await db.delete();
  });
});
