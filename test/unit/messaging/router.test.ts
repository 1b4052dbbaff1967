import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MeipiDatabase, openDatabase, putAnnotations } from '@/lib/db';
import {
  type BackgroundMessages,
  createMessenger,
  createRouter,
  createTabRouter,
  LIMITS,
  MessageError,
  messageErrorCode,
  type TabMessages,
} from '@/lib/messaging';
import { initSegmenter, maintainSearchIndex } from '@/lib/search';
import { blockTuning } from '@/lib/search/blocks';
import { createServiceHandlers } from '@/lib/service';
import { testEnvironment } from '../service/test-environment';

const validInput = {
  source: 'https://example.com/news',
  title: '新闻',
  quote: '垃圾分类',
  selectors: [{ type: 'TextQuoteSelector', exact: '垃圾分类', prefix: '推进', suffix: '工作' }],
  color: 'green',
  note: '记一笔',
  tags: ['环保'],
};

describe('background router: validation and typed errors', () => {
  let db: MeipiDatabase;
  let route: ReturnType<typeof createRouter>;
  let changed: string[];
  beforeEach(() => {
    db = openDatabase(`router-${crypto.randomUUID()}`);
    changed = [];
    route = createRouter(
      createServiceHandlers(testEnvironment(db, { notifyChanged: (change) => changed.push(change.source) })),
    );
  });
  afterEach(async () => {
    await db.delete();
  });

  const send = createMessenger<BackgroundMessages>((m) =>
    route(m, { tabId: 1, frameId: 0, extensionPage: true }),
  );

  it('creates through a valid message and announces the change', async () => {
    const created = await send('annotations/create', { input: { ...validInput, color: 'green' } });
    expect(created.note).toBe('记一笔');
    expect(changed).toEqual([validInput.source]);
    expect(await db.annotations.count()).toBe(1);
  });

  const rejected: [string, unknown, string][] = [
    ['not an object', 'hello', 'invalid-message'],
    ['no type', { payload: {} }, 'invalid-message'],
    ['unknown type', { type: 'annotations/drop-all', payload: {} }, 'unknown-type'],
    ['prototype key as type', { type: '__proto__', payload: {} }, 'unknown-type'],
    ['missing payload', { type: 'annotations/create' }, 'invalid-message'],
    [
      'wrong colour',
      { type: 'annotations/create', payload: { input: { ...validInput, color: 'red' } } },
      'invalid-message',
    ],
    [
      'extra key',
      { type: 'annotations/create', payload: { input: { ...validInput, id: 'x' } } },
      'invalid-message',
    ],
    [
      'tags not strings',
      { type: 'annotations/create', payload: { input: { ...validInput, tags: [1] } } },
      'invalid-message',
    ],
    [
      'huge note',
      {
        type: 'annotations/create',
        payload: { input: { ...validInput, note: 'a'.repeat(LIMITS.noteChars + 1) } },
      },
      'too-large',
    ],
    [
      'huge quote',
      { type: 'annotations/create', payload: { input: { ...validInput, quote: '字'.repeat(1_000_000) } } },
      'too-large',
    ],
    [
      'too many tags',
      { type: 'annotations/create', payload: { input: { ...validInput, tags: Array(1000).fill('t') } } },
      'too-large',
    ],
    [
      'negative position',
      {
        type: 'annotations/create',
        payload: {
          input: { ...validInput, selectors: [{ type: 'TextPositionSelector', start: -1, end: 2 }] },
        },
      },
      'invalid-message',
    ],
    ...(
      [
        ['end before start', { type: 'TextPositionSelector', start: 5, end: 4 }],
        ['a position selector without end', { type: 'TextPositionSelector', start: 5 }],
        ['a quote selector without exact', { type: 'TextQuoteSelector', prefix: 'p' }],
        [
          'a numeric exact inside refinedBy',
          {
            type: 'TextPositionSelector',
            start: 1,
            end: 2,
            refinedBy: { type: 'TextQuoteSelector', exact: 3 },
          },
        ],
        [
          'a negative start inside a RangeSelector',
          {
            type: 'RangeSelector',
            startSelector: { type: 'TextPositionSelector', start: -1, end: 1 },
            endSelector: { type: 'TextPositionSelector', start: 2, end: 3 },
          },
        ],
      ] as const
    ).map(([name, selector]): [string, unknown, string] => [
      name,
      { type: 'annotations/create', payload: { input: { ...validInput, selectors: [selector] } } },
      'invalid-message',
    ]),
  ];

  it.each(rejected)('rejects %s with a typed error and writes nothing', async (_name, message, code) => {
    const reply = await route(message, { tabId: 1, extensionPage: true });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe(code);
      expect(reply.error.message.length).toBeGreaterThan(5);
    }
    expect(await db.annotations.count()).toBe(0);
    expect(await db.searchIndex.count()).toBe(0);
    expect(changed).toEqual([]);
  });

  it('reports a missing annotation as not-found', async () => {
    await expect(send('annotations/update', { id: 'nope', patch: { note: 'x' } })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('returns the deleted annotation so the UI can undo, and restores it exactly', async () => {
    const created = await send('annotations/create', { input: { ...validInput, color: 'blue' } });
    const { deleted } = await send('annotations/delete', { id: created.id });
    expect(deleted).toEqual(created);
    expect(await db.annotations.count()).toBe(0);
    await send('annotations/restore', { annotation: created });
    expect(await db.annotations.get(created.id)).toEqual(created);
  });

  it('restores an annotation with times before 1970 or far ahead (import keeps them as they were)', async () => {
    const created = await send('annotations/create', { input: { ...validInput, color: 'green' } });
    await send('annotations/delete', { id: created.id });
    const old = { ...created, createdAt: -86_400_000, updatedAt: 253_402_300_800_000 };
    expect(await send('annotations/restore', { annotation: old })).toEqual(old);
    expect(await db.annotations.get(created.id)).toEqual(old);
    const reply = await route(
      { type: 'annotations/restore', payload: { annotation: { ...old, createdAt: 1e16 } } },
      {},
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });

  it('turns an unreachable receiver into MessageError("unreachable")', async () => {
    const dead = createMessenger<BackgroundMessages>(() =>
      Promise.reject(new Error('Could not establish connection')),
    );
    const error = await dead('annotations/list', { source: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageError);
    expect((error as MessageError).code).toBe('unreachable');
  });

  it('opens an annotation through the background, and says when it no longer exists', async () => {
    const opened: string[] = [];
    const openRoute = createRouter(
      createServiceHandlers(testEnvironment(db, { openAnnotation: async (a) => void opened.push(a.id) })),
    );
    const openSend = createMessenger<BackgroundMessages>((m) => openRoute(m, { extensionPage: true }));
    const created = await openSend('annotations/create', { input: { ...validInput, color: 'pink' } });
    expect(await openSend('annotations/open', { id: created.id })).toEqual({ opened: true });
    expect(await openSend('annotations/open', { id: 'gone' })).toEqual({ opened: false });
    expect(opened).toEqual([created.id]);
  });

  it('runs index maintenance on request: a large import gets its words', async () => {
    await initSegmenter();
    const maintainRoute = createRouter(
      createServiceHandlers(testEnvironment(db, { maintainIndex: () => maintainSearchIndex(db) })),
    );
    const maintainSend = createMessenger<BackgroundMessages>((m) =>
      maintainRoute(m, { extensionPage: true }),
    );
    const inline = blockTuning.wordsInlineMax;
    blockTuning.wordsInlineMax = 10;
    try {
      await putAnnotations(
        db,
        Array.from({ length: 600 }, (_, i) => ({
          id: `bulk-${i}`,
          source: 'https://example.com/',
          title: '例子',
          quote: `第${i}条：垃圾分类`,
          selectors: [],
          color: 'yellow' as const,
          note: '',
          tags: [],
          createdAt: i,
          updatedAt: i,
        })),
      );
    } finally {
      blockTuning.wordsInlineMax = inline;
    }
    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([false]);
    expect(await maintainSend('index/maintain', {})).toEqual({ reindexed: 600 });
    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([true]);
    expect(await maintainSend('index/maintain', {})).toEqual({ reindexed: 0 });
    const refused = await maintainRoute({ type: 'index/maintain', payload: { all: true } }, {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });

  it("reads the code of a MessageError thrown by another bundle's copy of the class", () => {
    class ForeignMessageError extends Error {
      constructor(readonly code: string) {
        super('from content.js');
        this.name = 'MessageError';
      }
    }
    expect(messageErrorCode(new ForeignMessageError('too-large'))).toBe('too-large');
    expect(messageErrorCode(new MessageError('quota-exceeded', 'x'))).toBe('quota-exceeded');
    expect(messageErrorCode(new Error('plain'))).toBeNull();
  });
});

describe('tab router: the content script answers the background with the same router', () => {
  const focused: string[] = [];
  const route = createTabRouter({
    'page/changed': async () => ({ ok: true }),
    'page/focus': async ({ id }) => {
      focused.push(id);
      return { found: id === 'here' };
    },
    'page/highlight-selection': async () => {
      throw new Error('no selection layer');
    },
    'page/anchor-status': async () => ({ source: 'https://example.com/', orphanIds: [] }),
  });
  const send = createMessenger<TabMessages>((m) => route(m, {}));

  it('dispatches typed requests and wraps answers and failures in a Reply', async () => {
    expect(await send('page/focus', { id: 'here' })).toEqual({ found: true });
    expect(focused).toEqual(['here']);
    await expect(send('page/highlight-selection', { withNote: false })).rejects.toMatchObject({
      code: 'internal',
      message: 'no selection layer',
    });
  });

  it('refuses what is not a tab message, prototype keys included', async () => {
    for (const message of [null, 'x', { type: 'annotations/list', payload: {} }, { type: 'toString' }]) {
      expect(await route(message, {})).toMatchObject({ ok: false, error: { code: 'unknown-type' } });
    }
  });
});
