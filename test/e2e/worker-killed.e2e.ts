import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { ask } from './harness';
import { selectText, totalPainted } from './selection';

const BODY = '[data-testid="article-body"]';
const PASSAGES = ['国家基本公共服务', '人民幸福的', '城市发展的', '成都通过试点建设', '优质供给', '良性循环'];

/** Stops every service worker through the DevTools protocol, as Chrome does to an idle or crashed one. */
async function killServiceWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

describe('the background service worker is stopped in the middle of a write', () => {
  const ext = useExtension();

  it('every save either lands once or says it failed, and a retry lands once', async () => {
    const page = await ext.openArticle(0);
    const source = await page.evaluate(
      () => `meipi:article/${new URLSearchParams(location.search).get('article')}`,
    );

    const outcomes: string[] = [];
    for (const [index, passage] of PASSAGES.entries()) {
      await selectText(page, BODY, passage);
      await page.getByTestId('color-yellow').waitFor();
      // Kill the worker at different moments around the write: before, during, just after.
      const button = await page.getByTestId('color-yellow').elementHandle();
      await page.evaluate(
        ([element, delay]) => {
          (element as HTMLElement).click();
          return new Promise((done) => setTimeout(done, delay as number));
        },
        [button, index * 2] as const,
      );
      await killServiceWorker(page);

      const toolbar = page.getByTestId('highlight-toolbar');
      await expect
        .poll(
          async () =>
            (await toolbar.count()) === 0 || /失败|failed/i.test((await toolbar.textContent()) ?? ''),
        )
        .toBe(true);
      const failed = (await toolbar.count()) > 0;
      outcomes.push(failed ? 'failed, retried' : 'saved');
      if (failed) {
        await ext.screenshot(page, 'worker-killed-save-failed');
        await page.getByTestId('color-yellow').click(); // the user retries
        await expect.poll(() => toolbar.count()).toBe(0);
      }
      const stored = await ask(page, 'annotations/list', { source });
      expect(stored.filter((a) => a.quote === passage)).toHaveLength(1);
      expect(stored).toHaveLength(index + 1);
    }
    console.log('save outcomes with the worker killed:', outcomes.join(', '));
    await expect.poll(() => totalPainted(page)).toBe(PASSAGES.length);
    await page.reload();
    await expect.poll(() => totalPainted(page)).toBe(PASSAGES.length);
  });
});
