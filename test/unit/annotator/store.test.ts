import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messengerStore } from '@/lib/annotator';
import { type MeipiDatabase, openDatabase } from '@/lib/db';
import { type BackgroundMessages, createMessenger, createRouter, MessageError } from '@/lib/messaging';
import { createServiceHandlers } from '@/lib/service';
import { testEnvironment } from '../service/test-environment';

const input = {
  source: 'https://example.com/story',
  title: '报道',
  quote: '志愿服务',
  selectors: [{ type: 'TextPositionSelector', start: 4, end: 8 }],
  note: '记下',
};

/** The background as the content script sees it, with a switch that drops the next create's reply. */
function flakyBackground(db: MeipiDatabase, mode: { dropReplyAfterWrite: boolean; dieBeforeWrite: boolean }) {
  const route = createRouter(createServiceHandlers(testEnvironment(db)));
  return createMessenger<BackgroundMessages>(async (message) => {
    if (message.type === 'annotations/create' && mode.dieBeforeWrite) {
      mode.dieBeforeWrite = false;
      throw new Error('Could not establish connection. Receiving end does not exist.');
    }
    const reply = await route(message, { tabId: 1, extensionPage: true });
    if (message.type === 'annotations/create' && mode.dropReplyAfterWrite) {
      mode.dropReplyAfterWrite = false;
      throw new Error('The message port closed before a response was received.');
    }
    return reply;
  });
}

describe('saving when the service worker dies mid-request', () => {
  let db: MeipiDatabase;
  beforeEach(() => {
    db = openDatabase(`store-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('a write that committed before the reply was lost counts as saved, once', async () => {
    const store = messengerStore(flakyBackground(db, { dropReplyAfterWrite: true, dieBeforeWrite: false }));
    const saved = await store.create(input);
    expect(saved).toMatchObject({ quote: '志愿服务', note: '记下' });
    expect(await db.annotations.count()).toBe(1);
  });

  it('a write that never happened is reported as failed, and the retry saves exactly one', async () => {
    const store = messengerStore(flakyBackground(db, { dropReplyAfterWrite: false, dieBeforeWrite: true }));
    await expect(store.create(input)).rejects.toBeInstanceOf(MessageError);
    expect(await db.annotations.count()).toBe(0);
    await store.create(input);
    expect(await db.annotations.count()).toBe(1);
  });
});
