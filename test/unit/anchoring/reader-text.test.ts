// @vitest-environment happy-dom
/**
 * Quotes and contexts are the reader's text: ruby annotations (rt/rp) are not part of them, and a
 * passage over several blocks keeps a line break between them. Positions still count textContent,
 * and the passage anchors back, also from quotes saved before (textContent, one run).
 */
import { beforeEach, expect, describe as group, it } from 'vitest';
import {
  anchor,
  describe,
  rangeFromPosition,
  type Selector,
  type TextQuoteSelector,
  textOffsetsOf,
} from '../../../lib/anchoring';

function mount(html: string): Element {
  const root = document.createElement('article');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

/** A range from the first character of `first` to the last of `last`, as a mouse selects it. */
function selectText(root: Element, first: string, last: string): Range {
  const text = root.textContent ?? '';
  const start = text.indexOf(first);
  const end = text.indexOf(last, start) + last.length;
  return rangeFromPosition(root, start, end) as Range;
}

function quoteOf(selectors: Selector[]): TextQuoteSelector {
  return selectors.find((s) => s.type === 'TextQuoteSelector') as TextQuoteSelector;
}

function spanOf(root: Element, selectors: Selector[]): { start: number; end: number } | null {
  const range = anchor(root, selectors) as Range | null;
  return range ? textOffsetsOf(root, range) : null;
}

const RUBY = '<p>我们学习<ruby>汉<rt>hàn</rt></ruby><ruby>字<rt>zì</rt></ruby>的时候，要多读多写。</p>';

beforeEach(() => {
  document.body.replaceChildren();
});

group('ruby: the pinyin over the characters is not part of the quote', () => {
  it('quotes and contexts hold the characters only; positions count textContent', () => {
    const root = mount(RUBY);
    const range = selectText(root, '学习', '时候');
    const selectors = describe(root, range);
    const quote = quoteOf(selectors);
    expect(quote.exact).toBe('学习汉字的时候');
    expect(quote.prefix).toBe('我们');
    expect(quote.suffix).toBe('，要多读多写。');
    expect(selectors).toContainEqual({ type: 'TextPositionSelector', ...textOffsetsOf(root, range) });
    expect(spanOf(root, selectors)).toEqual(textOffsetsOf(root, range));
  });

  it('rp fallback parentheses are left out too, and a selection ending on the pinyin ends at its character', () => {
    const root = mount(
      '<p>我们学习<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp>字<rp>(</rp><rt>zì</rt><rp>)</rp></ruby>的时候</p>',
    );
    const text = root.textContent ?? '';
    const range = rangeFromPosition(root, text.indexOf('学'), text.indexOf('zì') + 1) as Range;
    expect(quoteOf(describe(root, range)).exact).toBe('学习汉字');
    expect(quoteOf(describe(root, selectText(root, '汉', '候'))).exact).toBe('汉字的时候');
  });

  it('a quote over ruby anchors by its text alone after the page gains text above it', () => {
    const root = mount(RUBY);
    const range = selectText(root, '汉', '时候');
    const want = root.textContent?.indexOf('汉') ?? -1;
    const saved = describe(root, range);
    expect(quoteOf(saved).exact).toBe('汉字的时候');
    root.prepend(Object.assign(document.createElement('h1'), { textContent: '标题' }));
    const moved = spanOf(root, saved);
    expect(moved?.start).toBe(want + 2);
    const placed = rangeFromPosition(root, moved?.start ?? 0, moved?.end ?? 0) as Range;
    expect(placed.toString()).toBe('汉hàn字zì的时候');
    // The quote alone, no position: as after a reload of a page that changed elsewhere.
    expect(spanOf(root, [quoteOf(saved)])).toEqual(moved);
  });

  it('a quote saved before (textContent, readings inside) still anchors where it was', () => {
    const root = mount(RUBY);
    const text = root.textContent ?? '';
    const start = text.indexOf('学习');
    const end = text.indexOf('时候') + 2;
    const saved: Selector[] = [
      { type: 'TextQuoteSelector', exact: text.slice(start, end), prefix: '我们', suffix: '，要多读多写。' },
      { type: 'TextPositionSelector', start, end },
    ];
    expect(text.slice(start, end)).toBe('学习汉hàn字zì的时候');
    expect(spanOf(root, saved)).toEqual({ start, end });
  });
});

group('block boundaries: one line per paragraph, list item or table cell', () => {
  it('two paragraphs (indented markup between them)', () => {
    const root = mount('<p>煎饼果子第一条：面糊要稀。</p>\n    <p>第二条：鸡蛋要新鲜。</p><p>第三条。</p>');
    const range = selectText(root, '面糊', '新鲜');
    const selectors = describe(root, range);
    const quote = quoteOf(selectors);
    expect(quote.exact).toBe('面糊要稀。\n第二条：鸡蛋要新鲜');
    expect(quote.prefix).toBe('煎饼果子第一条：');
    expect(quote.suffix).toBe('。\n第三条。');
    expect(spanOf(root, selectors)).toEqual(textOffsetsOf(root, range));
  });

  it('list items, with the break at the cut going to the context', () => {
    const root = mount('<ul>\n  <li>煎饼果子</li>\n  <li>第二条</li>\n  <li>豆浆油条</li>\n</ul>');
    const quote = quoteOf(describe(root, selectText(root, '第二条', '第二条')));
    expect(quote.exact).toBe('第二条');
    expect(quote.prefix?.endsWith('煎饼果子\n')).toBe(true);
    expect(quote.suffix?.startsWith('\n豆浆油条')).toBe(true);
    const both = describe(root, selectText(root, '煎饼', '第二条'));
    expect(quoteOf(both).exact).toBe('煎饼果子\n第二条');
  });

  it('table cells and rows', () => {
    const root = mount(
      '<table><tr><th>城市</th><th>人口</th></tr><tr><td>北京</td><td>2189万</td></tr><tr><td>上海</td><td>2487万</td></tr></table>',
    );
    const range = selectText(root, '北京', '2487万');
    const selectors = describe(root, range);
    expect(quoteOf(selectors).exact).toBe('北京\n2189万\n上海\n2487万');
    expect(spanOf(root, [quoteOf(selectors)])).toEqual(textOffsetsOf(root, range));
  });

  it('a block that ends inside its parent, and <pre> keeping its own lines', () => {
    const root = mount(
      '<blockquote><p>引文一句。</p>——鲁迅</blockquote><pre>第一行\n第二行</pre><p>说明</p>',
    );
    expect(quoteOf(describe(root, selectText(root, '引文', '鲁迅'))).exact).toBe('引文一句。\n——鲁迅');
    expect(quoteOf(describe(root, selectText(root, '第一行', '说明'))).exact).toBe('第一行\n第二行\n说明');
  });

  it("markup's own line wrapping inside a paragraph reads as a space, not a line break", () => {
    const root = mount('<p>Reading notes\n   in the margin</p>');
    expect(quoteOf(describe(root, selectText(root, 'notes', 'the'))).exact).toBe('notes    in the');
  });

  it('re-anchors fuzzily after a small edit inside the passage', () => {
    const page = (cell: string) =>
      `<p>今年的统计公报已经发布，下面是两座城市的常住人口。</p><table><tr><td>北京市</td><td>${cell}</td></tr><tr><td>上海市</td><td>2487万人</td></tr></table><p>数据来源：国家统计局，二〇二四年。</p>`;
    const root = mount(page('2189万人'));
    const saved = describe(root, selectText(root, '北京市', '2487万人'));
    expect(quoteOf(saved).exact).toBe('北京市\n2189万人\n上海市\n2487万人');
    mount(page('2189 万常住人口'));
    const root2 = document.body.firstElementChild as Element;
    const range = anchor(root2, saved) as Range;
    expect(range.toString()).toBe('北京市2189 万常住人口上海市2487万人');
  });
});

group('quotes saved before the reader’s text (textContent, blocks run together)', () => {
  it('still anchor, by position and by quote alone, where the new quote of the passage anchors', () => {
    const root = mount(
      '<table><tr><td>北京</td><td>2189万</td></tr><tr><td>上海</td><td>2487万</td></tr></table><p>这是第七次全国人口普查的数据，由国家统计局发布。</p>',
    );
    const text = root.textContent ?? '';
    const start = text.indexOf('北京');
    const end = text.indexOf('2487万') + 5;
    // What the old code saved: slices of textContent.
    const old: Selector[] = [
      {
        type: 'TextQuoteSelector',
        exact: '北京2189万上海2487万',
        prefix: '',
        suffix: text.slice(end, end + 32),
      },
      { type: 'TextPositionSelector', start, end },
    ];
    const now = describe(root, rangeFromPosition(root, start, end) as Range);
    expect(quoteOf(now).exact).toBe('北京\n2189万\n上海\n2487万');
    expect(spanOf(root, now)).toEqual({ start, end });
    expect(spanOf(root, old)).toEqual({ start, end });
    expect(spanOf(root, [old[0] as Selector])).toEqual({ start, end });
    root.prepend(Object.assign(document.createElement('p'), { textContent: '新加的一段导语。' }));
    expect(spanOf(root, old)).toEqual({ start: start + 8, end: end + 8 });
  });
});
