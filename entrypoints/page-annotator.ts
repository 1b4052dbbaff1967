import { domAnchoring } from '../lib/annotator/anchoring';
import { createAnnotator } from '../lib/annotator/core';
import { createFrameSurface } from '../lib/annotator/frame-surface';
import { pageMessageHandlers } from '../lib/annotator/page-messages';
import { createPanelHost } from '../lib/annotator/panel-host';
import { FRAME_PAGE } from '../lib/annotator/panel-protocol';
import { messengerStore } from '../lib/annotator/store';
import { frameKeys } from '../lib/browser/frame-keys';
import { normaliseUrl } from '../lib/db/source';
import { createMessenger } from '../lib/messaging/client';
import type { BackgroundMessages } from '../lib/messaging/protocol';
import { createTabRouter } from '../lib/messaging/router';

/**
 * The bootstrap on every http(s) page (declared in the manifest by wxt.config.ts): small on
 * purpose (no Preact, no Dexie, no jieba). It paints the page's highlights and keeps them placed;
 * the UI (an extension frame: lib/annotator/frame-surface.ts, panel-host.ts) is created only when the reader
 * selects text or clicks a highlight.
 */
export default defineUnlistedScript({
  main() {
    const source = normaliseUrl(location.href);
    if (!source || !document.body) return;

    const send = createMessenger<BackgroundMessages>((message) => browser.runtime.sendMessage(message));

    const annotator = createAnnotator({
      root: document.body,
      source,
      title: () => document.title,
      store: messengerStore(send),
      anchoring: domAnchoring,
      observeMutations: true,
      loadUi: () =>
        createPanelHost(
          annotator,
          createFrameSurface(document, {
            frameUrl: browser.runtime.getURL(FRAME_PAGE),
            extensionOrigins: [
              `chrome-extension://${browser.runtime.id}`,
              new URL(browser.runtime.getURL('/')).origin,
            ],
            keys: frameKeys,
          }),
        ),
      onError: (error) => onFailure(error),
    });

    let stopped = false;
    /** An extension reload kills this script's messaging for good: stop quietly. Anything else is worth a warning. */
    function onFailure(error: unknown): void {
      if (isContextGone(error)) stop();
      else if (!stopped) console.warn('Meipi:', error);
    }
    const listening = new AbortController();
    const listen = (target: EventTarget, type: string, listener: () => void) =>
      target.addEventListener(type, listener, { signal: listening.signal });
    function stop(): void {
      if (stopped) return;
      stopped = true;
      listening.abort();
      clearInterval(poll);
      annotator.destroy({ keepHighlights: true });
    }

    let initialLoad = annotator.load().catch(onFailure);

    // SPA navigation: content scripts cannot patch the page's history, so watch for URL changes.
    const followUrl = () => {
      if (stopped) return;
      const next = normaliseUrl(location.href);
      if (next && next !== annotator.source()) {
        initialLoad = annotator.setSource(next).catch(onFailure);
      }
    };
    listen(window, 'popstate', followUrl);
    // The Navigation API (where present) reports pushState/replaceState at once; the poll covers the rest.
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    if (navigation) listen(navigation, 'navigatesuccess', followUrl);
    // This script lives exactly as long as the extension does (an update or reload leaves it with
    // dead messaging). Nothing the page can send ends it: this is a plain script, not a WXT
    // content script, whose "content script started" postMessage handshake any page can replay.
    const poll = setInterval(() => (browser.runtime?.id ? followUrl() : stop()), 1000);

    const route = createTabRouter(pageMessageHandlers(annotator, () => initialLoad));
    browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse) => {
      if (stopped) return;
      route(message, {}).then(sendResponse);
      return true; // answered asynchronously
    });
  },
});

/** The extension was reloaded or removed: this script's messaging is dead for good. */
function isContextGone(error: unknown): boolean {
  if (!browser.runtime?.id) return true;
  return error instanceof Error && /context invalidated/i.test(error.message);
}
