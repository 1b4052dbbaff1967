import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Annotation, listAnnotations, type MeipiDatabase, openDatabase } from '@/lib/db';
import { ImportError, importWebAnnotations, toWebAnnotations } from '@/lib/export';
import { type BackgroundMessages, createMessenger, createRouter, LIMITS } from '@/lib/messaging';
import { createServiceHandlers } from '@/lib/service';
import { testEnvironment } from './test-environment';

/** `length` characters of varied text (CJK, Latin, an astral character), the same on every call. */
function filler(length: number, seed: string): string {
  const unit = `${seed}阅读批注 note 𠀀 `;
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Every field at its limit: the most a reader can ever store in one annotation. */
const largest: Annotation = {
  id: `largest-${'i'.repeat(LIMITS.idChars - 8)}`,
  source: `https://example.com/${'p'.repeat(LIMITS.sourceChars - 20)}`,
  title: filler(LIMITS.titleChars, 'title'),
  quote: filler(LIMITS.quoteChars, 'quote'),
  selectors: [
    ...Array.from({ length: LIMITS.selectors - 1 }, (_, i) => ({
      type: 'TextQuoteSelector',
      exact: filler(LIMITS.quoteChars, `exact${i}`),
      prefix: filler(LIMITS.selectorContextChars, 'prefix'),
      suffix: filler(LIMITS.selectorContextChars, 'suffix'),
    })),
    { type: 'TextPositionSelector', start: 0, end: LIMITS.quoteChars },
  ],
  color: 'purple',
  note: filler(LIMITS.noteChars, 'note'),
  tags: Array.from({ length: LIMITS.tags }, (_, i) => `${i}`.padEnd(LIMITS.tagChars, '标')),
  createdAt: -1,
  updatedAt: 253_402_300_800_000,
};

/** One step past a limit in each direction a file can take. */
const overLimit: [string, Annotation][] = [
  ['65 tags', { ...largest, tags: [...largest.tags, 'one more'] }],
  ['a tag one character too long', { ...largest, tags: [`${largest.tags[0]}x`] }],
  ['a note one character too long', { ...largest, note: `${largest.note}x` }],
  ['a quote one character too long', { ...largest, quote: `${largest.quote}x` }],
  ['a title one character too long', { ...largest, title: `${largest.title}x` }],
  [
    '17 selectors',
    { ...largest, selectors: [...largest.selectors, { type: 'TextQuoteSelector', exact: 'x' }] },
  ],
  ['an id one character too long', { ...largest, id: `${largest.id}x` }],
];

describe('one set of limits: what import stores, the background accepts on edit and Undo', () => {
  let db: MeipiDatabase;
  let send: ReturnType<typeof createMessenger<BackgroundMessages>>;
  beforeEach(() => {
    db = openDatabase(`limits-${crypto.randomUUID()}`);
    const route = createRouter(createServiceHandlers(testEnvironment(db)));
    // An extension page (the library), which may change any annotation.
    send = createMessenger<BackgroundMessages>((m) => route(m, { extensionPage: true }));
  });
  afterEach(async () => {
    await db.delete();
  });

  /** Imports `a` alone; false when import refuses it (then nothing may have been written). */
  async function imported(a: Annotation): Promise<boolean> {
    const outcome = await importWebAnnotations(db, toWebAnnotations([a])).catch((e: unknown) => e);
    if (outcome instanceof ImportError) {
      expect(await db.annotations.count()).toBe(0);
      return false;
    }
    expect(outcome).toEqual({ added: 1, updated: 0, skipped: 0 });
    return true;
  }

  it('the largest annotation, created or imported, survives delete → Undo exactly; one past a limit is refused', async () => {
    const { id: _id, createdAt: _c, updatedAt: _u, ...input } = largest;
    const created = await send('annotations/create', { input });
    expect(created).toMatchObject(input);
    const { deleted } = await send('annotations/delete', { id: created.id });
    expect(deleted).toEqual(created);
    await send('annotations/restore', { annotation: created });
    expect(await listAnnotations(db)).toStrictEqual([created]);
    await send('annotations/delete', { id: created.id });

    const accepted: string[] = [];
    for (const [name, a] of [['largest', largest] as const, ...overLimit]) {
      if (!(await imported(a))) continue;
      accepted.push(name);
      const { deleted } = await send('annotations/delete', { id: a.id });
      expect(deleted).toStrictEqual(a);
      await send('annotations/restore', { annotation: a });
      expect(await listAnnotations(db)).toStrictEqual([a]);
      await send('annotations/delete', { id: a.id });
    }
    expect(accepted).toEqual(['largest']);
  });

  it('every annotation import accepts can be edited from its card', async () => {
    const edited: string[] = [];
    for (const [name, a] of [['largest', largest] as const, ...overLimit]) {
      if (!(await imported(a))) continue;
      // The card's editor sends the note and the whole tag list back, changed or not.
      const note = `${a.note.slice(0, -1)}改`;
      const saved = await send('annotations/update', { id: a.id, patch: { note, tags: a.tags } });
      expect(saved).toStrictEqual({ ...a, note, updatedAt: saved.updatedAt });
      expect(await listAnnotations(db)).toStrictEqual([saved]);
      edited.push(name);
      await send('annotations/delete', { id: a.id });
    }
    expect(edited).toEqual(['largest']);
  });
});

describe('a search page', () => {
  it('passes the ids already shown through, up to the list limit, and answers the total', async () => {
    const db = openDatabase(`limits-${crypto.randomUUID()}`);
    const seen: unknown[] = [];
    const route = createRouter(
      createServiceHandlers(
        testEnvironment(db, {
          search: async (_query, options) => {
            seen.push(options.shown);
            return { hits: [], total: 2_242, totalExact: true, degraded: false, segmenter: 'ready' };
          },
        }),
      ),
    );
    const send = createMessenger<BackgroundMessages>((m) => route(m, { extensionPage: true }));
    const shown = Array.from({ length: LIMITS.listLimit }, (_, i) => `id-${i}`);
    expect(await send('search/query', { query: '垃圾', options: { limit: 50, shown } })).toMatchObject({
      total: 2_242,
    });
    expect(seen).toEqual([shown]);
    await expect(
      send('search/query', { query: '垃圾', options: { shown: [...shown, 'one more'] } }),
    ).rejects.toMatchObject({ code: 'too-large' });
    await db.delete();
  });
});
