// Bulk index blocks (lib/search/blocks/) must answer every query exactly as per-row index rows
// do, and stay right through later edits, deletes, re-imports and compaction.
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  type Annotation,
  createAnnotation,
  deleteAnnotation,
  deleteAnnotations,
  type MeipiDatabase,
  openDatabase,
  putAnnotations,
  updateAnnotation,
} from '../../../lib/db';
import { initSegmenter, maintainSearchIndex, type SearchHit, searchAnnotations } from '../../../lib/search';
import { BlockView, blockTuning, buildBlock, compactBlocks } from '../../../lib/search/blocks';
import { queryCases, relevanceCorpus } from '../../fixtures/search/corpus';

const corpus = relevanceCorpus();
const cases = queryCases();
/** Queries beyond the relevance set: pinyin prefixes while typing, Latin, exclusions, tags. */
const EXTRA = [
  'laj',
  'lajif',
  'zhiyuan',
  'zyfw',
  '垃',
  '市',
  '"垃圾分类"',
  '志愿 -服务',
  '#环保',
  'WXT',
  '城',
];

const defaultBulkMin = blockTuning.bulkMin;
let counter = 0;
async function freshDb(): Promise<MeipiDatabase> {
  const db = openDatabase(`blocks-unit-${++counter}`);
  await db.open();
  return db;
}

afterEach(() => {
  blockTuning.bulkMin = defaultBulkMin;
});

beforeAll(async () => {
  await initSegmenter();
});

/** Everything a caller sees of a hit list. */
function view(hits: SearchHit[]) {
  return hits.map((h) => ({
    id: h.annotation.id,
    score: Number(h.score.toFixed(9)),
    matches: h.matches,
    highlights: h.highlights,
  }));
}

async function answers(db: MeipiDatabase): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const c of cases) out.push(view(await searchAnnotations(db, c.q, { ...c.options, limit: 1000 })));
  for (const q of EXTRA) out.push(view(await searchAnnotations(db, q, { limit: 1000 })));
  return out;
}

async function perRowDb(list: readonly Annotation[]): Promise<MeipiDatabase> {
  const db = await freshDb();
  blockTuning.bulkMin = Number.POSITIVE_INFINITY;
  await putAnnotations(db, list);
  blockTuning.bulkMin = defaultBulkMin;
  expect(await db.indexBlocks.count()).toBe(0);
  return db;
}

async function blockDb(list: readonly Annotation[]): Promise<MeipiDatabase> {
  const db = await freshDb();
  blockTuning.bulkMin = 1;
  await putAnnotations(db, list);
  blockTuning.bulkMin = defaultBulkMin;
  expect(await db.searchIndex.count()).toBe(0);
  expect(await db.indexBlocks.count()).toBe(1);
  return db;
}

describe('bulk index blocks', () => {
  it(`answer all ${cases.length + EXTRA.length} queries exactly as per-row index rows do`, async () => {
    expect(corpus.length).toBeGreaterThan(50);
    const expected = await answers(await perRowDb(corpus));
    expect(expected.filter((a) => (a as unknown[]).length > 0).length).toBeGreaterThan(cases.length * 0.8);
    expect(await answers(await blockDb(corpus))).toEqual(expected);
  });

  it('index a batch over wordsInlineMax by characters, and by words after maintenance', async () => {
    const expected = await answers(await perRowDb(corpus));
    const inline = blockTuning.wordsInlineMax;
    blockTuning.wordsInlineMax = corpus.length - 1;
    let db: MeipiDatabase;
    try {
      db = await blockDb(corpus);
    } finally {
      blockTuning.wordsInlineMax = inline;
    }
    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([false]);
    // Characters already find every word match (ranking and pinyin wait for the words).
    const found = (await searchAnnotations(db, '垃圾分类', { limit: 1000 }))
      .map((h) => h.annotation.id)
      .sort();
    const reference = await perRowDb(corpus);
    expect(found).toEqual(
      (await searchAnnotations(reference, '垃圾分类', { limit: 1000 })).map((h) => h.annotation.id).sort(),
    );
    blockTuning.bulkMin = 1;
    expect(await maintainSearchIndex(db)).toBe(corpus.length);
    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([true]);
    expect(await answers(db)).toEqual(expected);
  });

  it('split postings into chunks: the same answers with tiny chunks', async () => {
    const expected = await answers(await perRowDb(corpus));
    blockTuning.chunkPostings = 7;
    blockTuning.chunkTerms = 3;
    try {
      const db = await blockDb(corpus);
      expect(await db.indexChunks.count()).toBeGreaterThan(500);
      expect(await answers(db)).toEqual(expected);
    } finally {
      blockTuning.chunkPostings = 16_384;
      blockTuning.chunkTerms = 2_048;
    }
  });

  it('write a few dozen records for a large batch instead of one row per annotation', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      ...(corpus[i % corpus.length] as Annotation),
      id: `bulk-${i}`,
    }));
    const db = await freshDb();
    await putAnnotations(db, many);
    expect(await db.searchIndex.count()).toBe(0);
    expect(await db.indexBlocks.count()).toBe(1);
    expect(await db.indexChunks.count()).toBeLessThan(40);
    expect((await searchAnnotations(db, '垃圾分类', { limit: 5000 })).length).toBe(
      many.filter((a) => /垃圾分类|垃圾分類/u.test(a.quote + a.note + a.title)).length,
    );
  });

  it('follow edits and deletes of bulk-written annotations', async () => {
    const db = await blockDb(corpus);
    const target = corpus.find((a) => a.quote.includes('垃圾分类')) as Annotation;
    const before = (await searchAnnotations(db, '垃圾分类', { limit: 1000 })).map((h) => h.annotation.id);
    expect(before).toContain(target.id);

    await updateAnnotation(db, target.id, { note: '琵琶行' });
    // The edit moved the annotation to a per-row row; its block entries are stale.
    expect(await db.searchIndex.get(target.id)).toBeDefined();
    expect(await db.indexStale.count()).toBe(1);
    expect((await searchAnnotations(db, '琵琶行')).map((h) => h.annotation.id)).toEqual([target.id]);
    const after = (await searchAnnotations(db, '垃圾分类', { limit: 1000 })).map((h) => h.annotation.id);
    expect(after.sort()).toEqual([...before].sort());

    await updateAnnotation(db, target.id, { quote: '别的句子', note: '' });
    expect(await searchAnnotations(db, '琵琶行')).toEqual([]);

    const other = before.find((id) => id !== target.id) as string;
    await deleteAnnotation(db, other);
    const gone = (await searchAnnotations(db, '垃圾分类', { limit: 1000 })).map((h) => h.annotation.id);
    expect(gone).not.toContain(other);
    // The same ids again from the per-row database: everything agrees.
    const reference = await perRowDb(corpus);
    await updateAnnotation(reference, target.id, { quote: '别的句子', note: '' });
    await deleteAnnotation(reference, other);
    const strip = (hits: SearchHit[]) => hits.map((h) => h.annotation.id).sort();
    for (const q of ['垃圾分类', '垃圾', '志愿服务', 'lajifenlei', '市', '别的句子']) {
      expect(strip(await searchAnnotations(db, q, { limit: 1000 })), q).toEqual(
        strip(await searchAnnotations(reference, q, { limit: 1000 })),
      );
    }
  });

  it('keep one live entry per annotation across re-imports, and compact to one block', async () => {
    const db = await blockDb(corpus);
    const edited = corpus.map((a, i) =>
      i % 2 ? a : { ...a, note: `${a.note} 第二版琵琶`, updatedAt: a.updatedAt + 1 },
    );
    blockTuning.bulkMin = 1;
    await putAnnotations(db, edited);
    blockTuning.bulkMin = defaultBulkMin;
    // Every member of the first block has a newer version: the block is gone, not marked stale.
    expect(await db.indexBlocks.count()).toBe(1);
    expect(await db.indexStale.count()).toBe(0);
    const viewAfter = await BlockView.open(db);
    const live = viewAfter.blocks.flatMap((b) => viewAfter.liveMembers(b));
    expect(live.length).toBe(corpus.length);
    expect(new Set(live).size).toBe(corpus.length);
    const hits = await searchAnnotations(db, '琵琶', { limit: 1000 });
    expect(hits.length).toBe(Math.ceil(corpus.length / 2));

    const expected = await answers(db);
    expect(await compactBlocks(db)).toBe(0);
    expect(await answers(db)).toEqual(expected);

    // Half of a block re-imported: stale entries, then compaction rebuilds it.
    blockTuning.bulkMin = 1;
    await putAnnotations(
      db,
      edited.slice(0, 40).map((a) => ({ ...a, updatedAt: a.updatedAt + 1 })),
    );
    expect(await db.indexBlocks.count()).toBe(2);
    expect(await db.indexStale.count()).toBe(40);
    const before = await answers(db);
    expect(await compactBlocks(db)).toBe(corpus.length - 40);
    expect(await db.indexStale.count()).toBe(0);
    expect(await answers(db)).toEqual(before);
  });

  it('turn a mostly deleted block into per-row rows on compaction', async () => {
    const db = await blockDb(corpus);
    blockTuning.bulkMin = 50;
    const keep = corpus.slice(0, 10).map((a) => a.id);
    await deleteAnnotations(
      db,
      corpus.slice(10).map((a) => a.id),
    );
    await maintainSearchIndex(db);
    expect(await db.indexBlocks.count()).toBe(0);
    expect(await db.indexChunks.count()).toBe(0);
    expect((await db.searchIndex.toCollection().primaryKeys()).sort()).toEqual([...keep].sort());
  });

  it('fold accumulated per-row rows into a block, and merge blocks beyond the limit', async () => {
    const reference = await perRowDb(corpus);
    const expected = await answers(reference);
    const db = await perRowDb(corpus);
    const tuned = { ...blockTuning };
    onTestFinished(() => {
      Object.assign(blockTuning, tuned);
    });
    blockTuning.foldMin = corpus.length + 1;
    expect(await compactBlocks(db)).toBe(0);
    blockTuning.foldMin = corpus.length;
    blockTuning.bulkMin = 1;
    expect(await compactBlocks(db)).toBe(corpus.length);
    expect(await db.searchIndex.count()).toBe(0);
    expect(await db.indexBlocks.count()).toBe(1);
    expect(await answers(db)).toEqual(expected);

    // Five small imports: six blocks, merged two at a time down to three.
    blockTuning.maxBlocks = 3;
    const edits = [0, 1, 2, 3, 4].map((k) =>
      corpus
        .slice(k * 10, k * 10 + 10)
        .map((a) => ({ ...a, note: `${a.note} 新版${k}`, updatedAt: a.updatedAt + 1 })),
    );
    for (const batch of edits) {
      blockTuning.bulkMin = 1;
      await putAnnotations(db, batch);
      blockTuning.bulkMin = Number.POSITIVE_INFINITY;
      await putAnnotations(reference, batch);
    }
    blockTuning.bulkMin = 1;
    expect(await db.indexBlocks.count()).toBe(6);
    await compactBlocks(db);
    expect(await db.indexBlocks.count()).toBe(3);
    expect(await answers(db)).toEqual(await answers(reference));

    // Merging by posting lists leaves out stale members (a few edits, under the rebuild threshold).
    blockTuning.bulkMin = defaultBulkMin;
    for (const a of corpus.slice(60, 64)) {
      await updateAnnotation(db, a.id, { note: '琵琶行' });
      await updateAnnotation(reference, a.id, { note: '琵琶行' });
    }
    expect(await db.indexStale.count()).toBe(4);
    blockTuning.maxBlocks = 1;
    await compactBlocks(db);
    expect(await db.indexBlocks.count()).toBe(1);
    expect(await db.indexStale.count()).toBe(0);
    const [merged] = await db.indexBlocks.toArray();
    expect(merged?.members.length).toBe(corpus.length - 4);
    expect(await answers(db)).toEqual(await answers(reference));
  });

  it('drop a block whose every member is deleted, writing no stale entries', async () => {
    const db = await blockDb(corpus);
    await deleteAnnotations(
      db,
      corpus.map((a) => a.id),
    );
    expect(await db.indexBlocks.count()).toBe(0);
    expect(await db.indexChunks.count()).toBe(0);
    expect(await db.indexStale.count()).toBe(0);
    expect(await searchAnnotations(db, '垃圾')).toEqual([]);
  });

  it('index single writes per row even after a bulk import', async () => {
    const db = await blockDb(corpus);
    const created = await createAnnotation(db, {
      source: 'https://example.com/',
      title: '例子',
      quote: '长江大保护',
      selectors: [],
    });
    expect(await db.searchIndex.get(created.id)).toBeDefined();
    expect(await db.indexStale.count()).toBe(0);
    expect((await searchAnnotations(db, '长江')).map((h) => h.annotation.id)).toContain(created.id);
  });

  it('give a repeated id in one batch one member, the last version', () => {
    const a = corpus[0] as Annotation;
    const { block } = buildBlock([a, { ...a, note: '后来' }]);
    expect(block.members).toEqual([a.id]);
  });
});
