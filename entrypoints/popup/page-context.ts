import type { PageContext } from '@/components/popup/types';
import { articleUri, normaliseUrl } from '@/lib/db/source';
import { toTab } from './browser-env';

/** Pages whose content Chrome never lets an extension script: nothing can be annotated there. */
const CLOSED_HOSTS = ['chromewebstore.google.com', 'chrome.google.com', 'microsoftedge.microsoft.com'];
const ASK_TIMEOUT_MS = 1_500;

function looksLikePdf(url: URL): boolean {
  return /\.pdf$/i.test(url.pathname);
}

/**
 * What the active tab is. The tab's content script is the authority (it knows the source it
 * stores under and which highlights it could not place); without one, the URL tells whether the
 * page is merely not loaded yet or closed to extensions.
 */
export async function currentPageContext(): Promise<PageContext> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const self = await browser.tabs.getCurrent().catch(() => undefined);
  // Opened as a tab of its own (not as the toolbar popup): there is no "current page".
  if (!tab || tab.id === undefined || (self && self.id === tab.id)) return { kind: 'none' };

  const status = await Promise.race([
    toTab(tab.id)('page/anchor-status', {}).catch(() => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ASK_TIMEOUT_MS)),
  ]);
  const title = tab.title ?? '';
  if (status) return { kind: 'page', source: status.source, title, orphanIds: status.orphanIds };

  if (!tab.url) return { kind: 'unsupported' };
  const readerBase = browser.runtime.getURL('/reader.html');
  if (tab.url.startsWith(readerBase)) {
    const article = new URL(tab.url).searchParams.get('article');
    // The reader places every highlight on its own bundled text: no orphans to report.
    return article ? { kind: 'page', source: articleUri(article), title, orphanIds: [] } : { kind: 'none' };
  }
  const source = normaliseUrl(tab.url);
  const url = new URL(tab.url);
  if (!source || CLOSED_HOSTS.includes(url.host) || looksLikePdf(url)) return { kind: 'unsupported' };
  return { kind: 'page', source, title, orphanIds: null };
}
