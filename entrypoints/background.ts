import { broadcastChange } from '@/lib/browser/broadcast';
import { type Color, isColor, openDatabase } from '@/lib/db';
import { createMessenger, createRouter, type TabMessages } from '@/lib/messaging';
import { initSegmenter, isSegmenterReady, reindexUnsegmented, searchAnnotations } from '@/lib/search';
import { createServiceHandlers } from '@/lib/service';
import { type NavigatorDeps, openAnnotation } from '@/lib/service/open-annotation';

const LAST_COLOR_KEY = 'lastColor';
const MENU_HIGHLIGHT = 'meipi-highlight';
const MENU_HIGHLIGHT_NOTE = 'meipi-highlight-note';

// A module worker: it shares the storage/search chunk with the extension pages instead of
// carrying its own copy of Dexie and the search engine.
export default defineBackground({
  type: 'module',
  main() {
    const db = openDatabase();

    // jieba's dictionary build takes ~1 s cold: start it now, off the message path. Until it is
    // ready, writes index character terms and searches answer from those (marked degraded).
    let segmenterFailed = false;
    const segmenterReady = initSegmenter(browser.runtime.getURL('/jieba.wasm'), {
      pinyinTableUrl: browser.runtime.getURL('/pinyin.json'),
    }).catch((error: unknown) => {
      segmenterFailed = true;
      console.warn('Meipi: word segmentation unavailable, searching by characters.', error);
    });
    // Index maintenance (re-index rows written before jieba was ready, add words to bulk blocks,
    // compact): at start-up and whenever the library asks, one run at a time.
    let maintenance: Promise<unknown> = Promise.resolve();
    const maintainIndex = (): Promise<number> => {
      const run = maintenance
        .then(() => segmenterReady)
        .then(() => (segmenterFailed ? 0 : reindexUnsegmented(db)));
      maintenance = run.catch((error: unknown) => console.warn('Meipi: index maintenance failed', error));
      return run;
    };
    void maintainIndex().catch(() => {});

    const sendToTab = (tabId: number, frameId?: number) =>
      createMessenger<TabMessages>((message) =>
        browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId }),
      );

    const route = createRouter(
      createServiceHandlers({
        db,
        async search(query, options) {
          const hits = await searchAnnotations(db, query, options);
          const segmenter = segmenterFailed ? 'failed' : isSegmenterReady() ? 'ready' : 'loading';
          return { hits, degraded: segmenter !== 'ready', segmenter };
        },
        async injectContentUi({ tabId, frameId }) {
          if (tabId === undefined) return false;
          await browser.scripting.executeScript({
            target: { tabId, frameIds: [frameId ?? 0] },
            files: ['/content-ui.js'],
          });
          return true;
        },
        notifyChanged: (change, sender) => void broadcastChange(browser, change, sender),
        openAnnotation: (annotation) => openAnnotation(annotation, navigatorDeps()),
        rememberColor: (annotation) => void browser.storage.local.set({ [LAST_COLOR_KEY]: annotation.color }),
        maintainIndex,
      }),
    );

    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      route(message, { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url }).then(sendResponse);
      return true; // answer asynchronously
    });

    async function lastColor(): Promise<Color> {
      const stored = (await browser.storage.local.get(LAST_COLOR_KEY))[LAST_COLOR_KEY];
      return isColor(stored) ? stored : 'yellow';
    }

    async function highlightSelectionIn(tabId: number, frameId: number | undefined, withNote: boolean) {
      const color = await lastColor();
      await sendToTab(tabId, frameId)('page/highlight-selection', { color, withNote }).catch(
        (error: unknown) => console.warn('Meipi: this page has no highlighter (restricted page?)', error),
      );
    }

    browser.runtime.onInstalled.addListener(() => {
      browser.contextMenus.removeAll().then(() => {
        browser.contextMenus.create({
          id: MENU_HIGHLIGHT,
          title: browser.i18n.getMessage('menuHighlight'),
          contexts: ['selection'],
        });
        browser.contextMenus.create({
          id: MENU_HIGHLIGHT_NOTE,
          title: browser.i18n.getMessage('menuHighlightWithNote'),
          contexts: ['selection'],
        });
      });
    });

    browser.contextMenus.onClicked.addListener((info, tab) => {
      if (tab?.id === undefined) return;
      void highlightSelectionIn(tab.id, info.frameId, info.menuItemId === MENU_HIGHLIGHT_NOTE);
    });

    browser.commands.onCommand.addListener((command, tab) => {
      if (command !== 'highlight-selection' || tab?.id === undefined) return;
      void highlightSelectionIn(tab.id, undefined, false);
    });
  },
});

/** Tabs, windows and messaging for opening a passage (lib/service/open-annotation.ts). */
function navigatorDeps(): NavigatorDeps {
  return {
    extensionBase: browser.runtime.getURL('/'),
    allTabs: () => browser.tabs.query({}),
    createTab: (url) => browser.tabs.create({ url, active: true }),
    async activateTab(tab, url) {
      if (tab.id === undefined) return;
      await browser.tabs.update(tab.id, url ? { url, active: true } : { active: true });
      if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    },
    waitForLoad: (tabId, timeoutMs) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          browser.tabs.onUpdated.removeListener(onUpdated);
          resolve();
        };
        const onUpdated = (id: number, change: { status?: string }) => {
          if (id === tabId && change.status === 'complete') done();
        };
        const timer = setTimeout(done, timeoutMs);
        browser.tabs.onUpdated.addListener(onUpdated);
        // It may have finished before we started listening.
        browser.tabs
          .get(tabId)
          .then((tab) => tab.status === 'complete' && done())
          .catch(done);
      }),
    focus: async (tabId, id) =>
      (await createMessenger<TabMessages>((m) => browser.tabs.sendMessage(tabId, m))('page/focus', { id }))
        .found,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
