import { beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/db/types';
import { useExtension, withExtension } from './fixture';
import { create, lastDownload, recordDownloadNames } from './popup-helpers';

/** The toolbar popup's size. */
const POPUP_SIZE = { width: 380, height: 560 };

describe('popup (real Chromium, built extension)', () => {
  const ext = useExtension();
  let article: { id: string; title: string; quote: string };
  let articleNote: Annotation;
  let autumn: Annotation;

  beforeAll(async () => {
    // A real passage of a bundled article, so the reader can place the highlight.
    const reader = await ext.openPage('/reader.html');
    const link = reader.getByTestId('article-link').first();
    const href = (await link.getAttribute('href')) ?? '';
    const id = new URLSearchParams(href.replace(/^[^?]*/, '')).get('article') ?? '';
    await link.click();
    const paragraph = (await reader.getByTestId('article-body').locator('p').first().textContent()) ?? '';
    article = {
      id,
      title: (await reader.getByTestId('article-title').textContent()) ?? '',
      quote: paragraph.slice(0, 14),
    };
    await reader.close();

    const page = await ext.openPage('/popup.html');
    articleNote = await create(page, {
      source: `meipi:article/${article.id}`,
      title: article.title,
      quote: article.quote,
      selectors: [
        { type: 'TextQuoteSelector', exact: article.quote },
        { type: 'TextPositionSelector', start: 0, end: article.quote.length },
      ],
      color: 'green',
      note: '这一段写得很扎实，值得再读',
      tags: ['精读'],
    });
    autumn = await create(page, {
      source: 'https://example.com/autumn',
      title: '北平的秋',
      quote: '秋天，无论在什么地方的秋天，总是好的',
      selectors: [{ type: 'TextQuoteSelector', exact: '秋天，无论在什么地方的秋天，总是好的' }],
      color: 'yellow',
      note: '银杏叶落满了胡同',
      tags: ['散文'],
    });
    await create(page, {
      source: 'https://example.com/ai',
      title: '机器与人',
      quote: '人工智能正在改变新闻业',
      selectors: [{ type: 'TextQuoteSelector', exact: '人工智能正在改变新闻业' }],
      color: 'blue',
      note: '记者的工作会怎样变化？',
      tags: ['科技'],
    });
    await page.close();
  });

  it('opens as a page of its own with everything recent, newest first', async () => {
    const page = await ext.context.newPage();
    await page.setViewportSize(POPUP_SIZE);
    const items = page.getByTestId('annotation-item');
    const started = Date.now();
    await page.goto(ext.url('/popup.html'));
    await items.first().waitFor();
    console.log(`| popup | ms |\n|---|---|\n| navigation → first card | ${Date.now() - started} |`);
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.first().textContent()).toContain('人工智能正在改变新闻业');
    await expect.poll(() => page.getByTestId('unsupported-page').count()).toBe(0);
    await ext.screenshot(page, 'popup-recent-light');
    await page.close();
  });

  it('searches as you type: a word from one note lists only that card, with the match marked', async () => {
    const page = await ext.openPage('/popup.html');
    await page.setViewportSize(POPUP_SIZE);
    await expect.poll(() => page.getByTestId('annotation-item').count()).toBe(3);
    await page.getByTestId('search-input').pressSequentially('银杏');
    const items = page.getByTestId('annotation-item');
    await expect.poll(() => items.count()).toBe(1);
    const text = (await items.first().textContent()) ?? '';
    expect(text).toContain(autumn.quote);
    expect(text).toContain(autumn.note);
    await expect.poll(() => items.first().locator('mark').allTextContents()).toContain('银杏');
    await ext.screenshot(page, 'popup-search-light');

    // Esc clears the query and the full list comes back.
    await page.getByTestId('search-input').press('Escape');
    await expect.poll(() => items.count()).toBe(3);
    await page.close();
  });

  it('finds a card by pinyin', async () => {
    const page = await ext.openPage('/popup.html');
    await page.getByTestId('search-input').fill('yinxing');
    const items = page.getByTestId('annotation-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
    expect(await items.first().textContent()).toContain(autumn.note);
    await page.close();
  });

  it('shows a deliberate no-result state', async () => {
    const page = await ext.openPage('/popup.html');
    await page.setViewportSize(POPUP_SIZE);
    await page.getByTestId('search-input').fill('量子纠缠');
    await expect.poll(() => page.getByTestId('no-results').count()).toBe(1);
    await ext.screenshot(page, 'popup-no-results');
    expect(await page.getByTestId('annotation-item').count()).toBe(0);
    await page.close();
  });

  it('filters by colour chip', async () => {
    const page = await ext.openPage('/popup.html');
    await expect.poll(() => page.getByTestId('annotation-item').count()).toBe(3);
    await page.getByTestId('filter-color-blue').click();
    await expect.poll(() => page.getByTestId('annotation-item').count()).toBe(1);
    expect(await page.getByTestId('annotation-item').textContent()).toContain('人工智能');
    await page.close();
  });

  it('keyboard only: ↓ then Enter opens the reader at the passage', async () => {
    const page = await ext.openPage('/popup.html');
    await page.getByTestId('search-input').pressSequentially('扎实');
    await expect.poll(() => page.getByTestId('annotation-item').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.getByTestId('annotation-item').first().getAttribute('aria-selected'))
      .toBe('true');
    const opened = ext.context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const reader = await opened;
    await reader.waitForLoadState();
    const url = new URL(reader.url());
    expect(url.pathname).toBe('/reader.html');
    expect(url.searchParams.get('article')).toBe(article.id);
    expect(url.searchParams.get('annotation')).toBe(articleNote.id);
    await expect.poll(() => reader.getByTestId('article-title').textContent()).toBe(article.title);
    await reader.close();
    await page.close();
  });

  it('exports what is listed as a .md download holding the quotes and notes', async () => {
    const page = await ext.openPage('/popup.html');
    await expect.poll(() => page.getByTestId('annotation-item').count()).toBe(3);
    await recordDownloadNames(page);
    const started = Date.now() - 1000;
    await page.getByTestId('export-markdown').click();
    const { text } = await lastDownload(page, started);
    // 眉批-YYYY-MM-DD.md; Chromium refuses non-ASCII names under a non-UTF-8 system locale, and
    // the extension then falls back to meipi-YYYY-MM-DD.md.
    const names = await page.evaluate(() => (window as unknown as { __names: string[] }).__names);
    expect(names.at(-1)).toMatch(/^(眉批|meipi)-\d{4}-\d{2}-\d{2}\.md$/);
    expect(text).toContain('人工智能正在改变新闻业');
    expect(text).toContain('银杏叶落满了胡同');
    expect(text).toContain(article.quote);
    await page.close();
  });

  it('follows a dark system theme', async () => {
    await withExtension({ colorScheme: 'dark' }, async (dark) => {
      const page = await dark.openPage('/popup.html');
      await page.setViewportSize(POPUP_SIZE);
      await create(page, {
        source: 'https://example.com/night',
        title: '夜读',
        quote: '灯下读书，窗外有雨',
        selectors: [],
        color: 'purple',
        note: '安静的夜晚最适合读散文',
        tags: ['夜读'],
      });
      await page.reload();
      await expect.poll(() => page.getByTestId('annotation-item').count()).toBe(1);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(27, 26, 24)');
      await dark.screenshot(page, 'popup-recent-dark');
    });
  });

  it('speaks English under an English browser', async () => {
    await withExtension({ locale: 'en' }, async (en) => {
      const page = await en.openPage('/popup.html');
      await expect
        .poll(() => page.getByTestId('search-input').getAttribute('placeholder'))
        .toBe('Search quotes, notes, tags, pinyin…');
      await page.setViewportSize(POPUP_SIZE);
      await expect.poll(() => page.getByTestId('empty-all').textContent()).toContain('No annotations yet');
      await en.screenshot(page, 'popup-empty-en');
    });
  });

  it('with the worker stopped, paints its cards from the database before asking it anything', async () => {
    const probe = await ext.openPage('/popup.html');
    const cdp = await ext.context.newCDPSession(probe);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await probe.close();

    const page = await ext.context.newPage();
    await page.setViewportSize(POPUP_SIZE);
    // What the popup had asked the background by the time its first card appeared.
    await page.addInitScript(() => {
      const w = window as unknown as {
        chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
        __asked: string[];
        __askedBeforeCards?: string[];
      };
      w.__asked = [];
      const runtime = w.chrome.runtime;
      const send = runtime.sendMessage.bind(runtime);
      runtime.sendMessage = (message: unknown) => {
        w.__asked.push((message as { type: string }).type);
        return send(message);
      };
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-testid="annotation-item"]')) return;
        w.__askedBeforeCards = [...w.__asked];
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(ext.url('/popup.html'));
    const items = page.getByTestId('annotation-item');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.first().textContent()).toContain('人工智能正在改变新闻业');
    expect(
      await page.evaluate(() => (window as unknown as { __askedBeforeCards: string[] }).__askedBeforeCards),
    ).toEqual([]);

    // The worker still answers the rest: a change elsewhere shows up, and so does a search.
    const other = await ext.openPage('/reader.html');
    const added = await create(other, {
      source: 'https://example.com/winter',
      title: '冬',
      quote: '雪落在中国的土地上',
      selectors: [{ type: 'TextQuoteSelector', exact: '雪落在中国的土地上' }],
      color: 'pink',
    });
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.first().textContent()).toContain('雪落在中国的土地上');
    await page.getByTestId('search-input').fill('银杏');
    await expect.poll(() => items.count()).toBe(1);
    await other.evaluate(
      (id) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage({ type: 'annotations/delete', payload: { id } }),
      added.id,
    );
    await other.close();
    await page.close();
  });
});
