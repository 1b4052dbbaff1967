import { describe, expect, it } from 'vitest';
import { pageKindOf } from '@/lib/service/page-context';

const READER = 'chrome-extension://abc/reader.html';

describe('pageKindOf: where the popup can and cannot offer annotation', () => {
  it.each([
    ['about:blank'],
    ['chrome://extensions/'],
    ['chrome-extension://other/page.html'],
    ['https://chromewebstore.google.com/detail/x/abc'],
    ['https://addons.mozilla.org/zh-CN/firefox/addon/meipi/'],
    ['about:addons'],
    ['moz-extension://other/page.html'],
    ['file:///home/me/a.html'],
    [undefined],
  ])('%s cannot be annotated', (url) => {
    expect(pageKindOf(url, 'x', READER)).toEqual({ kind: 'unsupported' });
  });

  it('a web page is keyed by its normalised URL', () => {
    expect(pageKindOf('https://example.com/a?utm_source=x#top', '新闻', READER)).toEqual({
      kind: 'page',
      source: 'https://example.com/a',
      title: '新闻',
      reader: false,
    });
  });

  it('a reader article maps to its stable URI; the reader index is no page', () => {
    expect(pageKindOf(`${READER}?article=abc-1&annotation=u`, '标题', READER)).toEqual({
      kind: 'page',
      source: 'meipi:article/abc-1',
      title: '标题',
      reader: true,
    });
    expect(pageKindOf(READER, '', READER)).toEqual({ kind: 'none' });
  });

  it('a PDF in the browser is offered to the PDF viewer, which shows it as a reader page', () => {
    expect(pageKindOf('https://example.com/report.PDF', 'x', READER)).toEqual({
      kind: 'pdf',
      url: 'https://example.com/report.PDF',
    });
    expect(pageKindOf('file:///home/me/论文.pdf', 'x', READER)).toEqual({
      kind: 'pdf',
      url: 'file:///home/me/论文.pdf',
    });
    const viewer = `chrome-extension://abc/pdf.html?file=${encodeURIComponent('https://example.com/a.pdf?utm_source=x')}`;
    expect(pageKindOf(viewer, '论文', READER)).toEqual({
      kind: 'page',
      source: 'https://example.com/a.pdf',
      title: '论文',
      reader: true,
    });
  });
});
