import { articleUri, normaliseUrl } from '../db/source';
import { looksLikePdf, pdfSource } from '../pdf/source';

/**
 * Pages whose content the browser never lets an extension script: nothing can be annotated there.
 * Chrome's and Edge's stores; Firefox's `extensions.webextensions.restrictedDomains`.
 */
const CLOSED_HOSTS = [
  'chromewebstore.google.com',
  'chrome.google.com',
  'microsoftedge.microsoft.com',
  'addons.mozilla.org',
  'accounts.firefox.com',
  'support.mozilla.org',
];

export type TabPageKind =
  | { kind: 'page'; source: string; title: string; reader: boolean }
  /** A PDF in the browser's own viewer: Meipi can open it in its viewer. */
  | { kind: 'pdf'; url: string }
  | { kind: 'unsupported' }
  | { kind: 'none' };

/**
 * What a tab shows, from its URL alone: a web page Meipi can annotate, a bundled article in the
 * reader, or a page closed to extensions (chrome://, about:blank, the Web Store, a PDF viewer, a
 * URL Chrome hid from us), or a PDF Meipi can open in its viewer. `readerBase` is the reader's own
 * URL (chrome-extension://…/reader.html); the PDF viewer (pdf.html) sits beside it and counts as
 * a reader: an extension page showing one source.
 */
export function pageKindOf(url: string | undefined, title: string, readerBase: string): TabPageKind {
  if (!url) return { kind: 'unsupported' };
  if (url.startsWith(readerBase)) {
    const article = new URL(url).searchParams.get('article');
    return article ? { kind: 'page', source: articleUri(article), title, reader: true } : { kind: 'none' };
  }
  if (url.startsWith(new URL('pdf.html', readerBase).href)) {
    const file = new URL(url).searchParams.get('file');
    return file ? { kind: 'page', source: pdfSource(file, ''), title, reader: true } : { kind: 'none' };
  }
  if (looksLikePdf(url)) return { kind: 'pdf', url };
  const source = normaliseUrl(url);
  if (!source || CLOSED_HOSTS.includes(new URL(url).host)) return { kind: 'unsupported' };
  return { kind: 'page', source, title, reader: false };
}
