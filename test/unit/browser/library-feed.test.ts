import type { DBCore, Middleware } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchAnnotations } from '../../../lib/browser/library-feed';
import {
  type Annotation,
  createAnnotation,
  deleteAnnotations,
  type MeipiDatabase,
  openDatabase,
  putAnnotations,
  updateAnnotation,
} from '../../../lib/db';

function annotations(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `a-${String(i).padStart(4, '0')}`,
    source: `https://example.com/${i % 7}`,
    title: `第 ${i % 7} 篇`,
    quote: `第 ${i} 段`,
    selectors: [{ type: 'TextQuoteSelector' as const, exact: `第 ${i} 段` }],
    color: 'yellow' as const,
    note: '',
    tags: [],
    createdAt: 1_700_000_000_000 + i * 1000,
    // Newest activity is not id order: the first screen must come from the updatedAt index.
    updatedAt: 1_700_000_000_000 + ((i * 37) % 150) * 1000,
  }));
}

/** Annotation records the database handed out (each query row, each bulkGet hit), counted. */
function countReads(db: MeipiDatabase): { rows: number } {
  const count = { rows: 0 };
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'count-reads',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'annotations') return table;
        return {
          ...table,
          query: (req) =>
            table.query(req).then((res) => {
              count.rows += res.result.length;
              return res;
            }),
          getMany: (req) =>
            table.getMany(req).then((res) => {
              count.rows += res.filter(Boolean).length;
              return res;
            }),
        };
      },
    }),
  };
  db.use(middleware);
  return count;
}

type Delivery = { ids: string[]; complete: boolean };

function watch(db: MeipiDatabase) {
  const seen: Delivery[] = [];
  const stop = watchAnnotations(db, (list, complete) => seen.push({ ids: list.map((a) => a.id), complete }), {
    firstScreen: 20,
    page: 40,
  });
  const until = (test: (last: Delivery) => boolean) =>
    expect
      .poll(() => {
        const last = seen.at(-1);
        return last !== undefined && test(last);
      })
      .toBe(true);
  return { seen, stop, until };
}

describe('the library feed', () => {
  let db: MeipiDatabase;
  let reads: { rows: number };
  const stops: (() => void)[] = [];
  beforeEach(() => {
    db = openDatabase(`feed-${crypto.randomUUID()}`);
    // Middleware joins the stack when the database opens: before the first write.
    reads = countReads(db);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await db.delete();
  });

  it('delivers the newest first screen before the rest is read, then everything newest first', async () => {
    const list = annotations(150);
    await putAnnotations(db, list);
    const newest = [...list].sort((a, b) => b.updatedAt - a.updatedAt).map((a) => a.id);
    reads.rows = 0;
    const feed = watch(db);
    stops.push(feed.stop);
    await feed.until((last) => last.complete);

    const first = feed.seen[0];
    expect(first?.complete).toBe(false);
    expect(first?.ids).toEqual(newest.slice(0, 20));
    expect(feed.seen.at(-1)?.ids).toEqual(newest);
    // The first screen once, then each record once more in pages: never the whole table twice.
    expect(reads.rows).toBe(20 + 150);
  });

  it('re-reads only what a write changed, and sees edits, additions and deletions from any connection', async () => {
    const list = annotations(150);
    await putAnnotations(db, list);
    const feed = watch(db);
    stops.push(feed.stop);
    await feed.until((last) => last.complete);
    reads.rows = 0;
    const deliveries = feed.seen.length;

    await updateAnnotation(db, 'a-0003', { note: '改过' });
    await feed.until((last) => last.ids[0] === 'a-0003');
    const added = await createAnnotation(db, {
      source: 'https://example.com/new',
      title: '新',
      quote: '新的一段',
      selectors: [{ type: 'TextQuoteSelector', exact: '新的一段' }],
    });
    await feed.until((last) => last.ids[0] === added.id && last.ids.length === 151);
    // Another view's or the background's write arrives the same way.
    const other = openDatabase(db.name);
    await deleteAnnotations(other, ['a-0010', 'a-0011']);
    other.close();
    await feed.until((last) => last.ids.length === 149 && !last.ids.includes('a-0010'));

    expect(feed.seen.length).toBeGreaterThan(deliveries);
    expect(feed.seen.slice(deliveries).every((d) => d.complete)).toBe(true);
    // Reads by the repository itself (updateAnnotation reads the record it edits) included:
    // nowhere near the 150 a re-query of the whole table would read for each write.
    expect(reads.rows).toBeLessThanOrEqual(10);
  });
});
