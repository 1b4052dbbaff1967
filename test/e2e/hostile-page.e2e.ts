import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, type LaunchedExtension, launchExtension } from './harness';
import { ARTICLE, heard, OTHER, raceForgedHost, seen, selectByScript } from './hostile-fixture';
import { frameShown, MEIPI_FRAME, meipiUi } from './meipi-frame';
import { type PageServer, servePages } from './page-server';
import { selectText, totalPainted } from './selection';

const TYPED_NOTE = 'secret plan 秘密计划';
const OTHER_NOTE = '另一页上的私人笔记';
const ELSEWHERE_NOTE = '别的网站上的笔记';

interface Stored {
  id: string;
  source: string;
  quote: string;
  note: string;
  color: string;
}

describe('a hostile page can neither read nor forge a reader’s notes', () => {
  let ext: LaunchedExtension;
  let site: PageServer;
  let elsewhere: PageServer;
  let library: Page;

  beforeAll(async () => {
    site = await servePages({ '/article.html': ARTICLE, '/other.html': OTHER });
    elsewhere = await servePages({ '/diary.html': OTHER });
    ext = await launchExtension();
    ext.context.setDefaultTimeout(15_000);
    library = await ext.openPage('/library.html');
    // A note on another page of the same site, and one on another site.
    await ask(library, 'annotations/create', {
      input: {
        source: `${site.origin}/other.html`,
        title: '同站另一页',
        quote: '炉子上的水壶',
        selectors: [
          { type: 'TextQuoteSelector', exact: '炉子上的水壶', prefix: '冬天的早晨，', suffix: '咕嘟' },
        ],
        note: OTHER_NOTE,
      },
    });
    await ask(library, 'annotations/create', {
      input: {
        source: `${elsewhere.origin}/diary.html`,
        title: '别的网站',
        quote: '炉子上的水壶',
        selectors: [{ type: 'TextQuoteSelector', exact: '炉子上的水壶' }],
        note: ELSEWHERE_NOTE,
      },
    });
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
    await elsewhere?.close();
  });

  const list = async (source: string) => (await ask(library, 'annotations/list', { source })) as Stored[];
  const articleUrl = () => `${site.origin}/article.html`;
  async function openArticle(): Promise<Page> {
    const page = await ext.context.newPage();
    await page.goto(articleUrl());
    await page.waitForTimeout(400); // the bootstrap has listed this page's annotations
    return page;
  }

  it('a typed note (keys and IME composition) reaches no page listener and no DOM the page can read', async () => {
    const page = await openArticle();
    await selectText(page, '#p1', '几位老人正在下象棋');
    const ui = meipiUi(page);
    await ui.getByTestId('highlight-toolbar').waitFor();
    await ui.getByTestId('note-button').click();
    const before = (await heard(page)).length;

    await ui.getByTestId('note-input').click();
    await page.keyboard.type('secret plan ');
    // IME composition as a pinyin input method does it, then its committed text.
    const cdp: CDPSession = await ext.context.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'mimi', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.insertText', { text: '秘密计划' });
    await cdp.detach();
    await page.waitForTimeout(200); // several polls of the spy

    // Control: the reader's words are in the editor and are saved exactly.
    expect(await ui.getByTestId('note-input').inputValue()).toBe(TYPED_NOTE);
    expect((await heard(page)).slice(before)).toEqual([]);
    const leaked = await seen(page);
    for (const fragment of ['secret', '秘密', 'mimi']) expect(leaked).not.toContain(fragment);
    // The frame's document is not the page's to open.
    expect(
      await page.evaluate(
        (s) => document.querySelector<HTMLIFrameElement>(s)?.contentDocument ?? null,
        MEIPI_FRAME,
      ),
    ).toBeNull();
    await ext.screenshot(page, 'hostile-01-note-typed-in-frame', { viewport: true });

    await ui.getByTestId('note-save').click();
    await expect.poll(async () => (await list(articleUrl())).map((a) => a.note)).toEqual([TYPED_NOTE]);
    expect(await seen(page)).not.toContain('秘密');
    await page.close();
  });

  it('synthetic clicks on a painted highlight open no card; a real click does, and the page still reads nothing', async () => {
    const page = await openArticle();
    await expect.poll(() => totalPainted(page)).toBe(1);
    const point = await page.evaluate(() =>
      (window as unknown as { __paintedPoint(): { x: number; y: number } | null }).__paintedPoint(),
    );
    expect(point).not.toBeNull();
    const at = point as { x: number; y: number };

    await page.evaluate(
      ({ x, y }) => (window as unknown as { __forgeAt(x: number, y: number): void }).__forgeAt(x, y),
      at,
    );
    await page.waitForTimeout(400);
    expect(await frameShown(page)).toBe(false);
    expect(await meipiUi(page).getByTestId('highlight-card').count()).toBe(0);

    // Control: the reader's own click opens the card with the note, which the page cannot read.
    await page.mouse.click(at.x, at.y);
    await meipiUi(page).getByTestId('highlight-card').waitFor();
    expect(await meipiUi(page).getByTestId('card-note').textContent()).toBe(TYPED_NOTE);
    await page.waitForTimeout(200);
    expect(await seen(page)).not.toContain('秘密');
    await page.close();
  });

  it('pushState to another page of the site with a copy of its text harvests nothing', async () => {
    const page = await openArticle();
    await page.evaluate(async (otherText) => {
      history.pushState({}, '', '/other.html');
      document.querySelector('article')?.insertAdjacentHTML('beforeend', `<p id="q1">${otherText}</p>`);
    }, '冬天的早晨，炉子上的水壶咕嘟咕嘟地响着。');
    // The bootstrap follows the URL and paints that page's passage (the page may see which passages are painted).
    await expect.poll(() => totalPainted(page), { timeout: 5_000 }).toBeGreaterThan(0);
    const point = await page.evaluate(() => {
      const p = document.querySelector('#q1')?.firstChild;
      if (!p) return null;
      const range = document.createRange();
      range.setStart(p, 6);
      range.setEnd(p, 8);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.evaluate(
      ({ x, y }) => (window as unknown as { __forgeAt(x: number, y: number): void }).__forgeAt(x, y),
      point as { x: number; y: number },
    );
    await page.waitForTimeout(400);
    expect(await frameShown(page)).toBe(false);
    expect(await seen(page)).not.toContain(OTHER_NOTE);
    await page.close();
  });

  it('a selection made by the page’s script, with synthetic mouseup and keyup, opens no toolbar', async () => {
    const page = await openArticle();
    await page.evaluate(selectByScript);
    await page.waitForTimeout(400);
    expect(await frameShown(page)).toBe(false);
    expect(await meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(0);

    // Control: the reader's own drag over the same words opens it (a press inside the page's
    // selection would drag that selection away instead, so it goes first).
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await selectText(page, '#p2', '四合院的门墩上落满');
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor();
    expect(await frameShown(page)).toBe(true);
    await page.close();
  });

  it('messages the page posts to Meipi’s frame (a forged introduction racing the real one among them), or to copies of it it embeds, create, edit and delete nothing', async () => {
    const page = await openArticle();
    const [mine] = await list(articleUrl());
    await page.evaluate(raceForgedHost, mine?.id ?? '');
    await selectText(page, '#p2', '小贩推着三轮车');
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor();
    await page.evaluate((id) => {
      const frame = document.querySelector<HTMLIFrameElement>('iframe[src^="chrome-extension://"]');
      const forged = [
        { type: 'request', requestId: 1, action: { kind: 'delete', id } },
        {
          type: 'request',
          requestId: 2,
          action: { kind: 'update', id, patch: { note: '篡改', color: 'pink' } },
        },
        { type: 'request', requestId: 3, action: { kind: 'save', color: 'purple', note: '伪造' } },
        { type: 'show', view: { kind: 'card', key: 9, annotation: { id } }, theme: 'light' },
      ];
      for (const message of forged) {
        frame?.contentWindow?.postMessage(message, '*');
        window.postMessage(message, '*');
      }
      // A copy of the frame the page embeds itself, announced as if it were Meipi's.
      const copy = document.createElement('iframe');
      copy.src = frame?.src ?? '';
      document.body.append(copy);
      window.postMessage({ meipiFrame: 'page-chosen-nonce' }, '*');
      copy.addEventListener('load', () => {
        for (const message of forged) copy.contentWindow?.postMessage(message, '*');
      });
    }, mine?.id ?? '');
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => (window as unknown as { __answers: unknown[] }).__answers)).toEqual([]);
    const after = await list(articleUrl());
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: mine?.id, note: TYPED_NOTE, color: 'yellow' });

    // Control: the reader's own click on a colour in Meipi's frame saves.
    await meipiUi(page).getByTestId('color-green').click();
    await expect
      .poll(async () => (await list(articleUrl())).map((a) => a.color).sort())
      .toEqual(['green', 'yellow']);
    await page.close();
  });

  it('replaying “content script started” handshakes does not switch Meipi off', async () => {
    const page = await openArticle();
    await page.evaluate(() => {
      for (const name of ['content', 'page-annotator']) {
        for (const type of ['wxt:content-script-started', `${name}:wxt:content-script-started`]) {
          window.postMessage({ type, contentScriptName: name, messageId: 'page' }, '*');
          window.dispatchEvent(
            new CustomEvent(type, { detail: { contentScriptName: name, messageId: 'page' } }),
          );
        }
      }
    });
    await page.waitForTimeout(1_500); // past the bootstrap's 1 s liveness poll
    // Control: still working for the reader — a selection opens the toolbar and a colour saves.
    await selectText(page, '#p1', '旁边围着一圈');
    await meipiUi(page).getByTestId('color-blue').click();
    await expect.poll(async () => (await list(articleUrl())).some((a) => a.color === 'blue')).toBe(true);
    await page.close();
  });

  it('a content script (as a compromised renderer would) cannot touch another site’s annotations', async () => {
    const page = await openArticle();
    const cdp = await ext.context.newCDPSession(page);
    const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
    await cdp.send('Runtime.enable');
    await expect
      .poll(() =>
        worlds.some((w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://')),
      )
      .toBe(true);
    const meipiWorld = worlds.find(
      (w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://'),
    );
    const [theirs] = await list(`${elsewhere.origin}/diary.html`);
    const send = async (message: object) =>
      (
        await cdp.send('Runtime.evaluate', {
          contextId: meipiWorld?.id,
          expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
          awaitPromise: true,
          returnByValue: true,
        })
      ).result.value as { ok: boolean; error?: { code: string } };

    const other = `${elsewhere.origin}/diary.html`;
    for (const message of [
      { type: 'annotations/list', payload: { source: other } },
      { type: 'annotations/delete', payload: { id: theirs?.id } },
      { type: 'annotations/update', payload: { id: theirs?.id, patch: { note: '篡改' } } },
      { type: 'search/query', payload: { query: '笔记', options: {} } },
      { type: 'annotations/recent', payload: { limit: 10 } },
    ]) {
      expect(await send(message)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await list(other)).map((a) => a.note)).toEqual([ELSEWHERE_NOTE]);
    // Control: its own page's annotations it may read.
    const own = await send({ type: 'annotations/list', payload: { source: articleUrl() } });
    expect(own.ok).toBe(true);
    await cdp.detach();
    await page.close();
  });
});
