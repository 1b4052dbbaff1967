import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { selectText, totalPainted } from '../selection';
import { eventually, testId, useFirefox } from './fixture';
import { launchFirefox } from './harness';

const BODY = '[data-testid="article-body"]';

/** Replaces what the input holds with `text`, typed key by key as a reader does. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector, { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type(selector, text);
}

const cardTexts = (popup: Page) =>
  popup.$$eval('[data-testid="annotation-item"]', (cards) => cards.map((card) => card.textContent ?? ''));

describe('the popup in real Firefox', () => {
  const ff = useFirefox();

  it('finds notes by a word (jieba), by pinyin and by initials, and Enter opens the passage', async () => {
    const reader = await ff.openArticle(2); // 天津: waste sorting
    const notes: [string, string][] = [
      ['启动垃圾分类志愿服务系列活动', '社区志愿者的做法值得借鉴'],
      ['进一步健全农村生活垃圾收运处理体系', '农村收运体系是难点'],
    ];
    for (const [passage, note] of notes) {
      await selectText(reader, BODY, passage);
      await reader.click(testId('note-button'));
      await reader.waitForSelector(testId('note-input'), { visible: true });
      await reader.type(testId('note-input'), note);
      await reader.click(testId('note-save'));
      await reader.waitForSelector(testId('highlight-toolbar'), { hidden: true });
    }
    await eventually(() => totalPainted(reader), 2);

    const popup = await ff.openPage('/popup.html');
    await popup.waitForSelector('[data-testid="annotation-item"]');
    const search = '[data-testid="search-input"]';

    await typeInto(popup, search, '借鉴'); // a word from one note only
    await eventually(
      async () => (await cardTexts(popup)).length === 1 && (await cardTexts(popup))[0]?.includes('值得借鉴'),
      true,
    );
    await typeInto(popup, search, 'nongcun'); // 农村, by pinyin
    await eventually(
      async () => (await cardTexts(popup)).map((t) => t.includes('农村收运体系是难点')),
      [true],
    );
    await typeInto(popup, search, 'zyz'); // 志愿者, by initials
    await eventually(async () => (await cardTexts(popup)).map((t) => t.includes('社区志愿者')), [true]);
    // jieba answered (pinyin matched): the popup makes no "characters only" claim.
    expect(await popup.$('[data-testid="degraded-hint"]')).toBeNull();
    await ff.screenshot(popup, 'popup-search');

    await popup.keyboard.press('ArrowDown');
    await popup.keyboard.press('Enter');
    // The article's tab comes forward at the passage, which flashes.
    await eventually(() => reader.evaluate(() => /[?&]annotation=/.test(location.search)), true);
    await eventually(() => reader.evaluate(() => CSS.highlights.get('meipi-focus')?.size ?? 0), 1);
  });

  it('exports what is listed as a markdown download', async () => {
    const popup = await ff.openPage('/popup.html');
    await popup.waitForSelector('[data-testid="annotation-item"]');
    await popup.click('[data-testid="export-markdown"]');
    await eventually(() => readdirSync(ff.downloads).filter((name) => name.endsWith('.md')).length, 1);
    const [name = ''] = readdirSync(ff.downloads).filter((file) => file.endsWith('.md'));
    expect(name).toMatch(/^(眉批|meipi)-\d{4}-\d{2}-\d{2}\.md$/);
    const text = readFileSync(join(ff.downloads, name), 'utf8');
    expect(text).toContain('社区志愿者的做法值得借鉴');
    expect(text).toContain('农村收运体系是难点');
  });

  it('follows a dark theme and an English browser', async () => {
    const dark = await launchFirefox({ colorScheme: 'dark', locale: 'en-US' });
    try {
      const popup = await dark.openPage('/popup.html');
      await popup.waitForSelector(search());
      const placeholder = await popup.$eval(search(), (input) => (input as HTMLInputElement).placeholder);
      expect(placeholder).toMatch(/[A-Za-z]/);
      expect(placeholder).not.toMatch(/[\u4e00-\u9fff]/);
      const theme = await popup.evaluate(() => ({
        dark: matchMedia('(prefers-color-scheme: dark)').matches,
        background: getComputedStyle(document.body).backgroundColor,
      }));
      expect(theme.dark).toBe(true);
      const [r = 255, g = 255, b = 255] = (theme.background.match(/\d+/g) ?? []).map(Number);
      expect((r + g + b) / 3).toBeLessThan(80);
      await dark.screenshot(popup, 'popup-dark-en');
      expect(dark.errors()).toEqual([]);
    } finally {
      await dark.close();
    }
  });
});

const search = () => '[data-testid="search-input"]';
