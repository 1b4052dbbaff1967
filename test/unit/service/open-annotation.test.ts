import { describe, expect, it, vi } from 'vitest';
import type { Annotation } from '@/lib/db/types';
import { type NavigatorDeps, openAnnotation, passageUrl, type TabInfo } from '@/lib/service/open-annotation';

const BASE = 'chrome-extension://abc/';

function annotation(patch: Partial<Annotation>): Annotation {
  return {
    id: '6f1c7f4e-0000-4000-8000-000000000001',
    source: 'https://example.com/news?id=7',
    title: 'News',
    quote: '秋天总是好的',
    selectors: [{ type: 'TextQuoteSelector', exact: '秋天总是好的' }],
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  };
}

function deps(tabs: TabInfo[], focusAnswers: Array<boolean | Error> = [true]) {
  const calls: string[] = [];
  const answers = [...focusAnswers];
  const d: NavigatorDeps = {
    extensionBase: BASE,
    allTabs: vi.fn(async () => tabs),
    createTab: vi.fn(async (url: string) => {
      calls.push(`create ${url}`);
      return { id: 99, url };
    }),
    activateTab: vi.fn(async (tab: TabInfo, url?: string) => {
      calls.push(`activate ${tab.id}${url ? ` ${url}` : ''}`);
    }),
    waitForLoad: vi.fn(async (tabId: number) => {
      calls.push(`load ${tabId}`);
    }),
    focus: vi.fn(async (tabId: number, id: string) => {
      calls.push(`focus ${tabId} ${id}`);
      const answer = answers.shift() ?? true;
      if (answer instanceof Error) throw answer;
      return answer;
    }),
    sleep: vi.fn(async () => {}),
  };
  return { d, calls };
}

describe('openAnnotation', () => {
  it('opens a bundled article in the reader at the annotation', async () => {
    const a = annotation({ source: 'meipi:article/chengdu-2021' });
    const { d, calls } = deps([]);
    await openAnnotation(a, d);
    expect(calls).toEqual([`create ${BASE}reader.html?article=chengdu-2021&annotation=${a.id}`]);
  });

  it('reuses a reader tab already showing that article', async () => {
    const a = annotation({ source: 'meipi:article/chengdu-2021' });
    const { d, calls } = deps([
      { id: 3, url: `${BASE}reader.html?article=other` },
      { id: 4, url: `${BASE}reader.html?article=chengdu-2021` },
    ]);
    await openAnnotation(a, d);
    expect(calls).toEqual([`activate 4 ${BASE}reader.html?article=chengdu-2021&annotation=${a.id}`]);
  });

  it('opens a PDF annotation in the PDF viewer at the passage, in a viewer tab already showing the file', async () => {
    const pdf = annotation({
      source: 'https://example.com/paper.pdf',
      selectors: [
        { type: 'TextQuoteSelector', exact: '秋天总是好的' },
        { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: 'page=3' },
        { type: 'meipi:PdfDocument', fingerprint: 'abc123' },
      ],
    });
    const at = `${BASE}pdf.html?file=${encodeURIComponent('https://example.com/paper.pdf')}&annotation=${pdf.id}`;
    const fresh = deps([{ id: 5, url: 'https://example.com/paper.pdf' }]);
    await openAnnotation(pdf, fresh.d);
    expect(fresh.calls).toEqual([`create ${at}`]);

    const viewing = `${BASE}pdf.html?file=${encodeURIComponent('https://example.com/paper.pdf#page=2')}`;
    const reused = deps([{ id: 6, url: viewing }]);
    await openAnnotation(pdf, reused.d);
    expect(reused.calls).toEqual([`activate 6 ${at}`]);

    // A dropped file has no URL to fetch again: the viewer opens on its "drop a PDF here".
    const dropped = deps([]);
    await openAnnotation({ ...pdf, source: 'urn:x-pdf:abc123' }, dropped.d);
    expect(dropped.calls).toEqual([`create ${BASE}pdf.html`]);
  });

  it('focuses the passage in a tab already showing the page (same normalised URL), before activating it', async () => {
    const a = annotation({});
    const { d, calls } = deps([
      { id: 1, url: 'https://example.com/other' },
      { id: 2, url: 'https://example.com/news?utm_source=x&id=7#section' },
    ]);
    await openAnnotation(a, d);
    expect(calls).toEqual([`focus 2 ${a.id}`, 'activate 2']);
  });

  it('opens a new tab at the passage, waits for it to load, and retries focus while the page starts', async () => {
    const a = annotation({});
    const { d, calls } = deps([], [new Error('no receiver'), false, true]);
    await openAnnotation(a, d);
    expect(calls[0]).toBe(`create ${passageUrl(a)}`);
    expect(calls[1]).toBe('load 99');
    expect(calls.slice(2)).toEqual([`focus 99 ${a.id}`, `focus 99 ${a.id}`, `focus 99 ${a.id}`]);
  });

  it('gives up focusing after a few attempts', async () => {
    const a = annotation({});
    const { d } = deps(
      [],
      Array.from({ length: 20 }, () => new Error('no receiver')),
    );
    await openAnnotation(a, d);
    expect(vi.mocked(d.focus).mock.calls.length).toBeLessThanOrEqual(8);
  });

  it('links the passage for the content script and for Chrome’s text fragments', () => {
    const url = passageUrl(annotation({ source: 'https://example.com/news#top' }));
    expect(
      url.startsWith('https://example.com/news#meipi=6f1c7f4e-0000-4000-8000-000000000001:~:text='),
    ).toBe(true);
  });
});
