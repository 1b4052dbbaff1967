import { readFileSync } from 'node:fs';
import { HtmlRenderer, Parser } from 'commonmark';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../lib/db/types';
import { useExtension } from './fixture';
import { create, recordDownloadNames } from './popup-helpers';

interface DownloadsApi {
  downloads: {
    search(query: object): Promise<{ id: number; filename: string; state: string }[]>;
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

/** The ids of the downloads so far: what a later export adds is everything else. */
async function downloadIds(page: Page): Promise<number[]> {
  return page.evaluate(async () => (await chrome.downloads.search({})).map((item) => item.id));
}

/** The downloads not in `before`, once `count` of them have completed, as path and text. */
async function newDownloads(
  page: Page,
  before: number[],
  count: number,
): Promise<{ path: string; text: string }[]> {
  let done: { filename: string }[] = [];
  await expect
    .poll(
      async () => {
        done = await page.evaluate(
          async (known) =>
            (await chrome.downloads.search({})).filter(
              (i) => !known.includes(i.id) && i.state === 'complete',
            ),
          before,
        );
        return done.length;
      },
      { timeout: 15_000 },
    )
    .toBe(count);
  return done.map((item) => ({ path: item.filename, text: readFileSync(item.filename, 'utf8') }));
}

/**
 * A note as Obsidian's reading view shows it, near enough for a screenshot: front matter as
 * properties, `%%…%%` comments and `^id` lines hidden, `> [!quote] title` blocks as callouts.
 */
function readingView(markdown: string): string {
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown) ?? [];
  const html = (text: string) => text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const properties = front
    .split('\n')
    .map((line) => /^([a-z-]+):\s*(.*)$/.exec(line) ?? [line, '', line.replace(/^\s*- /, '')])
    .map(([, key, value]) => `<tr><th>${html(key ?? '')}</th><td>${html(value ?? '')}</td></tr>`)
    .join('');
  const rendered = new HtmlRenderer().render(new Parser().parse(body));
  return `<!doctype html><meta charset="utf-8"><style>
    body { font: 16px/1.6 system-ui, "Noto Sans CJK SC", sans-serif; max-width: 46rem; margin: 2rem auto; color: #222; }
    table { border-collapse: collapse; font-size: 14px; margin-bottom: 1.5rem; color: #555; }
    th { text-align: left; padding-right: 1.5rem; font-weight: 500; } td { padding: 2px 0; }
    blockquote { margin: 1rem 0; padding: 0.6rem 1rem; border-left: 4px solid #8a5cf6; background: #f5f0ff; border-radius: 4px; }
    blockquote > p:first-child { font-weight: 600; color: #6d28d9; margin-top: 0; }
    a { color: #6d28d9; }
  </style><table>${properties}</table>${rendered}<script>
    for (const p of document.querySelectorAll('p'))
      if (/^(%%[^]*%%|\\^mp-[0-9a-f]+)$/.test(p.textContent.trim())) p.remove();
    for (const p of document.querySelectorAll('blockquote > p:first-child')) {
      const [title, ...quote] = p.innerHTML.split('\\n');
      p.innerHTML = title.replace(/^\\[!\\w+\\]\\s*/, '');
      const next = document.createElement('p');
      next.innerHTML = quote.join('<br>');
      p.after(next);
    }
  </script>`;
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
    const before = await downloadIds(page);
    await page.getByTestId('export-notes').click();
    const files = await newDownloads(page, before, 2);
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

  it('exports with the default template again, shown as Obsidian reads it (screenshot)', async () => {
    await page.getByTestId('note-template-reset').click();
    await expect.poll(() => page.getByTestId('note-template-preview').textContent()).toMatch(/> \[!quote\] /);
    await ext.screenshot(page, 'notes-01-template-editor');
    const before = await downloadIds(page);
    await page.getByTestId('export-notes').click();
    const files = await newDownloads(page, before, 2);
    const article = files.find((f) => f.text.includes('记者 赵青'))?.text ?? '';
    expect(article).toContain('\n作者：记者 赵青\n');
    expect(article).toMatch(
      /\n> \[!quote\] 🟢 绿 · \d{4}-\d{2}-\d{2} · \[↗ 原文\]\(chrome-extension:\/\/[^)]+\)\n> 基本公共服务/,
    );
    const view = await ext.context.newPage();
    await view.setContent(readingView(article));
    await ext.screenshot(view, 'notes-02-sample-note-reading-view');
    await view.close();
  });
});
