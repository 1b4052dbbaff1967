// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  CARDS_PER_TASK,
  GROUPS_PER_STEP,
  Library,
  type LibraryApi,
  type LibrarySearchOptions,
  type RestoreResult,
} from '../../../../components/library/Library';
import { ITEMS_PER_STEP } from '../../../../components/library/LibraryGroup';
import type { Annotation } from '../../../../lib/db/types';
import { translator } from '../common/catalogue';
import { host, settle, useRenderHost } from '../render-host';
import { fakeLibraryApi } from './fake-library-api';

const t = translator('en');

function many(sources: number, perSource: number): Annotation[] {
  const list: Annotation[] = [];
  let time = 1_700_000_000_000;
  for (let s = 0; s < sources; s++) {
    for (let i = 0; i < perSource; i++) {
      time += 1000;
      list.push({
        id: `s${s}-i${i}`,
        source: `https://example.com/${s}`,
        title: `文章 ${s}`,
        quote: `第 ${s} 篇的第 ${i} 段`,
        selectors: [{ type: 'TextPositionSelector', start: i * 10, end: i * 10 + 5 }],
        color: i % 2 ? 'blue' : 'yellow',
        note: i === 0 ? `笔记 ${s}` : '',
        tags: i === 0 ? ['首段'] : [],
        createdAt: time,
        updatedAt: time,
      });
    }
  }
  return list.reverse();
}

const fakeApi = fakeLibraryApi;

useRenderHost();

async function mount(annotations: Annotation[] | null, api: LibraryApi) {
  await act(async () => {
    render(<Library t={t} locale="en" annotations={annotations} api={api} debounceMs={0} />, host);
  });
  await settle();
}

const q = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (id: string) => [...host.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
async function click(element: Element | null | undefined) {
  await act(async () => (element as HTMLElement).click());
  await settle();
}

describe('Library', () => {
  it('renders a large collection a step at a time', async () => {
    const list = many(60, 3);
    await mount(list, fakeApi());
    expect(all('library-group')).toHaveLength(GROUPS_PER_STEP);
    expect(q('library-summary')?.textContent).toBe('180 annotations · 60 sources');
    await click(host.querySelector('.library__more button'));
    expect(all('library-group')).toHaveLength(GROUPS_PER_STEP * 2);
  });

  it('renders a huge group a step at a time too', async () => {
    await mount(many(1, ITEMS_PER_STEP + 30), fakeApi());
    expect(all('library-item')).toHaveLength(ITEMS_PER_STEP);
    await click(host.querySelector('.group__more'));
    expect(all('library-item')).toHaveLength(ITEMS_PER_STEP + 30);
  });

  it('shows a bundled article under a readable line (the reader, the byline), not its internal id', async () => {
    const list = many(2, 1);
    const article = 'meipi:article/000_28a013f78859e9ef-f30hyz';
    const [first] = list;
    if (first) list[0] = { ...first, source: article };
    await mount(
      list,
      fakeApi({ sourceLine: (source) => (source === article ? 'Meipi reader · 记者 赵青' : undefined) }),
    );
    const lines = [...host.querySelectorAll('.group__source')].map((el) => el.textContent);
    expect(lines).toContain('Meipi reader · 记者 赵青');
    expect(lines.join(' ')).not.toContain('meipi:article/');
    expect(lines).toContain(list[1]?.source);
  });

  it('shows an empty state, and a no-match state once filtered', async () => {
    await mount([], fakeApi());
    expect(q('library-empty')?.textContent).toContain('No annotations yet');
    await mount(many(2, 2), fakeApi());
    await click(q('filter-color-pink'));
    expect(q('library-empty')?.textContent).toBe('No annotations match.');
  });

  it('exports the filtered list, or the selection when there is one', async () => {
    const list = many(3, 2);
    const api = fakeApi();
    await mount(list, api);
    await click(q('filter-color-blue'));
    await click(q('export-markdown'));
    expect(
      vi
        .mocked(api.exportMarkdown)
        .mock.calls[0]?.[0].map((a) => a.id)
        .sort(),
    ).toEqual(
      list
        .filter((a) => a.color === 'blue')
        .map((a) => a.id)
        .sort(),
    );
    const boxes = all('item-select');
    await act(async () => boxes[0]?.click());
    await click(q('export-json'));
    expect(vi.mocked(api.exportJson).mock.calls[0]?.[0]).toHaveLength(1);
    expect(q('bulk-scope')?.textContent).toBe('1 selected');
  });

  it('backs up everything regardless of filters', async () => {
    const list = many(3, 2);
    const api = fakeApi();
    await mount(list, api);
    await click(q('filter-color-blue'));
    await click(q('backup-button'));
    expect(vi.mocked(api.exportJson).mock.calls[0]?.[0]).toHaveLength(6);
  });

  it('deletes the selection and undoes it', async () => {
    const list = many(2, 2);
    const api = fakeApi({ remove: vi.fn(async (ids: string[]) => list.filter((a) => ids.includes(a.id))) });
    await mount(list, api);
    await click(q('select-all'));
    await click(q('delete-selected'));
    expect(vi.mocked(api.remove).mock.calls[0]?.[0]).toHaveLength(4);
    expect(q('toast')?.textContent).toContain('Deleted 4 annotations');
    await click(q('undo'));
    expect(vi.mocked(api.restore).mock.calls[0]?.[0]).toHaveLength(4);
  });

  it('edits inline and saves note, colour and tags', async () => {
    const list = many(1, 1);
    const api = fakeApi();
    await mount(list, api);
    await click(q('item-edit'));
    const note = q('edit-note') as HTMLTextAreaElement;
    const tags = q('edit-tags') as HTMLInputElement;
    await act(async () => {
      note.value = '改过的笔记';
      note.dispatchEvent(new Event('input', { bubbles: true }));
      tags.value = '#甲，乙 甲';
      tags.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(host.querySelector('[data-testid="library-editor"] [data-testid="filter-color-green"]'));
    await click(q('edit-save'));
    expect(api.update).toHaveBeenCalledWith(list[0]?.id, {
      note: '改过的笔记',
      color: 'green',
      tags: ['甲', '乙'],
    });
    expect(q('library-editor')).toBeNull();
  });

  it('searches through the api and keeps only hits, best first, with marks', async () => {
    const list = many(3, 2);
    const hit = list.find((a) => a.id === 's2-i0') as Annotation;
    const api = fakeApi({
      search: vi.fn(async () => ({ hits: [{ annotation: hit, matches: ['笔记'] }], degraded: true })),
    });
    await mount(list, api);
    const input = q('library-search') as HTMLInputElement;
    await act(async () => {
      input.value = '笔记';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle();
    expect(all('library-item').map((li) => li.dataset.id)).toEqual(['s2-i0']);
    expect(host.querySelector('mark')?.textContent).toBe('笔记');
    expect(q('degraded-hint')).not.toBeNull();
  });

  it('says how many match in all, passes its filters to the search, and loads the next page', async () => {
    const list = many(4, 30);
    const search = vi.fn(async (_query: string, options: LibrarySearchOptions) => {
      const shown = new Set(options.shown);
      const hits = list
        .filter((a) => !shown.has(a.id) && (!options.color || a.color === options.color))
        .slice(0, 50)
        .map((annotation) => ({ annotation, matches: ['段'] }));
      return { hits, degraded: false, total: options.color ? 60 : 2_242, totalExact: !options.color };
    });
    await mount(list, fakeApi({ search }));
    const input = q('library-search') as HTMLInputElement;
    await act(async () => {
      input.value = '段';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle();
    expect(q('bulk-scope')?.textContent).toBe('Showing 50 of 2,242 matches');
    expect(all('library-item')).toHaveLength(50);
    await click(q('library-load-more'));
    expect(search).toHaveBeenLastCalledWith(
      '段',
      expect.objectContaining({ shown: list.slice(0, 50).map((a) => a.id) }),
    );
    expect(q('bulk-scope')?.textContent).toBe('Showing 100 of 2,242 matches');
    await click(q('library-load-more'));
    await click(q('library-load-more'));
    // the api had only 120 after all: nothing more to load
    expect(q('bulk-scope')?.textContent).toBe('Showing 120 of 2,242 matches');
    expect(q('library-load-more')).toBeNull();
    // a colour narrows the search itself, so its total is the colour's; an estimate says so
    await click(q('filter-color-blue'));
    expect(search).toHaveBeenLastCalledWith('段', expect.objectContaining({ color: 'blue' }));
    expect(q('bulk-scope')?.textContent).toBe('Showing 50 of about 60 matches');
  });

  it('shows restore progress, then the result', async () => {
    let progress: (done: number, total: number) => void = () => {};
    let finish: () => void = () => {};
    const api = fakeApi({
      restoreBackup: vi.fn(
        (_file: File, onProgress: (done: number, total: number) => void) =>
          new Promise<RestoreResult>((resolve) => {
            progress = onProgress;
            finish = () => resolve({ added: 3, updated: 1, skipped: 0 });
          }),
      ),
    });
    await mount(many(1, 1), api);
    const input = q('restore-input') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['{}'], 'backup.json')] });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(async () => progress(2, 4));
    expect((q('restore-progress') as HTMLProgressElement).value).toBe(2);
    expect(q('restore-status')?.textContent).toContain('2 / 4');
    await act(async () => finish());
    await settle();
    expect(q('restore-message')?.textContent).toContain('Restored: 3 added, 1 updated, 0 skipped.');
  });

  it('says clearly when a restore fails and nothing was written', async () => {
    const api = fakeApi({
      restoreBackup: vi.fn(async () => {
        throw new Error('Item 3 has no target');
      }),
    });
    await mount(many(1, 1), api);
    const input = q('restore-input') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['{}'], 'backup.json')] });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    const message = q('restore-message');
    expect(message?.getAttribute('role')).toBe('alert');
    expect(message?.textContent).toContain('nothing was written: Item 3 has no target');
  });

  it('asks before clearing everything', async () => {
    const list = many(2, 2);
    const api = fakeApi();
    await mount(list, api);
    await click(q('clear-all'));
    expect(api.remove).not.toHaveBeenCalled();
    expect(q('clear-all-dialog')?.textContent).toContain('Delete all 4 annotations?');
    await click(q('clear-all-confirm'));
    expect(vi.mocked(api.remove).mock.calls[0]?.[0]).toHaveLength(4);
  });

  it('"/" focuses the search box, but not while typing elsewhere', async () => {
    await mount(many(1, 1), fakeApi());
    await act(async () => {
      document.body.dispatchEvent(
        new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true }),
      );
    });
    expect(document.activeElement).toBe(q('library-search'));
    await click(q('item-edit'));
    const note = q('edit-note') as HTMLTextAreaElement;
    note.focus();
    const typed = new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true });
    await act(async () => {
      note.dispatchEvent(typed);
    });
    expect(typed.defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(note);
  });

  it('lists the first screen while the rest is read; counts and whole-library actions wait for it', async () => {
    const everything = many(30, 4);
    const api = fakeApi();
    const show = async (annotations: Annotation[], complete: boolean) => {
      await act(async () => {
        render(
          <Library
            t={t}
            locale="en"
            annotations={annotations}
            complete={complete}
            api={api}
            debounceMs={0}
          />,
          host,
        );
      });
      await settle();
    };
    await show(everything.slice(0, 12), false);
    expect(all('library-item').length).toBe(12);
    expect(q('library-summary')?.textContent).toBe('');
    expect(q('bulk-scope')?.textContent).toBe('');
    expect(q('library-empty')).toBeNull();
    for (const id of ['backup-button', 'clear-all', 'select-all', 'export-markdown'])
      expect((q(id) as HTMLButtonElement).disabled).toBe(true);

    await show(everything, true);
    expect(q('library-summary')?.textContent).toBe('120 annotations · 30 sources');
    await click(q('select-all'));
    expect(q('bulk-scope')?.textContent).toContain('120');
  });

  it('mounts a long first step a few dozen cards a task, not all in one', async () => {
    const list = many(GROUPS_PER_STEP, 40);
    await act(async () => {
      render(<Library t={t} locale="en" annotations={list} api={fakeApi()} debounceMs={0} />, host);
    });
    expect(all('library-item').length).toBeLessThanOrEqual(CARDS_PER_TASK);
    expect(all('library-item').length).toBeGreaterThan(0);
    // Nothing to show more of while the step is still mounting.
    expect(host.querySelector('.library__more')).toBeNull();
    for (let round = 0; round < 10; round++) await settle();
    expect(all('library-item')).toHaveLength(GROUPS_PER_STEP * 40);
    expect(all('library-group')).toHaveLength(GROUPS_PER_STEP);
  });
});
