// @vitest-environment happy-dom
import { beforeEach, expect, describe as group, it, vi } from 'vitest';
import {
  anchor,
  anchorAll,
  anchorSync,
  describe,
  describePosition,
  rangeFromPosition,
  type Selector,
  type TextQuoteSelector,
  textOffsetsOf,
} from '../../../lib/anchoring';
import { occurrenceTable } from '../../../lib/anchoring/anchor';
import { foldWhitespace } from '../../../lib/anchoring/text-index';

/** Build a DOM from element specs (no HTML strings): [tag, ...children] or text. */
type Spec = string | [string, ...Spec[]];
function build(spec: Spec): Node {
  if (typeof spec === 'string') return document.createTextNode(spec);
  const [tag, ...children] = spec;
  const el = document.createElement(tag);
  for (const child of children) el.append(build(child));
  return el;
}

function mount(...children: Spec[]): Element {
  const root = document.createElement('article');
  for (const child of children) root.append(build(child));
  document.body.replaceChildren(root);
  return root;
}

function quoteOf(selectors: Selector[]): TextQuoteSelector {
  return selectors.find((s) => s.type === 'TextQuoteSelector') as TextQuoteSelector;
}

function spanOf(
  root: Element,
  range: Range | null | Promise<Range | null>,
): { start: number; end: number } | null {
  if (range instanceof Promise) throw new Error('anchor is synchronous');
  return range ? textOffsetsOf(root, range) : null;
}

function select(root: Element, quote: string, nth = 0): Selector[] {
  const text = root.textContent ?? '';
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`no ${quote}`);
  return describePosition(root, at, at + quote.length);
}

beforeEach(() => {
  document.body.replaceChildren();
});

group('describe', () => {
  it("saves the reader's quote, ≥ 32 characters of context each side (or to the edge), and textContent positions", () => {
    const root = mount(
      ['p', '今天天气很好,我们去公园散步。'],
      ['p', '公园里有很多人在跳舞,孩子们在草地上奔跑,老人们在树下下棋,一片热闹的景象。'],
    );
    const text = root.textContent ?? '';
    const start = text.indexOf('跳舞');
    const range = rangeFromPosition(root, start, start + 2) as Range;
    const selectors = describe(root, range);
    expect(selectors).toContainEqual({ type: 'TextPositionSelector', start, end: start + 2 });
    const quote = quoteOf(selectors);
    expect(quote.exact).toBe('跳舞');
    // Less than 32 before: runs to the edge; the paragraphs keep a line break between them.
    expect(quote.prefix).toBe('今天天气很好,我们去公园散步。\n公园里有很多人在');
    expect(quote.suffix).toBe(text.slice(start + 2, start + 2 + 32));
  });

  it('grows the context until a repeated passage is told apart', () => {
    const shared = '这是一段会重复出现的文字,它的前后文在很长一段距离内都完全相同,只有更远处才不同。';
    const root = mount(['p', `甲${shared}关键词${shared}`], ['p', `乙${shared}关键词${shared}`]);
    const selectors = select(root, '关键词', 1);
    const quote = quoteOf(selectors);
    expect(quote.prefix?.length).toBeGreaterThan(shared.length);
    // Quote alone (position dropped) still finds the second copy.
    const want = selectors.find((s) => s.type === 'TextPositionSelector') as { start: number; end: number };
    expect(spanOf(root, anchor(root, [quote]))).toEqual({ start: want.start, end: want.end });
  });

  it('quotes text split across inline elements as one line, and a <br> as a line break', () => {
    const root = mount(['p', '第一行', ['br'], '第二', ['b', '行的'], ['i', ['span', '文字']]]);
    const text = root.textContent ?? '';
    const start = text.indexOf('一行第二行的文');
    const selectors = describePosition(root, start, start + 7);
    expect(quoteOf(selectors).exact).toBe('一行\n第二行的文');
    const range = anchorSync(root, selectors) as Range;
    expect(range.toString()).toBe('一行第二行的文');
  });

  it('throws for a range wholly outside root, clips one that spills out', () => {
    const root = mount(['p', '根里的文字']);
    const outside = document.createElement('div');
    outside.textContent = '外面';
    document.body.append(outside);
    const range = document.createRange();
    range.selectNodeContents(outside);
    expect(() => describe(root, range)).toThrow(RangeError);
    range.setStart((root.firstChild as Element).firstChild as Text, 2);
    expect(textOffsetsOf(root, range)).toEqual({ start: 2, end: 5 });
  });
});

group('anchor', () => {
  it('uses the position when it still holds the quote, the quote when it does not', () => {
    const root = mount(['p', '北京是中国的首都。上海是中国最大的城市。']);
    const selectors = select(root, '上海');
    expect(spanOf(root, anchor(root, selectors))).toEqual({ start: 9, end: 11 });
    root.prepend(build(['h1', '新标题']));
    expect(spanOf(root, anchor(root, selectors))).toEqual({ start: 12, end: 14 });
    // A position that now holds different text is ignored.
    const misleading: Selector[] = [quoteOf(selectors), { type: 'TextPositionSelector', start: 0, end: 2 }];
    expect(spanOf(root, anchor(root, misleading))).toEqual({ start: 12, end: 14 });
  });

  it('prefers the moved original over a near-duplicate sitting at the old position', () => {
    const a =
      '据市园林局介绍,本市今年新建公园十二座,其中城东区五座、城西区四座、城北区三座,总面积超过三百公顷,绿地覆盖率因此提高了两个百分点,市民休闲锻炼更加方便,周末游客明显增多。';
    // A templated twin: the same sentence with a handful of words changed on both sides of the quote.
    const b = a
      .replace('园林局', '规划局')
      .replace('公园十二座', '广场十二个')
      .replace('绿地覆盖率', '硬化覆盖率')
      .replace('市民休闲', '居民散步');
    const others = ['另一段无关的报道,讲述了本地交通建设的进展。', '还有一段关于天气的消息,明天多云转晴。'];
    const root = mount(['p', a], ['p', b], ...others.map((o): Spec => ['p', o]));
    const selectors = select(root, '总面积超过三百公顷', 0);
    const moved = mount(['p', b], ...others.map((o): Spec => ['p', o]), ['p', a]);
    const want = (moved.textContent ?? '').lastIndexOf('总面积超过三百公顷');
    expect(spanOf(moved, anchor(moved, selectors))?.start).toBe(want);
  });

  it('ignores whitespace changes (re-indented markup, a space inserted in the quote)', () => {
    const root = mount(['p', '改革开放以来,我国经济社会发展取得了举世瞩目的成就。']);
    const selectors = select(root, '经济社会发展');
    const edited = mount(['p', '改革开放以来,\n      我国经济 社会发展\u3000取得了举世瞩目的成就。']);
    expect((anchor(edited, selectors) as Range).toString()).toBe('经济 社会发展');
  });

  it('re-anchors an edited long quote (fuzzy) and orphans one edited beyond its error budget', () => {
    const before = '在新时代的征程上,全体人民团结奋斗,';
    const after = '为实现中华民族伟大复兴的中国梦而不懈努力。';
    const quote = '我们要坚定信心、迎难而上';
    const root = mount(['p', `${before}${quote}${after}`]);
    const selectors = select(root, quote);
    mount(['p', `${before}我们要坚定信念、迎难而上${after}`]);
    expect((anchor(document.body.firstChild as Element, selectors) as Range).toString()).toBe(
      '我们要坚定信念、迎难而上',
    );
    const far = mount(['p', `${before}他们曾动摇信念、知难而退${after}`]);
    expect(anchor(far, selectors)).toBeNull();
  });

  it('never moves a short quote to a look-alike elsewhere (the "Linus" in "machines" bug)', () => {
    const root = mount(
      ['p', '张三在会上发言,李明补充了几点意见,大家一致同意。'],
      ['p', '会后,李朋和王五一起去了食堂。李明的父亲是一位老教师。'],
    );
    const selectors = select(root, '李明');
    // The sentence is rewritten without 李明; a 李朋 and another 李明 (other context) remain.
    const edited = mount(
      ['p', '张三在会上发言,大家一致同意。'],
      ['p', '会后,李朋和王五一起去了食堂。李明的父亲是一位老教师。'],
    );
    expect(anchor(edited, selectors)).toBeNull();
    // The English original of the bug: a short name must not fuzzy-match inside another word.
    const english = mount(['p', 'The kernel was first released by Linus in 1991 for personal computers.']);
    const linus = select(english, 'Linus');
    const rewritten = mount(['p', 'The kernel was first released in 1991 for personal machines.']);
    expect(anchor(rewritten, linus)).toBeNull();
  });

  it('never anchors into <script> or <style> text, though positions count it', () => {
    const root = mount(
      ['script', '{"headline":"央行宣布降准0.5个百分点"}'],
      ['style', '.x{}'],
      ['p', '今日,央行宣布降准0.5个百分点,释放长期资金约1万亿元。'],
    );
    const text = root.textContent ?? '';
    const selectors = select(root, '央行宣布降准0.5个百分点', 1);
    const position = selectors.find((s) => s.type === 'TextPositionSelector') as { start: number };
    expect(position.start).toBe(text.lastIndexOf('央行宣布降准'));
    expect(spanOf(root, anchor(root, [quoteOf(selectors)]))?.start).toBe(position.start);
    // Quote only in a script: an orphan.
    const scriptOnly = mount(['script', '{"headline":"央行宣布降准0.5个百分点"}'], ['p', '其他新闻。']);
    expect(anchor(scriptOnly, [quoteOf(selectors)])).toBeNull();
  });

  it('counts hidden (display:none) text like any text and skips open shadow roots', () => {
    const root = mount(['p', '可见的文字,'], ['p', '隐藏的段落'], ['p', '后面的文字。']);
    (root.children[1] as HTMLElement).style.display = 'none';
    const host = root.children[2] as Element;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(document.createTextNode('影子里的工具栏'));
    expect(root.textContent).toBe('可见的文字,隐藏的段落后面的文字。');
    const selectors = select(root, '段落后面');
    expect((anchor(root, selectors) as Range).toString()).toBe('段落后面');
    const inShadow = document.createRange();
    inShadow.selectNodeContents(shadow.firstChild as Text);
    expect(() => describe(root, inShadow)).toThrow(RangeError);
    expect(anchor(root, [{ type: 'TextQuoteSelector', exact: '影子里的工具栏' }])).toBeNull();
  });

  it('counts positions in UTF-16 code units, like JS strings', () => {
    const root = mount(['p', '表情😀之后的文字']);
    const selectors = select(root, '之后');
    expect(selectors).toContainEqual({ type: 'TextPositionSelector', start: 4, end: 6 });
    expect((anchor(root, selectors) as Range).toString()).toBe('之后');
  });

  it('handles degenerate selectors', () => {
    const root = mount(['p', '一二三四五']);
    expect(anchor(root, [])).toBeNull();
    expect(anchor(root, [{ type: 'CssSelector', value: 'p' }])).toBeNull();
    expect((anchor(root, [{ type: 'TextPositionSelector', start: 1, end: 3 }]) as Range).toString()).toBe(
      '二三',
    );
    expect(anchor(root, [{ type: 'TextPositionSelector', start: 3, end: 9 }])).toBeNull();
    expect(anchor(root, [{ type: 'TextQuoteSelector', exact: '六七' }])).toBeNull();
    expect(rangeFromPosition(root, 4, 2)).toBeNull();
    // Malformed imports: non-string contexts count as absent, a non-integer position is ignored.
    const malformed = [
      { type: 'TextQuoteSelector', exact: '三四', prefix: null, suffix: 7 },
      { type: 'TextPositionSelector', start: '2', end: 4.5 },
    ] as unknown as Selector[];
    expect((anchor(root, malformed) as Range).toString()).toBe('三四');
    expect((rangeFromPosition(root, 5, 5) as Range).collapsed).toBe(true);
  });
});

group('anchorAll', () => {
  it('matches anchor() one by one, including orphans', () => {
    const paragraphs = Array.from(
      { length: 40 },
      (_, i) => `第${i}段:这里记录了第${i}件事情的经过,内容各不相同,编号${i * 7}。`,
    );
    const root = mount(...paragraphs.map((p): Spec => ['p', p]));
    const lists = [
      select(root, '第3件事情'),
      select(root, '编号70'),
      select(root, '第39段'),
      select(root, '内容各不相同', 5),
    ];
    root.prepend(build(['p', '新增的导语。']));
    (root.children[4] as Element).remove(); // paragraph 3 is gone
    const batch = anchorAll(root, lists);
    expect(batch.map((r) => r?.toString() ?? null)).toEqual([null, '编号70', '第39段', '内容各不相同']);
    batch.forEach((range, i) => {
      expect(spanOf(root, range)).toEqual(spanOf(root, anchor(root, lists[i] as Selector[])));
    });
  });
});

group('anchorAll after an insertion mid-page', () => {
  it('places highlights before and after the insertion alike (the batch shift hint never misleads)', () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, i) =>
        `第${i}段。${'春夏秋冬风花雪月山川河流日月星辰'.slice(i % 8, (i % 8) + 8)}的描写在这里展开,篇幅不一,编号${i}。`,
    );
    const root = mount(...paragraphs.map((p): Spec => ['p', p]));
    const lists = paragraphs.map((_, i) => select(root, `编号${i}。`));
    const middle = root.children[15] as Element;
    middle.before(build(['p', '插入的一段新内容,长度与众不同。']));
    const text = root.textContent ?? '';
    const batch = anchorAll(root, [...lists, ...[...lists].reverse()]);
    batch.forEach((range, k) => {
      const i = k < lists.length ? k : 2 * lists.length - 1 - k;
      expect(spanOf(root, range)?.start).toBe(text.indexOf(`编号${i}。`));
    });
  });
});

group('text map', () => {
  it('folds exactly the characters JS calls whitespace', () => {
    let all = '';
    for (let code = 0; code < 0x10000; code++) all += String.fromCharCode(code);
    const folded = foldWhitespace(all);
    expect(folded.text).toBe(all.replace(/\s/g, ''));
    expect(folded.toRaw[folded.text.indexOf('中')]).toBe(all.indexOf('中'));
    expect(folded.fromRaw[all.indexOf('中')]).toBe(folded.text.indexOf('中'));
  });
});

group('a batch of quotes', () => {
  it('finds every occurrence of each quote in one pass, overlapping ones and repeats too', () => {
    const table = occurrenceTable('第1段标记第10段标记第1段标记aaa', [
      '第1段标记',
      '第10段标记',
      'aa',
      '',
      'aa',
    ]);
    expect([...table]).toEqual([
      ['第1段标记', [0, 11]],
      ['第10段标记', [5]],
      ['aa', [16, 17]],
    ]);
  });

  it('anchors many quotes without searching the whole page once per quote', () => {
    const paragraphs = Array.from(
      { length: 300 },
      (_, i) => ['p', `第${i}段标记：清晨的胡同里，卖豆浆的小贩推着车慢慢走过。`] as Spec,
    );
    const root = mount(...paragraphs);
    const lists: Selector[][] = Array.from({ length: 300 }, (_, i) => [
      { type: 'TextQuoteSelector', exact: `第${i}段标记`, prefix: '', suffix: '：' },
    ]);
    const scans = vi.spyOn(String.prototype, 'indexOf');
    let pageScans = 0;
    try {
      const ranges = anchorAll(root, lists);
      pageScans = scans.mock.contexts.filter((text) => String(text).length > 1000).length;
      expect(ranges.map((range) => range?.toString())).toEqual(lists.map((list) => quoteOf(list).exact));
    } finally {
      scans.mockRestore();
    }
    expect(pageScans).toBe(0);
  });
});
