// The passage links must land on the passage in a real browser: Chromium's text-fragment matcher
// only accepts terms on ICU word boundaries, which for Chinese come from a dictionary.
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textFragmentUrl } from '../../../lib/export';
import { findChrome } from '../../e2e/chrome-path';
import { annotationAt } from '../../fixtures/export/annotation-at';

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

/** An annotation over `[start, end)` of the article (or another page), as lib/anchoring describes it. */
const annotationOn = (start: number, end: number, pageText = PAGE_TEXT, source = `${ORIGIN}/article`) =>
  annotationAt(pageText, start, end, source);

function find(text: string, occurrence = 0): [number, number] {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = PAGE_TEXT.indexOf(text, at + 1);
  if (at < 0) throw new Error(`not on the page: ${text}`);
  return [at, at + text.length];
}

// A page where every quote the links must reach occurs five times. ⟦…⟧ marks those occurrences (a
// mark may run on into the next block); the same words also occur unmarked (的 in 北京的秋天).
/** Long enough for the start,end form. */
const NOTICE =
  '请全体居民在本周六上午九点之前把家里的大件垃圾搬到小区东门的临时堆放点，由物业统一联系清运车辆，逾期未搬的大件垃圾将由居民自行处理，如有疑问请拨打物业电话，感谢大家的理解与配合';
const spacer = (label: string) =>
  Array.from({ length: 4 }, (_, i) => `填充${label}${i}：这里只是占位文字，用来把页面撑长。`);
const REPEAT_BLOCKS = [
  '⟦北京⟧的秋天很短，转眼就到了冬天。',
  ...spacer('A'),
  '甲组报告说，常住人口中⟦北京⟧户籍居民占多数。',
  '这是我⟦的⟧书。',
  ...spacer('B'),
  '乙组报告说，常住人口中⟦北京⟧户籍居民占多数。',
  '这是你⟦的⟧书。',
  ...spacer('C'),
  '丙组报告在下一段。',
  '⟦北京⟧户籍居民占多数。',
  '这是他⟦的⟧书。',
  ...spacer('D'),
  '我说。',
  '⟦的⟧确如此。',
  ...['一', '二', '三', '四'].flatMap((n) => [`第${n}号公告：⟦${NOTICE}⟧。`, ...spacer(n)]),
  '第五号公告如下。',
  `⟦${NOTICE}⟧。`,
  ...['甲', '乙', '丙', '丁', '戊'].flatMap((hall) => [
    `${hall}会场：⟦会议结束。`,
    '请有序离场。⟧',
    ...spacer(hall),
  ]),
  '最后一句话说⟦的⟧是⟦北京⟧',
];

interface Occurrence {
  quote: string;
  start: number;
  end: number;
  /** Its place in the page, as the `data-occ` of the spans that hold it. */
  id: number;
}

/** The page's saved text with its blocks joined by `join` (textContent runs them together), and the marks. */
function repeatsText(join: string): { text: string; marks: Occurrence[] } {
  let text = '';
  let openAt = -1;
  const marks: Occurrence[] = [];
  REPEAT_BLOCKS.forEach((block, b) => {
    if (b > 0) text += join;
    for (const ch of block) {
      if (ch === '⟦') openAt = text.length;
      else if (ch === '⟧')
        marks.push({ quote: text.slice(openAt), start: openAt, end: text.length, id: marks.length });
      else text += ch;
    }
  });
  return { text, marks };
}

/** Each block a paragraph, each mark in `<span data-occ>`s (one per block it covers); matches painted red. */
const REPEATS_HTML = (() => {
  let id = 0;
  let open = false;
  const paragraphs = REPEAT_BLOCKS.map((block) => {
    let html = open ? `<span data-occ="${id}">` : '';
    for (const ch of block) {
      if (ch === '⟦') {
        html += `<span data-occ="${id}">`;
        open = true;
      } else if (ch === '⟧') {
        html += '</span>';
        open = false;
        id++;
      } else html += ch;
    }
    return `<p>${html}${open ? '</span>' : ''}</p>`;
  });
  return `<!doctype html><meta charset="utf-8"><style>::target-text{background:#f00;color:#f00}</style><body>${paragraphs.join('')}</body>`;
})();

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChrome(), headless: true });
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  const body = PARAGRAPHS.map((p, i) => `<p id="p${i}">${p.replace(/&/g, '&amp;')}</p>`).join('');
  await page.route(`${ORIGIN}/article`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><body>${body}</body>`,
    }),
  );
  await page.route(`${ORIGIN}/repeats`, (route) =>
    route.fulfill({ contentType: 'text/html', body: REPEATS_HTML }),
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
    ['a quote at the end of a paragraph with no final punctuation', find('没有句号的段落结尾')],
    ['a quote across two paragraphs', find('大家脸上都带着笑容。城市垃圾分类')],
    [
      'an English quote with - & and ,',
      find('state-of-the-art plan, after a long debate about costs & benefits'),
    ],
    ['the second of two identical passages', find('同一句话出现两次。', 1)],
  ];

  it.each(cases)('%s', async (_name, [start, end]) => {
    const a = annotationOn(start, end);
    if (_name.includes('start,end')) expect(textFragmentUrl(a)).toMatch(/text=[^,]*-,[^,]+,[^,]+,-/);
    const landed = await landsOn(textFragmentUrl(a));
    expect(landed, textFragmentUrl(a)).toBeDefined();
    // The viewport centres the match: the paragraph holding its start or its end is in the middle.
    expect(
      [paragraphIndex(start), paragraphIndex(end - 1)].some((p) => Math.abs(p - (landed ?? -99)) <= 1),
    ).toBe(true);
  });

  it('a link to text that is not on the page does not scroll (the check can fail)', async () => {
    const a = { ...annotationOn(0, 4), quote: '页面上没有这句话', selectors: [] };
    expect(await landsOn(textFragmentUrl(a))).toBeUndefined();
  });
});

/**
 * What Chromium marked after navigating to `url`, seen as the red (::target-text) pixels of a
 * screenshot: how many there are on the page and how many on occurrence `id`; and whether `id` was
 * scrolled into view.
 */
async function markedAfter(
  url: string,
  id: number,
): Promise<{ onTarget: number; total: number; inView: boolean }> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForTimeout(150);
  const inView = await page.evaluate(
    (id) =>
      [...document.querySelectorAll(`[data-occ="${id}"]`)].some((span) => {
        const r = span.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      }),
    id,
  );
  const png = (await page.screenshot({ fullPage: true })).toString('base64');
  const counts = await page.evaluate(
    async ([png, id]) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
      const { width, height } = bitmap;
      const context = new OffscreenCanvas(width, height).getContext(
        '2d',
      ) as OffscreenCanvasRenderingContext2D;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, width, height);
      const red = new Uint8Array(width * height);
      let total = 0;
      for (let p = 0; p < red.length; p++) {
        if ((data[4 * p] ?? 0) > 200 && (data[4 * p + 1] ?? 255) < 60 && (data[4 * p + 2] ?? 255) < 60) {
          red[p] = 1;
          total++;
        }
      }
      // The target's boxes, 2px wider on each side for the anti-aliased edges; each pixel counted once.
      let onTarget = 0;
      for (const span of document.querySelectorAll(`[data-occ="${id}"]`)) {
        for (const r of span.getClientRects()) {
          const top = Math.max(0, Math.floor(r.top + window.scrollY) - 2);
          const bottom = Math.min(height, Math.ceil(r.bottom + window.scrollY) + 2);
          const left = Math.max(0, Math.floor(r.left) - 2);
          const right = Math.min(width, Math.ceil(r.right) + 2);
          for (let y = top; y < bottom; y++)
            for (let x = left; x < right; x++) {
              onTarget += red[y * width + x] ?? 0;
              red[y * width + x] = 0;
            }
        }
      }
      return { onTarget, total };
    },
    [png, id] as const,
  );
  return { ...counts, inView };
}

describe('text-fragment links to quotes that occur five times', () => {
  // The saved text as textContent has it (blocks run together), and with a line break between blocks.
  const variants = [repeatsText(''), repeatsText('\n')];
  const quotes = [...new Set(variants[0]?.marks.map((mark) => mark.quote))];

  it.each(quotes.map((q) => [q.slice(0, 8), q] as const))(
    '%s: the link to each occurrence marks that one and nothing else',
    async (_name, quote) => {
      const links = new Map<string, Occurrence>();
      for (const { text, marks } of variants) {
        for (const mark of marks) {
          if (mark.quote.replace(/\n/g, '') !== quote) continue;
          links.set(textFragmentUrl(annotationOn(mark.start, mark.end, text, `${ORIGIN}/repeats`)), mark);
        }
      }
      expect(variants[0]?.marks.filter((mark) => mark.quote === quote)).toHaveLength(5);
      for (const [url, mark] of links) {
        if (quote === NOTICE) expect(url).toMatch(/text=[^,]*-,[^,]+,[^,]+,-/);
        const { onTarget, total, inView } = await markedAfter(url, mark.id);
        expect(inView, url).toBe(true);
        expect(onTarget, url).toBeGreaterThan(0);
        // Nothing red anywhere else: not the other occurrences, not the same words unmarked.
        expect(total, url).toBe(onTarget);
      }
    },
  );
});
