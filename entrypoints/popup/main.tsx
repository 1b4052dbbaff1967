import './style.css';
import { render } from 'preact';
import { formatDate } from '@/components/common/format';
import { Popup } from '@/components/popup/Popup';
import type { PopupApi } from '@/components/popup/types';
// The files, not the lib/browser index: the index also reaches Dexie and jieba.
import { activeTab, anchorStatusOf } from '@/lib/browser/active-tab';
import { background, copyText, onAnnotationsChanged, t, uiLocale } from '@/lib/browser/env';
import { annotationsToMarkdown, downloadMarkdown } from '@/lib/browser/export';
import { popupReads } from '@/lib/browser/popup-reads';
import { grantSiteAccess } from '@/lib/browser/site-access';
import { syncApi } from '@/lib/browser/sync-api';
import { openDirectReader } from '@/lib/db/direct-read';
import { viewerUrl } from '@/lib/pdf/source';

// Opened first thing, so the database is ready by the time the popup asks for its cards.
const reads = popupReads(openDirectReader(), background);

let activeTabId: number | undefined;

/** An extension page in a new tab; the popup has done its job. */
function openAndClose(path: '/library.html' | '/reader.html'): void {
  void browser.tabs.create({ url: browser.runtime.getURL(path) }).then(() => window.close());
}

const api: PopupApi = {
  async currentPage() {
    const { context, tabId } = await activeTab();
    activeTabId = tabId;
    return context;
  },
  anchorStatus: () => anchorStatusOf(activeTabId),
  grantSiteAccess: () => grantSiteAccess(activeTabId),
  ...reads,
  search: (query, options) => background('search/query', { query, options }),
  create: (input) => background('annotations/create', { input }),
  open: async (annotation) => {
    await background('annotations/open', { id: annotation.id });
  },
  exportMarkdown: downloadMarkdown,
  copyMarkdown: async (annotations) => copyText(await annotationsToMarkdown(annotations)),
  openLibrary: () => openAndClose('/library.html'),
  openReader: () => openAndClose('/reader.html'),
  openPdf: (url) => {
    if (activeTabId === undefined) return;
    void browser.tabs
      .update(activeTabId, { url: viewerUrl(browser.runtime.getURL('/'), url) })
      .then(() => window.close());
  },
  close: () => window.close(),
  onChanged: onAnnotationsChanged,
};

const app = document.getElementById('app');
if (app) {
  document.documentElement.lang = uiLocale();
  document.title = t('extName');
  render(<Popup t={t} locale={uiLocale()} api={api} sync={syncApi} />, app);
  // A fresh process's first Intl date format loads ICU data (~30–50 ms): do it while the database
  // opens, once the empty popup is painted, not when the cards (each with a date) render.
  setTimeout(() => formatDate(Date.now(), uiLocale()));
}
