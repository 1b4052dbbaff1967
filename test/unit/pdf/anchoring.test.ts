// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { Selector, TextQuoteSelector } from '../../../lib/anchoring/types';
import { NOT_YET } from '../../../lib/annotator/placements';
import { createPdfAnchoring } from '../../../lib/pdf/anchoring';
import { buildDocumentText } from '../../../lib/pdf/document-text';
import { fingerprintOf, pageOf } from '../../../lib/pdf/selectors';

/** Each page's text items, as PDF.js's text layer puts them in spans. */
const PAGES = [
  ['第一页 示例', '春眠 不觉晓，', '处处闻啼鸟。'],
  ['第二页 示例', '夜来风雨声，', '花落知多少。'],
  ['第三页', '春眠不觉晓，处处闻啼鸟。'],
];
const pageText = (n: number) => (PAGES[n - 1] as string[]).join('');

let viewer: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = '<div class="pdfViewer"></div>';
  viewer = document.querySelector('.pdfViewer') as HTMLElement;
  PAGES.forEach((_, i) => {
    const page = document.createElement('div');
    page.className = 'page';
    page.dataset.pageNumber = String(i + 1);
    viewer.append(page);
  });
});

/** PDF.js renders page n's text layer. */
function render(n: number): Element {
  const layer = document.createElement('div');
  layer.className = 'textLayer';
  for (const item of PAGES[n - 1] as string[]) {
    const span = document.createElement('span');
    span.textContent = item;
    layer.append(span, document.createElement('br'));
  }
  viewer.querySelector(`[data-page-number="${n}"]`)?.append(layer);
  return layer;
}

function anchoring(pages = PAGES.map((_, i) => pageText(i + 1))) {
  return createPdfAnchoring(
    buildDocumentText(pages),
    'fp-1',
    (n) => viewer.querySelector(`[data-page-number="${n}"] .textLayer`),
    (n) => (pages[n - 1] ?? '').length,
  );
}

/** A range over `text` in the layer's spans (within one span). */
function rangeOf(layer: Element, text: string): Range {
  const span = [...layer.querySelectorAll('span')].find((s) => s.textContent?.includes(text)) as Element;
  const node = span.firstChild as Text;
  const at = node.data.indexOf(text);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + text.length);
  return range;
}

describe('anchoring on a PDF text layer', () => {
  it('describes the document text without the inserted spaces, with the page and the fingerprint', () => {
    const layer = render(2);
    const selectors = anchoring().describe(viewer, rangeOf(layer, '夜来风雨声'));
    const quote = selectors[0] as TextQuoteSelector;
    expect(quote.type).toBe('TextQuoteSelector');
    expect(quote.exact).toBe('夜来风雨声');
    expect(quote.prefix?.endsWith('第二页示例')).toBe(true);
    expect(selectors).toContainEqual({ type: 'TextPositionSelector', start: 23, end: 28 });
    expect(selectors).toContainEqual({
      type: 'FragmentSelector',
      conformsTo: 'http://tools.ietf.org/rfc/rfc3778',
      value: 'page=2',
    });
    expect(pageOf(selectors)).toBe(2);
    expect(fingerprintOf(selectors)).toBe('fp-1');
  });

  it('a selection across spans over an inserted space quotes the Hanzi run together', () => {
    const layer = render(1);
    const range = document.createRange();
    const spans = layer.querySelectorAll('span');
    range.setStart(spans[1]?.firstChild as Text, 0);
    range.setEnd(spans[2]?.firstChild as Text, 2);
    expect((anchoring().describe(viewer, range)[0] as TextQuoteSelector).exact).toBe('春眠不觉晓，处处');
  });

  it('places an annotation only once its page is rendered, then on the right text', async () => {
    const pdf = anchoring();
    const layer = render(3);
    const selectors = pdf.describe(viewer, rangeOf(layer, '处处闻啼鸟'));
    layer.remove();
    expect(await pdf.anchorAll(viewer, [selectors])).toEqual([NOT_YET]);
    render(1); // the same words on page 1 must not take it
    expect(await pdf.anchorAll(viewer, [selectors])).toEqual([NOT_YET]);
    render(3);
    const [range] = (await pdf.anchorAll(viewer, [selectors])) as Range[];
    expect(range?.toString()).toBe('处处闻啼鸟');
    expect(range?.startContainer.parentElement?.closest('.page')?.getAttribute('data-page-number')).toBe('3');
  });

  it('a passage whose text is gone from the document is an orphan even with its page rendered', async () => {
    const layer = render(2);
    const selectors: Selector[] = anchoring().describe(viewer, rangeOf(layer, '夜来风雨声'));
    const edited = PAGES.map((_, i) => (i === 1 ? '第二页 示例花落知多少。' : pageText(i + 1)));
    expect(await anchoring(edited).anchorAll(viewer, [selectors])).toEqual([null]);
  });
});
