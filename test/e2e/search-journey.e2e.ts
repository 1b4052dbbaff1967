import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { selectText, totalPainted } from './selection';

const BODY = '[data-testid="article-body"]';

/**
 * The search issue's walk, end to end with real input: two highlights with notes made with the
 * mouse in the reader, then the popup finds them by a word of a note and by pinyin, and Enter
 * takes the reader back to the passage, which flashes.
 */
describe('highlight in the reader, find it from the popup, jump back', () => {
  const ext = useExtension();

  it('finds a card by a word of its note and by pinyin, and Enter opens the passage', async () => {
    const reader = await ext.openArticle(2); // 天津: waste sorting
    const notes: [string, string][] = [
      ['启动垃圾分类志愿服务系列活动', '社区志愿者的做法值得借鉴'],
      ['进一步健全农村生活垃圾收运处理体系', '农村收运体系是难点'],
    ];
    for (const [passage, note] of notes) {
      await selectText(reader, BODY, passage);
      await reader.getByTestId('note-button').click();
      await reader.getByTestId('note-input').fill(note);
      await reader.getByTestId('note-save').click();
      await expect.poll(() => reader.getByTestId('highlight-toolbar').count()).toBe(0);
    }
    await expect.poll(() => totalPainted(reader)).toBe(2);

    const popup = await ext.openPage('/popup.html');
    const search = popup.getByTestId('search-input');
    const cards = popup.getByTestId('annotation-item');

    await search.fill('借鉴'); // a word from one note only
    await expect.poll(() => cards.first().textContent()).toContain('社区志愿者的做法值得借鉴');
    expect(await cards.count()).toBe(1);

    await search.fill('nongcun'); // 农村, by pinyin
    await expect.poll(() => cards.first().textContent()).toContain('农村收运体系是难点');
    expect(await cards.count()).toBe(1);
    // Pinyin matched, so jieba is ready: the popup must not claim to match by characters.
    expect(await popup.getByTestId('degraded-hint').count()).toBe(0);
    await ext.screenshot(popup, 'search-journey-pinyin');

    await search.press('ArrowDown');
    await search.press('Enter');
    // The article is already open in a tab: that tab is brought forward at the passage.
    const passagePage = reader;
    await passagePage.waitForURL(/reader\.html\?article=.+&annotation=/);
    // The passage is scrolled to and flashes (the focus highlight is painted for a moment).
    await expect
      .poll(() => passagePage.evaluate(() => CSS.highlights.get('meipi-focus')?.size ?? 0), {
        timeout: 10_000,
      })
      .toBe(1);
    await ext.screenshot(passagePage, 'search-journey-opened');
  });
});
