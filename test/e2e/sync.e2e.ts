import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/db/types';
import type { SyncStatusView } from '../../lib/messaging';
import { type CountingProxy, startCountingProxy } from '../fixtures/sync/counting-proxy';
import { startRclone, type WebdavServer } from '../fixtures/sync/servers';
import { useServedPages } from './fixture';
import { ask, type LaunchedExtension, launchExtension } from './harness';
import { meipiUi } from './meipi-frame';
import { selectText, totalPainted } from './selection';

const ARTICLE = '/sync-article.html';
const PASSAGES = [
  { quote: '胡同里的槐花开了', note: '槐花的味道让我想起外婆家' },
  { quote: '三轮车穿过早市', note: '早市上的豆浆油条最香' },
  { quote: '鸽哨声在屋顶上回旋', note: '北京的秋天从鸽哨开始' },
];
const READER_PASSAGE = '国家基本公共服务';
const READER_NOTE = '公共服务要看落实到社区没有';
const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>老城的早晨</title></head>
<body><article>${PASSAGES.map((p, i) => `<p id="p${i}">清晨，${p.quote}，街坊们陆续出门，城市慢慢醒来。</p>`).join('')}</article></body></html>`;
const PASSPHRASE = '槐花胡同 2026 早市';

/** Every file under the server's root: name → sha256 of its bytes. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path.slice(root.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

function allBytes(root: string): Buffer {
  const chunks: Buffer[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else chunks.push(readFileSync(path), Buffer.from(name));
    }
  };
  walk(root);
  return Buffer.concat(chunks);
}

async function configure(
  library: Page,
  server: { url: string; username: string; password: string },
  passphrase: string,
) {
  await library.getByTestId('sync-url').fill(server.url);
  await library.getByTestId('sync-username').fill(server.username);
  await library.getByTestId('sync-password').fill(server.password);
  await library.getByTestId('sync-passphrase').fill(passphrase);
  await library.getByTestId('sync-save').click();
}

async function statusText(library: Page): Promise<string> {
  return (await library.getByTestId('sync-status').textContent()) ?? '';
}

/** Syncs from the library page's button; waits for that run to end, then for 已同步 with nothing pending. */
async function syncNow(library: Page): Promise<void> {
  await expect.poll(() => library.getByTestId('sync-now').isEnabled(), { timeout: 20_000 }).toBe(true);
  const before = (await ask(library, 'sync/status', {})).lastSyncedAt ?? 0;
  await library.getByTestId('sync-now').click();
  await expect
    .poll(async () => ((await ask(library, 'sync/status', {})).lastSyncedAt ?? 0) > before, {
      timeout: 30_000,
    })
    .toBe(true);
  await expect.poll(() => statusText(library), { timeout: 10_000 }).toMatch(/^已同步 · [^·]+$/);
}

async function everything(page: Page): Promise<Annotation[]> {
  const list = await ask(page, 'annotations/recent', { limit: 10_000 });
  return list.sort((a, b) => a.id.localeCompare(b.id));
}

async function highlightWithNote(
  page: Page,
  selector: string,
  quote: string,
  note: string,
  ui: Pick<FrameLocator, 'getByTestId'> = meipiUi(page),
) {
  await selectText(page, selector, quote);
  await ui.getByTestId('note-button').click();
  await ui.getByTestId('note-input').fill(note);
  await ui.getByTestId('note-input').press('Control+Enter');
  // The passage is painted before the save is answered; the editor closes once it is (a person
  // selecting the next passage waits for that too: the open editor covers the text below it).
  await ui.getByTestId('note-input').waitFor({ state: 'hidden' });
}

describe('two Chromium profiles sync through one rclone server', () => {
  const pages = useServedPages({ [ARTICLE]: PAGE });
  let server: WebdavServer;
  let proxy: CountingProxy;
  let a: LaunchedExtension;
  let b: LaunchedExtension;
  let libraryA: Page;
  let libraryB: Page;
  const dav = () => ({ url: proxy.url, username: server.username, password: server.password });

  beforeAll(async () => {
    server = await startRclone();
    proxy = await startCountingProxy(server.url);
    a = await launchExtension();
    b = await launchExtension();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('A highlights with notes, syncs encrypted; B with a wrong passphrase is refused and writes nothing', async () => {
    const pageA = await a.context.newPage();
    await pageA.goto(`${pages.origin}${ARTICLE}`);
    for (const [i, p] of PASSAGES.entries()) {
      await highlightWithNote(pageA, `#p${i}`, p.quote, p.note);
      await expect.poll(() => totalPainted(pageA)).toBe(i + 1);
    }
    const reader = await a.openPage('/reader.html');
    await reader.getByTestId('article-link').first().click();
    await reader.getByTestId('article-body').waitFor();
    await highlightWithNote(reader, '[data-testid="article-body"]', READER_PASSAGE, READER_NOTE, reader);
    await expect.poll(() => totalPainted(reader)).toBe(1);

    libraryA = await a.openPage('/library.html');
    expect(await statusText(libraryA)).toBe('同步未开启');
    await configure(libraryA, dav(), PASSPHRASE);
    await expect.poll(() => statusText(libraryA), { timeout: 20_000 }).toMatch(/^已同步 · /);
    await syncNow(libraryA);
    await a.screenshot(libraryA, 'sync-01-library-synced', { viewport: true });

    // The server holds none of it in the clear: no quote, note, title or URL.
    const stored = allBytes(server.root);
    expect(stored.length).toBeGreaterThan(0);
    for (const secret of [
      ...PASSAGES.flatMap((p) => [p.quote, p.note]),
      READER_NOTE,
      '老城的早晨',
      pages.origin,
    ]) {
      expect(stored.includes(Buffer.from(secret)), secret).toBe(false);
    }

    const before = snapshot(server.root);
    libraryB = await b.openPage('/library.html');
    await configure(libraryB, dav(), '不对的口令');
    await expect.poll(() => statusText(libraryB), { timeout: 30_000 }).toMatch(/加密口令不对/);
    await b.screenshot(libraryB, 'sync-02-wrong-passphrase', { viewport: true });
    expect(snapshot(server.root)).toEqual(before);
    expect(await everything(libraryB)).toEqual([]);
    // Without a passphrase an encrypted folder is refused as well.
    await configure(libraryB, dav(), '');
    await expect.poll(() => statusText(libraryB), { timeout: 30_000 }).toMatch(/已加密/);
    expect(snapshot(server.root)).toEqual(before);
  });

  it('B gets everything: the web page, the reader, the library and the popup search', async () => {
    await configure(libraryB, dav(), PASSPHRASE);
    await expect.poll(() => statusText(libraryB), { timeout: 30_000 }).toMatch(/^已同步 · /);
    await expect.poll(() => libraryB.getByTestId('library-item').count(), { timeout: 10_000 }).toBe(4);
    expect((await everything(libraryB)).map((x) => x.note).sort()).toEqual(
      [...PASSAGES.map((p) => p.note), READER_NOTE].sort(),
    );

    const pageB = await b.context.newPage();
    await pageB.goto(`${pages.origin}${ARTICLE}`);
    await expect.poll(() => totalPainted(pageB)).toBe(3);
    const reader = await b.openPage('/reader.html');
    await reader.getByTestId('article-link').first().click();
    await reader.getByTestId('article-body').waitFor();
    await expect.poll(() => totalPainted(reader)).toBe(1);

    const popup = await b.openPage('/popup.html');
    await popup.getByTestId('search-input').fill('豆浆');
    await expect
      .poll(() => popup.getByTestId('annotation-item').allTextContents())
      .toEqual([expect.stringContaining(PASSAGES[1]?.note ?? '')]);
    expect(await popup.getByTestId('popup-sync-status').textContent()).toMatch(/^已同步 · /);
    await b.screenshot(popup, 'sync-03-popup', { viewport: true });
    await popup.close();
  });

  it('B edits a note and deletes one; it syncs by itself shortly after; A sees both', async () => {
    const editing = libraryB.getByTestId('library-item').filter({ hasText: PASSAGES[0]?.quote ?? '' });
    await editing.getByTestId('item-edit').click();
    await libraryB.getByTestId('edit-note').fill('外婆家的槐花饼');
    await libraryB.getByTestId('edit-save').click();
    const pageB = b.context.pages().find((p) => p.url().includes(ARTICLE));
    if (!pageB) throw new Error('no web page in B');
    await libraryB
      .getByTestId('library-item')
      .filter({ hasText: PASSAGES[2]?.quote ?? '' })
      .getByTestId('item-delete')
      .click();
    await expect.poll(() => totalPainted(pageB)).toBe(2);
    // No button pressed: the change log grew, so a sync follows ~3 s later.
    await expect
      .poll(() => ask(libraryB, 'sync/status', {}).then((s) => s.pending), { timeout: 20_000 })
      .toBe(0);
    await expect.poll(() => statusText(libraryB)).toMatch(/^已同步 · [^·]+$/);

    await syncNow(libraryA);
    const pageA = a.context.pages().find((p) => p.url().includes(ARTICLE));
    if (!pageA) throw new Error('no web page in A');
    await expect.poll(() => totalPainted(pageA), { timeout: 10_000 }).toBe(2);
    const notesA = (await everything(libraryA)).map((x) => x.note).sort();
    expect(notesA).toEqual(['外婆家的槐花饼', PASSAGES[1]?.note, READER_NOTE].sort());
    await expect.poll(() => libraryA.getByTestId('library-item').count()).toBe(3);
    expect(await everything(libraryA)).toEqual(await everything(libraryB));
  });

  it('both edit the same note offline: after sync neither text is lost and the conflict is shown', async () => {
    const target = (await everything(libraryA)).find((x) => x.quote === PASSAGES[1]?.quote);
    if (!target) throw new Error('no shared annotation');
    proxy.offline = true;
    await ask(libraryA, 'annotations/update', { id: target.id, patch: { note: 'A 在地铁上改的' } });
    await ask(libraryB, 'annotations/update', { id: target.id, patch: { note: 'B 在飞机上改的' } });
    await libraryA.getByTestId('sync-now').click();
    await expect
      .poll(() => statusText(libraryA), { timeout: 30_000 })
      .toMatch(/同步失败：连不上服务器.*1 处更改待同步/);
    await a.screenshot(libraryA, 'sync-04-offline', { viewport: true });
    proxy.offline = false;

    await syncNow(libraryA);
    await syncNow(libraryB);
    await syncNow(libraryA);
    for (const library of [libraryA, libraryB]) {
      const notes = (await everything(library)).map((x) => x.note);
      expect(notes).toContain('A 在地铁上改的');
      expect(notes).toContain('B 在飞机上改的');
      const copies = (await everything(library)).filter((x) => x.tags.includes('同步冲突'));
      expect(copies).toHaveLength(1);
    }
    expect(await everything(libraryA)).toEqual(await everything(libraryB));
    // The device that met the other's edit says so.
    await expect
      .poll(() => libraryB.getByTestId('sync-conflicts').textContent())
      .toContain('1 条批注两边都改过');
    await b.screenshot(libraryB, 'sync-05-conflict', { viewport: true });

    const stored = allBytes(server.root);
    for (const secret of ['A 在地铁上改的', 'B 在飞机上改的', '外婆家的槐花饼']) {
      expect(stored.includes(Buffer.from(secret)), secret).toBe(false);
    }
  });

  it('the service worker stopped mid-sync: syncing again converges both devices', async () => {
    for (let i = 0; i < 40; i++) {
      await ask(libraryA, 'annotations/create', {
        input: {
          source: `${pages.origin}/more-${i % 4}.html`,
          title: `第 ${i} 篇`,
          quote: `段落 ${i}`,
          selectors: [],
          note: `批注 ${i}`,
        },
      });
    }
    await libraryA.getByTestId('sync-now').click();
    await libraryA.waitForTimeout(150);
    const cdp = await a.context.newCDPSession(libraryA);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();

    await libraryA.reload();
    await syncNow(libraryA);
    await syncNow(libraryB);
    await syncNow(libraryA);
    const listA = await everything(libraryA);
    expect(listA.length).toBe(44);
    expect(await everything(libraryB)).toEqual(listA);
    const status: SyncStatusView = await ask(libraryB, 'sync/status', {});
    expect(status).toMatchObject({ state: 'idle', pending: 0, lastError: null });
  });
});
