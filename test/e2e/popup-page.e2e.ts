import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { create, popupOver } from './popup-helpers';

/**
 * The popup over a real web page with Meipi's content script: the page's annotations first, the
 * ones that couldn't be placed marked, a page-level note, and opening a passage in that tab.
 *
 * The toolbar popup can't be clicked open under automation, so popup.html opens as a tab whose
 * `tabs.query({active, currentWindow})` answers with the article's tab — exactly what the real
 * popup sees. Everything else (the content script's answer, the background) is real.
 */

const ARTICLE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>城市里的秋天</title></head>
<body><article><h1>城市里的秋天</h1>
<p>北京的秋天来得早，银杏叶在十月底就黄透了。</p>
<p>胡同里的老人说，今年的秋天比往年更长一些。</p>
${'<p>填充段落，让页面足够长，需要滚动才能看到后面的内容。</p>'.repeat(60)}
<p id="last">最后一段写的是黄昏时分的鼓楼。</p>
</article></body></html>`;

describe('popup over a web page (real Chromium, built extension)', () => {
  const ext = useExtension({ pages: { '/autumn.html': ARTICLE } });

  it('lists the page first with orphans marked, adds a page note, and opens a passage in the page', async () => {
    const url = `${ext.origin}/autumn.html`;
    const setup = await ext.openPage('/popup.html');
    const placed = await create(setup, {
      source: url,
      title: '城市里的秋天',
      quote: '最后一段写的是黄昏时分的鼓楼',
      selectors: [{ type: 'TextQuoteSelector', exact: '最后一段写的是黄昏时分的鼓楼' }],
      color: 'blue',
      note: '结尾很安静',
    });
    const lost = await create(setup, {
      source: url,
      title: '城市里的秋天',
      quote: '这一句已经从页面上删掉了',
      selectors: [
        {
          type: 'TextQuoteSelector',
          exact: '这一句已经从页面上删掉了',
          prefix: '不存在',
          suffix: '的上下文',
        },
      ],
      color: 'pink',
    });
    await create(setup, {
      source: 'https://example.com/elsewhere',
      title: '别处',
      quote: '别处的一句话',
      selectors: [],
    });
    await setup.close();

    const article = await ext.openWebPage('/autumn.html');

    const popup = await popupOver(ext, url, { width: 380, height: 560 });

    const pageItems = popup.locator('[data-section="page"] [data-testid="annotation-item"]');
    await expect.poll(() => pageItems.count(), { timeout: 15_000 }).toBe(2);
    await expect
      .poll(() => popup.locator(`[data-id="${lost.id}"] [data-testid="orphan-badge"]`).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    expect(await popup.locator(`[data-id="${placed.id}"] [data-testid="orphan-badge"]`).count()).toBe(0);
    expect(await popup.locator('[data-section="recent"]').textContent()).toContain('别处的一句话');
    await ext.screenshot(popup, 'popup-page-light');

    // A page-level note: no quote, no selectors, this page.
    await popup.getByTestId('add-page-note').click();
    await popup.getByTestId('page-note-input').fill('整篇的节奏很好');
    await popup.getByTestId('page-note-save').click();
    await expect.poll(() => pageItems.count()).toBe(3);
    const stored = await popup.evaluate(
      (source) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<{ value: unknown }> } };
          }
        ).chrome.runtime.sendMessage({ type: 'annotations/list', payload: { source } }),
      url,
    );
    const note = (stored.value as { quote: string; note: string; selectors: unknown[] }[]).find(
      (a) => a.note === '整篇的节奏很好',
    );
    expect(note).toMatchObject({ quote: '', selectors: [] });
    // It is a page note, never one that couldn't be placed: not when just added (the tab hears of
    // it), nor when the popup opens again and asks the page.
    const noteItem = popup.locator('[data-section="page"] [data-testid="annotation-item"]', {
      hasText: '整篇的节奏很好',
    });
    for (const reopen of [false, true]) {
      if (reopen) {
        await popup.reload();
        await expect.poll(() => pageItems.count(), { timeout: 15_000 }).toBe(3);
      }
      await expect
        .poll(() => popup.locator(`[data-id="${lost.id}"] [data-testid="orphan-badge"]`).count(), {
          timeout: 15_000,
        })
        .toBe(1);
      expect(await noteItem.getByTestId('page-note-label').textContent()).toBe('页面笔记');
      expect(await noteItem.getByTestId('orphan-badge').count()).toBe(0);
      expect(await popup.locator('.section__orphans').textContent()).toBe('1 条未能定位');
    }

    // Opening a passage of this page focuses it in the existing tab (no new tab), scrolled into view.
    const pagesBefore = ext.context.pages().length;
    await popup.locator(`[data-id="${placed.id}"]`).click();
    await expect
      .poll(() => article.evaluate(() => document.getElementById('last')?.getBoundingClientRect().top ?? -1))
      .toBeLessThan(800);
    expect(ext.context.pages().length).toBe(pagesBefore);
  });
});
