import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { ask } from './harness';
import { meipiUi } from './meipi-frame';
import { selectText } from './selection';

const LINE = '今年以来，云南省曲靖市麒麟区在开展党史学习教育中，整合多方资源，丰富学习载体。';
const HUGE = `<!doctype html><meta charset="utf-8"><title>很长的页面</title><article>${`<p>${LINE.repeat(40)}</p>`.repeat(220)}</article>`;
const FORMS = `<!doctype html><meta charset="utf-8"><title>表单</title>
<p id="text">正文里可以高亮的一句话。</p>
<textarea id="area">文本框里的文字不应弹出工具栏</textarea>
<div id="editable" contenteditable="true">可编辑区域里的文字也不应弹出</div>
<p id="blank">前　　　　　　　　　　后</p>`;

describe('selections Meipi must refuse, clearly', () => {
  const ext = useExtension({ pages: { '/huge.html': HUGE, '/forms.html': FORMS } });

  it('a 1 MB selection (350,000 characters) gets a clear "too long" message and nothing is written', async () => {
    const page = await ext.openWebPage('/huge.html');
    await page.waitForTimeout(500);
    // A drag over the whole article: set the selection, then the reader's mouseup that ends a drag
    // (a real one: Meipi ignores events the page's script dispatches).
    const selected = await page.evaluate(() => {
      const paragraphs = document.querySelectorAll('article p');
      const range = document.createRange();
      range.setStart(paragraphs[0]?.firstChild as Text, 0);
      const last = paragraphs[paragraphs.length - 1]?.firstChild as Text;
      range.setEnd(last, last.length);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
      return range.toString().length;
    });
    await page.mouse.move(300, 300);
    await page.mouse.up();
    expect(selected).toBeGreaterThan(340_000);
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor({ timeout: 10_000 });
    // force: measuring a 600k-character range every frame keeps Playwright's "stable" check waiting.
    await meipiUi(page).getByTestId('color-yellow').click({ force: true });
    await expect
      .poll(() => meipiUi(page).getByTestId('highlight-toolbar').textContent())
      .toMatch(/太长|too long/);
    const reader = await ext.openPage('/popup.html');
    expect(await ask(reader, 'annotations/recent', { limit: 10 })).toEqual([]);
  });

  it('no toolbar inside a textarea, a contenteditable, or for blank space', async () => {
    const page = await ext.openWebPage('/forms.html');
    await page.waitForTimeout(500);
    await page.locator('#area').selectText();
    await page.waitForTimeout(400);
    expect(await meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(0);
    await selectText(page, '#editable', '可编辑区域');
    await page.waitForTimeout(400);
    expect(await meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(0);
    await selectText(page, '#blank', '　　　　');
    await page.waitForTimeout(400);
    expect(await meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(0);
    await selectText(page, '#text', '可以高亮');
    await expect.poll(() => meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(1); // the control case
  });
});
