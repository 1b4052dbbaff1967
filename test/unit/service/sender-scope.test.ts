import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Annotation, listAnnotations, type MeipiDatabase, openDatabase } from '@/lib/db';
import {
  type BackgroundMessages,
  createMessenger,
  createRouter,
  type Messenger,
  messageErrorCode,
  type SenderInfo,
} from '@/lib/messaging';
import { createServiceHandlers, describeSender } from '@/lib/service';
import { testEnvironment } from './test-environment';

const EXTENSION = 'chrome-extension://lpcmbjnnafoijdjdjgdfnbehflmkfddm/';
const SITE_A = 'https://a.example/notes/';
const SITE_B = 'https://b.example/diary';

/** Each sender as the background's wiring describes it from the browser's MessageSender. */
const contentScriptOn = (url: string, tabUrl = url): SenderInfo =>
  describeSender({ url, frameId: 0, tab: { id: 7, url: tabUrl } }, EXTENSION);
const extensionPage = describeSender({ url: `${EXTENSION}library.html` }, EXTENSION);

describe('the background binds a content script to its own page', () => {
  let db: MeipiDatabase;
  let route: ReturnType<typeof createRouter>;
  const as = (sender: SenderInfo): Messenger<BackgroundMessages> =>
    createMessenger<BackgroundMessages>((m) => route(m, sender));
  let library: Messenger<BackgroundMessages>;
  let onA: Messenger<BackgroundMessages>;
  let theirs: Annotation;

  const input = (source: string, quote: string) => ({
    source,
    title: 't',
    quote,
    selectors: [],
    note: `${quote}的笔记`,
  });
  async function code(request: Promise<unknown>): Promise<string | null> {
    try {
      await request;
      return null;
    } catch (error) {
      return messageErrorCode(error);
    }
  }

  beforeEach(async () => {
    db = openDatabase(`scope-${crypto.randomUUID()}`);
    route = createRouter(createServiceHandlers(testEnvironment(db)));
    library = as(extensionPage);
    // A's page, with tracking parameters and a fragment: the same page as SITE_A once normalised.
    onA = as(contentScriptOn(`${SITE_A}?utm_source=x#top`));
    theirs = await library('annotations/create', { input: input(SITE_B, 'B 的秘密') });
  });
  afterEach(async () => {
    await db.delete();
  });

  it('describes senders from the browser: extension pages by their URL, everything else as a page', () => {
    expect(extensionPage.extensionPage).toBe(true);
    expect(contentScriptOn(SITE_A)).toMatchObject({ extensionPage: false, tabId: 7, frameId: 0 });
    // A look-alike URL is not the extension.
    expect(contentScriptOn(`https://evil.example/?${EXTENSION}`).extensionPage).toBe(false);
    expect(describeSender({}, EXTENSION).extensionPage).toBe(false);
  });

  it('follows a single-page app to its new URL (the tab’s), not the document’s first one', async () => {
    const moved = as(contentScriptOn(SITE_B, `${SITE_A}?from=spa`));
    expect(await moved('annotations/list', { source: SITE_A })).toEqual([]);
    expect(await code(moved('annotations/list', { source: SITE_B }))).toBe('forbidden');
  });

  it('control: a content script lists, creates, edits, deletes and restores its own page’s annotations', async () => {
    const mine = await onA('annotations/create', { input: input(SITE_A, '我的段落') });
    expect((await onA('annotations/list', { source: SITE_A })).map((a) => a.id)).toEqual([mine.id]);
    expect((await onA('annotations/update', { id: mine.id, patch: { note: '改过' } })).note).toBe('改过');
    const { deleted } = await onA('annotations/delete', { id: mine.id });
    expect(deleted?.id).toBe(mine.id);
    await onA('annotations/restore', { annotation: deleted as Annotation });
    expect((await listAnnotations(db, { source: SITE_A })).map((a) => a.id)).toEqual([mine.id]);
  });

  it('refuses to list, create, edit, delete or restore-over another site’s annotations', async () => {
    expect(await code(onA('annotations/list', { source: SITE_B }))).toBe('forbidden');
    expect(await code(onA('annotations/create', { input: input(SITE_B, '冒充') }))).toBe('forbidden');
    expect(await code(onA('annotations/update', { id: theirs.id, patch: { note: '篡改' } }))).toBe(
      'forbidden',
    );
    expect(await code(onA('annotations/delete', { id: theirs.id }))).toBe('forbidden');
    // Restoring "its own" annotation under another page's id would overwrite that one.
    expect(
      await code(onA('annotations/restore', { annotation: { ...theirs, source: SITE_A, note: '覆盖' } })),
    ).toBe('forbidden');
    expect(await code(onA('annotations/restore', { annotation: { ...theirs, note: '覆盖' } }))).toBe(
      'forbidden',
    );
    expect(await listAnnotations(db, { source: SITE_B })).toEqual([theirs]);
    expect(await listAnnotations(db, { source: SITE_A })).toEqual([]);
  });

  it('refuses what only extension pages need: recent, search, open, maintenance', async () => {
    expect(await code(onA('annotations/recent', { limit: 10 }))).toBe('forbidden');
    expect(await code(onA('search/query', { query: '秘密', options: {} }))).toBe('forbidden');
    expect(await code(onA('annotations/open', { id: theirs.id }))).toBe('forbidden');
    expect(await code(onA('index/maintain', {}))).toBe('forbidden');
    // Control: the library may.
    expect((await library('annotations/recent', { limit: 10 })).map((a) => a.id)).toEqual([theirs.id]);
    expect(await library('annotations/open', { id: theirs.id })).toEqual({ opened: true });
  });

  it('a sender with no page (no URL, or one Meipi does not annotate) may do nothing', async () => {
    for (const sender of [{}, contentScriptOn('file:///etc/passwd'), contentScriptOn('about:blank')]) {
      expect(await code(as(sender)('annotations/list', { source: SITE_B }))).toBe('forbidden');
    }
  });
});
