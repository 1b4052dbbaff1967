import { browser } from 'wxt/browser';
import type { NavigatorDeps } from '../service/open-annotation';
import { toTab } from './env';

/** Tabs, windows and messaging for opening a passage (lib/service/open-annotation.ts). */
export function navigatorDeps(): NavigatorDeps {
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
    focus: async (tabId, id) => (await toTab(tabId)('page/focus', { id })).found,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
