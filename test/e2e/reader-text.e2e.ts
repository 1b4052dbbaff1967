import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { meipiUi } from './meipi-frame';
import { listAll } from './popup-helpers';
import { selectAcross } from './selection';

/**
 * Quotes are the reader's text, in real Chromium: a passage over ruby is saved without its pinyin
 * (and found by 汉字), one over paragraphs or table cells keeps a line per block in the library,
 * and both are painted again after a reload.
 */

const PAGE = `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>读写</title>
<style>body { font: 20px/1.8 sans-serif; margin: 40px; } td { padding: 4px 16px; } rt { font-size: 12px; }</style>
</head><body><main>
  <p id="ruby">我们学习<ruby>汉<rt>hàn</rt></ruby><ruby>字<rt>zì</rt></ruby>的时候，要多读多写。</p>
  <p id="first">煎饼果子第一条：面糊要稀，摊得要薄。</p>
  <p id="second">第二条：鸡蛋要新鲜，葱花要多。</p>
  <table id="cities">
    <tr><td>北京</td><td>2189万</td></tr>
    <tr><td>上海</td><td>2487万</td></tr>
  </table>
  <p>以上为第七次人口普查的常住人口。</p>
</main></body></html>`;

describe("the reader's text of a passage", () => {
  const ext = useExtension({ pages: { '/read.html': PAGE } });
  beforeAll(() => {
    ext.context.setDefaultTimeout(15_000);
  });

  /** The painted ranges' text in one colour. */
  async function waitForPainted(page: Page, color: string, count: number): Promise<string[]> {
    await page.waitForFunction(
      ({ name, count }) => (CSS.highlights.get(name)?.size ?? 0) === count,
      { name: `meipi-${color}`, count },
      { timeout: 10_000 },
    );
    return page.evaluate(
      (name) => [...(CSS.highlights.get(name) ?? [])].map((range) => (range as Range).toString()).sort(),
      `meipi-${color}`,
    );
  }

  async function highlight(page: Page, root: string, from: string, to: string, color: string) {
    await selectAcross(page, root, from, to);
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor({ state: 'visible' });
    await meipiUi(page).getByTestId(`color-${color}`).click();
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor({ state: 'hidden' });
  }

  it('ruby, paragraphs and table cells: saved, shown and searched as read, painted again after a reload', async () => {
    const page = await ext.openWebPage('/read.html');
    await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'));
    await highlight(page, '#ruby', '学习', '时候', 'yellow');
    await highlight(page, 'main', '面糊', '新鲜', 'green');
    await highlight(page, '#cities', '北京', '2487万', 'blue');
    // Ranges hold the page's own text: the pinyin is under the highlight, markup whitespace too.
    const painted = {
      yellow: ['学习汉hàn字zì的时候'],
      green: ['面糊要稀，摊得要薄。\n  第二条：鸡蛋要新鲜'],
      blue: ['北京2189万\n    上海2487万'],
    };
    for (const [color, texts] of Object.entries(painted))
      expect(await waitForPainted(page, color, 1)).toEqual(texts);

    const library = await ext.openPage('/library.html');
    const quotes = Object.fromEntries((await listAll(library)).map((a) => [a.color, a.quote]));
    expect(quotes).toEqual({
      yellow: '学习汉字的时候',
      green: '面糊要稀，摊得要薄。\n第二条：鸡蛋要新鲜',
      blue: '北京\n2189万\n上海\n2487万',
    });
    // The library shows a line per block: innerText, unlike textContent, follows the rendering.
    const table = library.getByTestId('library-item').filter({ hasText: '2189万' });
    await library.getByTestId('library-group').first().scrollIntoViewIfNeeded();
    await ext.screenshot(library, 'reader-text-library', { viewport: true });
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines are what is tested
    expect(await table.locator('.card__quote').innerText()).toBe('北京\n2189万\n上海\n2487万');
    await library.getByTestId('library-search').fill('汉字');
    await expect.poll(() => library.getByTestId('library-item').count()).toBe(1);
    expect(await library.getByTestId('library-item').locator('.card__quote').textContent()).toBe(
      '学习汉字的时候',
    );
    await library.close();

    await page.bringToFront();
    await page.reload();
    for (const [color, texts] of Object.entries(painted))
      expect(await waitForPainted(page, color, 1)).toEqual(texts);
    await page.close();
  });
});
