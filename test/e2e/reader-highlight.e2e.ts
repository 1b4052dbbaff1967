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
});
