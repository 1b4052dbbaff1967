import { describe, expect, it } from 'vitest';
import { type BroadcastBrowser, broadcastChange, notifyTabs } from '@/lib/browser/broadcast';

const BASE = 'chrome-extension://meipi';
function fakeBrowser(tabs: { id: number; url: string }[]) {
  const sent: string[] = [];
  const api: BroadcastBrowser = {
    tabs: {
      query: async () => tabs,
      sendMessage: async (tabId, message) => {
        sent.push(`tab ${tabId}: ${JSON.stringify((message as { payload: unknown }).payload)}`);
      },
    },
    runtime: {
      sendMessage: async (message) => {
        sent.push(`pages: ${JSON.stringify((message as { payload: unknown }).payload)}`);
      },
      getURL: (path) => `${BASE}${path}`,
    },
  };
  return { api, sent };
}
const TABS = [
  { id: 1, url: 'https://a.example/x?utm_source=feed#top' },
  { id: 2, url: `${BASE}/reader.html?article=tianjin` },
  { id: 3, url: 'chrome://settings' },
  { id: 4, url: 'https://b.example/' },
];

describe('notifyTabs', () => {
  it('reaches web pages through their content script and reader tabs through runtime messages', async () => {
    const { api, sent } = fakeBrowser(TABS);
    await notifyTabs(api, (source) => (source === 'https://b.example/' ? undefined : { source }));
    expect(sent).toEqual([
      'tab 1: {"source":"https://a.example/x"}',
      'pages: {"source":"meipi:article/tianjin"}',
    ]);
  });

  it('one write: every extension page once, the other tabs of its page, never the sender', async () => {
    const { api, sent } = fakeBrowser([...TABS, { id: 5, url: 'https://a.example/x' }]);
    await broadcastChange(api, { source: 'https://a.example/x', deletedId: 'gone' }, { tabId: 1 });
    expect(sent).toEqual([
      'pages: {"source":"https://a.example/x","deletedId":"gone"}',
      'tab 5: {"source":"https://a.example/x","deletedId":"gone"}',
    ]);
  });
});
