import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: never[]) => void;

/** The slice of `browser` the menus use: listeners are kept so the test can fire them. */
const fake = vi.hoisted(() => {
  const listeners = new Map<string, Listener>();
  const on = (name: string) => ({ addListener: (listener: Listener) => listeners.set(name, listener) });
  const stored: Record<string, unknown> = {};
  return {
    listeners,
    stored,
    browser: {
      runtime: { onInstalled: on('installed'), getURL: (path: string) => `chrome-extension://meipi${path}` },
      contextMenus: {
        onClicked: on('menu'),
        removeAll: vi.fn(async () => {}),
        create: vi.fn(),
      },
      commands: { onCommand: on('command') },
      i18n: { getMessage: (key: string) => key },
      storage: {
        local: {
          get: async (key: string) => ({ [key]: stored[key] }),
          set: async (items: Record<string, unknown>) => Object.assign(stored, items),
        },
      },
      tabs: {
        create: vi.fn(async () => ({})),
        onUpdated: on('updated'),
        sendMessage: vi.fn(async (_tabId: number, _message: unknown, _options?: { frameId: number }) => ({
          ok: true,
          value: { handled: true },
        })),
      },
    },
  };
});
vi.mock('wxt/browser', () => ({ browser: fake.browser }));

const { installHighlightMenus } = await import('../../../lib/browser/menus');
const { rememberColor } = await import('../../../lib/browser/last-color');

const fire = (name: string, ...args: unknown[]) =>
  (fake.listeners.get(name) as ((...a: unknown[]) => void) | undefined)?.(...args);
const sent = () => vi.mocked(fake.browser.tabs.sendMessage).mock.calls;

describe('the context menu and the keyboard command', () => {
  beforeEach(() => {
    fake.listeners.clear();
    for (const key of Object.keys(fake.stored)) delete fake.stored[key];
    vi.mocked(fake.browser.tabs.sendMessage).mockClear();
    installHighlightMenus();
  });

  it('creates both selection menu items and the one on links to PDFs on install', async () => {
    fire('installed');
    await vi.waitFor(() => expect(fake.browser.contextMenus.create).toHaveBeenCalledTimes(3));
    expect(vi.mocked(fake.browser.contextMenus.create).mock.calls.map(([item]) => item)).toEqual([
      { id: 'meipi-highlight', title: 'menuHighlight', contexts: ['selection'] },
      { id: 'meipi-highlight-note', title: 'menuHighlightWithNote', contexts: ['selection'] },
      {
        id: 'meipi-open-pdf',
        title: 'menuOpenPdf',
        contexts: ['link'],
        targetUrlPatterns: expect.arrayContaining(['*://*/*.pdf', 'file:///*.pdf']),
      },
    ]);
  });

  it('the entry on a link to a PDF opens the link in the PDF viewer, in a tab beside the page', async () => {
    fire(
      'menu',
      { menuItemId: 'meipi-open-pdf', linkUrl: 'https://a.example/论文.pdf' },
      { id: 7, index: 2 },
    );
    await vi.waitFor(() => expect(fake.browser.tabs.create).toHaveBeenCalledTimes(1));
    expect(fake.browser.tabs.create).toHaveBeenCalledWith({
      url: `chrome-extension://meipi/pdf.html?file=${encodeURIComponent('https://a.example/论文.pdf')}`,
      index: 3,
      openerTabId: 7,
    });
    expect(sent()).toHaveLength(0);
  });

  it('highlights in the last colour saved, in the frame the menu was opened in', async () => {
    rememberColor({ color: 'green' });
    fire('menu', { menuItemId: 'meipi-highlight-note', frameId: 3 }, { id: 7 });
    await vi.waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual([
      7,
      { type: 'page/highlight-selection', payload: { color: 'green', withNote: true } },
      { frameId: 3 },
    ]);
  });

  it('the command highlights without a note, in yellow until a colour was used', async () => {
    fire('command', 'highlight-selection', { id: 9 });
    fire('command', 'some-other-command', { id: 9 });
    await vi.waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual([
      9,
      { type: 'page/highlight-selection', payload: { color: 'yellow', withNote: false } },
      undefined,
    ]);
  });

  it('ignores a stored value that is not a colour', async () => {
    fake.stored.lastColor = 'chartreuse';
    fire('menu', { menuItemId: 'meipi-highlight', frameId: 0 }, { id: 4 });
    await vi.waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]?.[1]).toEqual({
      type: 'page/highlight-selection',
      payload: { color: 'yellow', withNote: false },
    });
  });
});
