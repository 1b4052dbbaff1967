import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import {
  exportFileName,
  notesFolderName,
  obsidianTag,
  readerUrlFor,
  textDirective,
  textFragmentUrl,
  toMarkdown,
} from '../../../lib/export';
import { yamlString } from '../../../lib/export/markdown-escape';
import { encodeTextDirectiveTerm, splitAtBlockBreaks } from '../../../lib/export/text-fragment';
import {
  bundledArticle,
  hostile,
  pageNote,
  unusualAnnotations,
  webPage,
} from '../../fixtures/export/annotations';
import { bodyBlocks, children, plainText, splitFrontMatter } from './commonmark-helpers';

const NOW = new Date(2026, 10, 28, 9, 30);

function at(a: Annotation, patch: Partial<Annotation>): Annotation {
  return { ...a, ...patch };
}

/** The text of an inline container, markup included as its literal text. */
function inlineText(node: ReturnType<typeof children>[number]): string {
  let out = '';
  const walker = node.walker();
  for (let e = walker.next(); e; e = walker.next()) {
    if (e.entering && e.node.type === 'text') out += e.node.literal ?? '';
  }
  return out;
}

describe('toMarkdown: one source', () => {
  const md = toMarkdown([pageNote, webPage], { now: NOW });
  const { frontMatter } = splitFrontMatter(md);

  it('starts with YAML front matter: title, source, exported date and the tags', () => {
    expect(frontMatter).toEqual([
      'title: "人民日报：秋收时节"',
      'source: "https://example.com/news/2026/11/28/story.html"',
      'exported: "2026-11-28"',
      'tags:',
      '  - "阅读"',
      '  - "machine-learning"',
      '  - "C"',
      '  - "y1984"',
    ]);
  });

  it('has the title, the source link, then each highlight: quote, note, meta line', () => {
    const blocks = bodyBlocks(md);
    expect(blocks.map((b) => b.type)).toEqual([
      'heading',
      'paragraph', // 来源
      'block_quote',
      'paragraph', // note
      'paragraph', // link · colour · tags
      'paragraph', // page-level note (no quote)
      'paragraph', // its link
    ]);
    expect(inlineText(blocks[0] as (typeof blocks)[0])).toBe('人民日报：秋收时节');
    expect(blocks[1]?.lastChild?.type).toBe('link');
    expect(blocks[1]?.lastChild?.destination).toBe(webPage.source);
    expect(plainText(children(blocks[2] as (typeof blocks)[0]))).toBe(webPage.quote);
    expect(plainText([blocks[3] as (typeof blocks)[0]])).toBe(webPage.note);
    const meta = blocks[4] as (typeof blocks)[0];
    expect(meta.firstChild?.destination).toBe(textFragmentUrl(webPage));
    expect(inlineText(meta)).toBe('↗ 原文 · 🟢 绿 · #阅读 #machine-learning #C #y1984');
    expect(plainText([blocks[5] as (typeof blocks)[0]])).toBe(pageNote.note);
    expect(blocks[6]?.firstChild?.destination).toBe(pageNote.source);
  });

  it('gives a PDF highlight its page in the meta line (p. 12)', () => {
    const pdf = at(webPage, {
      source: 'https://example.org/report.pdf',
      selectors: [
        ...webPage.selectors,
        { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: 'page=12' },
      ],
    });
    const md = toMarkdown([pdf], { now: NOW });
    expect(md).toMatch(/^p\. 12 · /m);
    // PDF viewers open a page; they ignore text fragments.
    expect(md).toContain('(https://example.org/report.pdf#page=12)');
    expect(md).not.toContain('report.pdf#:~:text=');
    expect(toMarkdown([webPage], { now: NOW })).not.toMatch(/p\. \d/);
  });

  it('renders a page-level note as a note, never as an empty quote', () => {
    const only = toMarkdown([pageNote], { now: NOW });
    expect(only).not.toMatch(/^>/m);
    expect(only).toContain('Whole page: worth re-reading.\\\nSecond line.');
  });

  it('is deterministic for a given `now`', () => {
    expect(toMarkdown([webPage, pageNote], { now: NOW })).toBe(md);
    expect(toMarkdown([webPage], { now: NOW.getTime() })).toBe(toMarkdown([webPage], { now: NOW }));
  });
});

describe('toMarkdown: several sources', () => {
  const md = toMarkdown(unusualAnnotations, { now: NOW });
  const { frontMatter, body } = splitFrontMatter(md);
  const blocks = bodyBlocks(md);

  it('has one document title and a ## section per source', () => {
    expect(frontMatter[0]).toBe('title: "眉批导出"');
    expect(frontMatter.some((l) => l.startsWith('source:'))).toBe(false);
    const headings = blocks.filter((b) => b.type === 'heading');
    expect(headings.map((h) => h.level)).toEqual([1, 2, 2, 2, 2, 2]);
    expect(headings.map(inlineText)).toEqual([
      '眉批导出',
      'Title with "quotes" --- # and a heading: yes',
      'https://example.org/docs/page?x=1&y=2#section',
      'Odd identity',
      '人民日报：秋收时节',
      '𠀀𪚥 稀有汉字与表情 😀',
    ]);
    expect(body).not.toMatch(/^# Title/m);
  });

  it('uses a custom document title', () => {
    expect(toMarkdown(unusualAnnotations, { now: NOW, title: '我的 "读书" 笔记' })).toContain(
      'title: "我的 \\"读书\\" 笔记"',
    );
  });

  it('keeps the hostile quote and note as literal text inside their blocks', () => {
    const quoteIndex = blocks.findIndex((b) => b.type === 'block_quote');
    const quote = blocks[quoteIndex] as (typeof blocks)[0];
    expect(plainText(children(quote))).toBe(hostile.quote.replace(/\r\n/g, '\n'));
    const noteBlocks = [];
    for (let i = quoteIndex + 1; blocks[i]?.firstChild?.type !== 'link'; i++)
      noteBlocks.push(blocks[i] as (typeof blocks)[0]);
    expect(plainText(noteBlocks)).toBe(hostile.note.replace(/\r\n/g, '\n'));
  });

  it('escapes the Obsidian/Logseq syntax CommonMark does not know (tags, wikilinks, highlights, comments, math, block ids)', () => {
    const quote = 'a #tag [[link]] ==mark== %%c%% $x$ ^id key:: value ~~s~~ | t |';
    const md = toMarkdown([at(webPage, { quote, note: '' })], { now: NOW });
    expect(md).toContain(
      '\n> a \\#tag \\[\\[link\\]\\] \\==mark\\== \\%%c\\%% \\$x\\$ \\^id key\\:: value \\~\\~s\\~\\~ \\| t \\|\n',
    );
  });

  it('does not link sources whose scheme could run code', () => {
    const evil = at(webPage, { source: 'javascript:alert(1)//', title: 'evil' });
    const out = toMarkdown([evil, bundledArticle], { now: NOW });
    expect(out).not.toMatch(/\]\(javascript:/);
    expect(out).toContain('来源：javascript:alert(1)//');
  });
});

describe('toMarkdown options', () => {
  const list = [webPage, pageNote];

  it('can leave out notes (and with them page-level notes), tags, colours and links', () => {
    const md = toMarkdown(list, { now: NOW, includeNotes: false });
    expect(md).not.toContain(webPage.note);
    expect(md).not.toContain('Whole page');
    const bare = toMarkdown([webPage], {
      now: NOW,
      includeTags: false,
      includeColors: false,
      includeLinks: false,
    });
    expect(bare).not.toMatch(/#阅读|tags:|🟢|:~:text=/);
    expect(bare.trimEnd().endsWith(webPage.note)).toBe(true);
  });

  it('orders highlights by position in the page, newest or oldest', () => {
    const first = at(webPage, {
      id: 'a',
      quote: 'FIRST',
      selectors: [{ type: 'TextPositionSelector', start: 1, end: 2 }],
      createdAt: 30,
    });
    const second = at(webPage, {
      id: 'b',
      quote: 'SECOND',
      selectors: [{ type: 'TextPositionSelector', start: 50, end: 60 }],
      createdAt: 10,
    });
    const third = at(webPage, {
      id: 'c',
      quote: 'THIRD',
      selectors: [{ type: 'TextPositionSelector', start: 90, end: 95 }],
      createdAt: 20,
    });
    const order = (md: string) => [...md.matchAll(/^> (\w+)/gm)].map((m) => m[1]);
    expect(order(toMarkdown([third, first, second], { now: NOW }))).toEqual(['FIRST', 'SECOND', 'THIRD']);
    expect(order(toMarkdown([third, first, second], { now: NOW, order: 'newest' }))).toEqual([
      'FIRST',
      'THIRD',
      'SECOND',
    ]);
    expect(order(toMarkdown([third, first, second], { now: NOW, order: 'oldest' }))).toEqual([
      'SECOND',
      'THIRD',
      'FIRST',
    ]);
  });

  it('groups by local day, then by source', () => {
    const day1 = new Date(2026, 10, 27, 23, 59).getTime();
    const day2 = new Date(2026, 10, 28, 0, 1).getTime();
    const a = at(webPage, { id: 'a', createdAt: day1 });
    const b = at(bundledArticle, { id: 'b', createdAt: day2 + 5 });
    const c = at(webPage, { id: 'c', createdAt: day2, quote: 'later' });
    const blocks = bodyBlocks(toMarkdown([a, b, c], { now: NOW, groupBy: 'date' }));
    const headings = blocks.filter((x) => x.type === 'heading').map((h) => `${h.level}:${inlineText(h)}`);
    expect(headings).toEqual([
      '1:眉批导出',
      '2:2026-11-27',
      `3:${webPage.title}`,
      '2:2026-11-28',
      `3:${webPage.title}`,
      `3:${bundledArticle.title}`,
    ]);
    const newest = bodyBlocks(toMarkdown([a, b, c], { now: NOW, groupBy: 'date', order: 'newest' }));
    expect(newest.filter((x) => x.type === 'heading' && x.level === 2).map(inlineText)).toEqual([
      '2026-11-28',
      '2026-11-27',
    ]);
  });

  it('links bundled articles through resolveLink (e.g. readerUrlFor) and not at all without it', () => {
    const withHook = toMarkdown([bundledArticle], {
      now: NOW,
      resolveLink: (a) => readerUrlFor('chrome-extension://abcdef/', a),
    });
    expect(withHook).toContain(
      '[↗ 原文](chrome-extension://abcdef/reader.html?article=renmin-2026-11-28-003&annotation=2d9e3fb1-5f4c-4e77-9031-8c9d0e1f2031)',
    );
    expect(toMarkdown([bundledArticle], { now: NOW })).not.toContain('](');
    expect(readerUrlFor('chrome-extension://x/', webPage)).toBeUndefined();
  });

  it('uses resolveSourceLink for the source line', () => {
    const md = toMarkdown([bundledArticle], {
      now: NOW,
      resolveSourceLink: () => 'chrome-extension://x/reader.html?article=1',
    });
    expect(md).toContain(
      '来源：[眉批阅读器（链接只在装有眉批的浏览器中打开）](chrome-extension://x/reader.html?article=1)',
    );
  });

  it('names a bundled article by its headline and byline, not its internal id', () => {
    const article = at(bundledArticle, { title: 'renmin-2026-11-28-003' });
    const describeSource = (source: string) =>
      source === article.source ? { title: '秋粮收购进度过半', author: '记者 赵青' } : undefined;
    const one = toMarkdown([article], { now: NOW, describeSource });
    expect(splitFrontMatter(one).frontMatter.slice(0, 2)).toEqual([
      'title: "秋粮收购进度过半"',
      'author: "记者 赵青"',
    ]);
    expect(one).toContain(
      '\n# 秋粮收购进度过半\n\n作者：记者 赵青\n\n来源：眉批阅读器（链接只在装有眉批的浏览器中打开）\n',
    );
    const both = toMarkdown([article, webPage], { now: NOW, describeSource });
    expect(both).toContain('\n## 秋粮收购进度过半\n\n作者：记者 赵青\n\n来源：');
    expect(both).not.toContain('renmin-2026-11-28-003\n');
  });
});

describe('text fragments', () => {
  it('percent-encodes the characters the spec reserves', () => {
    expect(encodeTextDirectiveTerm('a-b&c,d e')).toBe('a%2Db%26c%2Cd%20e');
    expect(encodeTextDirectiveTerm("(x)!*'~")).toBe('%28x%29%21%2A%27%7E');
  });

  it('uses prefix-,quote,-suffix from the TextQuoteSelector', () => {
    const a = at(webPage, {
      quote: 'state-of-the-art, & more',
      selectors: [
        {
          type: 'TextQuoteSelector',
          exact: 'state-of-the-art, & more',
          prefix: 'the very ',
          suffix: ' to come',
        },
      ],
    });
    expect(textDirective(a)).toBe('text=the%20very-,state%2Dof%2Dthe%2Dart%2C%20%26%20more,-to%20come');
  });

  it('uses start,end for long or multi-line quotes, cut at word ends', () => {
    const long =
      'The quick brown fox jumps over the lazy dog while the cat watches from the garden wall nearby today';
    const a = at(webPage, { quote: long, selectors: [] });
    expect(textDirective(a)).toBe('text=The%20quick%20brown%20fox,garden%20wall%20nearby%20today');
    const lines = at(webPage, { quote: '第一段的文字。\n\n第二段的文字。', selectors: [] });
    expect(textDirective(lines)).toBe(
      `text=${encodeURIComponent('第一段的文字。')},${encodeURIComponent('第二段的文字。')}`,
    );
  });

  it('finds likely block breaks in textContent-style text', () => {
    expect(
      splitAtBlockBreaks('好了不少。城市垃圾！！真的？Yes.Next para e.g. 3.5 ok. Same block!下一段\n末'),
    ).toEqual([
      '好了不少。',
      '城市垃圾！！',
      '真的？',
      'Yes.',
      'Next para e.g. 3.5 ok. Same block!',
      '下一段\n',
      '末',
    ]);
  });

  it('keeps context inside the quote’s block and cuts terms on punctuation', () => {
    const a = at(webPage, {
      quote: '稻谷金黄',
      selectors: [
        {
          type: 'TextQuoteSelector',
          exact: '稻谷金黄',
          prefix: '上一段。十一月的田野上，',
          suffix: '，农民们忙着收割。下一段',
        },
      ],
    });
    const enc = encodeURIComponent;
    expect(textDirective(a)).toBe(
      `text=${enc('十一月的田野上，')}-,${enc('稻谷金黄')},-${enc('，农民们忙着收割。')}`,
    );
  });

  it('handles huge quotes in linear time and never splits a surrogate pair', () => {
    const huge = '😀'.repeat(500_000);
    const started = performance.now();
    const directive = textDirective(at(webPage, { quote: huge, selectors: [] })) ?? '';
    // Not a budget (benches hold those): a quadratic cut would take minutes; linear takes ms.
    expect(performance.now() - started).toBeLessThan(3_000);
    const terms = directive
      .replace(/^text=/, '')
      .split(',')
      .map(decodeURIComponent);
    expect(terms).toHaveLength(2);
    for (const t of terms) expect(t).toMatch(/^(?:😀)+$/u);
  });

  it('replaces the page fragment and leaves page-level notes without a directive', () => {
    expect(textFragmentUrl(at(webPage, { source: 'https://e.com/p#old', selectors: [] }))).toBe(
      `https://e.com/p#:~:text=${encodeURIComponent(webPage.quote)}`,
    );
    expect(textFragmentUrl(pageNote)).toBe(pageNote.source);
  });
});

describe('tags and YAML', () => {
  it('turns tags into Obsidian tags', () => {
    expect(obsidianTag('machine learning')).toBe('machine-learning');
    expect(obsidianTag('汉字 研究')).toBe('汉字-研究');
    expect(obsidianTag('1984')).toBe('y1984');
    expect(obsidianTag('to_read')).toBe('to_read');
    expect(obsidianTag('_under_')).toBe('under');
    expect(obsidianTag('x,y;z!')).toBe('x-y-z');
    expect(obsidianTag('a/b')).toBe('a/b');
    expect(obsidianTag('🌟')).toBe('🌟');
    expect(obsidianTag('!!!')).toBe('');
  });

  it('never lets a tag become emphasis or a heading', () => {
    const a = at(webPage, { tags: ['_a', 'b_', 'c_-d', '*x*', '# h'] });
    const blocks = bodyBlocks(toMarkdown([a], { now: NOW, includeLinks: false, includeColors: false }));
    const meta = blocks[blocks.length - 1] as (typeof blocks)[0];
    expect(plainText([meta])).toBe('#a #b #c-d #x #h');
  });

  it('quotes YAML values so any title survives (JSON-compatible double quotes)', () => {
    const nasty = 'a "b" \\ c\nd\t\u0000\u007f\u0085\u2028\ufeff: - [x] {y} # z \ud800 😀';
    const quoted = yamlString(nasty);
    expect(JSON.parse(quoted)).toBe(nasty);
    // No character YAML's printable set excludes appears raw (lone surrogates count as one code point).
    const unprintable = [...quoted].filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (
        c < 0x20 ||
        (c >= 0x7f && c <= 0x9f) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0xfeff ||
        (c >= 0xd800 && c <= 0xdfff)
      );
    });
    expect(unprintable).toEqual([]);
    expect(quoted).toContain('\\uD800');
    const fm = splitFrontMatter(toMarkdown([at(webPage, { title: nasty })], { now: NOW })).frontMatter;
    expect(fm[0]).toBe(`title: ${quoted}`);
  });
});

describe('exportFileName', () => {
  it('names files by the local date', () => {
    expect(exportFileName(new Date(2026, 10, 28, 23, 59), 'md')).toBe('眉批-2026-11-28.md');
    expect(exportFileName(new Date(2026, 0, 5, 0, 0), 'json')).toBe('眉批-导出-2026-01-05.json');
    expect(exportFileName(new Date(2026, 0, 5, 0, 0), 'json', 'backup')).toBe('眉批-备份-2026-01-05.json');
    expect(notesFolderName(new Date(2026, 0, 5, 0, 0))).toBe('眉批-笔记-2026-01-05');
  });
});
