import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { meipiUi } from './meipi-frame';
import { selectText } from './selection';

const PAGE = `<!doctype html><meta charset="utf-8"><title>更新测试</title>
<article><p id="p1">胡同口的老槐树下，几位老人正在下象棋，旁边围着一圈看热闹的街坊。</p></article>`;

/** The extension is updated while a note is half written: the words must stay on screen, with a reason. */
describe('extension reloaded under an open note editor', () => {
  const ext = useExtension({ pages: { '/news.html': PAGE } });

  it('keeps the half-written note and says it cannot be saved, instead of dropping it', async () => {
    const page = await ext.openWebPage('/news.html');
    await page.waitForTimeout(500); // the bootstrap has loaded this page's (no) annotations
    await selectText(page, '#p1', '几位老人正在下象棋');
    await meipiUi(page).getByTestId('note-button').click();
    await meipiUi(page).getByTestId('note-input').fill('棋局写到一半');

    await ext.worker.evaluate(() => {
      (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload();
    });
    await page.waitForTimeout(2_000); // the old content script notices within its 1 s poll

    await expect
      .poll(() => meipiUi(page).getByTestId('highlight-toolbar').textContent())
      .toMatch(/无法再保存|can no longer save/);
    expect(await meipiUi(page).getByTestId('note-input').inputValue()).toBe('棋局写到一半');
    await meipiUi(page).getByTestId('note-save').click();
    expect(await meipiUi(page).getByTestId('note-input').inputValue()).toBe('棋局写到一半');
    await ext.screenshot(page, 'extension-reloaded-note-kept');
  });
});
