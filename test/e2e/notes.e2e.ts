import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../lib/db/types';
import { useExtension } from './fixture';
import { create, recordDownloadNames } from './popup-helpers';

interface DownloadsApi {
  downloads: {
    search(query: { orderBy?: string[] }): Promise<{ filename: string; state: string; startTime: string }[]>;
  };
}
// Only used inside page.evaluate, where the extension page's own `chrome` is in scope.
declare const chrome: DownloadsApi;

const WEB: AnnotationInput = {
  source: 'https://example.com/autumn',
  title: '故都的秋',
  quote: '秋天，无论在什么地方的秋天，总是好的',
  selectors: [{ type: 'TextQuoteSelector', exact: '秋天，无论在什么地方的秋天，总是好的' }],
  color: 'yellow',
  note: '开篇就定下了基调',
  tags: ['散文'],
};

/** Every download that started after `since` and has completed, as path and text. */
async function downloadsSince(
  page: Page,
  since: number,
  count: number,
): Promise<{ path: string; text: string }[]> {
  let done: { filename: string }[] = [];
  await expect
    .poll(
      async () => {
        done = await page.evaluate(async (after) => {
          const items = await chrome.downloads.search({ orderBy: ['-startTime'] });
          return items.filter((i) => Date.parse(i.startTime) >= after && i.state === 'complete');
        }, since);
        return done.length;
      },
      { timeout: 15_000 },
    )
    .toBe(count);
  return done.map((item) => ({ path: item.filename, text: readFileSync(item.filename, 'utf8') }));
}

describe('notes per source (library, real Chromium)', () => {
  const ext = useExtension();
  let page: Page;
  let articleTitle = '';

  beforeAll(async () => {
    const reader = await ext.openPage('/reader.html');
    const link = reader.getByTestId('article-link').first();
    articleTitle = (await link.textContent())?.trim() ?? '';
    const article = new URL((await link.getAttribute('href')) ?? '', 'https://x/').searchParams.get(
      'article',
    );
    await reader.close();
    page = await ext.openPage('/library.html');
    await create(page, WEB);
    await create(page, {
      source: `meipi:article/${article}`,
      title: articleTitle,
      quote: '基本公共服务是人民幸福的“硬指标”',
      selectors: [{ type: 'TextQuoteSelector', exact: '基本公共服务是人民幸福的“硬指标”' }],
      color: 'green',
      note: '',
      tags: [],
    });
    await page.getByTestId('library-item').nth(1).waitFor();
  });

  it('edits the template with a live preview; an error is named and cannot be saved', async () => {
    await page.getByTestId('note-template-toggle').click();
    const input = page.getByTestId('note-template-input');
    const preview = page.getByTestId('note-template-preview');
    await expect.poll(() => preview.textContent()).toMatch(/> \[!quote\] /);

    await input.fill('# {{title}}\n{{#highlights}}\n{{qoute}}\n{{/highlights}}\n');
    await expect.poll(() => page.getByTestId('note-template-error').textContent()).toContain('{{qoute}}');
    expect(await page.getByTestId('note-template-save').isDisabled()).toBe(true);

    await input.fill('# 读书笔记：{{title}}\n\n{{#highlights}}\n- {{quote}}（{{date}}）\n{{/highlights}}\n');
    await expect.poll(() => preview.textContent()).toContain('# 读书笔记：');
    expect(await page.getByTestId('note-template-error').count()).toBe(0);
    await page.getByTestId('note-template-save').click();
    await expect.poll(() => page.getByTestId('note-template-status').count()).toBe(1);
  });

  it('exports one note per source with the saved template, reader articles under their headline and byline', async () => {
    await recordDownloadNames(page);
    const started = Date.now() - 1000;
    await page.getByTestId('export-notes').click();
    const files = await downloadsSince(page, started, 2);
    const names = await page.evaluate(() => (window as unknown as { __names: string[] }).__names);
    expect(names.sort()).toEqual(
      [`${articleTitle}.md`, '故都的秋.md'].map((n) =>
        expect.stringMatching(new RegExp(`^眉批-笔记-\\d{4}-\\d{2}-\\d{2}/${n}$`)),
      ),
    );
    const web = files.find((f) => f.text.includes('故都的秋'))?.text ?? '';
    expect(web).toMatch(/^---\ntitle: "故都的秋"\nsource: "https:\/\/example\.com\/autumn"\n/);
    expect(web).toContain('\n# 读书笔记：故都的秋\n');
    expect(web).toMatch(
      /\n- 秋天，无论在什么地方的秋天，总是好的（\d{4}-\d{2}-\d{2}）\n\n\^mp-[0-9a-f]{12}\n/,
    );
    const article = files.find((f) => !f.text.includes('故都的秋'))?.text ?? '';
    expect(article).toContain(
      `title: ${JSON.stringify(articleTitle)}\nauthor: "记者 赵青"\nsource: "chrome-extension://`,
    );
    expect(article).not.toMatch(/^# 读书笔记：000_/m);
  });
});
