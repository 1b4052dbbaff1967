import { passageLink } from '../annotator/focus-link';
import { normaliseUrl } from '../db/source';
import type { Annotation } from '../db/types';
import { readerUrlFor } from '../export/text-fragment';
import { fingerprintOf } from '../pdf/selectors';
import { pdfSource, viewerUrl } from '../pdf/source';

export interface TabInfo {
  id?: number;
  url?: string;
  windowId?: number;
}

/** The browser calls opening a passage needs; injected so the logic runs under unit tests. */
export interface NavigatorDeps {
  /** browser.runtime.getURL('/') */
  extensionBase: string;
  allTabs(): Promise<TabInfo[]>;
  createTab(url: string): Promise<TabInfo>;
  activateTab(tab: TabInfo, url?: string): Promise<void>;
  /** Resolves when the tab has finished loading (or after `timeoutMs`, whichever is first). */
  waitForLoad(tabId: number, timeoutMs: number): Promise<void>;
  /** Sends 'page/focus'; resolves with `found`, rejects when no content script answers. */
  focus(tabId: number, annotationId: string): Promise<boolean>;
  sleep(ms: number): Promise<void>;
}

const FOCUS_ATTEMPTS = 6;
const FOCUS_RETRY_MS = 350;
const LOAD_TIMEOUT_MS = 15_000;

/**
 * `source#meipi=<id>:~:text=…`: the content script flashes that highlight once the page has
 * anchored, and Chrome's text fragment scrolls to the passage even before — so the passage is
 * found even when the popup that asked has already closed (it closes as soon as a tab takes focus).
 */
export function passageUrl(annotation: Annotation): string {
  return passageLink(annotation.source, annotation);
}

/** Scroll-and-flash, retried while a freshly loaded page's content script starts up. */
async function focusWithRetry(deps: NavigatorDeps, tabId: number, id: string): Promise<boolean> {
  for (let attempt = 0; attempt < FOCUS_ATTEMPTS; attempt++) {
    try {
      if (await deps.focus(tabId, id)) return true;
    } catch {
      // No content script yet: try again shortly.
    }
    await deps.sleep(FOCUS_RETRY_MS);
  }
  return false;
}

/**
 * Opens the page (or bundled article) an annotation belongs to, scrolled to the passage, which
 * flashes. Articles open in the reader (`?article=…&annotation=…`, which scrolls and flashes by
 * itself). PDFs open in the PDF viewer (`?file=…&annotation=…`, which goes to the page and flashes
 * the passage), in a tab already showing that file if there is one. Web pages reuse a tab already
 * showing that page, else open one.
 */
export async function openAnnotation(annotation: Annotation, deps: NavigatorDeps): Promise<void> {
  const reader = readerUrlFor(deps.extensionBase, annotation);
  const tabs = await deps.allTabs();
  const fingerprint = fingerprintOf(annotation.selectors);
  // A file that had no URL (dropped or picked) cannot be fetched again: the viewer asks for it.
  if (fingerprint && !/^(https?|file):/i.test(annotation.source)) {
    await deps.createTab(`${deps.extensionBase}pdf.html`);
    return;
  }
  if (fingerprint) {
    const url = viewerUrl(deps.extensionBase, annotation.source, annotation.id);
    const viewerBase = `${deps.extensionBase}pdf.html`;
    const existing = tabs.find((tab) => {
      if (!tab.url?.startsWith(viewerBase)) return false;
      const file = new URL(tab.url).searchParams.get('file');
      return file !== null && pdfSource(file, fingerprint) === annotation.source;
    });
    if (existing) await deps.activateTab(existing, url);
    else await deps.createTab(url);
    return;
  }
  if (reader) {
    const article = new URL(reader).searchParams.get('article');
    const existing = tabs.find((tab) => {
      if (!tab.url?.startsWith(`${deps.extensionBase}reader.html`)) return false;
      return new URL(tab.url).searchParams.get('article') === article;
    });
    if (existing) await deps.activateTab(existing, reader);
    else await deps.createTab(reader);
    return;
  }

  const existing = tabs.find((tab) => tab.url && normaliseUrl(tab.url) === annotation.source);
  if (existing?.id !== undefined) {
    // Ask first, then bring the tab forward: activating it closes a popup, and a message already
    // sent still arrives.
    const focused = deps.focus(existing.id, annotation.id).catch(() => false);
    await deps.activateTab(existing);
    if (!(await focused)) await focusWithRetry(deps, existing.id, annotation.id);
    return;
  }

  const created = await deps.createTab(passageUrl(annotation));
  if (created.id === undefined) return;
  await deps.waitForLoad(created.id, LOAD_TIMEOUT_MS);
  await focusWithRetry(deps, created.id, annotation.id);
}
