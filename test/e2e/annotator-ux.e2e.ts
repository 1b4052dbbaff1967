import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { ask } from './harness';
import { meipiUi } from './meipi-frame';
import type { ServedFile } from './page-server';
import { selectText } from './selection';

/**
 * The web page's toolbar and card as a reader uses them (real mouse and keyboard): overlapping
 * highlights, the keyboard's way into the toolbar and back, and the note editor's colour.
 */

const FIXTURES = resolve(process.cwd(), 'test/fixtures/highlight');
const pages = async (path: string): Promise<ServedFile | undefined> => {
  const body = await readFile(resolve(FIXTURES, path.slice(1))).catch(() => undefined);
  return body === undefined ? undefined : { body };
};

/** The point in the middle of character `index` of `text` inside `selector`. */
async function pointAt(page: Page, selector: string, text: string, index: number) {
  return page.evaluate(
    ({ selector, text, index }) => {
      const node = document.querySelector(selector)?.firstChild as Text;
      const at = node.data.indexOf(text) + index;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    },
    { selector, text, index },
  );
}

function painted(page: Page, color: string): Promise<string[]> {
  return page.evaluate(
    (name) => [...(CSS.highlights.get(name) ?? [])].map((range) => (range as Range).toString()).sort(),
    `meipi-${color}`,
  );
}

function annotatorFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().endsWith('/annotator-frame.html'));
  if (!frame) throw new Error('no annotator frame');
  return frame;
}

/** The test id of what has focus inside the frame's panels, and whether it shows a focus ring. */
function focusedInFrame(page: Page): Promise<{ testId: string | null; ring: boolean } | null> {
  return annotatorFrame(page).evaluate(() => {
    if (!document.hasFocus()) return null;
    const focused = document.querySelector('div')?.shadowRoot?.activeElement as HTMLElement | null;
    if (!focused) return null;
    return {
      testId: focused.getAttribute('data-testid'),
      ring: focused.matches(':focus-visible') && getComputedStyle(focused).outlineStyle !== 'none',
    };
  });
}

describe('the toolbar and card on web pages, by mouse and keyboard', () => {
  const ext = useExtension({ pages });
  beforeAll(() => ext.context.setDefaultTimeout(15_000));

  async function openPage(): Promise<Page> {
    const page = await ext.openWebPage('/keyboard.html');
    await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'));
    return page;
  }

  it('after a keyboard selection, Tab enters the toolbar, arrows pick a colour, Esc goes back with the selection kept', async () => {
    const page = await openPage();
    // What the page's own script can hear of the keyboard.
    await page.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      window.addEventListener('keydown', (event) => heard.push(event.key), true);
    });
    // Without caret browsing the keyboard can only extend a selection: start one, go on with Shift+→.
    await selectText(page, '#p1', '卖豆');
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor();
    await page.keyboard.press('Shift+ArrowRight');
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor();
    expect(await page.evaluate(() => getSelection()?.toString())).toBe('卖豆浆');

    await page.keyboard.press('Tab');
    await expect.poll(() => focusedInFrame(page)).toEqual({ testId: 'color-yellow', ring: true });
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('after');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedInFrame(page)).toEqual({ testId: 'color-green', ring: true });
    await ext.screenshot(page, 'ux-01-keyboard-in-toolbar', { viewport: true });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedInFrame(page)).toEqual({ testId: 'color-purple', ring: true });

    await page.keyboard.press('Escape');
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(true);
    expect(await page.evaluate(() => getSelection()?.toString())).toBe('卖豆浆');

    // The selection goes on where it was, and the keyboard saves it.
    await page.keyboard.press('Shift+ArrowRight');
    await meipiUi(page).getByTestId('highlight-toolbar').waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedInFrame(page)).toEqual({ testId: 'color-yellow', ring: true });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => painted(page, 'blue')).toEqual(['卖豆浆的']);
    // Keys typed inside the frame never reached the page.
    const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
    expect(heard.filter((key) => !['Shift', 'ArrowRight', 'Tab', 'Escape'].includes(key))).toEqual([]);
    expect(heard.filter((key) => key === 'ArrowLeft' || key === 'Enter')).toEqual([]);
    await page.close();
  });

  it('overlapping highlights: a click opens the innermost, and the card switches to the other', async () => {
    const page = await openPage();
    const outer = '落满了金黄的银杏叶';
    const inner = '金黄的';
    await selectText(page, '#p2', outer);
    await meipiUi(page).getByTestId('color-green').click();
    await expect.poll(() => painted(page, 'green')).toEqual([outer]);
    await selectText(page, '#p2', inner);
    await meipiUi(page).getByTestId('color-pink').click();
    await expect.poll(() => painted(page, 'pink')).toEqual([inner]);
    // Painted at once, saved a round trip later: a click opens its card once it is saved.
    const library = await ext.openPage('/library.html');
    await expect
      .poll(async () =>
        (await ask(library, 'annotations/list', { source: page.url() })).some((a) => a.quote === inner),
      )
      .toBe(true);
    await library.close();

    const insideBoth = await pointAt(page, '#p2', inner, 1);
    await page.mouse.click(insideBoth.x, insideBoth.y);
    const ui = meipiUi(page);
    await expect.poll(() => ui.getByTestId('card-quote').textContent()).toBe(inner);
    expect(await ui.getByTestId('card-next-overlap').textContent()).toBe('1/2 ▸');
    await ui.getByTestId('card-next-overlap').click();
    await expect.poll(() => ui.getByTestId('card-quote').textContent()).toBe(outer);
    expect(await ui.getByTestId('card-next-overlap').textContent()).toBe('2/2 ▸');
    await ext.screenshot(page, 'ux-02-overlap-card', { viewport: true });
    // The card's actions apply to the highlight it shows.
    await ui.getByTestId('card-color-purple').click();
    await expect.poll(() => painted(page, 'purple')).toEqual([outer]);
    expect(await painted(page, 'pink')).toEqual([inner]);

    const outerOnly = await pointAt(page, '#p2', outer, 1);
    await page.mouse.click(outerOnly.x, outerOnly.y);
    await expect.poll(() => ui.getByTestId('card-quote').textContent()).toBe(outer);
    expect(await ui.getByTestId('card-next-overlap').count()).toBe(0);
    await page.close();
  });

  it('the note editor starts on the colour used last', async () => {
    const page = await openPage();
    const ui = meipiUi(page);
    await selectText(page, '#p1', '三轮车');
    await ui.getByTestId('color-blue').click();
    await expect.poll(() => painted(page, 'blue')).toContain('三轮车');

    await selectText(page, '#p1', '车铃声');
    await ui.getByTestId('note-button').click();
    await ui.getByTestId('note-input').waitFor();
    expect(await ui.getByTestId('color-blue').getAttribute('aria-pressed')).toBe('true');
    expect(await ui.getByTestId('color-yellow').getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.type('铃声');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => painted(page, 'blue')).toContain('车铃声');
    await page.close();
  });
});
