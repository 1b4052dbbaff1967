import { beforeAll, describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { create } from './popup-helpers';

/**
 * Honest counts: with more matches than a page holds, the popup and the library say how many
 * match in all and fetch the next page from the background on request.
 */

const MATCHES = 120;

describe('search totals and further pages (real Chromium, built extension)', () => {
  const ext = useExtension();

  beforeAll(async () => {
    const page = await ext.openPage('/popup.html');
    for (let i = 0; i < MATCHES; i++) {
      await create(page, {
        source: `https://example.com/waste/${i % 12}`,
        title: `社区通讯 ${i % 12}`,
        quote: `垃圾分类进社区，第 ${i} 户已经学会了`,
        selectors: [{ type: 'TextQuoteSelector', exact: `垃圾分类进社区，第 ${i} 户已经学会了` }],
        color: i % 2 ? 'green' : 'yellow',
      });
    }
    await create(page, {
      source: 'https://example.com/other',
      title: '别处',
      quote: '秋天的银杏',
      selectors: [{ type: 'TextQuoteSelector', exact: '秋天的银杏' }],
    });
    await page.close();
  });

  it('popup: the total, the first 50, then more from the background', async () => {
    const page = await ext.openPage('/popup.html');
    const items = page.getByTestId('annotation-item');
    await page.getByTestId('search-input').fill('垃圾分类');
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(`${MATCHES} 条，显示前 50`);
    expect(await items.count()).toBe(50);
    await ext.screenshot(page, 'popup-count-first-50', { viewport: true });
    await page.getByTestId('load-more').click();
    await expect.poll(() => items.count()).toBe(100);
    expect(await page.getByTestId('result-count').textContent()).toBe(`${MATCHES} 条，显示前 100`);
    await page.getByTestId('load-more').click();
    await expect.poll(() => items.count()).toBe(MATCHES);
    expect(await page.getByTestId('result-count').textContent()).toBe(`${MATCHES} 条`);
    expect(await page.getByTestId('load-more').count()).toBe(0);
    const ids = await items.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.id));
    expect(new Set(ids).size).toBe(MATCHES);
    await page.close();
  });

  it('library: the total of matches, not of the page, and the next page on request', async () => {
    const page = await ext.openPage('/library.html');
    await page.getByTestId('library-search').fill('垃圾分类');
    await expect
      .poll(() => page.getByTestId('bulk-scope').textContent())
      .toBe(`显示 ${MATCHES} 条 · 共 ${MATCHES} 条匹配`);
    // narrowed by colour in the search itself: its total is the colour's
    await page.getByTestId('filter-color-green').click();
    await expect
      .poll(() => page.getByTestId('bulk-scope').textContent())
      .toBe(`显示 ${MATCHES / 2} 条 · 共 ${MATCHES / 2} 条匹配`);
    await page.close();
  });
});
