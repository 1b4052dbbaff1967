// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '@/components/popup/Popup';
import type { PageContext, PopupApi } from '@/components/popup/types';
import { popupReads } from '@/lib/browser/popup-reads';
import { type Annotation, type MeipiDatabase, openDatabase, putAnnotations } from '@/lib/db';
import { openDirectReader } from '@/lib/db/direct-read';
import { translator } from '../components/common/catalogue';
import { host, settle, useRenderHost } from '../components/render-host';

const t = translator('en');
const PAGE = 'https://example.com/a';

const stored = (n: number, source: string): Annotation => ({
  id: `id-${n}`,
  source,
  title: 'Page',
  quote: `quote ${n}`,
  selectors: [],
  color: 'yellow',
  note: '',
  tags: [],
  createdAt: 1_700_000_000_000 + n,
  updatedAt: 1_700_000_000_000 + n,
});

const fromBackground = stored(7, 'https://example.com/from-background');

function popupApi(reads: Pick<PopupApi, 'listPage' | 'recent'>, page: PageContext): PopupApi {
  const never = () => new Promise<never>(() => {});
  return {
    currentPage: async () => page,
    anchorStatus: never,
    grantSiteAccess: never,
    search: never,
    create: never,
    open: never,
    exportMarkdown: never,
    copyMarkdown: never,
    openLibrary: () => {},
    openReader: () => {},
    openPdf: () => {},
    close: () => {},
    onChanged: () => () => {},
    ...reads,
  };
}

async function mount(api: PopupApi) {
  await act(async () => {
    render(<Popup t={t} locale="en" api={api} />, host);
  });
  // The reads are real IndexedDB requests: give them a moment, not just a tick.
  for (let i = 0; i < 5; i++) {
    await settle();
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
}

const ids = (section: string) =>
  [...host.querySelectorAll<HTMLElement>(`[data-section="${section}"] [data-testid="annotation-item"]`)].map(
    (item) => item.dataset.id,
  );

useRenderHost();

describe('the popup reads its first cards', () => {
  let name: string;
  let db: MeipiDatabase;
  const ask = vi.fn(async (type: string) => (type === 'annotations/recent' ? [fromBackground] : []));
  beforeEach(() => {
    name = `popup-${crypto.randomUUID()}`;
    ask.mockClear();
  });
  afterEach(async () => {
    await db?.delete();
  });

  it('from the database, sending no message', async () => {
    db = openDatabase(name);
    await putAnnotations(db, [stored(1, PAGE), stored(2, 'https://example.com/b'), stored(3, PAGE)]);
    const page: PageContext = { kind: 'page', source: PAGE, title: 'Page', reader: false };
    await mount(popupApi(popupReads(openDirectReader(name), ask as never), page));
    expect(ids('page')).toEqual(['id-1', 'id-3']);
    expect(ids('recent')).toEqual(['id-2']);
    expect(ask).not.toHaveBeenCalled();
  });

  it('from the background when there is no database yet', async () => {
    await mount(popupApi(popupReads(openDirectReader(name), ask as never), { kind: 'none' }));
    expect(ids('recent')).toEqual([fromBackground.id]);
    expect(ask).toHaveBeenCalledWith('annotations/recent', { limit: 30 });
    expect((await indexedDB.databases()).some((d) => d.name === name)).toBe(false);
  });
});
