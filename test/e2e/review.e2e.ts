import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/db/types';
import { useExtension } from './fixture';
import { create } from './popup-helpers';

/** The daily review in the library, by keyboard: rate, reload (progress kept), open the passage. */
describe('daily review (real Chromium, built extension)', () => {
  const ext = useExtension();
  const made: Annotation[] = [];
  const titles = new Map<string, string>();

  beforeAll(async () => {
    // Real passages of three bundled articles: three sources, and the reader can place each one.
    const reader = await ext.openPage('/reader.html');
    const hrefs: string[] = [];
    for (let i = 0; i < 3; i++)
      hrefs.push((await reader.getByTestId('article-link').nth(i).getAttribute('href')) ?? '');
    for (const href of hrefs) {
      const id = new URLSearchParams(href.replace(/^[^?]*/, '')).get('article') ?? '';
      await reader.goto(ext.url(`/reader.html?article=${encodeURIComponent(id)}`));
      const title = (await reader.getByTestId('article-title').textContent()) ?? '';
      const quote = (
        (await reader.getByTestId('article-body').locator('p').first().textContent()) ?? ''
      ).slice(0, 12);
      const annotation = await create(reader, {
        source: `meipi:article/${id}`,
        title,
        quote,
        selectors: [
          { type: 'TextQuoteSelector', exact: quote },
          { type: 'TextPositionSelector', start: 0, end: quote.length },
        ],
        color: 'yellow',
        note: `回顾笔记 ${made.length}`,
      });
      made.push(annotation);
      titles.set(annotation.id, title);
    }
    await reader.close();
  });

  async function openReview(page: Page) {
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(3);
    await page.getByTestId('review-tab').click();
    await page.getByTestId('review-card').waitFor();
  }

  const progress = (page: Page) => page.getByTestId('review-progress').textContent();
  const currentId = (page: Page) => page.getByTestId('review-card').getAttribute('data-annotation-id');

  it('rates by keyboard, keeps the progress over a reload, and O opens the passage in the reader', async () => {
    const page = await ext.openPage('/library.html');
    await openReview(page);
    expect(await progress(page)).toMatch(/0\D+3/);
    const first = await currentId(page);
    await page.keyboard.press('2');
    await expect.poll(() => progress(page)).toMatch(/1\D+3/);
    expect(await currentId(page)).not.toBe(first);
    await page.keyboard.press('1');
    await expect.poll(() => progress(page)).toMatch(/2\D+3/);
    await ext.screenshot(page, 'library-review');

    await page.reload();
    await openReview(page);
    expect(await progress(page)).toMatch(/2\D+3/);
    const last = (await currentId(page)) ?? '';
    expect(made.map((a) => a.id)).toContain(last);

    const opened = ext.context.waitForEvent('page');
    await page.keyboard.press('o');
    const passage = await opened;
    await passage.waitForLoadState();
    const url = new URL(passage.url());
    expect(url.pathname).toBe('/reader.html');
    expect(url.searchParams.get('annotation')).toBe(last);
    await expect.poll(() => passage.getByTestId('article-title').textContent()).toBe(titles.get(last));
    await passage.close();

    await page.keyboard.press('3');
    await expect.poll(() => page.getByTestId('review-empty').count()).toBe(1);
    expect(await progress(page)).toMatch(/3\D+3/);
    await page.close();
  });
});
