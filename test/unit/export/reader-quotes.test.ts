// @vitest-environment happy-dom
/**
 * Quotes as the annotator saves them from a page (the reader's text: no ruby pinyin, one line per
 * block) in the exports: a multi-line block quote in markdown, the same text in W3C JSON, and a
 * text-fragment link that still forms.
 */
import { expect, describe as group, it } from 'vitest';
import { describe, rangeFromPosition, type TextQuoteSelector } from '../../../lib/anchoring';
import type { Annotation } from '../../../lib/db/types';
import { textDirective, toMarkdown, toWebAnnotation } from '../../../lib/export';
import { webPage } from '../../fixtures/export/annotations';
import { bodyBlocks, children, plainText } from './commonmark-helpers';

/** An annotation as core.ts saves it: the quote is the TextQuoteSelector's exact. */
function savedFrom(html: string, first: string, last: string): Annotation {
  const root = document.createElement('article');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  const text = root.textContent ?? '';
  const start = text.indexOf(first);
  const selectors = describe(root, rangeFromPosition(root, start, text.indexOf(last) + last.length) as Range);
  return { ...webPage, quote: (selectors[0] as TextQuoteSelector).exact, selectors };
}

group('quotes over several blocks, exported', () => {
  const table = savedFrom(
    '<p>第七次人口普查：</p><table><tr><td>北京</td><td>2189万</td></tr><tr><td>上海</td><td>2487万</td></tr></table><p>以上为常住人口。</p>',
    '北京',
    '2487万',
  );

  it('markdown: one block quote, a line per cell', () => {
    const blocks = bodyBlocks(toMarkdown([table], { now: 0 }));
    const quotes = blocks.filter((b) => b.type === 'block_quote');
    expect(quotes).toHaveLength(1);
    expect(plainText(children(quotes[0] as (typeof quotes)[0]))).toBe('北京\n2189万\n上海\n2487万');
  });

  it('W3C JSON: the exact text with its line breaks', () => {
    const json = JSON.stringify(toWebAnnotation(table));
    expect(JSON.parse(json).target.selector[0].exact).toBe('北京\n2189万\n上海\n2487万');
  });

  it('text fragment: a start,end range from the first block to the last', () => {
    const directive = textDirective(table) ?? '';
    expect(directive).toContain(`,${encodeURIComponent('2487万')}`);
    expect(decodeURIComponent(directive)).not.toContain('\n');
  });

  it('ruby: the export reads 学习汉字的时候, without the pinyin', () => {
    const ruby = savedFrom(
      '<p>我们学习<ruby>汉<rt>hàn</rt></ruby><ruby>字<rt>zì</rt></ruby>的时候</p>',
      '学习',
      '时候',
    );
    expect(toMarkdown([ruby], { now: 0 })).toContain('> 学习汉字的时候\n');
    expect(decodeURIComponent(textDirective(ruby) ?? '')).toContain('学习汉字的时候');
  });
});
