import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnnotation, listAnnotations, openDatabase, putAnnotations } from '../../../lib/db';
import type { MeipiDatabase } from '../../../lib/db/schema';
import type { Annotation } from '../../../lib/db/types';
import { ImportError, importWebAnnotations, toWebAnnotation, toWebAnnotations } from '../../../lib/export';
import { canonicalJson } from '../../../lib/export/import';
import { LIMITS } from '../../../lib/messaging/limits';
import { unusualAnnotations, webPage } from '../../fixtures/export/annotations';
import { benchCorpus } from '../../fixtures/export/corpus';
import { WAT_ROOT } from './w3c-validator';

let dbCount = 0;
function freshDb(): MeipiDatabase {
  dbCount++;
  return openDatabase(`export-import-test-${dbCount}`);
}

function byId(list: readonly Annotation[]): Annotation[] {
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Both tables, for before/after comparisons. */
async function dump(db: MeipiDatabase): Promise<unknown> {
  return {
    annotations: await db.annotations.orderBy('id').toArray(),
    searchIndex: await db.searchIndex.orderBy('id').toArray(),
  };
}

type Json = Record<string, unknown>;

const fixture = (name: string) =>
  readFileSync(path.resolve(process.cwd(), 'test/fixtures/export', name), 'utf8');

describe('round trip', () => {
  it('restores every field of every annotation exactly', async () => {
    const db = freshDb();
    const result = await importWebAnnotations(db, toWebAnnotations(unusualAnnotations));
    expect(result).toEqual({ added: unusualAnnotations.length, updated: 0, skipped: 0 });
    expect(byId(await listAnnotations(db))).toStrictEqual(byId(unusualAnnotations));
    expect(await db.searchIndex.count()).toBe(unusualAnnotations.length);
  });

  it('restores in-memory selectors that hold a key set to undefined', async () => {
    const db = freshDb();
    const a = {
      ...webPage,
      selectors: [{ type: 'TextQuoteSelector', exact: webPage.quote, prefix: undefined }],
    };
    await importWebAnnotations(db, toWebAnnotations([a]));
    expect(await listAnnotations(db)).toStrictEqual([a]);
  });

  it('restores them from the JSON text, a Blob and the bytes', async () => {
    const text = JSON.stringify(toWebAnnotations(unusualAnnotations), null, 2);
    const fromText = freshDb();
    await importWebAnnotations(fromText, text);
    expect(byId(await listAnnotations(fromText))).toStrictEqual(byId(unusualAnnotations));
    const fromBlob = freshDb();
    await importWebAnnotations(fromBlob, new Blob([text], { type: 'application/json' }));
    expect(byId(await listAnnotations(fromBlob))).toStrictEqual(byId(unusualAnnotations));
    const fromBytes = freshDb();
    await importWebAnnotations(fromBytes, new TextEncoder().encode(`\ufeff${text}`));
    expect(byId(await listAnnotations(fromBytes))).toStrictEqual(byId(unusualAnnotations));
  });

  it('round-trips annotations made through the repository', async () => {
    const source = freshDb();
    await createAnnotation(source, {
      source: 'https://e.com/',
      title: 'T',
      quote: 'q',
      selectors: [],
      tags: ['a b'],
    });
    await createAnnotation(source, {
      source: 'meipi:article/x',
      title: '文',
      quote: '',
      selectors: [],
      note: '页注',
    });
    const list = await listAnnotations(source);
    const target = freshDb();
    await importWebAnnotations(target, JSON.parse(JSON.stringify(toWebAnnotations(list))));
    expect(await dump(target)).toStrictEqual(await dump(source));
  });
});

describe('re-import', () => {
  it('changes nothing when the same file is imported again', async () => {
    const db = freshDb();
    const file = JSON.stringify(toWebAnnotations(unusualAnnotations));
    await importWebAnnotations(db, file);
    const before = await dump(db);
    expect(await importWebAnnotations(db, file)).toEqual({
      added: 0,
      updated: 0,
      skipped: unusualAnnotations.length,
    });
    expect(await dump(db)).toStrictEqual(before);
  });

  it('takes a newer modified version and ignores an older one', async () => {
    const db = freshDb();
    await putAnnotations(db, [webPage]);
    const newer = { ...webPage, note: 'edited elsewhere', updatedAt: webPage.updatedAt + 1000 };
    expect(await importWebAnnotations(db, [toWebAnnotation(newer)])).toEqual({
      added: 0,
      updated: 1,
      skipped: 0,
    });
    expect(await listAnnotations(db)).toStrictEqual([newer]);
    const older = { ...webPage, note: 'stale', updatedAt: webPage.updatedAt - 1000 };
    expect(await importWebAnnotations(db, [toWebAnnotation(older)])).toEqual({
      added: 0,
      updated: 0,
      skipped: 1,
    });
    expect(await listAnnotations(db)).toStrictEqual([newer]);
  });

  it('keeps the newest of two copies of one id in the same file', async () => {
    const db = freshDb();
    const newer = { ...webPage, note: 'newest', updatedAt: webPage.updatedAt + 5 };
    const result = await importWebAnnotations(db, [toWebAnnotation(webPage), toWebAnnotation(newer)]);
    expect(result).toEqual({ added: 1, updated: 0, skipped: 1 });
    expect((await listAnnotations(db))[0]?.note).toBe('newest');
  });
});

describe('annotations from other tools', () => {
  const samplesDir = path.join(WAT_ROOT, 'tools/samples/correct');
  const samples = readdirSync(samplesDir)
    .filter((f) => /^anno.*\.json$/.test(f))
    .map((f) => [f, JSON.parse(readFileSync(path.join(samplesDir, f), 'utf8')) as Json] as const);

  it('imports every correct W3C sample annotation of the test suite', async () => {
    expect(samples.length).toBe(41);
    const db = freshDb();
    const result = await importWebAnnotations(
      db,
      samples.map(([, s]) => s),
      { now: 1_700_000_000_000 },
    );
    expect(result).toEqual({ added: 41, updated: 0, skipped: 0 });
    const stored = await listAnnotations(db);
    const quote = stored.find((a) => a.source === 'http://example.org/page1' && a.quote === 'anotation');
    expect(quote?.selectors).toEqual([
      { type: 'TextQuoteSelector', exact: 'anotation', prefix: 'this is an ', suffix: ' that has some' },
    ]);
    const composite = stored.find(
      (a) => a.source === 'http://example.com/page1' && a.note.includes('conspiracy'),
    );
    expect(composite).toBeDefined();
    // Nothing is duplicated on a second import, whatever the ids look like.
    expect(
      await importWebAnnotations(
        db,
        samples.map(([, s]) => s),
        { now: 1_800_000_000_000 },
      ),
    ).toEqual({
      added: 0,
      updated: 0,
      skipped: 41,
    });
  });

  it('gives id-less annotations stable ids derived from their content', async () => {
    const withoutIds = samples.map(([, s]) => {
      const { id: _id, ...rest } = s;
      return rest;
    });
    const a = freshDb();
    const b = freshDb();
    await importWebAnnotations(a, withoutIds, { now: 1 });
    await importWebAnnotations(b, withoutIds, { now: 2 });
    const idsA = (await a.annotations.toCollection().primaryKeys()).sort();
    expect(idsA).toEqual((await b.annotations.toCollection().primaryKeys()).sort());
    // Samples that differ only in their id are the same annotation once the id is gone.
    const distinct = new Set(withoutIds.map((s) => canonicalJson(s))).size;
    expect(distinct).toBeGreaterThan(30);
    expect(idsA).toHaveLength(distinct);
    expect(await importWebAnnotations(a, withoutIds, { now: 3 })).toEqual({
      added: 0,
      updated: 0,
      skipped: 41,
    });
  });

  it('reads a single plain W3C annotation with a Chinese note', async () => {
    const db = freshDb();
    await importWebAnnotations(db, readFileSync(path.join(WAT_ROOT, 'sample-ours.json'), 'utf8'));
    expect(await listAnnotations(db)).toStrictEqual([
      {
        id: '6a1f0c3e-3b9a-4f7e-9d2a-1c2b3d4e5f60',
        source: 'https://example.com/page',
        title: 'https://example.com/page',
        quote: '高亮文本',
        selectors: [
          { type: 'TextQuoteSelector', exact: '高亮文本', prefix: '前文', suffix: '后文' },
          { type: 'TextPositionSelector', start: 10, end: 14 },
        ],
        color: 'yellow',
        note: '中文笔记',
        tags: [],
        createdAt: Date.parse('2026-11-28T10:00:00Z'),
        updatedAt: Date.parse('2026-11-28T10:05:00Z'),
      },
    ]);
  });

  it('reads a Hypothesis API annotation', async () => {
    const db = freshDb();
    expect(await importWebAnnotations(db, fixture('hypothesis-annotation.json'))).toEqual({
      added: 1,
      updated: 0,
      skipped: 0,
    });
    const [a] = await listAnnotations(db);
    expect(a).toMatchObject({
      source: 'https://example.com/article',
      title: 'Example Article',
      quote: 'quoted text',
      note: 'My **markdown** note',
      tags: ['reading', 'spaced tag', 'hashed'],
      color: 'yellow',
      createdAt: Date.parse('2018-08-22T08:49:50.123Z'),
      updatedAt: Date.parse('2018-08-22T08:50:01.654Z'),
    });
    expect(a?.selectors).toHaveLength(3);
    expect(a?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      await importWebAnnotations(db, { rows: [JSON.parse(fixture('hypothesis-annotation.json'))] }),
    ).toEqual({
      added: 0,
      updated: 0,
      skipped: 1,
    });
  });
});

describe('invalid input: a clear ImportError and nothing written', () => {
  const good = toWebAnnotation(webPage);
  const item = (patch: Json): Json => ({
    ...good,
    id: 'urn:uuid:9f9f9f9f-0000-4000-8000-000000000001',
    ...patch,
  });
  const deep = (levels: number): Json => {
    let node: Json = { type: 'TextQuoteSelector', exact: 'x' };
    for (let i = 0; i < levels; i++) node = { type: 'TextQuoteSelector', exact: 'x', refinedBy: node };
    return node;
  };
  const tagList = (n: number) => Array.from({ length: n }, (_, i) => `tag${i}`);
  const withProto =
    '[{"type":"Annotation","id":"p1","target":{"source":"https://e.com/","selector":{"type":"TextQuoteSelector","exact":"x","__proto__":{"polluted":true}}}}]';

  const quote = (patch: Json): Json => ({ type: 'TextQuoteSelector', exact: 'x', ...patch });
  const position = (patch: Json): Json => ({ type: 'TextPositionSelector', start: 1, end: 2, ...patch });
  const badSelectors: [string, Json, RegExp][] = [
    [
      'a numeric exact',
      quote({ exact: 5 }),
      /: selectors\.0\.exact: Invalid type: Expected string but received 5$/,
    ],
    ['an object prefix', quote({ prefix: {} }), /: selectors\.0\.prefix: Invalid type: Expected string/],
    [
      'no exact',
      { type: 'TextQuoteSelector', prefix: 'p' },
      /: selectors\.0\.exact: a TextQuoteSelector needs its exact text$/,
    ],
    ['a string start', position({ start: '1' }), /: selectors\.0\.start: Invalid type: Expected number/],
    ['a negative start', position({ start: -1 }), /: selectors\.0\.start: Invalid value: Expected >=0/],
    ['a fractional end', position({ end: 2.5 }), /: selectors\.0\.end: Invalid integer/],
    ['end before start', position({ start: 5, end: 4 }), /: selectors\.0\.end: end is before start$/],
    [
      'no end',
      { type: 'TextPositionSelector', start: 1 },
      /: selectors\.0\.start: a TextPositionSelector needs its start and end$/,
    ],
    [
      'a bad refinement',
      position({ refinedBy: quote({ exact: [] }) }),
      /: selectors\.0\.refinedBy\.exact: Invalid type: Expected string/,
    ],
  ];
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', 'this is not json', /^Not JSON: /],
    ['an empty file', '  \n', /^The file is empty$/],
    [
      'a number',
      42,
      /^Expected an AnnotationCollection, an AnnotationPage, an array of annotations or one annotation; got number$/,
    ],
    ['an unknown object', { type: 'Squirrel' }, /without a recognised "type"/],
    [
      'a collection with linked pages',
      { type: 'AnnotationCollection', total: 3, first: 'http://example.org/page1' },
      /links its pages \(first: "http:\/\/example.org\/page1"\)/,
    ],
    [
      'a page whose items is not a list',
      { type: 'AnnotationPage', items: {} },
      /"items" is an object, not an array/,
    ],
    [
      'a null item after a good one',
      [good, null],
      /^Item 1 \(no id\): expected an annotation object, got null$/,
    ],
    [
      'a wrong type',
      [item({ type: 'Note' })],
      /^Item 0 \(id "urn:uuid:9f9f9f9f-0000-4000-8000-000000000001"\): its type is "Note", not "Annotation"$/,
    ],
    ['no target', [item({ target: undefined })], /^Item 0 \(id "urn:uuid:9f9f.*"\): it has no target$/],
    ['a numeric target', [item({ target: 5 })], /: its target is number, not a URI or an object$/],
    ['a target without source', [item({ target: { selector: [] } })], /: its target has no source URI$/],
    [
      'a javascript: source',
      [item({ target: { source: 'javascript:alert(1)' } })],
      /: the target source "javascript:alert\(1\)" uses an unsafe URL scheme$/,
    ],
    ...badSelectors.map(([name, selector, message]): [string, unknown, RegExp] => [
      `a selector with ${name}`,
      [item({ target: { source: 'https://e.com/', selector: [selector] } })],
      message,
    ]),
    ...['java\tscript:alert(1)', 'java\nscript:alert(1)', ' javascript:alert(1)', 'JAVASCRIPT:alert(1)'].map(
      (source): [string, unknown, RegExp] => [
        `the source ${JSON.stringify(source)}`,
        [item({ target: { source } })],
        /: the target source ".*" uses an unsafe URL scheme$/,
      ],
    ),
    [
      'a bad created date',
      [good, item({ created: 'yesterday' })],
      /^Item 1 \(id "urn:uuid:9f9f.*"\): created is not an ISO-8601 date-time: "yesterday"$/,
    ],
    [
      'a non-string note',
      [item({ body: { type: 'TextualBody', value: 7 } })],
      /: body\[0\]\.value must be a string, got number$/,
    ],
    [
      'a note one character over the limit',
      [item({ body: { type: 'TextualBody', value: 'x'.repeat(LIMITS.noteChars + 1) } })],
      /: note: 200001 characters; the limit is 200000$/,
    ],
    ['65 tags', [item({ 'meipi:tags': tagList(LIMITS.tags + 1) })], /: tags: 65 tags; the limit is 64$/],
    [
      '65 tagging bodies from another tool',
      [
        item({
          body: tagList(LIMITS.tags + 1).map((value) => ({ type: 'TextualBody', purpose: 'tagging', value })),
        }),
      ],
      /: tags: 65 tags; the limit is 64$/,
    ],
    [
      'a Hypothesis annotation with 65 tags',
      [{ ...JSON.parse(fixture('hypothesis-annotation.json')), tags: tagList(LIMITS.tags + 1) }],
      /: tags: 65 tags; the limit is 64$/,
    ],
    [
      'a tag over the limit',
      [item({ 'meipi:tags': ['t'.repeat(LIMITS.tagChars + 1)] })],
      /: tags\.0: 201 characters; the limit is 200$/,
    ],
    [
      'a title over the limit',
      [item({ target: { ...(good.target as Json), 'dcterms:title': 't'.repeat(LIMITS.titleChars + 1) } })],
      /: title: 2001 characters; the limit is 2000$/,
    ],
    [
      '17 selectors',
      [
        item({
          target: {
            source: 'https://e.com/',
            selector: Array.from({ length: LIMITS.selectors + 1 }, () => ({
              type: 'TextQuoteSelector',
              exact: 'x',
            })),
          },
        }),
      ],
      /: selectors: 17 selectors; the limit is 16$/,
    ],
    [
      'a selector without type',
      [item({ target: { source: 'https://e.com/', selector: [{ exact: 'x' }] } })],
      /: target\.selector\[0\] must be an object with a string "type"$/,
    ],
    [
      'runaway nesting',
      [item({ target: { source: 'https://e.com/', selector: deep(40) } })],
      /is nested deeper than 32 levels$/,
    ],
    [
      'a __proto__ key',
      withProto,
      /^Item 0 \(id "p1"\): the item\.target\.selector has a "__proto__" key \(refused: prototype pollution\)$/,
    ],
    ['bad meipi:tags', [item({ 'meipi:tags': ['ok', 3] })], /: "meipi:tags" must be a list of strings$/],
    ['a non-string id', [item({ id: 12 })], /^Item 0 \(no id\): its id must be a string, got number$/],
    ['bytes that are not UTF-8', new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]), /^The file is not UTF-8 text$/],
    [
      'the peer sample-bad.json',
      readFileSync(path.join(WAT_ROOT, 'sample-bad.json'), 'utf8'),
      /^Item 0 \(id "x1"\): created is not an ISO-8601 date-time: "yesterday"$/,
    ],
  ];

  it.each(cases)('%s', async (_name, data, message) => {
    const db = freshDb();
    await putAnnotations(db, unusualAnnotations);
    const before = await dump(db);
    const error = await importWebAnnotations(db, data).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(message);
    expect(await dump(db)).toStrictEqual(before);
    expect(({} as Json).polluted).toBeUndefined();
  });

  it('names the item by index and id on the error object', async () => {
    const error = await importWebAnnotations(freshDb(), [good, good, item({ target: 5 })]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'ImportError',
      index: 2,
      itemId: 'urn:uuid:9f9f9f9f-0000-4000-8000-000000000001',
    });
  });

  it('refuses a file over 200 MB before parsing it', async () => {
    const db = freshDb();
    const huge = `[${' '.repeat(200 * 1024 * 1024)}]`;
    const started = performance.now();
    await expect(importWebAnnotations(db, huge)).rejects.toThrow(
      /^File too large: 200\.0 MB; the limit is 200\.0 MB$/,
    );
    // Over the limit in UTF-8 bytes though not in characters: 68 M CJK characters are 204 MB.
    const cjk = `["${'中'.repeat(68 * 1024 * 1024)}"]`;
    await expect(importWebAnnotations(db, cjk)).rejects.toThrow(/^File too large: 204\.0 MB/);
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect(importWebAnnotations(db, new Uint8Array(11), { limits: { maxBytes: 10 } })).rejects.toThrow(
      /^File too large/,
    );
    expect(await db.annotations.count()).toBe(0);
  });
});

describe('progress', () => {
  it('reports progress through a large file and finishes at the total', async () => {
    const list: Annotation[] = Array.from({ length: 2500 }, (_, i) => ({
      ...webPage,
      id: `7b7b7b7b-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const calls: [number, number][] = [];
    const db = freshDb();
    await importWebAnnotations(db, toWebAnnotations(list), {
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
    expect(await db.annotations.count()).toBe(2500);
  });
});

describe('a large import', () => {
  it('writes in batches that give the page a turn between them, and reports progress ≥ 10 times', async () => {
    const db = freshDb();
    const items = toWebAnnotations(benchCorpus(10_000));
    // One bulkPut of everything holds a page's thread for most of a second (Chromium clones every
    // row as its request is made); batches let input through in between.
    const batches: number[] = [];
    const bulkPut = db.annotations.bulkPut.bind(db.annotations);
    db.annotations.bulkPut = ((rows: Annotation[], ...rest: never[]) => {
      batches.push(rows.length);
      return bulkPut(rows, ...rest);
    }) as typeof db.annotations.bulkPut;
    const steps: number[] = [];
    await importWebAnnotations(db, items, { onProgress: (done) => steps.push(done) });
    expect(new Set(steps).size).toBeGreaterThanOrEqual(10);
    expect(await db.annotations.count()).toBe(10_000);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(10_000);
    expect(Math.max(...batches)).toBeLessThanOrEqual(250);
  }, 60_000);
});
