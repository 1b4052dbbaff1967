import {
  answerRequests,
  installHighlightMenus,
  navigatorDeps,
  rememberColor,
  startSegmenter,
  watchPdfNavigations,
} from '@/lib/browser';
import { broadcastChange } from '@/lib/browser/broadcast';
import { sweepStaleFrameKeys } from '@/lib/browser/frame-keys';
import { startSync } from '@/lib/browser/sync';
import { sourceNoteRenderer, startVaultKeeper } from '@/lib/browser/vault';
import { openDatabase } from '@/lib/db';
import { createRouter } from '@/lib/messaging';
import { isSegmenterReady, maintainSearchIndex, searchPage } from '@/lib/search';
import { createServiceHandlers } from '@/lib/service';
import { openAnnotation } from '@/lib/service/open-annotation';

// A module worker: it shares the storage/search chunk with the extension pages instead of
// carrying its own copy of Dexie and the search engine.
export default defineBackground({
  type: 'module',
  main() {
    const db = openDatabase();

    // jieba's dictionary build blocks this thread for ~1 s cold: start it once the requests that
    // woke the worker are answered (a popup, a page's highlights), not in front of them. Until it
    // is ready, writes index character terms and searches answer from those (marked degraded).
    let wakeAnswered: () => void = () => {};
    const woken = new Promise<void>((resolve) => {
      wakeAnswered = resolve;
    });
    let segmenterFailed = false;
    const segmenterReady = woken.then(startSegmenter).catch((error: unknown) => {
      segmenterFailed = true;
      console.warn('Meipi: word segmentation unavailable, searching by characters.', error);
    });
    // Index maintenance (re-index rows written before jieba was ready, add words to bulk blocks,
    // compact): at start-up and whenever the library asks, one run at a time.
    let maintenance: Promise<unknown> = Promise.resolve();
    const maintainIndex = (): Promise<number> => {
      const run = maintenance
        .then(() => segmenterReady)
        .then(() => (segmenterFailed ? 0 : maintainSearchIndex(db)));
      maintenance = run.catch((error: unknown) => console.warn('Meipi: index maintenance failed', error));
      return run;
    };
    void maintainIndex().catch(() => {});

    const sync = startSync(db, maintainIndex);
    startVaultKeeper(db, sourceNoteRenderer);

    const route = createRouter(
      createServiceHandlers({
        db,
        async search(query, options) {
          const page = await searchPage(db, query, options);
          const segmenter = segmenterFailed ? 'failed' : isSegmenterReady() ? 'ready' : 'loading';
          return { ...page, degraded: segmenter !== 'ready', segmenter };
        },
        notifyChanged: (change, sender) => void broadcastChange(browser, change, sender),
        openAnnotation: (annotation) => openAnnotation(annotation, navigatorDeps()),
        rememberColor,
        maintainIndex,
        sync,
      }),
    );

    void answerRequests(route).then(wakeAnswered);
    installHighlightMenus();
    watchPdfNavigations();
    sweepStaleFrameKeys();
  },
});
