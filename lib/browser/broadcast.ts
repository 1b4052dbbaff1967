import type { PageChange } from '../messaging/protocol';
import type { SenderInfo } from '../messaging/router';
import { pageKindOf } from '../service/page-context';

/** The browser calls broadcasting needs (`browser` in the extension; a fake under unit tests). */
export interface BroadcastBrowser {
  tabs: {
    query(filter: object): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
  runtime: { sendMessage(message: unknown): Promise<unknown>; getURL(path: string): string };
}

const pageChanged = (change: PageChange) => ({ type: 'page/changed', payload: change }) as const;

/**
 * Sends `page/changed` to every tab whose page has a change (`changeFor` its source), except the
 * sender's tab: the view that wrote applied the result already. Web pages hear it in their content
 * script; a reader tab (an extension page) hears runtime broadcasts. A tab without our content
 * script (still loading, or restricted) simply doesn't answer.
 */
export async function notifyTabs(
  api: BroadcastBrowser,
  changeFor: (source: string) => PageChange | undefined,
  sender: SenderInfo = {},
  { readers = true } = {},
): Promise<void> {
  const readerBase = api.runtime.getURL('/reader.html');
  for (const tab of await api.tabs.query({})) {
    if (tab.id === undefined || tab.id === sender.tabId) continue;
    const page = pageKindOf(tab.url, '', readerBase);
    if (page.kind !== 'page' || (page.reader && !readers)) continue;
    const change = changeFor(page.source);
    if (!change) continue;
    const sent = page.reader
      ? api.runtime.sendMessage(pageChanged(change))
      : api.tabs.sendMessage(tab.id, pageChanged(change));
    sent.catch(() => {});
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
  // The runtime broadcast above already reached the readers.
  await notifyTabs(api, (source) => (source === change.source ? change : undefined), sender, {
    readers: false,
  });
}
