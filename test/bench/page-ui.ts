// The reader's first selection on a web page, shared by the page-UI bench and the real-path table.
import type { Page } from 'playwright-core';
import { type LaunchedExtension, launchExtension } from '../e2e/harness';
import type { PageServer } from '../e2e/page-server';
import { selectText } from '../e2e/selection';

const SENTENCES = [
  '清晨的胡同里，卖豆浆的小贩推着车慢慢走过，车铃声在灰墙之间回荡。',
  '图书馆的阅览室安静极了，只听得见翻书的沙沙声和窗外偶尔传来的鸟鸣。',
  '老师傅把刚出炉的烧饼摆在案板上，芝麻的香味一下子飘满了整条街。',
  '雨后的公园里，几位老人撑着伞在湖边散步，谈论着今年的收成和天气。',
];

/** ~200 KB of Chinese paragraphs, each with an id. */
export function bigPage(): string {
  const paragraphs: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 200 * 1024; i++) {
    const text = `${i}. ${SENTENCES.map((s, k) => SENTENCES[(i + k) % SENTENCES.length] ?? s).join('')}`;
    paragraphs.push(`<p id="p${i}">${text}</p>`);
    bytes += Buffer.byteLength(text) + 16;
  }
  return `<!doctype html><meta charset="utf-8"><title>长文</title><article>${paragraphs.join('\n')}</article>`;
}

/**
 * Resolves with ms from the reader's mouseup to the first animation frame in which Meipi's
 * toolbar is visible: the extension frame (this build) or the shadow-root toolbar (older builds).
 */
function watchToolbar(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __toolbarMs: Promise<number> };
    w.__toolbarMs = new Promise<number>((resolve) => {
      let upAt = 0;
      window.addEventListener('mouseup', (event) => (upAt = event.timeStamp), { capture: true, once: true });
      const shown = () => {
        const frame = document.querySelector<HTMLIFrameElement>(':root > iframe[src^="chrome-extension://"]');
        if (frame) return getComputedStyle(frame).visibility === 'visible' && frame.offsetWidth > 0;
        const toolbar = document
          .querySelector('meipi-annotator')
          ?.shadowRoot?.querySelector<HTMLElement>('[data-testid="highlight-toolbar"]');
        return !!toolbar && getComputedStyle(toolbar).visibility === 'visible';
      };
      const tick = (now: number) => {
        if (upAt && shown()) resolve(now - upAt);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  });
}
const toolbarMs = (page: Page) =>
  page.evaluate(() => (window as unknown as { __toolbarMs: Promise<number> }).__toolbarMs);

export interface Timings {
  first: number[];
  paced: number[];
  second: number[];
}

/** A reader's drag: press, move over the words for ~250 ms, release (selectText moves at once). */
async function dragAtReadingPace(page: Page, selector: string, text: string): Promise<void> {
  const box = await page.evaluate(
    ({ selector, text }) => {
      const element = document.querySelector(selector);
      const node = element?.firstChild as Text;
      const at = node.data.indexOf(text);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const first = range.getBoundingClientRect();
      range.setStart(node, at + text.length - 1);
      range.setEnd(node, at + text.length);
      const last = range.getBoundingClientRect();
      return { x1: first.left + 2, x2: last.right - 2, y: first.top + first.height / 2 };
    },
    { selector, text },
  );
  await page.mouse.move(box.x1, box.y);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await page.mouse.move(box.x1 + ((box.x2 - box.x1) * step) / 10, box.y);
    await page.waitForTimeout(25);
  }
  await page.mouse.up();
}

export async function timeSelections(
  extensionDir: string,
  server: PageServer,
  runs: number,
): Promise<Timings> {
  const ext: LaunchedExtension = await launchExtension({ extensionDir });
  const timings: Timings = { first: [], paced: [], second: [] };
  try {
    for (let run = 0; run < runs; run++) {
      const page = await ext.context.newPage();
      await page.goto(`${server.origin}/long.html`);
      await page.waitForTimeout(300); // the bootstrap has listed this page's (no) annotations
      for (const [key, paragraph] of [
        ['first', '#p3'],
        ['second', '#p5'],
      ] as const) {
        await page.mouse.click(5, 5); // collapse any selection, close the toolbar
        await watchToolbar(page);
        await selectText(page, paragraph, SENTENCES[1]?.slice(0, 12) ?? '');
        timings[key].push(await toolbarMs(page));
      }
      await page.close();
      // The first selection again, in a fresh tab, dragged as a person drags.
      const paced = await ext.context.newPage();
      await paced.goto(`${server.origin}/long.html`);
      await paced.waitForTimeout(300);
      await watchToolbar(paced);
      await dragAtReadingPace(paced, '#p3', SENTENCES[1]?.slice(0, 12) ?? '');
      timings.paced.push(await toolbarMs(paced));
      await paced.close();
    }
  } finally {
    await ext.close();
  }
  return timings;
}

/** ms from mouseup to the toolbar for the first selection in a fresh tab, `runs` times. */
export async function timeFirstSelection(
  extensionDir: string,
  server: PageServer,
  runs: number,
): Promise<number[]> {
  return (await timeSelections(extensionDir, server, runs)).first;
}
