// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STRINGS } from '../../../components/i18n';
import {
  type Annotator,
  createAnnotator,
  createInlineSurface,
  createPanelHost,
  domAnchoring,
  UI_HOST_TAG,
} from '../../../lib/annotator';
import type { Color } from '../../../lib/db/types';
import { createFakeHighlightApi, createPainter, type Painter } from '../../../lib/highlight';
import { MessageError } from '../../../lib/messaging';
import { byUser, memoryStore } from './helpers';

const zh = STRINGS['zh-CN'];
const settle = () => new Promise((done) => setTimeout(done, 0));
const TEXT = '四合院的门墩上落满了金黄的银杏叶，孩子们踩着落叶跑过，发出清脆的沙沙声。';
let annotator: Annotator | null = null;

beforeEach(() => {
  const article = document.createElement('article');
  const p = document.createElement('p');
  p.textContent = TEXT;
  article.append(p);
  document.body.replaceChildren(article);
});
afterEach(() => {
  annotator?.destroy();
  annotator = null;
  // A retired UI (kept after an extension reload) outlives its annotator by design.
  for (const host of document.querySelectorAll(UI_HOST_TAG)) host.remove();
  document.getSelection()?.removeAllRanges();
});

function setup(options: { hitTest?: () => string[]; lastColor?: () => Promise<Color> } = {}) {
  const store = memoryStore();
  const api = createFakeHighlightApi();
  const real = createPainter({ api });
  const painter: Painter = options.hitTest ? { ...real, hitTest: options.hitTest } : real;
  const clipboard = vi.fn(async (_text: string) => {});
  const root = document.querySelector('article') as HTMLElement;
  const created: Annotator = createAnnotator({
    root,
    source: 'https://example.com/p',
    title: '胡同',
    store,
    anchoring: domAnchoring,
    painter,
    pageUrl: () => 'https://example.com/p',
    loadUi: () =>
      createPanelHost(
        created,
        createInlineSurface(document, {
          strings: zh,
          css: '.meipi-layer{position:absolute}',
          clipboard,
          lastColor: options.lastColor,
        }),
      ),
  });
  annotator = created;
  const shadow = () => document.querySelector(UI_HOST_TAG)?.shadowRoot ?? null;
  const find = (id: string) => shadow()?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
  const click = (id: string) =>
    find(id)?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
  return { annotator: created, store, api, clipboard, root, shadow, find, click };
}

function selectQuote(quote: string) {
  const node = document.querySelector('article p')?.firstChild as Text;
  const at = TEXT.indexOf(quote);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + quote.length);
  document.getSelection()?.removeAllRanges();
  document.getSelection()?.addRange(range);
  document.body.dispatchEvent(
    byUser(new MouseEvent('mouseup', { bubbles: true, button: 0, clientX: 1, clientY: 1 })),
  );
}

describe('the panels in the page (the reader), through their host', () => {
  it('mounts in an open shadow root outside body, with its stylesheet adopted (no <style>)', async () => {
    const { shadow, find } = setup();
    selectQuote('金黄的银杏叶');
    await vi.waitFor(() => expect(find('highlight-toolbar')).not.toBeNull());
    const host = document.querySelector(UI_HOST_TAG);
    expect(host?.parentElement).toBe(document.documentElement);
    expect(shadow()?.adoptedStyleSheets).toHaveLength(1);
    expect(shadow()?.querySelector('style')).toBeNull();
  });

  it('a colour click saves, paints and closes the toolbar', async () => {
    const { store, api, find, click } = setup();
    selectQuote('金黄的银杏叶');
    await vi.waitFor(() => expect(find('color-green')).not.toBeNull());
    click('color-green');
    await vi.waitFor(() => expect(find('highlight-toolbar')).toBeNull());
    expect([...store.rows.values()].map((a) => [a.quote, a.color])).toEqual([['金黄的银杏叶', 'green']]);
    expect(api.registry.get('meipi-pending')?.size).toBe(0);
    expect(api.registry.get('meipi-green')?.size).toBe(1);
  });

  it('a slow save does not close the toolbar of the selection the reader made meanwhile', async () => {
    const { store, find, click } = setup();
    // The first save waits until the test answers it; later ones go straight through.
    const held: { answer?: () => void } = {};
    const create = store.create.bind(store);
    store.create = (input) =>
      held.answer
        ? create(input)
        : new Promise((resolve) => {
            held.answer = () => resolve(create(input));
          });
    selectQuote('金黄的银杏叶');
    await vi.waitFor(() => expect(find('color-green')).not.toBeNull());
    click('color-green');
    // The worker is busy: the save is still in flight when the reader selects the next passage.
    await vi.waitFor(() => expect(held.answer).toBeDefined());
    expect(find('color-yellow')?.hasAttribute('disabled')).toBe(true); // the first toolbar, saving
    selectQuote('孩子们');
    await vi.waitFor(() => expect(find('color-yellow')?.hasAttribute('disabled')).toBe(false)); // the next one
    held.answer?.();
    await settle();
    await settle();
    expect([...store.rows.values()].map((a) => a.quote)).toEqual(['金黄的银杏叶']);
    expect(find('highlight-toolbar')).not.toBeNull();
    // And it still works: a colour saves the second passage.
    click('color-blue');
    await vi.waitFor(() => expect(store.rows.size).toBe(2));
  });

  it('the note editor starts on the colour used last, and the reader can still pick another', async () => {
    const { store, find, click } = setup({ lastColor: async () => 'purple' });
    selectQuote('金黄的银杏叶');
    await vi.waitFor(() => expect(find('note-button')).not.toBeNull());
    click('note-button');
    await vi.waitFor(() => expect(find('color-purple')?.getAttribute('aria-pressed')).toBe('true'));
    expect(find('color-yellow')?.getAttribute('aria-pressed')).toBe('false');
    click('color-blue');
    await vi.waitFor(() => expect(find('color-blue')?.getAttribute('aria-pressed')).toBe('true'));
    click('note-save');
    await vi.waitFor(() => expect(store.rows.size).toBe(1));
    expect([...store.rows.values()][0]?.color).toBe('blue');
  });

  it('the keyboard: Tab on the page enters the toolbar, arrows move between colours, Esc goes back with the selection kept', async () => {
    const { shadow, find } = setup();
    selectQuote('金黄的银杏叶');
    await vi.waitFor(() => expect(find('highlight-toolbar')).not.toBeNull());
    const focused = () => shadow()?.activeElement?.getAttribute('data-testid');
    const key = (target: EventTarget, name: string) => {
      const event = byUser(
        new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, composed: true }),
      );
      target.dispatchEvent(event);
      return event;
    };

    expect(key(document.body, 'Tab').defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(focused()).toBe('color-yellow'));
    key(find('color-yellow') as HTMLElement, 'ArrowRight');
    expect(focused()).toBe('color-green');
    key(find('color-green') as HTMLElement, 'ArrowLeft');
    key(find('color-yellow') as HTMLElement, 'ArrowLeft');
    expect(focused()).toBe('color-purple'); // round the end
    // Tab inside the panel is the panel's own.
    expect(key(find('color-purple') as HTMLElement, 'Tab').defaultPrevented).toBe(false);

    key(find('color-purple') as HTMLElement, 'Escape');
    await vi.waitFor(() => expect(find('highlight-toolbar')).toBeNull());
    expect(document.activeElement).toBe(document.body);
    expect(document.getSelection()?.toString()).toBe('金黄的银杏叶');
    // With nothing open, Tab is the page's again.
    expect(key(document.body, 'Tab').defaultPrevented).toBe(false);
  });

  it('a click on the page closes the toolbar, unless a note is being typed', async () => {
    const { api, find, click } = setup();
    selectQuote('金黄的银杏叶');
    await vi.waitFor(() => expect(find('highlight-toolbar')).not.toBeNull());
    const pageDown = () =>
      document.body.dispatchEvent(byUser(new MouseEvent('mousedown', { bubbles: true, button: 0 })));
    expect(api.registry.get('meipi-pending')?.size).toBe(1); // the passage stays marked
    pageDown();
    await vi.waitFor(() => expect(find('highlight-toolbar')).toBeNull());
    expect(api.registry.get('meipi-pending')?.size).toBe(0);

    selectQuote('孩子们');
    await vi.waitFor(() => expect(find('note-button')).not.toBeNull());
    click('note-button');
    await vi.waitFor(() => expect(find('note-input')).not.toBeNull());
    const field = find('note-input') as HTMLTextAreaElement;
    field.focus();
    field.value = '写了一半的批注';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(); // the panels tell their host a note is being typed (a message, as from the frame)
    pageDown();
    await new Promise((done) => setTimeout(done, 20));
    expect(find('note-input')).not.toBeNull();
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await vi.waitFor(() => expect(find('highlight-toolbar')).toBeNull());
  });

  it('a half-written note survives an extension reload: kept on screen, saving explains why it cannot', async () => {
    const { store, find, click, shadow } = setup();
    selectQuote('孩子们');
    await vi.waitFor(() => expect(find('note-button')).not.toBeNull());
    click('note-button');
    await vi.waitFor(() => expect(find('note-input')).not.toBeNull());
    const field = find('note-input') as HTMLTextAreaElement;
    field.value = '扩展更新前写的批注';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();

    annotator?.destroy({ keepHighlights: true }); // what the content script does when its context dies
    await vi.waitFor(() => expect(shadow()?.textContent).toContain(zh.extensionGone));
    expect((find('note-input') as HTMLTextAreaElement).value).toBe('扩展更新前写的批注');
    click('note-save');
    await new Promise((done) => setTimeout(done, 20));
    expect(store.rows.size).toBe(0);
    expect(shadow()?.textContent).toContain(zh.extensionGone);
  });

  it('with nothing typed, an extension reload just removes the UI', async () => {
    const { find } = setup();
    selectQuote('孩子们');
    await vi.waitFor(() => expect(find('note-button')).not.toBeNull());
    annotator?.destroy({ keepHighlights: true });
    await vi.waitFor(() => expect(document.querySelector(UI_HOST_TAG)).toBeNull());
  });

  it.each([
    ['too-large', zh.tooLarge],
    ['quota-exceeded', zh.storageFull],
  ] as const)('a save refused as %s says what to do about it', async (code, message) => {
    const { store, find, click } = setup();
    store.create = async () => {
      throw new MessageError(code, 'refused by the background');
    };
    selectQuote('孩子们');
    await vi.waitFor(() => expect(find('color-yellow')).not.toBeNull());
    click('color-yellow');
    await vi.waitFor(() =>
      expect(find('highlight-toolbar')?.querySelector('[role="alert"]')?.textContent).toBe(message),
    );
  });

  it('a failed save keeps the toolbar open and says so', async () => {
    const { store, find, click } = setup();
    store.fail = true;
    selectQuote('孩子们');
    await vi.waitFor(() => expect(find('color-yellow')).not.toBeNull());
    click('color-yellow');
    await vi.waitFor(() =>
      expect(find('highlight-toolbar')?.querySelector('[role="alert"]')?.textContent).toBe(zh.saveFailed),
    );
    expect(store.rows.size).toBe(0);
  });

  it('card: copies the link, deletes with an undo toast, and undo restores the very same annotation', async () => {
    let target: string | null = null;
    const { annotator, store, clipboard, find, click } = setup({ hitTest: () => (target ? [target] : []) });
    selectQuote('清脆的沙沙声');
    await vi.waitFor(() => expect(find('color-pink')).not.toBeNull());
    click('color-pink');
    await vi.waitFor(() => expect(store.rows.size).toBe(1));
    const [saved] = [...store.rows.values()];
    target = saved?.id ?? null;

    document.body.dispatchEvent(
      byUser(new MouseEvent('mouseup', { bubbles: true, button: 0, clientX: 3, clientY: 3 })),
    );
    await vi.waitFor(() => expect(find('highlight-card')).not.toBeNull());
    expect(find('card-quote')?.textContent).toBe('清脆的沙沙声');

    click('copy-link');
    await vi.waitFor(() =>
      expect(find('highlight-card')?.querySelector('[role="status"]')?.textContent).toBe(zh.copied),
    );
    // The passage link: #meipi=<id>, then the quote with its context (cut at word boundaries).
    const term = encodeURIComponent;
    expect(clipboard.mock.calls.map(([text]) => text)).toEqual([
      `https://example.com/p#meipi=${saved?.id}:~:text=${term('孩子们踩着落叶跑过，发出')}-,${term('清脆的沙沙声')},-${term('。')}`,
    ]);

    click('delete-highlight');
    await vi.waitFor(() => expect(find('undo-toast')).not.toBeNull());
    expect(find('highlight-card')).toBeNull();
    expect(store.rows.size).toBe(0);

    click('undo-button');
    await vi.waitFor(() => expect(store.rows.get(saved?.id ?? '')).toEqual(saved));
    await vi.waitFor(() => expect(annotator.get(saved?.id ?? '')).toEqual(saved));
    expect(find('undo-toast')).toBeNull();
  });

  it('overlapping highlights: the card opens on the first under the click and switches to the others', async () => {
    let under: string[] = [];
    const { store, find, click } = setup({ hitTest: () => under });
    for (const [quote, color] of [
      ['落满了金黄的银杏叶', 'green'],
      ['金黄的', 'blue'],
    ] as const) {
      selectQuote(quote);
      await vi.waitFor(() => expect(find(`color-${color}`)).not.toBeNull());
      click(`color-${color}`);
      await vi.waitFor(() => expect(find('highlight-toolbar')).toBeNull());
    }
    const [outer, inner] = [...store.rows.keys()];
    under = [inner ?? '', outer ?? ''];
    document.body.dispatchEvent(byUser(new MouseEvent('mouseup', { bubbles: true, button: 0 })));
    await vi.waitFor(() => expect(find('card-quote')?.textContent).toBe('金黄的'));
    expect(find('card-next-overlap')?.textContent).toBe('1/2 ▸');
    expect(find('card-next-overlap')?.getAttribute('aria-label')).toBe(zh.nextOverlap(1, 2));

    click('card-next-overlap');
    await vi.waitFor(() => expect(find('card-quote')?.textContent).toBe('落满了金黄的银杏叶'));
    expect(find('card-next-overlap')?.textContent).toBe('2/2 ▸');
    // What the card does now applies to the one it shows.
    click('card-color-pink');
    await vi.waitFor(() => expect(store.rows.get(outer ?? '')?.color).toBe('pink'));
    expect(store.rows.get(inner ?? '')?.color).toBe('blue');
    click('card-next-overlap');
    await vi.waitFor(() => expect(find('card-quote')?.textContent).toBe('金黄的'));

    under = [inner ?? ''];
    document.body.dispatchEvent(byUser(new MouseEvent('mouseup', { bubbles: true, button: 0 })));
    // Alone under the click: no switch.
    await vi.waitFor(() => expect(find('card-next-overlap')).toBeNull());
    expect(find('card-quote')?.textContent).toBe('金黄的');
  });

  it('an open card closes when its highlight is deleted elsewhere', async () => {
    let target: string | null = null;
    const { annotator, store, find, click } = setup({ hitTest: () => (target ? [target] : []) });
    selectQuote('门墩');
    await vi.waitFor(() => expect(find('color-blue')).not.toBeNull());
    click('color-blue');
    await vi.waitFor(() => expect(store.rows.size).toBe(1));
    target = [...store.rows.keys()][0] ?? null;
    document.body.dispatchEvent(byUser(new MouseEvent('mouseup', { bubbles: true, button: 0 })));
    await vi.waitFor(() => expect(find('highlight-card')).not.toBeNull());
    // The popup deleted it; the background pushes page/changed with the deleted id.
    const id = target ?? '';
    store.rows.delete(id);
    await annotator.applyChange({ source: annotator.source(), deletedId: id });
    await vi.waitFor(() => expect(find('highlight-card')).toBeNull());
  });
});
