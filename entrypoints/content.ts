import '../lib/highlight/highlight.css';
import { domAnchoring } from '../lib/annotator/anchoring';
import { type AnnotatorUi, createAnnotator } from '../lib/annotator/core';
import { pageMessageHandlers } from '../lib/annotator/page-messages';
import { setPageSession } from '../lib/annotator/page-session';
import { messengerStore } from '../lib/annotator/store';
import { normaliseUrl } from '../lib/db/source';
import { createMessenger } from '../lib/messaging/client';
import type { BackgroundMessages } from '../lib/messaging/protocol';
import { createTabRouter } from '../lib/messaging/router';

/**
 * The bootstrap on every http(s) page: small on purpose (no Preact, no Dexie, no jieba). It paints
 * the page's highlights and keeps them placed; the UI (content-ui.js) is injected only when the
 * reader selects text or clicks a highlight.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manifest',
  main(ctx) {
    const source = normaliseUrl(location.href);
    if (!source || !document.body) return;

    const send = createMessenger<BackgroundMessages>((message) => browser.runtime.sendMessage(message));
    let uiArrived: ((ui: AnnotatorUi) => void) | null = null;

    const annotator = createAnnotator({
      root: document.body,
      source,
      title: () => document.title,
      store: messengerStore(send),
      anchoring: domAnchoring,
      observeMutations: true,
      loadUi: () =>
        new Promise<AnnotatorUi>((resolve, reject) => {
          uiArrived = resolve;
          send('content-ui/load', {}).then(({ injected }) => {
            if (!injected) reject(new Error('The annotation UI could not be injected.'));
          }, reject);
        }),
      onError: (error) => onFailure(error),
    });

    setPageSession({
      annotator,
      locale: navigator.language,
      provideUi(ui) {
        annotator.attachUi(ui);
        uiArrived?.(ui);
      },
    });

    let stopped = false;
    /** An extension reload kills this script's messaging for good: stop quietly. Anything else is worth a warning. */
    function onFailure(error: unknown): void {
      if (isContextGone(error)) stop();
      else if (!stopped) console.warn('Meipi:', error);
    }
    function stop(): void {
      if (stopped) return;
      stopped = true;
      annotator.destroy({ keepHighlights: true });
      setPageSession(undefined);
    }
    ctx.onInvalidated(stop);

    let initialLoad = annotator.load().catch(onFailure);

    // SPA navigation: content scripts cannot patch the page's history, so watch for URL changes.
    const followUrl = () => {
      if (stopped) return;
      const next = normaliseUrl(location.href);
      if (next && next !== annotator.source()) {
        initialLoad = annotator.setSource(next).catch(onFailure);
      }
    };
    ctx.addEventListener(window, 'popstate', followUrl);
    ctx.setInterval(followUrl, 1000);
    // The Navigation API (where present) reports pushState/replaceState at once; the poll covers the rest.
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    navigation?.addEventListener('navigatesuccess', followUrl);
    ctx.onInvalidated(() => navigation?.removeEventListener('navigatesuccess', followUrl));

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
