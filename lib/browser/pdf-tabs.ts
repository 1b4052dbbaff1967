import { browser } from 'wxt/browser';
import { looksLikePdf, viewerUrl } from '../pdf/source';

/** storage.local key of the opt-in "open every PDF in Meipi" (off unless set). */
const OPEN_ALL_PDFS_KEY = 'pdfOpenAll';

export async function opensAllPdfs(): Promise<boolean> {
  return (await browser.storage.local.get(OPEN_ALL_PDFS_KEY))[OPEN_ALL_PDFS_KEY] === true;
}

export async function setOpensAllPdfs(on: boolean): Promise<void> {
  await browser.storage.local.set({ [OPEN_ALL_PDFS_KEY]: on });
}

/** A new tab (beside `opener`) showing `url` in Meipi's PDF viewer: the context menu on a link. */
export async function openPdfInNewTab(url: string, opener?: { index: number; id?: number }): Promise<void> {
  await browser.tabs.create({
    url: viewerUrl(browser.runtime.getURL('/'), url),
    ...(opener ? { index: opener.index + 1, openerTabId: opener.id } : {}),
  });
}

/**
 * "Open every PDF in Meipi": while the setting is on, a tab that navigates to a URL naming a PDF
 * (…/x.pdf, http, https, and file:// where the user allowed file access) is sent to the viewer.
 * tabs.onUpdated needs no permission beyond the host access Meipi has; a PDF served under a URL
 * without `.pdf` stays in the browser's viewer, where the popup still offers to open it.
 */
export function watchPdfNavigations(): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    const url = change.url;
    if (!url || !looksLikePdf(url)) return;
    void opensAllPdfs().then((on) => {
      if (on) return browser.tabs.update(tabId, { url: viewerUrl(browser.runtime.getURL('/'), url) });
    });
  });
}
