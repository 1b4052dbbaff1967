import { getAnnotation, type MeipiDatabase } from '../db';
import { normaliseUrl } from '../db/source';
import type { Handlers, MessageType, SenderInfo } from '../messaging';
import { MessageError } from '../messaging';

/**
 * What the background knows of a message's sender from the browser (never from the message):
 * an extension page (popup, library, reader, PDF viewer) or a content script on a web page.
 */
export function describeSender(
  sender: { url?: string; frameId?: number; tab?: { id?: number; url?: string } },
  extensionBase: string,
): SenderInfo {
  const extensionPage = sender.url?.startsWith(extensionBase) === true;
  return {
    tabId: sender.tab?.id,
    frameId: sender.frameId,
    // A top frame's URL as the tab has it now: `sender.url` keeps the document's first URL,
    // while a single-page app's pushState moves the reader (and the bootstrap) to another page.
    url: !extensionPage && sender.frameId === 0 && sender.tab?.url ? sender.tab.url : sender.url,
    extensionPage,
  };
}

/** What a content script may ask: its own page's annotations, nothing else. */
const PAGE_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>([
  'annotations/list',
  'annotations/create',
  'annotations/update',
  'annotations/delete',
  'annotations/restore',
]);

function refuse(): never {
  throw new MessageError('forbidden', 'A web page may only read and change its own annotations.');
}

/**
 * Binds content scripts to their page: a message from one may only read or change annotations
 * whose source is that tab's page (its normalised URL, as the browser reports it). A compromised
 * renderer can send anything its content script could, so the background checks every request
 * against the source it has from the browser, not against what the message says. Extension pages
 * may do everything.
 */
export function bindToSender(handlers: Handlers, db: MeipiDatabase): Handlers {
  const guarded = { ...handlers };
  async function assertOwn(sender: SenderInfo, source: string | undefined, id?: string) {
    if (sender.extensionPage) return;
    const page = sender.url ? normaliseUrl(sender.url) : null;
    if (!page || (source !== undefined && source !== page)) refuse();
    if (id === undefined) return;
    // An id names an annotation that may belong to another page: check the stored one, too.
    const stored = await getAnnotation(db, id);
    if (stored && stored.source !== page) refuse();
  }
  for (const type of Object.keys(handlers) as MessageType[]) {
    const handler = handlers[type] as (payload: never, sender: SenderInfo) => Promise<unknown>;
    (guarded as Record<MessageType, unknown>)[type] = async (payload: never, sender: SenderInfo) => {
      if (!sender.extensionPage && !PAGE_MESSAGES.has(type)) refuse();
      await assertOwn(sender, ...scopeOf(type, payload));
      return handler(payload, sender);
    };
  }
  return guarded;
}

/** The source a request names and the stored annotation it touches, by message type. */
function scopeOf(type: MessageType, payload: unknown): [string | undefined, string?] {
  const p = payload as {
    source?: string;
    id?: string;
    input?: { source: string };
    annotation?: { source: string; id: string };
  };
  switch (type) {
    case 'annotations/list':
      return [p.source];
    case 'annotations/create':
      return [p.input?.source];
    case 'annotations/update':
    case 'annotations/delete':
      return [undefined, p.id];
    case 'annotations/restore':
      return [p.annotation?.source, p.annotation?.id];
    default:
      return [undefined];
  }
}
