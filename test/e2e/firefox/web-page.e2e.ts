import { describe, expect, it } from 'vitest';
import { selectText, totalPainted } from '../selection';
import { eventually, meipiFrame, testId, useFirefox } from './fixture';
import { ask } from './harness';

const ARTICLE = `<!doctype html><meta charset="utf-8"><title>胡同</title>
<article>
  <p id="p1">胡同口的老槐树下，几位老人正在下象棋，旁边围着一圈看热闹的街坊。</p>
  <p id="p2">四合院的门墩上落满了金黄的银杏叶，小贩推着三轮车慢慢走过。</p>
</article>`;

describe('web pages in real Firefox', () => {
  const ff = useFirefox({ pages: { '/hutong': ARTICLE } });

  it('select → the extension frame’s toolbar → a note; painted again after a reload', async () => {
    const page = await ff.openWebPage(`${ff.origin}/hutong`);
    await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'), { timeout: 10_000 });
    await selectText(page, '#p1', '几位老人正在下象棋');
    const frame = await meipiFrame(page);
    await frame.waitForSelector(testId('note-button'), { visible: true });
    await frame.click(testId('note-button'));
    await frame.waitForSelector(testId('note-input'), { visible: true });
    await frame.type(testId('note-input'), '象棋 xiangqi');
    await frame.click(testId('note-save'));
    await eventually(() => totalPainted(page), 1);
    await ff.screenshot(page, 'web-page-note');

    const control = await ff.openPage('/popup.html');
    const source = `${ff.origin}/hutong`;
    await eventually(
      async () => (await ask(control, 'annotations/list', { source })).map((a) => [a.quote, a.note]),
      [['几位老人正在下象棋', '象棋 xiangqi']],
    );
    await control.close();
    await ff.reload(page);
    await eventually(() => totalPainted(page), 1);
    await page.close();
  });
});
