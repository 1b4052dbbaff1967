import type { TabHandlers } from '../messaging/router';
import type { Annotator } from './core';

/**
 * How a web page's annotator answers the background (TabMessages). `ready` settles once the
 * page's first load has placed its annotations: focus and status questions wait for it.
 */
export function pageMessageHandlers(annotator: Annotator, ready: () => Promise<unknown>): TabHandlers {
  return {
    'page/changed': async (change) => {
      await annotator.applyChange(change);
      return { ok: true };
    },
    'page/focus': async ({ id }) => {
      await ready();
      return { found: annotator.focus(id) };
    },
    'page/highlight-selection': (request) => annotator.highlightSelection(request),
    'page/anchor-status': async () => {
      await ready();
      return { source: annotator.source(), orphanIds: annotator.orphanIds() };
    },
  };
}
