import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  type Annotation,
  createAnnotation,
  deleteAnnotation,
  type MeipiDatabase,
  openDatabase,
  putAnnotations,
  updateAnnotation,
} from '../../../lib/db';
import {
  buildIndexRow,
  initSegmenter,
  isSegmenterReady,
  maintainSearchIndex,
  normalizeText,
  normalizeWithOffsets,
  parseQuery,
  type SearchOptions,
  type SearchPage,
  searchAnnotations,
  searchPage,
} from '../../../lib/search';
import { blockTuning } from '../../../lib/search/blocks';
import { tuning } from '../../../lib/search/search';
import { SLICE, timeSlice } from '../../../lib/search/terms';

let dbCounter = 0;
function freshDb(): MeipiDatabase {
  dbCounter++;
  return openDatabase(`search-unit-${dbCounter}`);
}

function annotation(id: string, fields: Partial<Annotation>, at = 1_000): Annotation {
  return {
    id,
    source: 'https://example.org/a',
    title: '',
    quote: '',
    selectors: [],
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

async function ids(db: MeipiDatabase, query: string, options = {}): Promise<string[]> {
  return (await searchAnnotations(db, query, options)).map((h) => h.annotation.id);
}

beforeAll(async () => {
  await initSegmenter();
});

describe('parseQuery', () => {
  it('splits words, phrases, exclusions and tags', () => {
    expect(parseQuery('垃圾分类 "示范 街镇" -天津 #环保 志愿')).toEqual({
      words: ['垃圾分类', '志愿'],
      phrases: ['示范 街镇'],
      excludedWords: ['天津'],
      excludedPhrases: [],
      tags: ['环保'],
      partial: '志愿',
    });
  });
  it('accepts Chinese quotes and corner brackets, and negated phrases', () => {
    const q = parseQuery('“党史宣讲” 「文明实践」 -"吉安市"');
    expect(q.phrases).toEqual(['党史宣讲', '文明实践']);
    expect(q.excludedPhrases).toEqual(['吉安市']);
  });
  it('normalises: full-width marks, traditional characters, case', () => {
    const q = parseQuery('＃環保　－天津　ＷＸＴ');
    expect(q.tags).toEqual(['环保']);
    expect(q.excludedWords).toEqual(['天津']);
    expect(q.words).toEqual(['wxt']);
  });
  it('marks the last word as partial only while it is being typed', () => {
    expect(parseQuery('laji').partial).toBe('laji');
    expect(parseQuery('laji ').partial).toBeNull();
    expect(parseQuery('laji "x"').partial).toBeNull();
  });
  it('keeps an unterminated phrase as a phrase', () => {
    expect(parseQuery('"垃圾分').phrases).toEqual(['垃圾分']);
  });
  it('ignores a lone hash or minus', () => {
    const q = parseQuery('# - 城市');
    expect(q.tags).toEqual([]);
    expect(q.words).toEqual(['-', '城市']);
  });
});

describe('normalisation', () => {
  it('folds traditional to simplified, full-width to half-width, Latin case', () => {
    expect(normalizeText('垃圾分類')).toBe('垃圾分类');
    expect(normalizeText('國家發展')).toBe('国家发展');
    expect(normalizeText('ＷＸＴ　Ｐｒｅａｃｔ１０')).toBe('wxt preact10');
  });
  it('keeps offsets into the original text', () => {
    const { text, offsets } = normalizeWithOffsets('Ａ垃圾分類𠀀市');
    expect(text).toBe('a垃圾分类𠀀市');
    expect(offsets).toEqual([0, 1, 2, 3, 4, 5, 5, 7]);
  });
});

describe('ranking', () => {
  it('ranks a standalone word above the same character inside another word', async () => {
    const db = freshDb();
    await putAnnotations(db, [
      annotation('inside', { quote: '城市建设五年攻坚行动' }, 2_000),
      annotation('word', { quote: '市、区两级联动推进' }, 1_000),
    ]);
    expect(await ids(db, '市')).toEqual(['word', 'inside']);
  });
  it('weights a note and tag match above a title-only match', async () => {
    const db = freshDb();
    await putAnnotations(db, [
      annotation(
        'title',
        { title: '天津年内创建垃圾分类示范街镇社区', quote: '市内六区每区创建两个街镇' },
        3_000,
      ),
      annotation('note', { quote: '每区创建两个街镇', note: '垃圾分类要从社区做起' }, 1_000),
      annotation('tag', { quote: '每区创建两个街镇', tags: ['垃圾分类'] }, 2_000),
    ]);
    const order = await ids(db, '垃圾分类');
    expect(order).toHaveLength(3);
    expect(order.at(-1)).toBe('title');
  });
  it('ranks a short field above a long one with the same single match (length normalisation)', async () => {
    const db = freshDb();
    const filler =
      '会议要求要突出特色紧扣典范二字围绕学思践悟高起点谋划高标准实施打造一批在全国叫得响的特色亮点。'.repeat(
        3,
      );
    await putAnnotations(db, [
      annotation('long', { quote: `${filler}屈原文化` }, 2_000),
      annotation('short', { quote: '屈原文化' }, 1_000),
    ]);
    expect(await ids(db, '屈原')).toEqual(['short', 'long']);
  });
  it('breaks ties by recency', async () => {
    const db = freshDb();
    await putAnnotations(db, [
      annotation('old', { quote: '志愿服务队' }, 1_000),
      annotation('new', { quote: '志愿服务队' }, 5_000),
      annotation('mid', { quote: '志愿服务队' }, 3_000),
    ]);
    expect(await ids(db, '志愿服务')).toEqual(['new', 'mid', 'old']);
  });
  it('matches whole pinyin of a word, or a prefix of it while typing', async () => {
    const db = freshDb();
    await putAnnotations(db, [
      annotation('prefix', { quote: '垃圾分类' }, 2_000),
      annotation('exact', { quote: '生活垃圾' }, 1_000),
    ]);
    // "laji" is the whole pinyin of 垃圾 (a sub-word of both) — both match exactly
    expect((await ids(db, 'laji')).sort()).toEqual(['exact', 'prefix']);
    // "lajif" is only a prefix of lajifenlei
    expect(await ids(db, 'lajif')).toEqual(['prefix']);
  });
  it('finds the one quote match among hundreds of newer title-only matches', async () => {
    const db = freshDb();
    const titled = Array.from({ length: 400 }, (_, i) =>
      annotation(`t${i}`, { title: '屈原文化的权威阐释地', quote: `第${i}条摘录` }, 10_000 + i),
    );
    await putAnnotations(db, [
      annotation('quote', { quote: '让屈原成为宜昌永恒的文化地标' }, 1_000),
      ...titled,
    ]);
    const hits = await searchAnnotations(db, '屈原', { limit: 5 });
    expect(hits.map((h) => h.annotation.id)).toEqual(['quote', 't399', 't398', 't397', 't396']);
  });
  it.each([
    ['per-row index rows', Number.POSITIVE_INFINITY],
    ['a bulk index block', 1],
  ])('answers from the newest annotations first when they hold enough matches (%s)', async (_, bulkMin) => {
    const db = freshDb();
    const defaultBulkMin = blockTuning.bulkMin;
    blockTuning.bulkMin = bulkMin;
    onTestFinished(() => {
      blockTuning.bulkMin = defaultBulkMin;
    });
    const minute = 60_000;
    const many = Array.from({ length: 6_200 }, (_, i) =>
      annotation(`a${i}`, { quote: i % 2 ? '城市管理' : '乡村振兴' }, i * minute),
    );
    many.push(annotation('old-rare', { quote: '片仔癀药业' }, 0));
    many.push(annotation('old-word', { quote: '市、区两级联动' }, minute));
    await putAnnotations(db, many);
    // A block this large gets its words from maintenance (lib/search/blocks/); for rows that
    // would fold them into a block, so they are left as written.
    if (bulkMin === 1) await maintainSearchIndex(db);
    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual(bulkMin === 1 ? [true] : []);
    // the real threshold is 24k annotations; the behaviour is the same, the test faster
    const threshold = tuning.sliceFirstAbove;
    tuning.sliceFirstAbove = 6_000;
    onTestFinished(() => {
      tuning.sliceFirstAbove = threshold;
    });
    const city = await searchAnnotations(db, '市');
    expect(city).toHaveLength(50);
    // the newest 3,000 annotations hold 1,500 matches: the page comes from them, newest first
    expect(city.every((h) => h.annotation.updatedAt >= 3_200 * minute)).toBe(true);
    expect(city[0]?.annotation.id).toBe('a6199');
    // (reading everything would have ranked this old standalone 市 first: the slice trades that)
    expect(city.map((h) => h.annotation.id)).not.toContain('old-word');
    expect((await searchAnnotations(db, '市', { limit: 5_000 })).map((h) => h.annotation.id)[0]).toBe(
      'old-word',
    );
    // its total is scaled up from the slice, and marked as an estimate
    const counted = await searchPage(db, '市');
    expect(counted.totalExact).toBe(false);
    expect(Math.abs(counted.total - 3_101)).toBeLessThan(150);
    const words = await searchAnnotations(db, '城市管理');
    expect(words).toHaveLength(50);
    expect(words.every((h) => h.annotation.updatedAt >= 3_200 * minute)).toBe(true);
    expect(await searchAnnotations(db, '城市 -管理')).toEqual([]);
    // too few matches among the newest: the whole posting list is read
    expect((await searchAnnotations(db, '癀')).map((h) => h.annotation.id)).toEqual(['old-rare']);
  });
  it('verifies phrase matches a batch at a time, with the same results as reading them all', async () => {
    const db = freshDb();
    const many = Array.from({ length: 700 }, (_, i) =>
      annotation(
        `p${i}`,
        {
          quote: i % 3 === 0 ? `创建文明城市第${i}次` : `文明的城市第${i}次`,
          note: i % 7 === 0 ? '文明城市' : '',
        },
        i * 60_000,
      ),
    );
    await putAnnotations(db, many);
    const batch = tuning.verifyBatch;
    onTestFinished(() => {
      tuning.verifyBatch = batch;
    });
    const ids = async (q: string, limit: number) =>
      (await searchAnnotations(db, q, { limit })).map((h) => [h.annotation.id, h.score]);
    for (const limit of [5, 20, 50]) {
      tuning.verifyBatch = 100;
      const batched = await ids('"文明城市"', limit);
      tuning.verifyBatch = Number.POSITIVE_INFINITY;
      expect(batched, String(limit)).toEqual(await ids('"文明城市"', limit));
      expect(batched).toHaveLength(limit);
    }
  });
  it('lists recent annotations for an empty query, filtered', async () => {
    const db = freshDb();
    await putAnnotations(db, [
      annotation('a', { color: 'green' }, 1_000),
      annotation('b', { color: 'blue' }, 2_000),
      annotation('c', { color: 'green', tags: ['x'] }, 3_000),
    ]);
    expect(await ids(db, '')).toEqual(['c', 'b', 'a']);
    expect(await ids(db, '  ', { color: 'green' })).toEqual(['c', 'a']);
    expect(await ids(db, '', { tag: '#x' })).toEqual(['c']);
    expect(await ids(db, '', { limit: 1 })).toEqual(['c']);
  });
});

describe('totals and pages', () => {
  /** Every page of a search, `limit` at a time, until one comes back empty. */
  async function allPages(db: MeipiDatabase, query: string, options: SearchOptions = {}) {
    const pages: SearchPage[] = [];
    const shown: string[] = [];
    for (;;) {
      const page = await searchPage(db, query, { ...options, shown });
      if (page.hits.length === 0) return { pages, shown };
      pages.push(page);
      shown.push(...page.hits.map((h) => h.annotation.id));
    }
  }

  it('counts every match, not the page, and pages on through the rest without repeats', async () => {
    const db = freshDb();
    await putAnnotations(
      db,
      Array.from({ length: 200 }, (_, i) =>
        annotation(
          `g${i}`,
          { quote: i % 3 ? '垃圾分类进社区' : '乡村振兴', color: i % 2 ? 'green' : 'blue' },
          i,
        ),
      ),
    );
    const first = await searchPage(db, '垃圾分类');
    expect(first.hits).toHaveLength(50);
    expect(first).toMatchObject({ total: 133, totalExact: true });
    const { pages, shown } = await allPages(db, '垃圾分类');
    expect(pages.map((p) => p.hits.length)).toEqual([50, 50, 33]);
    expect(pages.every((p) => p.total === 133 && p.totalExact)).toBe(true);
    expect(new Set(shown).size).toBe(133);
    // filters and exclusions are counted too
    expect(await searchPage(db, '垃圾分类', { color: 'green' })).toMatchObject({
      total: 67,
      totalExact: true,
    });
    expect((await searchPage(db, '社区 -垃圾')).total).toBe(0);
    // the hits alone are still what searchAnnotations answers
    expect(await ids(db, '垃圾分类')).toEqual(first.hits.map((h) => h.annotation.id));
  });

  it('counts a filtered listing (no query) and pages through it', async () => {
    const db = freshDb();
    await putAnnotations(
      db,
      Array.from({ length: 120 }, (_, i) => annotation(`c${i}`, { color: i % 4 ? 'yellow' : 'pink' }, i)),
    );
    expect(await searchPage(db, '', { limit: 10 })).toMatchObject({ total: 120, totalExact: true });
    const { pages, shown } = await allPages(db, '', { color: 'pink', limit: 20 });
    expect(pages.map((p) => [p.hits.length, p.total])).toEqual([
      [20, 30],
      [10, 30],
    ]);
    expect(new Set(shown).size).toBe(30);
  });

  it("estimates, and says so, when not every candidate's text was checked; pages reach them all", async () => {
    const db = freshDb();
    await putAnnotations(
      db,
      Array.from({ length: 700 }, (_, i) =>
        annotation(
          `p${i}`,
          { quote: i % 3 === 0 ? `创建文明城市第${i}次` : `文明的城市第${i}次` },
          i * 60_000,
        ),
      ),
    );
    const first = await searchPage(db, '"文明城市"');
    expect(first.totalExact).toBe(false);
    expect(Math.abs(first.total - 234)).toBeLessThan(30);
    const { shown } = await allPages(db, '"文明城市"');
    expect(new Set(shown).size).toBe(234);
  });
});

describe('hits', () => {
  it('reports matched words and highlight ranges in the original text', async () => {
    const db = freshDb();
    await putAnnotations(db, [
      annotation('t', { quote: '這篇報導提到垃圾分類的示範街鎮', note: '垃圾分類' }),
    ]);
    const [hit] = await searchAnnotations(db, 'ljfl');
    expect(hit?.matches).toEqual(['垃圾分类']);
    expect(hit?.highlights).toEqual([
      { field: 'quote', start: 6, end: 10 },
      { field: 'note', start: 0, end: 4 },
    ]);
    expect(hit?.approximate).toBe(false);
    await putAnnotations(db, [annotation('m', { quote: '市长强调城市长效管理', note: '' })]);
    const [mayor] = await searchAnnotations(db, '市长');
    expect(mayor?.highlights).toEqual([{ field: 'quote', start: 0, end: 2 }]);
    const [phrase] = await searchAnnotations(db, '"示范街镇"');
    expect(phrase?.highlights).toEqual([{ field: 'quote', start: 11, end: 15 }]);
  });
});

describe('index consistency with lib/db writes', () => {
  it('create → searchable; update note → old word gone, new word found; delete → gone', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, {
      source: 'https://example.org/x',
      title: '测试',
      quote: '生活垃圾收运处理体系',
      selectors: [],
      note: '屈原文化',
    });
    expect(await ids(db, '屈原')).toEqual([a.id]);
    expect(await ids(db, 'quyuan')).toEqual([a.id]);
    await updateAnnotation(db, a.id, { note: '疫苗接种' });
    expect(await ids(db, '屈原')).toEqual([]);
    expect(await ids(db, 'quyuan')).toEqual([]);
    expect(await ids(db, '疫苗')).toEqual([a.id]);
    await updateAnnotation(db, a.id, { tags: ['#环保'] });
    expect(await ids(db, '#环保')).toEqual([a.id]);
    await deleteAnnotation(db, a.id);
    expect(await ids(db, '疫苗')).toEqual([]);
    expect(await ids(db, '')).toEqual([]);
    expect(await db.searchIndex.count()).toBe(0);
  });
  it('writes segmented rows with word, character and pinyin terms', () => {
    expect(isSegmenterReady()).toBe(true);
    const row = buildIndexRow(annotation('r', { quote: '垃圾分类', tags: ['環保'], title: '屈原文化' }));
    expect(row.segmented).toBe(true);
    // every term carries the annotation's time slice (updatedAt 1 s → minute 0)
    const slice = `${SLICE}${timeSlice(1_000)}`;
    expect(slice).toBe(`${SLICE}0000000`);
    const terms = row.terms.filter((t) => t !== '~format:5').map((t) => t.slice(0, -slice.length));
    expect(row.terms.filter((t) => !t.endsWith(slice))).toEqual(['~format:5']);
    expect(terms).toEqual(
      expect.arrayContaining([
        'c:垃',
        'w:垃圾分类',
        'w:垃圾',
        'p:lajifenlei',
        'i:ljfl',
        't:环保',
        'h:屈原',
        'c:屈',
        'k:yellow',
      ]),
    );
    // bigrams only serve rows that have no words yet; every word's initials are indexed (垃圾: lj)
    expect(terms.filter((t) => t.startsWith('b:') || t === 'w:屈原')).toEqual([]);
    expect(terms).toContain('i:lj');
    expect(row.terms).not.toContain('~unsegmented');
  });
  it('rebuilds rows of an older index format, and missing rows, on reindex', async () => {
    const db = freshDb();
    await putAnnotations(db, [
      annotation('stale', { quote: '志愿服务队' }),
      annotation('missing', { quote: '屈原文化' }),
      annotation('current', { quote: '垃圾分类' }),
    ]);
    await db.searchIndex.put({ id: 'stale', terms: ['w:志愿服务'], segmented: true });
    await db.searchIndex.delete('missing');
    expect(await ids(db, '志愿服务')).toEqual([]);
    expect(await maintainSearchIndex(db, 2)).toBe(2);
    expect(await ids(db, '志愿服务')).toEqual(['stale']);
    expect(await ids(db, '屈原')).toEqual(['missing']);
    expect(await maintainSearchIndex(db)).toBe(0);
  });
});
