import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { ask } from './harness';
import { paintedCounts, selectText, totalPainted } from './selection';

const BODY = '[data-testid="article-body"]';

describe('highlighting in the reader (real Chromium)', () => {
  const ext = useExtension();

  it('select → toolbar → colour paints the passage, and it is still painted after a reload', async () => {
    const page = await ext.openArticle(0);

    await selectText(page, BODY, '国家基本公共服务标准化试点');
    const toolbar = page.getByTestId('highlight-toolbar');
    await toolbar.waitFor();
    await ext.screenshot(page, 'reader-toolbar');
    await page.getByTestId('color-green').click();
    await expect.poll(() => paintedCounts(page)).toMatchObject({ green: 1 });

    await selectText(page, BODY, '人民幸福的“硬指标”');
    await page.getByTestId('note-button').click();
    await page.getByTestId('note-input').fill('幸福的硬指标：\n写进笔记');
    await page.getByTestId('note-save').click();
    await expect.poll(() => totalPainted(page)).toBe(2);
    await ext.screenshot(page, 'reader-highlighted');

    await page.reload();
    await expect.poll(() => totalPainted(page)).toBe(2);

    const source = await page.evaluate(
      () => `meipi:article/${new URLSearchParams(location.search).get('article')}`,
    );
    const stored = await ask(page, 'annotations/list', { source });
    expect(stored.map((a) => a.quote)).toEqual(['国家基本公共服务标准化试点', '人民幸福的“硬指标”']);
    expect(stored[1]?.note).toBe('幸福的硬指标：\n写进笔记');
    await page.close();
  });

  it('the keyboard command and the context menu highlight the selection, as on web pages', async () => {
    const page = await ext.openArticle(1);
    const text = (await page.locator(`${BODY} p`).first().textContent()) ?? '';
    const [first, second] = [text.slice(0, 8), text.slice(12, 20)];
    /** What lib/browser/menus.ts sends the tab for Alt+Shift+H (no frame) and the menu (its frame). */
    const asTheBackground = (payload: object, frameId?: number) =>
      ext.worker.evaluate(
        async ({ url, payload, frameId }) => {
          type Tabs = {
            query(filter: object): Promise<{ id: number }[]>;
            sendMessage(id: number, message: unknown, options?: object): Promise<unknown>;
          };
          const { tabs } = (globalThis as unknown as { chrome: { tabs: Tabs } }).chrome;
          const [tab] = await tabs.query({ url });
          const message = { type: 'page/highlight-selection', payload };
          return tabs.sendMessage(tab?.id ?? -1, message, frameId === undefined ? undefined : { frameId });
        },
        { url: page.url(), payload, frameId },
      );

    await selectText(page, BODY, first);
    await page.getByTestId('highlight-toolbar').waitFor();
    expect(await asTheBackground({ color: 'blue', withNote: false })).toEqual({
      ok: true,
      value: { saved: true },
    });
    await expect.poll(() => paintedCounts(page)).toMatchObject({ blue: 1 });

    await selectText(page, BODY, second);
    await page.getByTestId('highlight-toolbar').waitFor(); // the menu comes after the selection's mouseup
    await asTheBackground({ color: 'pink', withNote: true }, 0);
    // The editor takes the focus as it opens: typing goes in once the caret is there.
    await expect
      .poll(() =>
        page.evaluate(() => {
          let focused = document.activeElement;
          while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
          return focused?.getAttribute('data-testid');
        }),
      )
      .toBe('note-input');
    await page.keyboard.type('菜单');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => paintedCounts(page)).toMatchObject({ blue: 1, pink: 1 });
    const source = await page.evaluate(
      () => `meipi:article/${new URLSearchParams(location.search).get('article')}`,
    );
    // Painted at once, stored a round trip later.
    await expect
      .poll(async () =>
        (await ask(page, 'annotations/list', { source })).map((a) => [a.quote, a.color, a.note]),
      )
      .toEqual([
        [first, 'blue', ''],
        [second, 'pink', '菜单'],
      ]);
    await page.close();
  });

  it('the keyboard reaches the toolbar in the reader too: Tab in, arrows, Esc out with the selection kept, Enter saves', async () => {
    const page = await ext.openArticle(2);
    const text = (await page.locator(`${BODY} p`).first().textContent()) ?? '';
    const quote = text.slice(2, 6);
    const focused = () =>
      page.evaluate(
        () =>
          document.querySelector('meipi-annotator')?.shadowRoot?.activeElement?.getAttribute('data-testid') ??
          null,
      );
    await selectText(page, BODY, quote.slice(0, 3));
    await page.getByTestId('highlight-toolbar').waitFor();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('color-yellow');
    await page.keyboard.press('Escape');
    await page.getByTestId('highlight-toolbar').waitFor({ state: 'hidden' });
    expect(await focused()).toBeNull();
    expect(await page.evaluate(() => getSelection()?.toString())).toBe(quote);

    await page.keyboard.press('Shift+ArrowLeft');
    await page.getByTestId('highlight-toolbar').waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('color-yellow');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe('color-purple');
    await page.keyboard.press('Enter');
    await expect.poll(() => paintedCounts(page)).toMatchObject({ purple: 1 });
    const source = await page.evaluate(
      () => `meipi:article/${new URLSearchParams(location.search).get('article')}`,
    );
    expect((await ask(page, 'annotations/list', { source })).map((a) => a.quote)).toEqual([
      quote.slice(0, 3),
    ]);
    await page.close();
  });
});
