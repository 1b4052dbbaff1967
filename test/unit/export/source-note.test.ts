import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import {
  blockIdFor,
  localDate,
  noteIdFor,
  readerUrlFor,
  TemplateError,
  textFragmentUrl,
  toSourceNotes,
} from '../../../lib/export';
import { safeFileStem } from '../../../lib/export/notes/note-file-name';
import { bundledArticle, hostile, pageNote, webPage } from '../../fixtures/export/annotations';
import { splitFrontMatter } from './commonmark-helpers';

const NOW = new Date(2026, 11, 1, 9, 0);

function at(a: Annotation, patch: Partial<Annotation>): Annotation {
  return { ...a, ...patch };
}

/** Front matter as data, read as YAML reads these lines: JSON-compatible strings, bare dates, a tags list. */
function frontMatterOf(markdown: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let list: string[] | undefined;
  for (const line of splitFrontMatter(markdown).frontMatter) {
    const item = /^ {2}- (".*")$/.exec(line);
    if (item && list) {
      list.push(JSON.parse(item[1] ?? '') as string);
      continue;
    }
    const entry = /^([a-z-]+):(?: (.*))?$/.exec(line);
    if (!entry) throw new Error(`not a front matter line: ${line}`);
    const [, key = '', value] = entry;
    if (value === undefined) {
      list = [];
      out[key] = list;
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) out[key] = value;
    else out[key] = JSON.parse(value) as string;
  }
  return out;
}

const article = at(bundledArticle, {
  source: 'meipi:article/000_28a013f78859e9ef-1kx450u',
  title: '000_28a013f78859e9ef-1kx450u',
});
const describeSource = (source: string) =>
  source === article.source
    ? { title: '秋粮收购进度过半', author: '记者 赵青', site: '人民日报' }
    : undefined;

describe('toSourceNotes', () => {
  it('writes one note per source, oldest source first, with its front matter', () => {
    const notes = toSourceNotes([article, webPage, pageNote], { now: NOW, describeSource });
    expect(notes.map((n) => n.source)).toEqual([webPage.source, article.source]);
    expect(frontMatterOf(notes[0]?.markdown ?? '')).toEqual({
      title: '人民日报：秋收时节',
      source: webPage.source,
      created: localDate(webPage.createdAt),
      updated: localDate(webPage.updatedAt),
      tags: ['阅读', 'machine-learning', 'C', 'y1984'],
      'meipi-id': noteIdFor(webPage.source),
    });
    expect(frontMatterOf(notes[1]?.markdown ?? '')).toMatchObject({
      title: '秋粮收购进度过半',
      author: '记者 赵青',
      site: '人民日报',
    });
  });

  it('gives sources and highlights ids that are the same on every export and device', () => {
    expect(noteIdFor('https://example.com/news/2026/11/28/story.html')).toBe('src-a6dae1add6261b1b');
    expect(blockIdFor('0b7c1f9e-3d2a-4c55-9e1f-6a7b8c9d0e1f')).toBe('mp-c2e85ef649e6');
    const one = toSourceNotes([webPage, pageNote, article], { now: NOW });
    const two = toSourceNotes([article, pageNote, webPage], { now: NOW });
    expect(two).toEqual(one);
    const note = one[0]?.markdown ?? '';
    expect(note).toContain(`\n^${blockIdFor(webPage.id)}\n`);
    expect(note).toContain(`\n^${blockIdFor(pageNote.id)}\n`);
    expect(note).toContain(
      `%% meipi:end ${blockIdFor(webPage.id).slice(3)} ${blockIdFor(pageNote.id).slice(3)} %%`,
    );
  });

  it('lists highlights in page order, page-level notes last, each with colour, date, link and tags', () => {
    const earlier = at(webPage, {
      id: '5a000000-0000-4000-8000-000000000001',
      quote: '十一月的田野',
      selectors: [{ type: 'TextPositionSelector', start: 3, end: 9 }],
      createdAt: webPage.createdAt + 10_000,
    });
    const md = toSourceNotes([pageNote, webPage, earlier], { now: NOW })[0]?.markdown ?? '';
    const order = [earlier, webPage, pageNote].map((a) => md.indexOf(`^${blockIdFor(a.id)}`));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toContain(
      `> [!quote] 🟢 绿 · ${localDate(webPage.createdAt)} · [↗ 原文](${textFragmentUrl(webPage)})\n> 稻谷金黄，农民们忙着收割。\n>\n> **批注** 这一段写得很生动。\n>\n> #阅读 #machine-learning #C #y1984\n`,
    );
    expect(md).toContain(
      `> [!note] 批注 · ${localDate(pageNote.createdAt)} · [↗ 原文](${webPage.source})\n> Whole page: worth re-reading.\\\n> Second line.\n`,
    );
  });

  it('names reader articles by their title and byline, links to the reader and says where that works', () => {
    const base = 'chrome-extension://abc/';
    const [note] = toSourceNotes([article], {
      now: NOW,
      describeSource,
      resolveLink: (a) => readerUrlFor(base, a),
      resolveSourceLink: () => `${base}reader.html?article=000_28a013f78859e9ef-1kx450u`,
    });
    expect(note?.fileName).toBe('秋粮收购进度过半.md');
    const md = note?.markdown ?? '';
    expect(md).toContain(
      '\n# 秋粮收购进度过半\n\n作者：记者 赵青\n\n来源：[眉批阅读器](chrome-extension://abc/reader.html?article=000_28a013f78859e9ef-1kx450u)\n',
    );
    expect(md).toContain('链接只在装有眉批的浏览器中打开');
    expect(md).toContain(`[↗ 原文](${readerUrlFor(base, article)})`);
    expect(md).not.toMatch(/^# 000_/m);
  });

  it('shows the PDF page of a highlight as "p. 12"', () => {
    const pdf = at(webPage, {
      source: 'https://example.com/report.pdf',
      selectors: [
        { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: 'page=12' },
        { type: 'TextQuoteSelector', exact: webPage.quote },
      ],
    });
    const md = toSourceNotes([pdf], { now: NOW })[0]?.markdown ?? '';
    expect(md).toMatch(/^> \[!quote\] 🟢 绿 · \d{4}-\d{2}-\d{2} · p\. 12 · \[↗ 原文\]/m);
  });

  it('writes English labels for the en locale', () => {
    const md = toSourceNotes([webPage, article], { now: NOW, locale: 'en', describeSource })
      .map((n) => n.markdown)
      .join('\n');
    expect(md).toContain('> [!quote] 🟢 green · ');
    expect(md).toContain('> **Note** 这一段写得很生动。');
    expect(md).toContain('By 记者 赵青');
    expect(md).toContain('the links open only in a browser where Meipi is installed');
    expect(md).toContain('## Highlights');
  });

  it('renders the user’s template for the body; front matter stays Meipi’s', () => {
    const template =
      '{{title}} ({{count}}, {{exported}})\n{{#highlights}}\n- {{quote}} — {{date}}\n{{/highlights}}\n{{tags}}\n';
    const md = toSourceNotes([webPage], { now: NOW, template })[0]?.markdown ?? '';
    expect(frontMatterOf(md).title).toBe('人民日报：秋收时节');
    expect(md).toContain('\n人民日报：秋收时节 (1, 2026-12-01)\n');
    expect(md).toContain(`\n- 稻谷金黄，农民们忙着收割。 — ${localDate(webPage.createdAt)}\n`);
    expect(md).toMatch(/%% meipi:end [0-9a-f]+ %%\n\n#阅读 #machine-learning #C #y1984\n$/);
  });

  it('fills every documented variable', () => {
    const template = [
      '{{title}}|{{author}}|{{site}}|{{url}}|{{sourceLink}}|{{created}}|{{updated}}|{{count}}|{{tags}}',
      '{{#highlights}}',
      '{{quote}}|{{note}}|{{tags}}|{{color}}|{{date}}|{{link}}|{{page}}',
      '{{/highlights}}',
    ].join('\n');
    const site = { title: '标题', author: '作者', site: '人民网' };
    const notes = toSourceNotes([webPage], { now: NOW, template, describeSource: () => site });
    const md = notes[0]?.markdown ?? '';
    const day = localDate(webPage.createdAt);
    expect(md).toContain(
      `\n标题|作者|人民网|${webPage.source}|[人民网](${webPage.source})|${day}|${localDate(webPage.updatedAt)}|1|#阅读 #machine-learning #C #y1984\n`,
    );
    expect(md).toContain(
      `\n稻谷金黄，农民们忙着收割。|这一段写得很生动。|#阅读 #machine-learning #C #y1984|🟢 绿|${day}|[↗ 原文](${textFragmentUrl(webPage)})|\n`,
    );
    expect(frontMatterOf(md)['meipi-id']).toBe(notes[0]?.id);
  });

  it('throws a TemplateError for a template it cannot use', () => {
    expect(() => toSourceNotes([webPage], { template: '# {{title}}' })).toThrow(TemplateError);
  });

  it('keeps hostile titles to one heading line and valid YAML', () => {
    const titles = [
      hostile.title,
      'key: value',
      '---',
      '\'single\' "double"',
      '@mention',
      '* star',
      '# hash',
      '😀 emoji 𠀀',
      'line\r\nbreak\u2028sep',
      '\u0000\u007f\u0085',
      '? complex',
      '!tag',
      '&anchor',
      '|',
      '>',
      '',
    ];
    for (const title of titles) {
      const md = toSourceNotes([at(webPage, { title })], { now: NOW })[0]?.markdown ?? '';
      expect(frontMatterOf(md).title, title).toBe(title.trim() || '无标题');
      expect(
        md.split('\n').filter((l) => l.startsWith('# ')),
        title,
      ).toHaveLength(1);
    }
  });
});

describe('note file names', () => {
  it('are safe on every system and in Obsidian links', () => {
    expect(safeFileStem('a/b\\c:d*e?f"g<h>i|j#k^l[m]n', 'x')).toBe('a b c d e f g h i j k l m n');
    expect(safeFileStem('  ..hidden. ', 'x')).toBe('hidden');
    expect(safeFileStem('CON', 'x')).toBe('CON_');
    expect(safeFileStem('nul.txt', 'x')).toBe('nul.txt_');
    expect(safeFileStem('\u0000\n\t', '无标题')).toBe('无标题');
    expect(safeFileStem('第一行\n第二行', 'x')).toBe('第一行 第二行');
    const long = safeFileStem('😀'.repeat(100), 'x');
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long).toBe('😀'.repeat(60));
  });

  it('stay unique ignoring case, and adding a source never renames an earlier one', () => {
    const a = at(webPage, { source: 'https://a.example/', title: 'Notes' });
    const b = at(webPage, { source: 'https://b.example/', title: 'notes', createdAt: webPage.createdAt + 1 });
    const c = at(webPage, { source: 'https://c.example/', title: 'Notes', createdAt: webPage.createdAt + 2 });
    const two = toSourceNotes([b, a]).map((n) => n.fileName);
    const three = toSourceNotes([c, b, a]).map((n) => n.fileName);
    expect(two[0]).toBe('Notes.md');
    expect(two[1]).toMatch(/^notes \([0-9a-f]{6}\)\.md$/);
    expect(three.slice(0, 2)).toEqual(two);
    expect(new Set(three.map((n) => n.toLowerCase())).size).toBe(3);
    expect(toSourceNotes([at(webPage, { title: '' })])[0]?.fileName).toBe('无标题.md');
  });
});
