import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionFixture, useExtension } from './fixture';
import { frameShown, frameTheme, meipiUi } from './meipi-frame';
import type { ServedFile } from './page-server';
import { selectText } from './selection';

/**
 * Highlighting on real web pages: the content-script bootstrap, the lazily injected UI in its open
 * shadow root, the background's storage, re-anchoring and orphans — driven with real mouse input.
 */

const FIXTURES = resolve(process.cwd(), 'test/fixtures/highlight');
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'";

/** Serve another fixture file at a path (the "same page", edited). */
const variants = new Map<string, string>();

/** Files of test/fixtures/highlight; the single-page app answers every /spa path; /csp* comes with a strict CSP. */
async function fixtureFile(path: string): Promise<ServedFile | undefined> {
  const file =
    variants.get(path) ?? (path.startsWith('/spa') && !path.includes('.', 4) ? 'spa.html' : path.slice(1));
  const body = await readFile(resolve(FIXTURES, file)).catch(() => undefined);
  if (body === undefined) return undefined;
  const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : undefined;
  const headers: Record<string, string> = type ? { 'content-type': type } : {};
  if (path.startsWith('/csp')) headers['content-security-policy'] = STRICT_CSP;
  return { body, headers };
}

/** Clicks the middle of `text` (a plain click: no selection). */
async function clickText(page: Page, selector: string, text: string): Promise<void> {
  const point = await page.evaluate(
    ({ selector, text }) => {
      const node = document.querySelector(selector)?.firstChild;
      if (!node) throw new Error(`no text in ${selector}`);
      const at = (node.nodeValue ?? '').indexOf(text) + Math.floor(text.length / 2);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    },
    { selector, text },
  );
  await page.mouse.click(point.x, point.y);
}

/** The texts painted in one colour, read from the page's highlight registry (shared by all worlds). */
function painted(page: Page, color: string): Promise<string[] | null> {
  return page.evaluate((name) => {
    const highlight = CSS.highlights.get(name);
    return highlight ? [...highlight].map((range) => (range as Range).toString()) : null;
  }, `meipi-${color}`);
}

async function waitForPainted(page: Page, color: string, texts: string[]): Promise<void> {
  await page.waitForFunction(
    ({ name, texts }) => {
      const highlight = CSS.highlights.get(name);
      if (!highlight) return false;
      const shown = [...highlight].map((range) => (range as Range).toString()).sort();
      return JSON.stringify(shown) === JSON.stringify([...texts].sort());
    },
    { name: `meipi-${color}`, texts },
    { timeout: 10_000 },
  );
}

/** The bootstrap registers its highlights as soon as it runs. */
async function waitForBootstrap(page: Page): Promise<void> {
  await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'), undefined, { timeout: 10_000 });
}

/** Waits for a test id to show or go, inside the extension frame the UI lives in on web pages. */
async function waitForTestId(page: Page, testId: string, state: 'visible' | 'hidden'): Promise<void> {
  await meipiUi(page).getByTestId(testId).waitFor({ state, timeout: 15_000 });
}

/** Panels pop in with a 120 ms animation: let it finish so the screenshot shows the settled UI. */
async function shot(ext: ExtensionFixture, page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await ext.screenshot(page, name);
}

interface StoredAnnotation {
  id: string;
  quote: string;
  note: string;
  tags: string[];
  color: string;
}
type ChromeApi = {
  runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value?: unknown }> };
  tabs: {
    query(filter: { url: string }): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: unknown): Promise<{ ok: boolean; value?: unknown }>;
  };
};

describe('highlighting on web pages', () => {
  const ext = useExtension({ pages: fixtureFile });
  beforeAll(() => {
    // Fail fast with the step that hung, not the 90 s test timeout.
    ext.context.setDefaultTimeout(15_000);
  });

  /**
   * Runs `work` in a short-lived extension page, then puts the test page back in front: a
   * background tab gets no animation frames, and Playwright's waits and screenshots need them.
   */
  async function inExtensionPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
    const front = ext.context.pages().at(-1);
    const page = await ext.openPage('/popup.html');
    try {
      return await work(page);
    } finally {
      await page.close();
      await front?.bringToFront();
    }
  }

  /** Lists a source's annotations through the background, as any extension page would. */
  async function stored(source: string): Promise<StoredAnnotation[]> {
    const reply = await inExtensionPage((extensionPage) =>
      extensionPage.evaluate(
        (source) =>
          (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
            type: 'annotations/list',
            payload: { source },
          }),
        source,
      ),
    );
    expect(reply.ok).toBe(true);
    return reply.value as StoredAnnotation[];
  }

  /** Sends a TabMessage to the content script of the tab at `url`, as the background does. */
  async function tabMessage(url: string, type: string, payload: object): Promise<unknown> {
    const reply = await inExtensionPage((extensionPage) =>
      extensionPage.evaluate(
        async ({ url, type, payload }) => {
          const { chrome } = globalThis as unknown as { chrome: ChromeApi };
          const [tab] = await chrome.tabs.query({ url });
          if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
          return chrome.tabs.sendMessage(tab.id, { type, payload });
        },
        { url, type, payload },
      ),
    );
    expect(reply.ok).toBe(true);
    return reply.value;
  }

  /** Asks the page's content script which annotations it could not place. */
  async function anchorStatus(url: string): Promise<{ source: string; orphanIds: string[] }> {
    return (await tabMessage(url, 'page/anchor-status', {})) as { source: string; orphanIds: string[] };
  }

  const Q1 = '四合院的门墩上落满了金黄的银杏叶';
  const Q2 = '小贩推着三轮车慢慢走过，车铃声在灰墙之间回荡';
  const Q2_EDITED = '小贩推着三轮车慢慢走过，清脆的车铃声在灰墙之间回荡';
  const NOTE = '第一行：车铃声\n第二行 <b>不是 HTML</b> & 也不是 markdown';

  it('a mouse selection opens the toolbar; one click on a colour paints it, and it survives a reload', async () => {
    const page = await ext.openWebPage('/article.html');
    await waitForBootstrap(page);
    expect(await meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(0);

    await selectText(page, '#p2', Q1);
    await waitForTestId(page, 'highlight-toolbar', 'visible');
    // The UI lives in the extension's own frame, outside the page's body and out of its reach.
    expect(await frameShown(page)).toBe(true);
    await shot(ext, page, 'highlight-01-toolbar');

    await meipiUi(page).getByTestId('color-yellow').click();
    await waitForPainted(page, 'yellow', [Q1]);
    await waitForTestId(page, 'highlight-toolbar', 'hidden');
    // Painting never touches the page's DOM.
    expect(await page.evaluate(() => document.body.querySelectorAll('mark, [class*="meipi"]').length)).toBe(
      0,
    );
    await shot(ext, page, 'highlight-02-painted');

    await page.reload();
    await waitForPainted(page, 'yellow', [Q1]);
    const list = await stored(`${ext.origin}/article.html`);
    expect(list.map((a) => [a.quote, a.color])).toEqual([[Q1, 'yellow']]);
    await page.close();
  });

  it('saves a highlight with a multi-line note and tags; the card shows the note as text', async () => {
    const page = await ext.openWebPage('/article.html?utm_source=newsletter#top');
    await waitForPainted(page, 'yellow', [Q1]);

    await selectText(page, '#p1', Q2);
    await meipiUi(page).getByTestId('note-button').click();
    await meipiUi(page).getByTestId('color-green').click(); // in the note editor a colour is chosen, not saved
    expect(await meipiUi(page).getByTestId('highlight-toolbar').isVisible()).toBe(true);
    await meipiUi(page).getByTestId('note-input').fill(NOTE);
    await meipiUi(page).getByTestId('tags-input').fill('胡同，北京 #散文');
    // Focus is in the editor, so the page selection is gone: the passage stays marked meanwhile.
    expect(await painted(page, 'pending')).toEqual([Q2]);
    await shot(ext, page, 'highlight-03-note-editor');
    await meipiUi(page).getByTestId('note-input').press('Control+Enter');
    await waitForPainted(page, 'green', [Q2]);
    expect(await painted(page, 'pending')).toEqual([]);

    // Stored under the normalised URL (no utm_*, no fragment).
    const list = await stored(`${ext.origin}/article.html`);
    const withNote = list.find((a) => a.quote === Q2);
    expect(withNote).toMatchObject({ color: 'green', note: NOTE, tags: ['胡同', '北京', '散文'] });

    await clickText(page, '#p1', '三轮车');
    await waitForTestId(page, 'highlight-card', 'visible');
    expect(await meipiUi(page).getByTestId('card-note').textContent()).toBe(NOTE);
    expect(await meipiUi(page).getByTestId('highlight-card').locator('b').count()).toBe(0);
    await shot(ext, page, 'highlight-04-card');
    await page.keyboard.press('Escape');
    await waitForTestId(page, 'highlight-card', 'hidden');

    // Whitespace-only and editable selections get no toolbar.
    await page.evaluate(() => {
      const field = document.createElement('textarea');
      field.id = 'field';
      field.value = '输入框里的文字不应该出现工具栏';
      document.body.append(field);
    });
    await page.locator('#field').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.up('Control');
    await page.waitForTimeout(300);
    expect(await meipiUi(page).getByTestId('highlight-toolbar').isVisible()).toBe(false);
    await page.close();
  });

  it('re-anchors on an edited page and reports a removed passage as an orphan', async () => {
    variants.set('/article.html', 'article-edited.html');
    const page = await ext.openWebPage('/article.html');
    await waitForPainted(page, 'yellow', [Q1]);
    await waitForPainted(page, 'green', [Q2_EDITED]);
    expect((await anchorStatus(`${ext.origin}/article.html`)).orphanIds).toEqual([]);
    await shot(ext, page, 'highlight-05-edited');

    // The popup's "go to passage": scroll to it and flash it with the focus style.
    const q1 = (await stored(`${ext.origin}/article.html`)).find((a) => a.quote === Q1);
    const focused = await tabMessage(`${ext.origin}/article.html`, 'page/focus', { id: q1?.id });
    expect(focused).toEqual({ found: true });
    await waitForPainted(page, 'focus', [Q1]);
    // A copied passage link (#meipi=<id>) flashes it after loading.
    await page.goto(`${ext.origin}/article.html#meipi=${q1?.id}`);
    await waitForPainted(page, 'focus', [Q1]);

    variants.set('/article.html', 'article-removed.html');
    await page.reload();
    await waitForPainted(page, 'green', [Q2_EDITED]);
    expect(await painted(page, 'yellow')).toEqual([]);
    const list = await stored(`${ext.origin}/article.html`);
    const removed = list.find((a) => a.quote === Q1);
    const status = await anchorStatus(`${ext.origin}/article.html`);
    expect(status).toEqual({ source: `${ext.origin}/article.html`, orphanIds: [removed?.id] });
    await page.close();
  });

  it('deletes from the card with an undo toast, and undo restores the same highlight', async () => {
    const page = await ext.openWebPage('/article.html');
    await waitForPainted(page, 'green', [Q2_EDITED]);
    const before = await stored(`${ext.origin}/article.html`);

    await clickText(page, '#p1', '三轮车');
    await meipiUi(page).getByTestId('delete-highlight').click();
    await waitForPainted(page, 'green', []);
    await waitForTestId(page, 'undo-toast', 'visible');
    await shot(ext, page, 'highlight-06-undo');
    expect((await stored(`${ext.origin}/article.html`)).length).toBe(before.length - 1);

    await meipiUi(page).getByTestId('undo-button').click();
    await waitForPainted(page, 'green', [Q2_EDITED]);
    expect(await stored(`${ext.origin}/article.html`)).toEqual(before);
    await page.close();
  });

  it("works on a page whose CSP allows only 'self' scripts and styles", async () => {
    const page = await ext.context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${ext.origin}/csp.html`);
    await waitForBootstrap(page);
    const quote = '读者仍然应该能够在这里高亮文字';
    await selectText(page, '#p2', quote);
    await waitForTestId(page, 'highlight-toolbar', 'visible');
    // Its stylesheet applied despite the CSP: the panel is positioned, not in the flow.
    const position = await meipiUi(page)
      .getByTestId('highlight-toolbar')
      .evaluate((element) => getComputedStyle(element).position);
    expect(position).toBe('absolute');
    await meipiUi(page).getByTestId('color-blue').click();
    await waitForPainted(page, 'blue', [quote]);
    await shot(ext, page, 'highlight-07-csp');
    await page.reload();
    await waitForPainted(page, 'blue', [quote]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('follows a single-page app: late content, re-rendered nodes and pushState navigation', async () => {
    const page = await ext.openWebPage('/spa.html');
    await page.waitForSelector('#app p');
    await page.waitForFunction(() => !document.querySelector('#app .loading'));
    const quote = '撑着油纸伞的姑娘从石桥上走过';
    await selectText(page, '#app p', quote);
    await meipiUi(page).getByTestId('color-pink').click();
    await waitForPainted(page, 'pink', [quote]);

    // The app throws its nodes away and renders new ones: the highlight must follow.
    await page.click('#rerender');
    await waitForPainted(page, 'pink', [quote]);
    expect(
      await page.evaluate(() => [...(CSS.highlights.get('meipi-pink') ?? [])].every((r) => !r.collapsed)),
    ).toBe(true);

    await page.click('#to-b');
    await waitForPainted(page, 'pink', []);
    await page.click('#to-a');
    await waitForPainted(page, 'pink', [quote]);
    await shot(ext, page, 'highlight-08-spa');

    // A reload straight into the app, before its content exists, still ends painted.
    await page.reload();
    await waitForPainted(page, 'pink', [quote]);
    await page.close();
  });

  it('uses a dark toolbar on a dark page', async () => {
    const page = await ext.openWebPage('/dark.html');
    await waitForBootstrap(page);
    await selectText(page, '#p2', '忍不住在页边写下几行小字');
    await waitForTestId(page, 'highlight-toolbar', 'visible');
    expect(await frameTheme(page)).toBe('dark');
    await meipiUi(page).getByTestId('note-button').click();
    await shot(ext, page, 'highlight-09-dark');
    await page.keyboard.press('Escape');
    await waitForTestId(page, 'highlight-toolbar', 'hidden');

    await selectText(page, '#p1', '窗外的城市渐渐安静下来');
    await meipiUi(page).getByTestId('color-pink').click();
    await waitForPainted(page, 'pink', ['窗外的城市渐渐安静下来']);
    // Stronger tints for a dark page: one stylesheet adopted by the document, no element added.
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(1);
    await shot(ext, page, 'highlight-10-dark-painted');
    await page.close();
  });

  it('the context menu’s “highlight with note” opens the editor ready for the keyboard', async () => {
    const page = await ext.openWebPage('/dark.html');
    await waitForBootstrap(page);
    const quote = '台灯下的书页泛着微黄的光';
    await selectText(page, '#p1', quote);
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor();
    // As the background does for the menu item (and Alt+Shift+H with a note).
    await tabMessage(page.url(), 'page/highlight-selection', { color: 'green', withNote: true });
    await meipiUi(page).getByTestId('note-input').waitFor();
    await page.keyboard.type('menu note');
    expect(await meipiUi(page).getByTestId('note-input').inputValue()).toBe('menu note');
    await page.keyboard.press('Control+Enter');
    await waitForPainted(page, 'green', [quote]);
    const saved = (await stored(page.url())).find((a) => a.quote === quote);
    expect({ color: saved?.color, note: saved?.note }).toEqual({ color: 'green', note: 'menu note' });
    await page.close();
  });

  it('the keyboard shortcut saves the current selection, whoever made it, in the last colour', async () => {
    const page = await ext.openWebPage('/dark.html');
    await waitForBootstrap(page);
    const quote = '那是与作者隔着时空的对话';
    // The shortcut and the menu come from the browser (trusted): they act on whatever is selected.
    await page.evaluate((text) => {
      const node = document.querySelector('#p2')?.firstChild as Text;
      const at = node.data.indexOf(text);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }, quote);
    expect(
      await tabMessage(page.url(), 'page/highlight-selection', { color: 'blue', withNote: false }),
    ).toEqual({
      saved: true,
    });
    await waitForPainted(page, 'blue', [quote]);
    await page.close();
  });

  // Last: it reloads the extension, which ends the background the other tests talk to.
  it('goes quiet on a page whose extension was reloaded, leaving its highlights on screen', async () => {
    const page = await ext.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || /invalidated/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(`${ext.origin}/article.html`);
    await waitForPainted(page, 'green', [Q2_EDITED]);

    await ext.worker.evaluate(() => {
      (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload();
    });
    await page.waitForTimeout(2_000); // the bootstrap notices within its 1 s URL poll

    await selectText(page, '#p3', '奶奶坐在藤椅上');
    await page.waitForTimeout(800);
    expect(await meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(0);
    await clickText(page, '#p1', '三轮车');
    await page.waitForTimeout(500);
    expect(await meipiUi(page).getByTestId('highlight-card').count()).toBe(0);
    expect(await painted(page, 'green')).toEqual([Q2_EDITED]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
