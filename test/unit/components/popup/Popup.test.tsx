// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../../components/popup/Popup';
import type { AnchorStatus, PageContext, PopupApi, PopupSearch } from '../../../../components/popup/types';
import type { Annotation } from '../../../../lib/db/types';
import { SYNC_OFF } from '../../../../lib/service/sync';
import { translator } from '../common/catalogue';
import { host, settle, useRenderHost } from '../render-host';

const t = translator('en');

let clock = 1_700_000_000_000;
function annotation(patch: Partial<Annotation>): Annotation {
  clock += 1000;
  return {
    id: `id-${clock}`,
    source: 'https://example.com/a',
    title: 'Page A',
    quote: 'a quote',
    selectors: [],
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: clock,
    updatedAt: clock,
    ...patch,
  };
}

const onPage = annotation({ quote: '北京的秋天', note: '银杏', source: 'https://example.com/a' });
const orphan = annotation({ quote: '消失的段落', note: '', source: 'https://example.com/a' });
const elsewhere = annotation({
  quote: '人工智能正在改变新闻业',
  note: '<img src=x onerror=alert(1)> 记者',
  source: 'https://example.com/b',
  title: 'Page B',
  tags: ['科技'],
});

function fakeApi(
  overrides: Partial<PopupApi> = {},
  page: PageContext = { kind: 'none' },
  anchors: AnchorStatus = { state: 'running', orphanIds: [] },
) {
  const api: PopupApi = {
    currentPage: vi.fn(async () => page),
    anchorStatus: vi.fn(async () => anchors),
    grantSiteAccess: vi.fn(async () => true),
    listPage: vi.fn(async (source: string) => [onPage, orphan].filter((a) => a.source === source)),
    recent: vi.fn(async () => [elsewhere, orphan, onPage]),
    search: vi.fn(async (query: string): Promise<PopupSearch> => {
      const hits = [onPage, orphan, elsewhere]
        .filter((a) => `${a.quote} ${a.note}`.includes(query))
        .map((a) => ({ annotation: a, matches: [query] }));
      return { hits, degraded: query === '记者' };
    }),
    create: vi.fn(async (input) => annotation({ ...input })),
    open: vi.fn(async () => {}),
    exportMarkdown: vi.fn(async () => {}),
    copyMarkdown: vi.fn(async () => {}),
    openLibrary: vi.fn(),
    openReader: vi.fn(),
    openPdf: vi.fn(),
    close: vi.fn(),
    onChanged: vi.fn(() => () => {}),
    ...overrides,
  };
  return api;
}

useRenderHost();

async function mount(api: PopupApi) {
  await act(async () => {
    render(<Popup t={t} locale="en" api={api} debounceMs={0} />, host);
  });
  await settle();
}

/** Lets pending promises and zero-delay timers run inside act(). */

const items = () => [...host.querySelectorAll<HTMLElement>('[data-testid="annotation-item"]')];
const input = () => host.querySelector<HTMLInputElement>('[data-testid="search-input"]') as HTMLInputElement;

async function type(text: string) {
  await act(async () => {
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
  await settle();
}

async function key(name: string, target: HTMLElement = input()) {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
  });
  await settle();
}

describe('Popup', () => {
  it('without a current page, lists recent annotations everywhere', async () => {
    await mount(fakeApi());
    expect(items().map((li) => li.dataset.id)).toEqual([elsewhere.id, orphan.id, onPage.id]);
    expect(host.querySelector('[data-testid="unsupported-page"]')).toBeNull();
  });

  it("says when the page can't be annotated", async () => {
    await mount(fakeApi({}, { kind: 'unsupported' }));
    expect(host.querySelector('[data-testid="unsupported-page"]')?.textContent).toContain(
      "can't be annotated",
    );
  });

  it('on a PDF in the browser, offers to open it in Meipi', async () => {
    const api = fakeApi({}, { kind: 'pdf', url: 'https://example.com/a.pdf' });
    await mount(api);
    const button = host.querySelector<HTMLButtonElement>('[data-testid="open-pdf"]');
    expect(button?.textContent).toBe('Open in Meipi');
    await act(async () => button?.click());
    expect(api.openPdf).toHaveBeenCalledWith('https://example.com/a.pdf');
  });

  it('shows the current page first, in page order, with orphans marked', async () => {
    const page: PageContext = { kind: 'page', source: onPage.source, title: 'Page A', reader: false };
    await mount(fakeApi({}, page, { state: 'running', orphanIds: [orphan.id] }));
    const sections = [...host.querySelectorAll('section')].map((s) => s.dataset.section);
    expect(sections).toEqual(['page', 'recent']);
    const pageItems = [...host.querySelectorAll('[data-section="page"] [data-testid="annotation-item"]')];
    expect(pageItems.map((li) => (li as HTMLElement).dataset.id)).toEqual([onPage.id, orphan.id]);
    expect(pageItems[1]?.querySelector('[data-testid="orphan-badge"]')?.textContent).toBe(
      "Couldn't be placed",
    );
    expect(pageItems[0]?.querySelector('[data-testid="orphan-badge"]')).toBeNull();
    // The recent section does not repeat this page's annotations.
    const recentIds = [
      ...host.querySelectorAll('[data-section="recent"] [data-testid="annotation-item"]'),
    ].map((li) => (li as HTMLElement).dataset.id);
    expect(recentIds).toEqual([elsewhere.id]);
  });

  it('tells the reader to reload a page whose content script is not running', async () => {
    const page: PageContext = { kind: 'page', source: onPage.source, title: 'A', reader: false };
    await mount(fakeApi({}, page, { state: 'absent' }));
    expect(host.querySelector('[data-testid="not-loaded"]')).not.toBeNull();
    render(null, host);
    // No claim when the script is merely slow, nor for the reader (it has no content script).
    await mount(fakeApi({}, page, { state: 'unknown' }));
    expect(host.querySelector('[data-testid="not-loaded"]')).toBeNull();
    render(null, host);
    await mount(fakeApi({}, { ...page, reader: true }, { state: 'absent' }));
    expect(host.querySelector('[data-testid="not-loaded"]')).toBeNull();
  });

  it('says when Meipi has no access to the site, and asks the browser for it from the click', async () => {
    const page: PageContext = { kind: 'no-access' };
    const api = fakeApi({}, page);
    await mount(api);
    expect(host.querySelector('[data-testid="no-site-access"]')?.textContent).toContain(
      "Meipi isn't allowed on this site",
    );
    expect(host.querySelector('[data-testid="unsupported-page"]')).toBeNull();
    await act(async () => {
      (host.querySelector('[data-testid="grant-site-access"]') as HTMLButtonElement).click();
    });
    expect(api.grantSiteAccess).toHaveBeenCalledTimes(1);
    expect(api.close).toHaveBeenCalledTimes(1); // given: the tab reloads with Meipi on it
    render(null, host);
    const refused = fakeApi({ grantSiteAccess: vi.fn(async () => false) }, page);
    await mount(refused);
    await act(async () => {
      (host.querySelector('[data-testid="grant-site-access"]') as HTMLButtonElement).click();
    });
    expect(refused.close).not.toHaveBeenCalled();
  });

  it('searches as you type and marks matches as text, never as markup', async () => {
    const api = fakeApi();
    await mount(api);
    await type('记者');
    expect(api.search).toHaveBeenLastCalledWith('记者', expect.objectContaining({ limit: 50 }));
    expect(items()).toHaveLength(1);
    const card = items()[0] as HTMLElement;
    expect(card.textContent).toContain(elsewhere.quote);
    expect(card.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(card.querySelector('img')).toBeNull();
    expect([...card.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['记者']);
    expect(host.querySelector('[data-testid="degraded-hint"]')).not.toBeNull();
  });

  it('marks by the offsets the search reports when it has them', async () => {
    const api = fakeApi({
      search: vi.fn(async () => ({
        hits: [
          { annotation: onPage, matches: ['beijing'], highlights: [{ field: 'quote', start: 0, end: 2 }] },
        ],
        degraded: false,
      })),
    });
    await mount(api);
    await type('beijing');
    expect([...host.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['北京']);
  });

  it('shows a deliberate empty state when nothing matches', async () => {
    await mount(fakeApi());
    await type('量子');
    expect(items()).toHaveLength(0);
    expect(host.querySelector('[data-testid="no-results"]')?.textContent).toContain('量子');
  });

  it('ignores an older answer that arrives after a newer one', async () => {
    let releaseSlow: (value: PopupSearch) => void = () => {};
    const search = vi.fn((query: string) =>
      query === '北'
        ? new Promise<PopupSearch>((resolve) => {
            releaseSlow = resolve;
          })
        : Promise.resolve({ hits: [{ annotation: elsewhere, matches: [] }], degraded: false }),
    );
    await mount(fakeApi({ search }));
    await type('北');
    await type('人工');
    expect(items().map((li) => li.dataset.id)).toEqual([elsewhere.id]);
    await act(async () => releaseSlow({ hits: [{ annotation: onPage, matches: [] }], degraded: false }));
    await settle();
    expect(items().map((li) => li.dataset.id)).toEqual([elsewhere.id]);
  });

  it('moves with ↑/↓ and opens with Enter', async () => {
    const api = fakeApi();
    await mount(api);
    await key('ArrowDown');
    await key('ArrowDown');
    expect(items().map((li) => li.getAttribute('aria-selected'))).toEqual(['false', 'true', 'false']);
    expect(input().getAttribute('aria-activedescendant')).toBe(`item-${orphan.id}`);
    await key('ArrowUp');
    await key('Enter');
    expect(api.open).toHaveBeenCalledWith(elsewhere);
  });

  it('opens the best hit on Enter while searching, without choosing first', async () => {
    const api = fakeApi();
    await mount(api);
    await type('秋天');
    await key('Enter');
    expect(api.open).toHaveBeenCalledWith(onPage);
  });

  it('Esc clears the search first, then closes', async () => {
    const api = fakeApi();
    await mount(api);
    await type('秋天');
    await key('Escape');
    expect(input().value).toBe('');
    expect(items()).toHaveLength(3);
    expect(api.close).not.toHaveBeenCalled();
    await key('Escape');
    expect(api.close).toHaveBeenCalled();
  });

  it('filters by colour through the search, and by this page locally', async () => {
    const page: PageContext = { kind: 'page', source: onPage.source, title: 'A', reader: false };
    const api = fakeApi({}, page);
    await mount(api);
    await act(async () => host.querySelector<HTMLElement>('[data-testid="filter-color-blue"]')?.click());
    await settle();
    expect(api.search).toHaveBeenLastCalledWith('', expect.objectContaining({ color: 'blue' }));
    await act(async () => host.querySelector<HTMLElement>('[data-testid="filter-color-blue"]')?.click());
    await act(async () => host.querySelector<HTMLElement>('[data-testid="scope-page"]')?.click());
    await settle();
    expect(items().map((li) => li.dataset.id)).toEqual([onPage.id, orphan.id]);
  });

  it('exports exactly what is listed', async () => {
    const api = fakeApi();
    await mount(api);
    await type('秋天');
    await act(async () => host.querySelector<HTMLElement>('[data-testid="export-markdown"]')?.click());
    await settle();
    expect(api.exportMarkdown).toHaveBeenCalledWith([onPage]);
    expect(host.querySelector('[data-testid="popup-status"]')?.textContent).toBe('Exported 1');
  });

  it('adds a page-level note: no quote, no selectors, this page', async () => {
    const page: PageContext = { kind: 'page', source: onPage.source, title: 'Page A', reader: false };
    const api = fakeApi({}, page);
    await mount(api);
    await act(async () => host.querySelector<HTMLElement>('[data-testid="add-page-note"]')?.click());
    const textarea = host.querySelector<HTMLTextAreaElement>('[data-testid="page-note-input"]');
    expect(textarea).not.toBeNull();
    await act(async () => {
      if (!textarea) return;
      textarea.value = '整页都值得细读';
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // Esc inside the form must not close the popup; Ctrl+Enter saves.
    await act(async () => {
      textarea?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    await settle();
    expect(api.create).toHaveBeenCalledWith({
      source: onPage.source,
      title: 'Page A',
      quote: '',
      selectors: [],
      note: '整页都值得细读',
    });
    expect(host.querySelector('[data-testid="page-note-form"]')).toBeNull();
  });

  it('Esc in the page-note form closes the form only', async () => {
    const api = fakeApi({}, { kind: 'page', source: onPage.source, title: 'A', reader: false });
    await mount(api);
    await act(async () => host.querySelector<HTMLElement>('[data-testid="add-page-note"]')?.click());
    const textarea = host.querySelector<HTMLTextAreaElement>(
      '[data-testid="page-note-input"]',
    ) as HTMLElement;
    await key('Escape', textarea);
    expect(host.querySelector('[data-testid="page-note-form"]')).toBeNull();
    expect(api.close).not.toHaveBeenCalled();
  });

  it('reloads when annotations change elsewhere', async () => {
    let notify: (source: string) => void = () => {};
    const api = fakeApi({
      onChanged: vi.fn((listener: (source: string) => void) => {
        notify = listener;
        return () => {};
      }),
    });
    await mount(api);
    expect(api.recent).toHaveBeenCalledTimes(1);
    await act(async () => notify('https://example.com/b'));
    await settle();
    expect(api.recent).toHaveBeenCalledTimes(2);
  });

  it('says how many match in all, and loads the next page from the background', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      annotation({ id: `m${i}`, quote: `垃圾分类第${i}条` }),
    );
    const search = vi.fn(
      async (_query: string, options: { limit: number; shown?: string[] }): Promise<PopupSearch> => {
        const shown = new Set(options.shown);
        const hits = many
          .filter((a) => !shown.has(a.id))
          .slice(0, options.limit)
          .map((a) => ({ annotation: a, matches: ['垃圾分类'] }));
        return { hits, degraded: false, total: 2_242, totalExact: true };
      },
    );
    await mount(fakeApi({ search }));
    await type('垃圾分类');
    const count = () => host.querySelector('[data-testid="result-count"]')?.textContent;
    const more = () => host.querySelector<HTMLButtonElement>('[data-testid="load-more"]');
    expect(items()).toHaveLength(50);
    expect(count()).toBe('2,242 · showing the first 50');
    await act(async () => more()?.click());
    await settle();
    expect(search).toHaveBeenLastCalledWith(
      '垃圾分类',
      expect.objectContaining({ limit: 50, shown: many.slice(0, 50).map((a) => a.id) }),
    );
    expect(items().map((li) => li.dataset.id)).toEqual(many.slice(0, 100).map((a) => a.id));
    expect(count()).toBe('2,242 · showing the first 100');
    // the background has no more to give (120 were there after all): the button goes
    await act(async () => more()?.click());
    await settle();
    await act(async () => more()?.click());
    await settle();
    expect(items()).toHaveLength(120);
    expect(more()).toBeNull();
  });

  it('marks an estimated total as such, and says nothing more when all are listed', async () => {
    const search = vi.fn(
      async (): Promise<PopupSearch> => ({
        hits: [{ annotation: onPage, matches: ['秋天'] }],
        degraded: false,
        total: 1_300,
        totalExact: false,
      }),
    );
    await mount(fakeApi({ search }));
    await type('秋天');
    expect(host.querySelector('[data-testid="result-count"]')?.textContent).toBe(
      'about 1,300 · showing the first 1',
    );
    render(null, host);
    await mount(fakeApi());
    await type('记者');
    expect(host.querySelector('[data-testid="result-count"]')?.textContent).toBe('1');
    expect(host.querySelector('[data-testid="load-more"]')).toBeNull();
  });

  it('asks for the sync status only once the first cards are in', async () => {
    let cardsIn: (list: Annotation[]) => void = () => {};
    const recent = vi.fn(() => new Promise<Annotation[]>((resolve) => (cardsIn = resolve)));
    const status = vi.fn(async () => ({ ...SYNC_OFF, state: 'idle' as const }));
    const sync = {
      settings: vi.fn(async () => null),
      status,
      save: vi.fn(async () => ({ ok: true as const })),
      syncNow: status,
      turnOff: status,
      onStatus: vi.fn(() => () => {}),
    };
    await act(async () => {
      render(<Popup t={t} locale="en" api={fakeApi({ recent })} sync={sync} debounceMs={0} />, host);
    });
    await settle();
    expect(status).not.toHaveBeenCalled();
    await act(async () => cardsIn([elsewhere]));
    await settle();
    expect(items()).toHaveLength(1);
    expect(status).toHaveBeenCalledTimes(1);
    expect(host.querySelector('[data-testid="popup-sync-status"]')).not.toBeNull();
  });
});
