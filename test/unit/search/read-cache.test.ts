// What searches keep between keystrokes (lib/search/read-cache.ts): a repeated or extended query
// reads little or nothing from the database, and any write — this connection's, another page's,
// maintenance's — is seen by the next search.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { blockTuning } from '../../../lib/search/blocks';
import { relevanceCorpus } from '../../fixtures/search/corpus';

const corpus = relevanceCorpus();
let counter = 0;

/** Records (by `table.operation`) and requests read through one connection since the last `take()`. */
interface Reads {
  records: Map<string, number>;
  requests: number;
  take(): { records: Map<string, number>; requests: number };
}

/** A connection to database `name` (a fresh one by default) that counts what it reads. */
function connect(name = `read-cache-unit-${++counter}`): { db: MeipiDatabase; reads: Reads } {
  const db = openDatabase(name);
  const reads: Reads = {
    records: new Map(),
    requests: 0,
    take() {
      const out = { records: reads.records, requests: reads.requests };
      reads.records = new Map();
      reads.requests = 0;
      return out;
    },
  };
  const count = (table: string, n: number) => {
    reads.requests++;
    reads.records.set(table, (reads.records.get(table) ?? 0) + n);
  };
  db.use({
    stack: 'dbcore',
    name: 'count-reads',
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          return {
            ...table,
            get: (req) => {
              count(`${name}.get`, 1);
              return table.get(req);
            },
            getMany: (req) => {
              count(`${name}.getMany`, req.keys.length);
              return table.getMany(req);
            },
            query: async (req) => {
              const res = await table.query(req);
              count(`${name}.query`, res.result.length);
              return res;
            },
            openCursor: (req) => {
              count(`${name}.openCursor`, 0);
              return table.openCursor(req);
            },
            count: (req) => {
              count(`${name}.count`, 0);
              return table.count(req);
            },
          };
        },
      };
    },
  });
  return { db, reads };
}

function view(hits: SearchHit[]) {
  return hits.map((h) => ({ id: h.annotation.id, score: h.score, matches: h.matches }));
}

const ids = async (db: MeipiDatabase, q: string) =>
  (await searchAnnotations(db, q, { limit: 1000 })).map((h) => h.annotation.id);

const defaultBulkMin = blockTuning.bulkMin;
const defaultWordsInline = blockTuning.wordsInlineMax;
afterEach(() => {
  blockTuning.bulkMin = defaultBulkMin;
  blockTuning.wordsInlineMax = defaultWordsInline;
});

beforeAll(async () => {
  await initSegmenter();
});

describe('searches between writes', () => {
  it('read nothing again for a repeated query; a create, an edit and a delete are seen by the next search', async () => {
    const { db, reads } = connect();
    await putAnnotations(db, corpus.slice(0, 300));
    const first = await ids(db, '垃圾分类');
    expect(first.length).toBeGreaterThan(0);
    reads.take();
    expect(await ids(db, '垃圾分类')).toEqual(first);
    expect(reads.take().requests).toBe(0);

    const made = await createAnnotation(db, {
      source: 'https://example.org/n',
      title: '',
      quote: '',
      selectors: [],
      note: '垃圾分类',
    });
    expect(await ids(db, '垃圾分类')).toContain(made.id);
    await updateAnnotation(db, made.id, { note: '志愿服务' });
    expect(await ids(db, '垃圾分类')).not.toContain(made.id);
    expect(await ids(db, '志愿服务')).toContain(made.id);
    await deleteAnnotation(db, made.id);
    expect(await ids(db, '志愿服务')).not.toContain(made.id);
    expect(await ids(db, '垃圾分类')).toEqual(first);
  });

  it("see another connection's writes (the library page's import, its bulk delete)", async () => {
    const { db, reads } = connect();
    await putAnnotations(db, corpus.slice(0, 300));
    const before = await ids(db, '志愿');
    reads.take();
    expect(await ids(db, '志愿')).toEqual(before);
    expect(reads.take().requests).toBe(0);

    const other = openDatabase(db.name);
    const added: Annotation[] = corpus
      .slice(300, 310)
      .map((a, i) => ({ ...a, id: `imported-${i}`, note: '志愿者的笔记' }));
    await putAnnotations(other, added);
    const after = await ids(db, '志愿');
    expect(after).toEqual(expect.arrayContaining([...before, ...added.map((a) => a.id)]));
    await deleteAnnotations(other, before);
    expect((await ids(db, '志愿')).sort()).toEqual(added.map((a) => a.id).sort());
    other.close();
  });

  it("see maintenance's rewrite of a block (words added to one written by characters)", async () => {
    const reference = connect().db;
    blockTuning.bulkMin = Number.POSITIVE_INFINITY;
    await putAnnotations(reference, corpus);
    const expected = view(await searchAnnotations(reference, '市长', { limit: 1000 }));

    const { db, reads } = connect();
    blockTuning.bulkMin = 1;
    blockTuning.wordsInlineMax = 0;
    await putAnnotations(db, corpus);
    const byCharacters = view(await searchAnnotations(db, '市长', { limit: 1000 }));
    expect(byCharacters).not.toEqual(expected);
    reads.take();
    expect(view(await searchAnnotations(db, '市长', { limit: 1000 }))).toEqual(byCharacters);
    expect(reads.take().requests).toBe(0);

    blockTuning.bulkMin = defaultBulkMin;
    blockTuning.wordsInlineMax = defaultWordsInline;
    expect(await maintainSearchIndex(db)).toBe(corpus.length);
    expect(view(await searchAnnotations(db, '市长', { limit: 1000 }))).toEqual(expected);
  });
});

describe('typing a query', () => {
  // (The annotations a search reads by id to check and rank its candidates: not the sample that
  // corpus statistics read once per connection.)
  it('answers each keystroke as a fresh search does, reading fewer candidates as the query grows', async () => {
    const { db, reads } = connect();
    await putAnnotations(db, corpus);
    const typed = ['垃', '垃圾', '垃圾分', '垃圾分类', 'l', 'la', 'laj', 'laji', 'lajif', 'lajifenlei'];
    let readWhileTyping = 0;
    let readFresh = 0;
    for (const q of typed) {
      reads.take();
      const typedHits = view(await searchAnnotations(db, q, { limit: 50 }));
      readWhileTyping += reads.take().records.get('annotations.getMany') ?? 0;
      const fresh = connect(db.name);
      const freshHits = view(await searchAnnotations(fresh.db, q, { limit: 50 }));
      readFresh += fresh.reads.take().records.get('annotations.getMany') ?? 0;
      expect(typedHits).toEqual(freshHits);
      fresh.db.close();
    }
    expect(readWhileTyping).toBeLessThan(readFresh / 2);
  });
});
