// The passage links must land on the passage in a real browser: Chromium's text-fragment matcher
// only accepts terms on ICU word boundaries, which for Chinese come from a dictionary.
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import { textFragmentUrl } from '../../../lib/export';
import { findChrome } from '../../e2e/chrome-path';

const ORIGIN = 'http://fragments.meipi.test';
const filler = (n: number, label: string) =>
  Array.from({ length: n }, (_, i) => `${label}第${i}段：这是填充文字，用来把页面撑长。Filler line ${i}.`);
const TARGET = [
  '十一月的田野上，稻谷金黄，农民们忙着收割。合作社的收割机来回穿梭，村支书说今年的收成比去年好了不少，大家脸上都带着笑容。',
  '城市垃圾分类工作取得了新的进展，志愿者们走进社区宣传。',
  'The committee approved the state-of-the-art plan, after a long debate about costs & benefits.',
  '同一句话出现两次。',
  '小标题：一个没有句号的段落结尾',
  '在这个秋天里，来自全国各地的游客们纷纷来到这座古老的城市，参观博物馆、品尝地方美食、欣赏传统戏曲表演，并且在街头巷尾感受浓厚的文化氛围和热情好客的当地居民带来的温暖与善意，这些都让人久久难以忘怀并且想要再次来到这里看一看走一走。',
];
const PARAGRAPHS = [
  ...filler(120, '甲'),
  ...TARGET.slice(0, 3),
  TARGET[4] ?? '',
  TARGET[5] ?? '',
  ...filler(120, '乙'),
  TARGET[3] ?? '',
  ...filler(120, '丙'),
  TARGET[3] ?? '',
  ...filler(40, '丁'),
];
/** What `root.textContent` is for the page body: paragraph texts back to back. */
const PAGE_TEXT = PARAGRAPHS.join('');

function paragraphIndex(offset: number): number {
  let at = 0;
  for (const [i, p] of PARAGRAPHS.entries()) {
    if (offset < at + p.length) return i;
    at += p.length;
  }
  return PARAGRAPHS.length - 1;
}

/** An annotation as lib/anchoring describes it: the quote and 32 characters of context each side. */
function annotationAt(start: number, end: number): Annotation {
  const quote = PAGE_TEXT.slice(start, end);
  return {
    id: '00000000-0000-4000-8000-000000000000',
    source: `${ORIGIN}/article`,
    title: 't',
    quote,
    selectors: [
      {
        type: 'TextQuoteSelector',
        exact: quote,
        prefix: PAGE_TEXT.slice(Math.max(0, start - 32), start),
        suffix: PAGE_TEXT.slice(end, end + 32),
      },
      { type: 'TextPositionSelector', start, end },
    ],
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: 0,
    updatedAt: 0,
  };
}

function find(text: string, occurrence = 0): [number, number] {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = PAGE_TEXT.indexOf(text, at + 1);
  if (at < 0) throw new Error(`not on the page: ${text}`);
  return [at, at + text.length];
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChrome(), headless: true });
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  const body = PARAGRAPHS.map((p, i) => `<p id="p${i}">${p.replace(/&/g, '&amp;')}</p>`).join('');
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><body>${body}</body>`,
    }),
  );
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the link; returns the paragraph index nearest the top of the viewport after the scroll. */
async function landsOn(url: string): Promise<number | undefined> {
  await page.goto('about:blank');
  await page.goto(url);
  const scrolled = await page
    .waitForFunction(() => window.scrollY > 0, undefined, { timeout: 3000 })
    .then(() => true)
    .catch(() => false);
  if (!scrolled) return undefined;
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const mid = window.innerHeight / 2;
    let best: number | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    document.querySelectorAll('p').forEach((p, i) => {
      const r = p.getBoundingClientRect();
      const d = Math.abs((r.top + r.bottom) / 2 - mid);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    return best;
  });
}

describe('text-fragment links in Chromium', () => {
  const cases: [string, [number, number]][] = [
    ['a whole short Chinese sentence', find('稻谷金黄，农民们忙着收割。')],
    ['a quote that starts and ends inside words (谷…收)', find('谷金黄，农民们忙着收')],
    ['a long Chinese quote (start,end form)', find(TARGET[0]?.slice(3, 60) ?? '')],
    [
      'a long sentence over 80 characters, cut inside words (start,end form)',
      find(TARGET[5]?.slice(9, 100) ?? ''),
    ],
    [
      'a quote at the end of a paragraph with no final punctuation (falls back to the bare quote)',
      find('没有句号的段落结尾'),
    ],
    ['a quote across two paragraphs', find('大家脸上都带着笑容。城市垃圾分类')],
    [
      'an English quote with - & and ,',
      find('state-of-the-art plan, after a long debate about costs & benefits'),
    ],
    ['the second of two identical passages', find('同一句话出现两次。', 1)],
  ];

  it.each(cases)('%s', async (_name, [start, end]) => {
    const a = annotationAt(start, end);
    if (_name.includes('start,end')) expect(textFragmentUrl(a)).toMatch(/text=[^,]*-,[^,]+,[^,]+,-/);
    const landed = await landsOn(textFragmentUrl(a));
    expect(landed, textFragmentUrl(a)).toBeDefined();
    // The viewport centres the match: the paragraph holding its start or its end is in the middle.
    expect(
      [paragraphIndex(start), paragraphIndex(end - 1)].some((p) => Math.abs(p - (landed ?? -99)) <= 1),
    ).toBe(true);
  });

  it('a link to text that is not on the page does not scroll (the check can fail)', async () => {
    const a = { ...annotationAt(0, 4), quote: '页面上没有这句话', selectors: [] };
    expect(await landsOn(textFragmentUrl(a))).toBeUndefined();
  });
});
