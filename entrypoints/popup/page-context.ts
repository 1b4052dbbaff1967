import type { AnchorStatus, PageContext } from '@/components/popup/types';
import { articleUri, normaliseUrl } from '@/lib/db/source';
import { toTab } from './browser-env';

/** Pages whose content Chrome never lets an extension script: nothing can be annotated there. */
const CLOSED_HOSTS = ['chromewebstore.google.com', 'chrome.google.com', 'microsoftedge.microsoft.com'];
/** Anchoring a very long page can take a while; past this the popup makes no claim about orphans. */
const ASK_TIMEOUT_MS = 5_000;

function isClosedPage(url: URL): boolean {
  return CLOSED_HOSTS.includes(url.host) || /\.pdf$/i.test(url.pathname);
}

/** The active tab, remembered for asking its content script. */
export interface ActiveTab {
  context: PageContext;
  tabId?: number;
}

/**
 * What the active tab is, from its URL alone (instant): a web page, a bundled article in the
 * reader, a page closed to extensions (chrome://, the Web Store, a PDF viewer, about:blank), or
 * nothing — when popup.html is open as a tab of its own.
 */
export async function activeTab(): Promise<ActiveTab> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const self = await browser.tabs.getCurrent().catch(() => undefined);
  if (!tab || tab.id === undefined || (self && self.id === tab.id)) return { context: { kind: 'none' } };
  const title = tab.title ?? '';
  // Without the `tabs` permission Chrome hides URLs of pages we have no host access to.
  if (!tab.url) return { context: { kind: 'unsupported' }, tabId: tab.id };

  const readerBase = browser.runtime.getURL('/reader.html');
  if (tab.url.startsWith(readerBase)) {
    const article = new URL(tab.url).searchParams.get('article');
    return article
      ? { context: { kind: 'page', source: articleUri(article), title, reader: true }, tabId: tab.id }
      : { context: { kind: 'none' } };
  }
  const source = normaliseUrl(tab.url);
  if (!source || isClosedPage(new URL(tab.url))) return { context: { kind: 'unsupported' }, tabId: tab.id };
  return { context: { kind: 'page', source, title, reader: false }, tabId: tab.id };
}

/** Asks the tab's content script which of its highlights couldn't be placed. */
export async function anchorStatusOf(tabId: number | undefined): Promise<AnchorStatus> {
  if (tabId === undefined) return { state: 'unknown' };
  const answer = toTab(tabId)('page/anchor-status', {}).then(
    ({ orphanIds }): AnchorStatus => ({ state: 'running', orphanIds }),
    (): AnchorStatus => ({ state: 'absent' }),
  );
  const timeout = new Promise<AnchorStatus>((resolve) =>
    setTimeout(() => resolve({ state: 'unknown' }), ASK_TIMEOUT_MS),
  );
  return Promise.race([answer, timeout]);
}
