import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, heard, OTHER, raceForgedHost, seen, selectByScript } from '../hostile-fixture';
import type { ServedFile } from '../page-server';
import { selectText, totalPainted } from '../selection';
import { eventually, frameShown, meipiFrame, testId, useFirefox } from './fixture';
import { ask } from './harness';

const TYPED_NOTE = 'secret plan 秘密计划';
const fixture = (name: string) =>
  readFileSync(resolve(process.cwd(), 'test/fixtures/highlight', name), 'utf8');
const DARK = fixture('dark.html');
/** The Chromium suite's strict page: no frame, script or style from anywhere but itself. */
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'";
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Web pages in real Firefox: the extension frame's toolbar and editor, reload, and the hostile
 * page of hostile-page.e2e.ts (a main-world script that listens, reads, forges and messages),
 * each attack with a control step a real reader takes.
 */
describe('web pages in real Firefox', () => {
  const ff = useFirefox({
    pages: async (path): Promise<ServedFile | undefined> => {
      const pages: Record<string, string> = {
        '/article.html': ARTICLE,
        '/other.html': OTHER,
        '/dark.html': DARK,
        '/csp.html': fixture('csp.html'),
      };
      if (path === '/csp.css') return { body: fixture('csp.css'), headers: { 'content-type': 'text/css' } };
      const body = pages[path];
      if (body === undefined) return undefined;
      return { body, headers: path === '/csp.html' ? { 'content-security-policy': STRICT_CSP } : {} };
    },
  });
  const articleUrl = () => `${ff.origin}/article.html`;
  /** An extension page in a tab behind the test's pages, for asking the background. */
  let control: Page;
  beforeAll(async () => {
    control = await ff.openPage('/popup.html');
  });
  const list = (source: string) => ask(control, 'annotations/list', { source });
  async function openArticle(): Promise<Page> {
    const page = await ff.openWebPage(articleUrl());
    await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'), { timeout: 10_000 });
    await pause(300); // the bootstrap has listed this page's annotations
    return page;
  }

  it('a note typed in the extension frame reaches no page listener and no DOM the page can read; painted again after a reload', async () => {
    const page = await openArticle();
    await selectText(page, '#p1', '几位老人正在下象棋');
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('note-button'), { visible: true });
    await frame.click(testId('note-button'));
    await frame.waitForSelector(testId('note-input'), { visible: true });
    const before = (await heard(page)).length;
    await frame.type(testId('note-input'), TYPED_NOTE);
    await pause(200); // several polls of the spy
    expect(await frame.$eval(testId('note-input'), (el) => (el as HTMLTextAreaElement).value)).toBe(
      TYPED_NOTE,
    );
    expect((await heard(page)).slice(before)).toEqual([]);
    for (const fragment of ['secret', '秘密']) expect(await seen(page)).not.toContain(fragment);
    expect(
      await page.evaluate(
        () =>
          document.querySelector<HTMLIFrameElement>('iframe[src^="moz-extension://"]')?.contentDocument ??
          null,
      ),
    ).toBeNull();
    await ff.screenshot(page, 'web-page-note');
    await frame.click(testId('note-save'));
    await eventually(
      async () => (await list(articleUrl())).map((a) => [a.quote, a.note]),
      [['几位老人正在下象棋', TYPED_NOTE]],
    );

    await ff.reload(page);
    await eventually(() => totalPainted(page), 1);
    expect(await seen(page)).not.toContain('秘密');
    await page.close();
  });

  it('synthetic clicks on a painted highlight and a script’s own selection open nothing; the reader’s do', async () => {
    const page = await openArticle();
    await eventually(() => totalPainted(page), 1);
    const at = await page.evaluate(() =>
      (window as unknown as { __paintedPoint(): { x: number; y: number } | null }).__paintedPoint(),
    );
    if (!at) throw new Error('nothing painted');
    await page.evaluate(
      ({ x, y }) => (window as unknown as { __forgeAt(x: number, y: number): void }).__forgeAt(x, y),
      at,
    );
    await page.evaluate(selectByScript, null);
    await pause(400);
    expect(await frameShown(page)).toBe(false);

    // Control: the reader's own click opens the card with the note, which the page cannot read.
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await page.mouse.click(at.x, at.y);
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('highlight-card'), { visible: true });
    expect(await frame.$eval(testId('card-note'), (el) => el.textContent)).toBe(TYPED_NOTE);
    expect(await seen(page)).not.toContain('秘密');
    await page.close();
  });

  it('introductions and panel messages the page forges into Meipi’s frame create, edit and delete nothing', async () => {
    const page = await openArticle();
    const [mine] = await list(articleUrl());
    await page.evaluate(raceForgedHost, mine?.id ?? '');
    await selectText(page, '#p2', '小贩推着三轮车');
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('highlight-toolbar'), { visible: true });
    await page.evaluate(() => {
      const target = document.querySelector<HTMLIFrameElement>('iframe[src^="moz-extension://"]');
      window.postMessage({ meipiFrame: 'ready' }, '*'); // an announcement of the page's own
      if (target?.contentWindow) target.contentWindow.postMessage({ meipiFrame: 'ready' }, '*');
    });
    await pause(800);
    expect(await page.evaluate(() => (window as unknown as { __answers: unknown[] }).__answers)).toEqual([]);
    const after = await list(articleUrl());
    expect(after.map((a) => [a.id, a.note, a.color])).toEqual([[mine?.id, TYPED_NOTE, 'yellow']]);

    // Control: the reader's own click on a colour in Meipi's frame saves.
    await frame.click(testId('color-green'));
    await eventually(async () => (await list(articleUrl())).map((a) => a.color).sort(), ['green', 'yellow']);
    await page.close();
  });

  /** What lib/browser/menus.ts sends the tab for the context menu and Alt+Shift+H, sent the same way. */
  async function asTheBackground(pageUrl: string, payload: object): Promise<unknown> {
    return control.evaluate(
      async (url, message) => {
        type Tabs = {
          query(q: object): Promise<{ id: number; url?: string }[]>;
          sendMessage(id: number, m: unknown, o: object): Promise<unknown>;
        };
        const { tabs } = (globalThis as unknown as { browser: { tabs: Tabs } }).browser;
        // Firefox's match patterns take no port: find the tab by its URL.
        const tab = (await tabs.query({})).find((t) => t.url === url);
        return tabs.sendMessage(
          tab?.id ?? -1,
          { type: 'page/highlight-selection', payload: message },
          { frameId: 0 },
        );
      },
      pageUrl,
      payload,
    );
  }

  it('a dark page gets the dark toolbar and tints; the menu’s “with note” and the shortcut save the selection', async () => {
    const page = await ff.openWebPage(`${ff.origin}/dark.html`);
    await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'), { timeout: 10_000 });
    await selectText(page, '#p1', '台灯下的书页泛着微黄的光');
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('highlight-toolbar'), { visible: true });
    expect(
      await frame.evaluate(() => document.querySelector<HTMLElement>('[data-theme]')?.dataset.theme),
    ).toBe('dark');
    // The menu item "highlight with note": the editor opens ready for the keyboard.
    expect(await asTheBackground(`${ff.origin}/dark.html`, { color: 'green', withNote: true })).toMatchObject(
      { ok: true },
    );
    await frame.waitForSelector(testId('note-input'), { visible: true });
    await eventually(
      () =>
        frame.evaluate(() => {
          let focused = document.activeElement;
          while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
          return focused?.getAttribute('data-testid');
        }),
      'note-input',
    );
    await page.keyboard.type('menu note');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await eventually(
      async () => (await list(`${ff.origin}/dark.html`)).map((a) => [a.color, a.note]),
      [['green', 'menu note']],
    );
    // Stronger tints for a dark page: one stylesheet adopted by the document, no element added.
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(1);
    await ff.screenshot(page, 'web-page-dark');

    // The shortcut acts on whatever is selected, in the last colour asked for.
    await page.evaluate(() => {
      const node = document.querySelector('#p2')?.firstChild as Text;
      const range = document.createRange();
      range.setStart(node, node.data.indexOf('那是与作者'));
      range.setEnd(node, node.data.indexOf('那是与作者') + 5);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    expect(await asTheBackground(`${ff.origin}/dark.html`, { color: 'blue', withNote: false })).toEqual({
      ok: true,
      value: { saved: true },
    });
    await eventually(() => page.evaluate(() => CSS.highlights.get('meipi-blue')?.size ?? 0), 1);
    await page.close();
  });

  it('declares the shortcut Alt+Shift+H', async () => {
    const commands = await control.evaluate(() =>
      (
        globalThis as unknown as {
          browser: { commands: { getAll(): Promise<{ name: string; shortcut: string }[]> } };
        }
      ).browser.commands.getAll(),
    );
    expect(commands.map((c) => [c.name, c.shortcut])).toContainEqual(['highlight-selection', 'Alt+Shift+H']);
  });

  it('works on a page whose CSP allows no frames, scripts or styles but its own', async () => {
    const page = await ff.openWebPage(`${ff.origin}/csp.html`);
    await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'), { timeout: 10_000 });
    const quote = '读者仍然应该能够在这里高亮文字';
    await selectText(page, '#p2', quote);
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('highlight-toolbar'), { visible: true });
    expect(await frame.$eval(testId('highlight-toolbar'), (el) => getComputedStyle(el).position)).toBe(
      'absolute',
    );
    await frame.click(testId('color-blue'));
    await eventually(() => page.evaluate(() => CSS.highlights.get('meipi-blue')?.size ?? 0), 1);
    await ff.screenshot(page, 'web-page-csp');
    await ff.reload(page);
    await eventually(() => page.evaluate(() => CSS.highlights.get('meipi-blue')?.size ?? 0), 1);
    await page.close();
  });
});
