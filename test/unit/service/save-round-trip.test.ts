// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type Annotator,
  createAnnotator,
  domAnchoring,
  messengerStore,
  pageMessageHandlers,
} from '@/lib/annotator';
import { type BroadcastBrowser, broadcastChange } from '@/lib/browser/broadcast';
import { type MeipiDatabase, openDatabase } from '@/lib/db';
import { createFakeHighlightApi, createPainter } from '@/lib/highlight';
import {
  type BackgroundMessages,
  createMessenger,
  createRouter,
  createTabRouter,
  type Route,
} from '@/lib/messaging';
import { createServiceHandlers } from '@/lib/service';
import { testEnvironment } from './test-environment';

const PAGE = 'https://example.com/story';
const COLOR_HIGHLIGHT = /^meipi-(yellow|green|blue|pink|purple)$/;
const TEXT = '四合院的门墩上落满了金黄的银杏叶，孩子们踩着落叶跑过，发出清脆的沙沙声。';

/** One browser tab: a page with its own annotator, wired like the content script. */
interface Tab {
  id: number;
  url: string;
  annotator: Annotator;
  route: Route;
  /** Selector lists handed to anchorAll, one entry per call. */
  anchored: number[];
  painted: () => number;
}

describe('a save is one round trip', () => {
  let db: MeipiDatabase;
  let background: Route;
  let tabs: Tab[];
  /** Every message that crossed a boundary, in order. */
  let log: string[];

  const fakeBrowser: BroadcastBrowser = {
    tabs: {
      query: async () => tabs.map(({ id, url }) => ({ id, url })),
      async sendMessage(tabId, message) {
        log.push(`background → tab ${tabId}: ${(message as { type: string }).type}`);
        return tabs.find((tab) => tab.id === tabId)?.route(message, {});
      },
    },
    runtime: {
      async sendMessage(message) {
        log.push(`background → pages: ${(message as { type: string }).type}`);
      },
      getURL: (path) => `chrome-extension://meipi${path}`,
    },
  };

  function openTab(id: number, url: string): Tab {
    const root = document.createElement('article');
    const p = document.createElement('p');
    p.textContent = TEXT;
    root.append(p);
    document.body.append(root);
    const send = createMessenger<BackgroundMessages>((message) => {
      log.push(`tab ${id} → background: ${message.type}`);
      return background(message, { tabId: id, frameId: 0, url });
    });
    const anchored: number[] = [];
    const api = createFakeHighlightApi();
    const annotator = createAnnotator({
      root,
      source: url,
      title: '报道',
      store: messengerStore(send),
      anchoring: {
        describe: domAnchoring.describe,
        anchorAll: (r, lists) => {
          anchored.push(lists.length);
          return domAnchoring.anchorAll(r, lists);
        },
      },
      loadUi: () => {
        throw new Error('no UI in this test');
      },
      painter: createPainter({ api }),
    });
    const route = createTabRouter(pageMessageHandlers(annotator, async () => {}));
    const painted = () =>
      api
        .names()
        .filter((name) => COLOR_HIGHLIGHT.test(name))
        .reduce((sum, name) => sum + (api.registry.get(name)?.size ?? 0), 0);
    return { id, url, annotator, route, anchored, painted };
  }

  function selectIn(tab: Tab, quote: string): void {
    const text = tab.annotator.root.querySelector('p')?.firstChild as Text;
    const range = document.createRange();
    const at = TEXT.indexOf(quote);
    range.setStart(text, at);
    range.setEnd(text, at + quote.length);
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
  }

  beforeEach(async () => {
    document.body.replaceChildren();
    db = openDatabase(`round-trip-${crypto.randomUUID()}`);
    background = createRouter(
      createServiceHandlers(
        testEnvironment(db, {
          notifyChanged: (change, sender) => void broadcastChange(fakeBrowser, change, sender),
        }),
      ),
    );
    tabs = [openTab(1, PAGE), openTab(2, PAGE), openTab(3, 'https://example.com/other')];
    log = [];
    // One highlight already on the page, loaded in both tabs.
    selectIn(tabs[0] as Tab, '门墩');
    await tabs[0]?.annotator.saveSelection({ color: 'green' });
    await vi.waitFor(() => expect(tabs[1]?.annotator.annotations()).toHaveLength(1));
    for (const tab of tabs) {
      await tab.annotator.load();
      tab.anchored.length = 0;
    }
    log = [];
  });

  afterEach(async () => {
    for (const tab of tabs) tab.annotator.destroy();
    document.getSelection()?.removeAllRanges();
    await db.delete();
  });

  it('the saving tab sends one create and hears nothing back; the other tab anchors only the new one', async () => {
    const [saving, other, elsewhere] = tabs as [Tab, Tab, Tab];
    selectIn(saving, '银杏叶');
    const created = await saving.annotator.saveSelection({ color: 'blue' });
    await vi.waitFor(() => expect(other.annotator.get(created?.id ?? '')).toBeDefined());

    expect(log.filter((line) => line.includes('tab 1'))).toEqual(['tab 1 → background: annotations/create']);
    expect(saving.anchored).toEqual([]); // no list, no re-anchoring pass
    expect(saving.painted()).toBe(2);

    expect(log).toContain('background → tab 2: page/changed');
    expect(log.filter((line) => line.startsWith('tab 2'))).toEqual([]); // it did not re-list
    expect(other.anchored).toEqual([1]);
    expect(other.painted()).toBe(2);

    expect(log.filter((line) => line.includes('tab 3'))).toEqual([]);
    expect(elsewhere.anchored).toEqual([]);
    expect(log.filter((line) => line.includes('pages'))).toEqual(['background → pages: page/changed']);
  });

  it('a delete only unpaints in the other tab, and a new colour repaints without anchoring', async () => {
    const [first, second] = tabs as [Tab, Tab];
    const [existing] = first.annotator.annotations();
    await second.annotator.update(existing?.id ?? '', { color: 'pink' });
    await vi.waitFor(() => expect(first.annotator.get(existing?.id ?? '')?.color).toBe('pink'));
    await second.annotator.remove(existing?.id ?? '');
    await vi.waitFor(() => expect(first.annotator.annotations()).toEqual([]));

    expect(first.anchored).toEqual([]);
    expect(second.anchored).toEqual([]);
    expect(first.painted()).toBe(0);
    expect(log.filter((line) => line.startsWith('tab 1'))).toEqual([]);
    expect(log.filter((line) => line.includes('→ tab 2'))).toEqual([]);
  });
});
