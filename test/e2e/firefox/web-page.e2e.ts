import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { ARTICLE, OTHER, raceForgedHost } from '../hostile-fixture';
import { selectText, totalPainted } from '../selection';
import { eventually, frameShown, meipiFrame, testId, useFirefox } from './fixture';
import { ask } from './harness';

const TYPED_NOTE = 'secret plan 秘密计划';
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Web pages in real Firefox: the extension frame's toolbar and editor, reload, and the hostile
 * page of hostile-page.e2e.ts (a main-world script that listens, reads, forges and messages),
 * each attack with a control step a real reader takes.
 */
describe('web pages in real Firefox', () => {
  const ff = useFirefox({ pages: { '/article.html': ARTICLE, '/other.html': OTHER } });
  const articleUrl = () => `${ff.origin}/article.html`;
  const list = async (source: string) => {
    const control = await ff.openPage('/popup.html');
    try {
      return await ask(control, 'annotations/list', { source });
    } finally {
      await control.close();
    }
  };
  async function openArticle(): Promise<Page> {
    const page = await ff.openWebPage(articleUrl());
    await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'), { timeout: 10_000 });
    await pause(300); // the bootstrap has listed this page's annotations
    return page;
  }
  const heard = (page: Page) => page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
  const seen = (page: Page) =>
    page.evaluate(() => {
      const w = window as unknown as { __seen: string; __readable(): string };
      return w.__seen + w.__readable();
    });

  it('a note typed in the extension frame reaches no page listener and no DOM the page can read; painted again after a reload', async () => {
    const page = await openArticle();
    await selectText(page, '#p1', '几位老人正在下象棋');
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('note-button'), { visible: true });
    await frame.click(testId('note-button'));
    await frame.waitForSelector(testId('note-input'), { visible: true });
    const before = (await heard(page)).length;
    await frame.type(testId('note-input'), TYPED_NOTE);
    await pause(200); // several polls of the spy
    expect(await frame.$eval(testId('note-input'), (el) => (el as HTMLTextAreaElement).value)).toBe(
      TYPED_NOTE,
    );
    expect((await heard(page)).slice(before)).toEqual([]);
    for (const fragment of ['secret', '秘密']) expect(await seen(page)).not.toContain(fragment);
    expect(
      await page.evaluate(
        () =>
          document.querySelector<HTMLIFrameElement>('iframe[src^="moz-extension://"]')?.contentDocument ??
          null,
      ),
    ).toBeNull();
    await ff.screenshot(page, 'web-page-note');
    await frame.click(testId('note-save'));
    await eventually(
      async () => (await list(articleUrl())).map((a) => [a.quote, a.note]),
      [['几位老人正在下象棋', TYPED_NOTE]],
    );

    await ff.reload(page);
    await eventually(() => totalPainted(page), 1);
    expect(await seen(page)).not.toContain('秘密');
    await page.close();
  });

  it('synthetic clicks on a painted highlight and a script’s own selection open nothing; the reader’s do', async () => {
    const page = await openArticle();
    await eventually(() => totalPainted(page), 1);
    const at = await page.evaluate(() =>
      (window as unknown as { __paintedPoint(): { x: number; y: number } | null }).__paintedPoint(),
    );
    if (!at) throw new Error('nothing painted');
    await page.evaluate(
      ({ x, y }) => (window as unknown as { __forgeAt(x: number, y: number): void }).__forgeAt(x, y),
      at,
    );
    await page.evaluate(() => {
      const text = document.querySelector('#p2')?.firstChild as Text;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 8);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      const r = range.getBoundingClientRect();
      (window as unknown as { __forgeAt(x: number, y: number): void }).__forgeAt(r.right - 2, r.top + 8);
    });
    await pause(400);
    expect(await frameShown(page)).toBe(false);

    // Control: the reader's own click opens the card with the note, which the page cannot read.
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await page.mouse.click(at.x, at.y);
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('highlight-card'), { visible: true });
    expect(await frame.$eval(testId('card-note'), (el) => el.textContent)).toBe(TYPED_NOTE);
    expect(await seen(page)).not.toContain('秘密');
    await page.close();
  });

  it('introductions and panel messages the page forges into Meipi’s frame create, edit and delete nothing', async () => {
    const page = await openArticle();
    const [mine] = await list(articleUrl());
    await page.evaluate(raceForgedHost, mine?.id ?? '');
    await selectText(page, '#p2', '小贩推着三轮车');
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('highlight-toolbar'), { visible: true });
    await page.evaluate(() => {
      const target = document.querySelector<HTMLIFrameElement>('iframe[src^="moz-extension://"]');
      window.postMessage({ meipiFrame: 'ready' }, '*'); // an announcement of the page's own
      if (target?.contentWindow) target.contentWindow.postMessage({ meipiFrame: 'ready' }, '*');
    });
    await pause(800);
    expect(await page.evaluate(() => (window as unknown as { __answers: unknown[] }).__answers)).toEqual([]);
    const after = await list(articleUrl());
    expect(after.map((a) => [a.id, a.note, a.color])).toEqual([[mine?.id, TYPED_NOTE, 'yellow']]);

    // Control: the reader's own click on a colour in Meipi's frame saves.
    await frame.click(testId('color-green'));
    await eventually(async () => (await list(articleUrl())).map((a) => a.color).sort(), ['green', 'yellow']);
    await page.close();
  });
});
