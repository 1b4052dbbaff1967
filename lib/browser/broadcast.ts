import { normaliseUrl } from '../db/source';
import type { PageChange } from '../messaging/protocol';
import type { SenderInfo } from '../messaging/router';

/** The browser calls broadcasting needs (`browser` in the extension; a fake under unit tests). */
export interface BroadcastBrowser {
  tabs: {
    query(filter: object): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

const pageChanged = (change: PageChange) => ({ type: 'page/changed', payload: change }) as const;

/**
 * Sends `page/changed` to the content script of every tab whose page has a change (`changeFor`
 * its normalised URL), except the sender's tab: the view that wrote applied the result already.
 * A tab without our content script (still loading, or restricted) simply doesn't answer.
 */
export async function notifyTabs(
  api: BroadcastBrowser,
  changeFor: (source: string) => PageChange | undefined,
  sender: SenderInfo = {},
): Promise<void> {
  const tabs = await api.tabs.query({});
  for (const tab of tabs) {
    if (tab.id === undefined || tab.id === sender.tabId || !tab.url) continue;
    const source = normaliseUrl(tab.url);
    const change = source ? changeFor(source) : undefined;
    if (change) api.tabs.sendMessage(tab.id, pageChanged(change)).catch(() => {});
  }
}

/**
 * Tells every view of `change.source` about one write: tabs showing it (not the sender's), and the
 * extension pages (popup, library, reader), which hear runtime broadcasts — none open is fine.
 */
export async function broadcastChange(
  api: BroadcastBrowser,
  change: PageChange,
  sender: SenderInfo,
): Promise<void> {
  api.runtime.sendMessage(pageChanged(change)).catch(() => {});
  await notifyTabs(api, (source) => (source === change.source ? change : undefined), sender);
}
