// Passage links for repeated quotes: each must frame its own occurrence with the saved context, in one
// directive (Chromium marks every directive that matches). Landing is checked in Chromium by
// ./text-fragment.chromium.test.ts.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import { textDirective } from '../../../lib/export';
import { annotationAt } from '../../fixtures/export/annotation-at';

/** The `k`-th occurrence of `quote` in `pageText`, with 32 characters of context a side as lib/anchoring saves. */
function onPage(pageText: string, quote: string, k = 0): Annotation {
  let start = -1;
  for (let i = 0; i <= k; i++) start = pageText.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`occurrence ${k} of ${quote} is not on the page`);
  return annotationAt(pageText, start, start + quote.length, 'https://example.com/p');
}

/** The directive from its terms: `prefix-`, the quote's term(s), `-suffix`, each percent-encoded. */
function directive(prefix: string, terms: string[], suffix: string): string {
  const enc = encodeURIComponent;
  const parts = [
    ...(prefix ? [`${enc(prefix)}-`] : []),
    ...terms.map(enc),
    ...(suffix ? [`-${enc(suffix)}`] : []),
  ];
  return `text=${parts.join(',')}`;
}

const linksFor = (pageText: string, quote: string, n: number) =>
  Array.from({ length: n }, (_, k) => textDirective(onPage(pageText, quote, k)));

// Blocks as the saved text has them: run together (textContent) or with a line break between them.
describe.each([
  ['run together', ''],
  ['with line breaks', '\n'],
])('blocks %s', (_name, join) => {
  it('a quote repeated at the start of five blocks gets five links, each with the block before it', () => {
    const blocks = ['甲组的报告。', '乙组的报告。', '丙组的报告。', '丁组的报告。', '戊组的报告。'].flatMap(
      (before) => [before, '北京户籍居民占多数。'],
    );
    const links = linksFor(blocks.join(join), '北京', 5);
    expect(links).toEqual(
      ['甲', '乙', '丙', '丁', '戊'].map((group) =>
        directive(`${group}组的报告。`, ['北京'], '户籍居民占多数。'),
      ),
    );
  });

  it('a one-character quote that is a word part (的 in 的确) is framed on both sides', () => {
    const page = ['我说。', '的确如此。', '你说。', '的确如此。'].join(join);
    expect(linksFor(page, '的', 2)).toEqual([
      directive('我说。', ['的'], '确如此。'),
      directive('你说。', ['的'], '确如此。'),
    ]);
  });

  it('a quote over several blocks: start in the first, end in the last, context in the blocks beside', () => {
    const page = ['第一条：煎饼果子。', '第二条：豆浆油条。', '第三条：包子。', '第四条：馄饨。'].join(join);
    expect(textDirective(onPage(page, ['第二条：豆浆油条。', '第三条：包子。'].join(join)))).toBe(
      directive('第一条：煎饼果子。', ['第二条：豆浆油条。', '第三条：包子。'], '第四条：馄饨。'),
    );
  });

  it('reserved characters in context from the block before are encoded', () => {
    const page = ['It was state-of-the-art.', 'A, B & C-D stays.'].join(join);
    expect(textDirective(onPage(page, 'A, B & C-D'))).toBe(
      'text=state%2Dof%2Dthe%2Dart.-,A%2C%20B%20%26%20C%2DD,-stays.',
    );
  });
});

describe('links to short repeated quotes', () => {
  const page = '北京的秋天很短，转眼就到了冬天。我的书，你的书，他的书都在北京。最后一句话说的是北京';

  it('each occurrence of 的 or 北京 gets its own link, in one directive', () => {
    const links = [...linksFor(page, '的', 5), ...linksFor(page, '北京', 3)];
    expect(new Set(links).size).toBe(links.length);
    for (const link of links) expect(link).not.toContain('&');
    expect(links[2]).toBe(directive('我的书，你', ['的'], '书，他的书都在北京。'));
  });

  it('a quote at the start of the page has no prefix, one at the end no suffix', () => {
    expect(textDirective(onPage(page, '北京', 0))).toBe(directive('', ['北京'], '的秋天很短，'));
    expect(textDirective(onPage(page, '北京', 2))).toBe(directive('最后一句话说的是', ['北京'], ''));
  });

  it('a table cell (blocks with line breaks, no punctuation) takes the cells beside it', () => {
    const table = ['年份', '城市', '2020', '北京', '2021', '北京', '2022', '北京'].join('\n');
    expect(linksFor(table, '北京', 3)).toEqual([
      directive('2020', ['北京'], '2021'),
      directive('2021', ['北京'], '2022'),
      directive('2022', ['北京'], ''),
    ]);
  });
});
