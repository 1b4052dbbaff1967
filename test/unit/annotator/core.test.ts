// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Annotator, type AnnotatorUi, createAnnotator, domAnchoring } from '../../../lib/annotator';

import type { Annotation } from '../../../lib/db/types';
import { createFakeHighlightApi, createPainter, type Painter } from '../../../lib/highlight';
import { byUser, memoryStore } from './helpers';

const PARAGRAPHS = [
  '清晨的胡同里，卖豆浆的小贩推着三轮车慢慢走过，车铃声在灰墙之间回荡。',
  '四合院的门墩上落满了金黄的银杏叶，孩子们踩着落叶跑过。',
  '傍晚时分，炊烟从各家的屋顶升起，饭菜的香味飘满了整条胡同。',
];

function fakeUi() {
  const host = document.createElement('meipi-annotator');
  document.documentElement.append(host);
  return {
    host,
    showToolbar: vi.fn(),
    showCard: vi.fn(),
    hide: vi.fn(),
    retire: vi.fn(() => host.remove()),
    destroy: vi.fn(() => host.remove()),
  } satisfies AnnotatorUi;
}

function textOf(index: number): Text {
  return document.querySelectorAll('#article p')[index]?.firstChild as Text;
}

function rangeOver(index: number, quote: string): Range {
  const node = textOf(index);
  const at = (node.nodeValue ?? '').indexOf(quote);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + quote.length);
  return range;
}

function select(range: Range): void {
  const selection = document.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function mouseUp(x = 5, y = 5): void {
  document.body.dispatchEvent(
    byUser(new MouseEvent('mouseup', { bubbles: true, button: 0, clientX: x, clientY: y })),
  );
}

const settle = () => new Promise((done) => setTimeout(done, 0));

let api: ReturnType<typeof createFakeHighlightApi>;
let annotator: Annotator | null = null;

beforeEach(() => {
  const article = document.createElement('article');
  article.id = 'article';
  for (const text of PARAGRAPHS) {
    const p = document.createElement('p');
    p.textContent = text;
    article.append(p);
  }
  document.body.replaceChildren(article);
  api = createFakeHighlightApi();
});

afterEach(() => {
  annotator?.destroy();
  annotator = null;
  document.getSelection()?.removeAllRanges();
});

function setup(
  options: { store?: ReturnType<typeof memoryStore>; painter?: Painter; observe?: boolean } = {},
) {
  const store = options.store ?? memoryStore();
  const ui = fakeUi();
  const loadUi = vi.fn(() => ui);
  const root = document.getElementById('article') as HTMLElement;
  annotator = createAnnotator({
    root,
    source: 'https://example.com/a',
    title: '胡同',
    store,
    anchoring: domAnchoring,
    loadUi,
    painter: options.painter ?? createPainter({ api }),
    pageUrl: () => 'https://example.com/a?x=1#old',
    observeMutations: options.observe ?? false,
  });
  return { annotator, store, ui, loadUi, root };
}

async function saved(
  store: ReturnType<typeof memoryStore>,
  index: number,
  quote: string,
): Promise<Annotation> {
  const root = document.getElementById('article') as HTMLElement;
  return store.create({
    source: 'https://example.com/a',
    title: '胡同',
    quote,
    selectors: domAnchoring.describe(root, rangeOver(index, quote)),
    color: 'green',
  });
}

describe('createAnnotator', () => {
  it('loads, anchors and paints this source, and lists what it could not place as orphans', async () => {
    const store = memoryStore();
    const placed = await saved(store, 0, '卖豆浆的小贩');
    const gone = await store.create({
      source: 'https://example.com/a',
      title: '胡同',
      quote: '这段文字不在页面上',
      selectors: [
        { type: 'TextQuoteSelector', exact: '这段文字不在页面上', prefix: '页面之外', suffix: '的某处' },
      ],
    });
    await store.create({ source: 'https://other.example/', title: '', quote: '卖豆浆', selectors: [] });
    const { annotator } = setup({ store });
    await annotator.load();
    expect(annotator.annotations().map((a) => a.id)).toEqual([placed.id, gone.id]);
    expect(annotator.orphanIds()).toEqual([gone.id]);
    expect(api.registry.get('meipi-green')?.size).toBe(1);
    expect(api.registry.get('meipi-yellow')?.size).toBe(0);
  });

  it('a mouse selection opens the toolbar (loading the UI once); saving stores selectors and paints', async () => {
    const { annotator, store, ui, loadUi } = setup();
    await annotator.load();
    select(rangeOver(1, '金黄的银杏叶'));
    mouseUp();
    await settle();
    await settle();
    expect(loadUi).toHaveBeenCalledTimes(1);
    expect(ui.showToolbar).toHaveBeenCalledWith(expect.any(Function), { noteOpen: false, color: undefined });

    const annotation = await annotator.saveSelection({
      color: 'blue',
      note: '第一行\n第二行',
      tags: ['秋天'],
    });
    expect(annotation).toMatchObject({
      source: 'https://example.com/a',
      title: '胡同',
      quote: '金黄的银杏叶',
      color: 'blue',
      note: '第一行\n第二行',
      tags: ['秋天'],
    });
    const stored = store.rows.get(annotation?.id ?? '');
    expect(stored?.selectors).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'TextQuoteSelector', exact: '金黄的银杏叶' })]),
    );
    expect(api.registry.get('meipi-blue')?.size).toBe(1);
    expect(document.getSelection()?.isCollapsed).toBe(true);

    select(rangeOver(2, '炊烟'));
    mouseUp();
    await settle();
    await settle();
    expect(loadUi).toHaveBeenCalledTimes(1);
    expect(ui.showToolbar).toHaveBeenCalledTimes(2);
  });

  it('trims whitespace at the ends of a selection before saving', async () => {
    const { annotator } = setup();
    const node = textOf(2);
    node.nodeValue = `  傍晚时分  ${node.nodeValue}`;
    const range = document.createRange();
    range.setStart(node, 0);
    range.setEnd(node, 8);
    select(range);
    mouseUp();
    await settle();
    const annotation = await annotator.saveSelection({ color: 'yellow' });
    expect(annotation?.quote).toBe('傍晚时分');
  });

  it("saves the reader's text as the quote: no ruby pinyin, a line break between paragraphs", async () => {
    const { annotator, store } = setup();
    const second = (document.getElementById('article') as HTMLElement).children[1] as HTMLElement;
    second.innerHTML = '学习<ruby>汉<rt>hàn</rt></ruby><ruby>字<rt>zì</rt></ruby>';
    const range = document.createRange();
    range.setStart(textOf(0), textOf(0).data.length - 2);
    range.setEnd(second.lastChild?.firstChild as Text, 1);
    select(range);
    mouseUp();
    await settle();
    const annotation = await annotator.saveSelection({ color: 'yellow' });
    expect(annotation?.quote).toBe(`${textOf(0).data.slice(-2)}\n学习汉字`);
    expect((await store.list('https://example.com/a'))[0]?.quote).toBe(annotation?.quote);
  });

  it('shows no toolbar for whitespace-only selections or selections in editable fields', async () => {
    const { ui, loadUi, root } = setup();
    const spaced = document.createElement('p');
    spaced.textContent = '   \n  ';
    root.append(spaced);
    const blank = document.createRange();
    blank.selectNodeContents(spaced);
    select(blank);
    mouseUp();
    await settle();

    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    editable.textContent = '可编辑的文字';
    root.append(editable);
    const inEditable = document.createRange();
    inEditable.selectNodeContents(editable);
    select(inEditable);
    mouseUp();
    await settle();

    const outside = document.createElement('p');
    outside.textContent = '文章之外的文字';
    document.body.append(outside);
    const outsideRange = document.createRange();
    outsideRange.selectNodeContents(outside);
    select(outsideRange);
    mouseUp();
    await settle();

    expect(loadUi).not.toHaveBeenCalled();
    expect(ui.showToolbar).not.toHaveBeenCalled();

    // The control: the same flow over real text inside the root does open the toolbar.
    select(rangeOver(0, '卖豆浆的小贩'));
    mouseUp();
    await settle();
    await settle();
    expect(loadUi).toHaveBeenCalledTimes(1);
    expect(ui.showToolbar).toHaveBeenCalledTimes(1);
  });

  it('a save made while the page is still loading keeps both: the loaded highlights and the new one', async () => {
    const store = memoryStore();
    const earlier = await saved(store, 0, '卖豆浆的小贩');
    let release: () => void = () => {};
    const list = store.list;
    store.list = (source) =>
      new Promise((resolve) => {
        const snapshot = list(source); // read now, answered later
        release = () => void snapshot.then(resolve);
      });
    const { annotator } = setup({ store });
    const loading = annotator.load();
    select(rangeOver(2, '炊烟'));
    const fresh = await annotator.saveSelection({ color: 'blue' });
    release(); // the list was read before the save: it lacks the new one
    await loading;
    expect(annotator.annotations().map((a) => a.id)).toEqual([earlier.id, fresh?.id]);
    expect(api.registry.get('meipi-green')?.size).toBe(1);
    expect(api.registry.get('meipi-blue')?.size).toBe(1);
  });

  it('a plain click on a highlight opens its card', async () => {
    const store = memoryStore();
    const annotation = await saved(store, 0, '卖豆浆的小贩');
    const hitTest = vi.fn(() => [annotation.id]);
    const real = createPainter({ api });
    const painter: Painter = { ...real, hitTest };
    const { annotator, ui } = setup({ store, painter });
    await annotator.load();
    mouseUp(40, 12);
    await settle();
    await settle();
    expect(hitTest).toHaveBeenCalledWith(40, 12);
    expect(ui.showCard).toHaveBeenCalledWith([annotation.id], expect.any(Function));
  });

  it('update, remove and restore go through the store and repaint; listeners hear every change', async () => {
    const store = memoryStore();
    const annotation = await saved(store, 1, '孩子们踩着落叶');
    const { annotator } = setup({ store });
    await annotator.load();
    const events = vi.fn();
    annotator.subscribe(events);

    await annotator.update(annotation.id, { color: 'purple', note: '改过' });
    expect(annotator.get(annotation.id)).toMatchObject({ color: 'purple', note: '改过' });
    expect(api.registry.get('meipi-green')?.size).toBe(0);
    expect(api.registry.get('meipi-purple')?.size).toBe(1);

    const deleted = await annotator.remove(annotation.id);
    expect(deleted?.id).toBe(annotation.id);
    expect(annotator.annotations()).toEqual([]);
    expect(api.registry.get('meipi-purple')?.size).toBe(0);

    await annotator.restore(deleted as Annotation);
    expect(store.rows.get(annotation.id)).toEqual(deleted);
    expect(api.registry.get('meipi-purple')?.size).toBe(1);
    expect(annotator.orphanIds()).toEqual([]);
    expect(events).toHaveBeenCalledTimes(3);
  });

  it('paints a saved colour before the background answers, and takes it back when the save fails', async () => {
    const store = memoryStore();
    let answer: (() => void) | undefined;
    const create = store.create;
    store.create = (input) =>
      new Promise((resolve, reject) => {
        answer = () => (store.fail ? reject(new Error('quota')) : resolve(create(input)));
      });
    const { annotator } = setup({ store });
    select(rangeOver(0, '三轮车'));
    const saving = annotator.saveSelection({ color: 'green' });
    expect(api.registry.get('meipi-green')?.size).toBe(1);
    store.fail = true;
    answer?.();
    await expect(saving).rejects.toThrow('quota');
    expect(api.registry.get('meipi-green')?.size).toBe(0);
  });

  it('a failed save rejects and leaves nothing painted', async () => {
    const store = memoryStore();
    store.fail = true;
    const { annotator } = setup({ store });
    select(rangeOver(0, '三轮车'));
    await expect(annotator.saveSelection({ color: 'yellow' })).rejects.toThrow('quota');
    expect(annotator.annotations()).toEqual([]);
    expect(api.registry.get('meipi-yellow')?.size).toBe(0);
  });

  it('re-anchors after the page replaces its nodes (debounced MutationObserver)', async () => {
    const store = memoryStore();
    const annotation = await saved(store, 2, '饭菜的香味');
    const painter = createPainter({ api });
    const { annotator, root } = setup({ store, painter, observe: true });
    await annotator.load();
    const before = painter.rangeOf(annotation.id);
    // Frameworks re-render: same text, new nodes. The old range collapses.
    const fresh = PARAGRAPHS.map((text) => {
      const p = document.createElement('p');
      p.textContent = text;
      return p;
    });
    root.replaceChildren(...fresh);
    await vi.waitFor(() => expect(painter.rangeOf(annotation.id)).not.toBe(before), { timeout: 2_000 });
    expect(painter.rangeOf(annotation.id)?.startContainer).toBe(fresh[2]?.firstChild);
    expect(painter.rangeOf(annotation.id)?.toString()).toBe('饭菜的香味');
  });

  it('late content turns an orphan into a painted highlight', async () => {
    const store = memoryStore();
    const root = document.getElementById('article') as HTMLElement;
    const late = document.createElement('p');
    late.textContent = '迟到的段落里有一句要紧的话。';
    root.append(late);
    const range = document.createRange();
    range.setStart(late.firstChild as Text, 6);
    range.setEnd(late.firstChild as Text, 12);
    const annotation = await store.create({
      source: 'https://example.com/a',
      title: '',
      quote: range.toString(),
      selectors: domAnchoring.describe(root, range),
    });
    late.remove();
    const { annotator } = setup({ store, observe: true });
    await annotator.load();
    expect(annotator.orphanIds()).toEqual([annotation.id]);
    root.append(late);
    await vi.waitFor(() => expect(annotator.orphanIds()).toEqual([]), { timeout: 2_000 });
  });

  it('a #meipi=<id> link flashes its passage once it is placed, even when the text arrives late', async () => {
    const store = memoryStore();
    const annotation = await saved(store, 1, '孩子们踩着落叶');
    const root = document.getElementById('article') as HTMLElement;
    const second = root.children[1] as HTMLElement;
    second.remove();
    window.location.hash = `#meipi=${annotation.id}`;
    Element.prototype.scrollIntoView = vi.fn();
    try {
      const { annotator } = setup({ store, observe: true });
      await annotator.load();
      expect(api.registry.get('meipi-focus')?.size).toBe(0);
      root.insertBefore(second, root.children[1] ?? null);
      await vi.waitFor(() => expect(api.registry.get('meipi-focus')?.size).toBe(1), { timeout: 2_000 });
      expect(Element.prototype.scrollIntoView).toHaveBeenCalledTimes(1);
    } finally {
      window.location.hash = '';
    }
  });

  it('mutations that change no text do not re-anchor a page that has orphans', async () => {
    const store = memoryStore();
    await saved(store, 0, '卖豆浆的小贩');
    await store.create({
      source: 'https://example.com/a',
      title: '',
      quote: '不在页面上的句子',
      selectors: [{ type: 'TextQuoteSelector', exact: '不在页面上的句子', prefix: '前文', suffix: '后文' }],
    });
    const anchorAll = vi.fn(domAnchoring.anchorAll);
    const root = document.getElementById('article') as HTMLElement;
    annotator = createAnnotator({
      root,
      source: 'https://example.com/a',
      title: '',
      store,
      anchoring: { describe: domAnchoring.describe, anchorAll },
      loadUi: () => fakeUi(),
      painter: createPainter({ api }),
      observeMutations: true,
    });
    await annotator.load();
    expect(anchorAll).toHaveBeenCalledTimes(1);
    root.append(document.createElement('span')); // an ad slot, a spinner: no text
    await new Promise((done) => setTimeout(done, 500));
    expect(anchorAll).toHaveBeenCalledTimes(1);
    const more = document.createElement('p');
    more.textContent = '新加载的评论';
    root.append(more);
    await vi.waitFor(() => expect(anchorAll).toHaveBeenCalledTimes(2), { timeout: 2_000 });
  });

  it('switching source (SPA navigation) clears and loads the new page', async () => {
    const store = memoryStore();
    await saved(store, 0, '卖豆浆的小贩');
    const { annotator, ui } = setup({ store });
    await annotator.load();
    await annotator.setSource('https://example.com/b', '另一页');
    expect(annotator.source()).toBe('https://example.com/b');
    expect(annotator.annotations()).toEqual([]);
    expect(api.registry.get('meipi-green')?.size).toBe(0);
    expect(ui.hide).not.toHaveBeenCalled(); // the UI was never loaded
  });

  it('the keyboard command saves the selection in a colour, or opens the note editor', async () => {
    const { annotator, ui, store } = setup();
    expect(await annotator.highlightSelection({ withNote: false })).toEqual({ saved: false });
    select(rangeOver(0, '车铃声'));
    expect(await annotator.highlightSelection({ color: 'pink', withNote: false })).toEqual({ saved: true });
    expect([...store.rows.values()].map((a) => [a.quote, a.color])).toEqual([['车铃声', 'pink']]);
    select(rangeOver(1, '门墩'));
    expect(await annotator.highlightSelection({ color: 'blue', withNote: true })).toEqual({ saved: false });
    await settle();
    expect(ui.showToolbar).toHaveBeenCalledWith(expect.any(Function), { noteOpen: true, color: 'blue' });
  });

  it('destroy stops listening and removes its highlights', async () => {
    const { annotator, loadUi } = setup();
    annotator.destroy();
    select(rangeOver(0, '三轮车'));
    mouseUp();
    await settle();
    expect(loadUi).not.toHaveBeenCalled();
    expect(api.names()).toEqual([]);
  });
});
