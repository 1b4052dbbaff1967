import { browser } from 'wxt/browser';
import type { AnchorStatus, PageContext } from '../../components/popup/types';
import { pageKindOf } from '../service/page-context';
import { toTab } from './env';
import { showsPdf } from './pdf-tabs';
import { hasWebsiteAccess } from './site-access';

/** Anchoring a very long page can take a while; past this the popup makes no claim about orphans. */
const ASK_TIMEOUT_MS = 5_000;

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
  if (!tab || tab.id === undefined) return { context: { kind: 'none' } };
  // Both at once: popup start-up waits on this. A PDF under a URL that doesn't say so (arXiv's
  // /pdf/2401.01234) is known by its response type, remembered by the background.
  const [self, pdf] = await Promise.all([
    browser.tabs.getCurrent().catch(() => undefined),
    showsPdf(tab.id, tab.url).catch(() => false),
  ]);
  if (self && self.id === tab.id) return { context: { kind: 'none' } };
  // Without the `tabs` permission a browser hides the URLs of pages Meipi has no access to: the
  // browser's own pages, and every site once the reader took its access to websites away.
  if (!tab.url)
    return { context: { kind: (await hasWebsiteAccess()) ? 'unsupported' : 'no-access' }, tabId: tab.id };
  let context = pageKindOf(tab.url, tab.title ?? '', browser.runtime.getURL('/reader.html'));
  if (context.kind === 'page' && !context.reader && tab.url && pdf) {
    context = { kind: 'pdf', url: tab.url };
  }
  return context.kind === 'none' ? { context } : { context, tabId: tab.id };
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
