import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MeipiDatabase, openDatabase } from '@/lib/db';
import { type BackgroundMessages, createMessenger, createRouter } from '@/lib/messaging';
import { createServiceHandlers } from '@/lib/service';
import { testEnvironment } from './test-environment';

const NOTES: Record<string, string> = {
  '100 KB note': '长笔记，'.repeat(25_000),
  'emoji and ZWJ sequences': '👩‍👩‍👧‍👦 🇨🇳 😀 ❤️‍🔥',
  'CJK extension B–G': '𠀀𪜀𫝀𫠠𬺰𰀀𱍐 (B C D E F G H)',
  'right-to-left text': 'مرحبا بالعالم ‏שלום‎ mixed 中文',
  'HTML that would run if injected': '<img src=x onerror="alert(1)"><script>alert(2)</script>',
  'markdown trying to break out': '> quote\n\n# heading\n```\ncode\n```\n---\n[link](javascript:alert(1))',
  'control characters': 'a\u0000b\u0007c\u001bd\u200be\ufeff\r\nf\tg',
  'lone surrogate': 'bad \ud800 half',
};

describe('notes and tags are stored and returned exactly as typed', () => {
  let db: MeipiDatabase;
  let send: ReturnType<typeof createMessenger<BackgroundMessages>>;
  beforeEach(() => {
    db = openDatabase(`hostile-${crypto.randomUUID()}`);
    const route = createRouter(createServiceHandlers(testEnvironment(db, { notifyChanged: () => {} })));
    send = createMessenger<BackgroundMessages>((m) => route(m, { tabId: 1, extensionPage: true }));
  });
  afterEach(async () => {
    await db.delete();
  });

  it.each(Object.entries(NOTES))('%s', async (_name, note) => {
    const created = await send('annotations/create', {
      input: {
        source: 'https://example.com/',
        title: note.slice(0, 50),
        quote: note.slice(0, 200),
        selectors: [],
        note,
        tags: [note.slice(0, 30)],
      },
    });
    const [stored] = await send('annotations/list', { source: 'https://example.com/' });
    expect(stored).toEqual(created);
    expect(stored?.note).toBe(note);
  });
});
