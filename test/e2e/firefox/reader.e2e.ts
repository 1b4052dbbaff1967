import { describe, expect, it } from 'vitest';
import { paintedCounts, selectText, totalPainted } from '../selection';
import { eventually, testId, useFirefox } from './fixture';
import { ask } from './harness';

const BODY = '[data-testid="article-body"]';

describe('the reader in real Firefox', () => {
  const ff = useFirefox();

  it('select → toolbar → colour, a note, and both are painted again after a reload', async () => {
    const page = await ff.openArticle(0);
    await selectText(page, BODY, '国家基本公共服务标准化试点');
    await page.waitForSelector(testId('highlight-toolbar'), { visible: true });
    await page.click(testId('color-green'));
    await eventually(async () => (await paintedCounts(page)).green, 1);

    await selectText(page, BODY, '人民幸福的“硬指标”');
    await page.click(testId('note-button'));
    await page.waitForSelector(testId('note-input'), { visible: true });
    await page.type(testId('note-input'), '幸福的硬指标');
    await page.click(testId('note-save'));
    await eventually(() => totalPainted(page), 2);
    await ff.screenshot(page, 'reader-highlighted');

    const source = await page.evaluate(
      () => `meipi:article/${new URLSearchParams(location.search).get('article')}`,
    );
    await eventually(async () => (await ask(page, 'annotations/list', { source })).length, 2);
    await ff.reload(page);
    await page.waitForSelector(BODY);
    await eventually(() => totalPainted(page), 2);
    const stored = await ask(page, 'annotations/list', { source });
    expect(stored.map((a) => a.quote)).toEqual(['国家基本公共服务标准化试点', '人民幸福的“硬指标”']);
    expect(stored[1]?.note).toBe('幸福的硬指标');
    await page.close();
  });
});
