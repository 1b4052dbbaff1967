import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The slice of `browser` the popup's view of the active tab uses. */
const fake = vi.hoisted(() => ({
  allowed: true,
  tab: { id: 3, active: true } as { id: number; active: boolean; url?: string; title?: string },
  contains: vi.fn(),
  request: vi.fn(async () => true),
  reload: vi.fn(async () => {}),
}));
vi.mock('wxt/browser', () => ({
  browser: {
    permissions: {
      contains: (query: { origins: string[] }) => {
        fake.contains(query);
        return Promise.resolve(fake.allowed);
      },
      request: fake.request,
    },
    tabs: {
      query: async () => [fake.tab],
      getCurrent: async () => ({ id: 9 }),
      reload: fake.reload,
    },
    storage: { session: { get: async () => ({}) } },
    runtime: { getURL: (path: string) => `moz-extension://meipi${path}` },
  },
}));

const { activeTab } = await import('../../../lib/browser/active-tab');
const { grantSiteAccess } = await import('../../../lib/browser/site-access');

beforeEach(() => {
  vi.clearAllMocks();
  fake.allowed = true;
  fake.tab = { id: 3, active: true };
});

describe('a tab whose URL the browser hides from the popup', () => {
  it('is a page Meipi has no access to when its access to websites was taken away', async () => {
    fake.allowed = false;
    expect(await activeTab()).toEqual({ context: { kind: 'no-access' }, tabId: 3 });
    expect(fake.contains).toHaveBeenCalledWith({ origins: ['http://*/*', 'https://*/*'] });
  });

  it('is one of the browser’s own pages otherwise', async () => {
    expect((await activeTab()).context).toEqual({ kind: 'unsupported' });
  });

  it('is not asked about when the URL is there', async () => {
    fake.tab = { id: 3, active: true, url: 'https://example.com/a', title: 'A' };
    expect((await activeTab()).context).toMatchObject({ kind: 'page', source: 'https://example.com/a' });
    expect(fake.contains).not.toHaveBeenCalled();
  });
});

describe('grantSiteAccess', () => {
  it('asks for every website and reloads the tab once given; nothing more when refused', async () => {
    expect(await grantSiteAccess(7)).toBe(true);
    expect(fake.request).toHaveBeenCalledWith({ origins: ['http://*/*', 'https://*/*'] });
    expect(fake.reload).toHaveBeenCalledWith(7);
    fake.request.mockResolvedValueOnce(false);
    fake.reload.mockClear();
    expect(await grantSiteAccess(7)).toBe(false);
    expect(fake.reload).not.toHaveBeenCalled();
  });
});
