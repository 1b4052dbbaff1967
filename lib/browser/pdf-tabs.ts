import { browser } from 'wxt/browser';
import { looksLikePdf, viewerUrl } from '../pdf/source';

/** storage.local key of the opt-in "open every PDF in Meipi" (off unless set). */
const OPEN_ALL_PDFS_KEY = 'pdfOpenAll';

/**
 * Whether the browser has a per-extension "Allow access to file URLs" switch (Chromium's
 * extension details). Firefox gives extensions no file:// access: there a local PDF is dropped or
 * picked.
 */
export const FILE_URLS_SWITCH = !import.meta.env.FIREFOX;

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

/** storage.session key: tab id → the http(s) URL whose response was a PDF (the browser's viewer shows it). */
const PDF_TABS_KEY = 'pdfTabs';

/** Whether a response's headers say it is a PDF, whatever its URL (arXiv's /pdf/2401.01234). */
export function isPdfResponse(headers: readonly { name: string; value?: string }[] | undefined): boolean {
  const type = headers?.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  return /^\s*application\/(x-)?pdf\s*(;|$)/i.test(type);
}

/** Whether the tab shows `url` as a PDF in the browser's own viewer (seen by its response type). */
export async function showsPdf(tabId: number, url: string | undefined): Promise<boolean> {
  if (!url) return false;
  const tabs = (await browser.storage.session.get(PDF_TABS_KEY))[PDF_TABS_KEY] as
    | Record<string, string>
    | undefined;
  return tabs?.[String(tabId)] === url;
}

async function rememberPdfTab(tabId: number, url: string): Promise<void> {
  const tabs =
    ((await browser.storage.session.get(PDF_TABS_KEY))[PDF_TABS_KEY] as Record<string, string> | undefined) ??
    {};
  await browser.storage.session.set({ [PDF_TABS_KEY]: { ...tabs, [String(tabId)]: url } });
}

function openInViewer(tabId: number, url: string): void {
  void opensAllPdfs().then((on) => {
    if (on) return browser.tabs.update(tabId, { url: viewerUrl(browser.runtime.getURL('/'), url) });
  });
}

/**
 * PDFs shown in the browser's viewer. A web PDF is known by its response's Content-Type (webRequest,
 * observing only: main frames' headers, nothing blocked or read beyond them), under any URL, and
 * remembered for the popup's 在眉批中打开; a local file (file://, where the user allowed file access)
 * by its name, …/x.pdf. "Open every PDF in Meipi" on, either is sent to the viewer.
 */
export function watchPdfNavigations(): void {
  browser.webRequest.onHeadersReceived.addListener(
    (details) => {
      if (details.tabId >= 0 && isPdfResponse(details.responseHeaders)) {
        void rememberPdfTab(details.tabId, details.url);
        openInViewer(details.tabId, details.url);
      }
      return undefined;
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
    ['responseHeaders'],
  );
  browser.tabs.onUpdated.addListener((tabId, change) => {
    const url = change.url;
    if (url && /^file:/i.test(url) && looksLikePdf(url)) openInViewer(tabId, url);
  });
}
