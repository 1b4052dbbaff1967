import { articleUri, normaliseUrl } from '../db/source';

/** Pages whose content Chrome never lets an extension script: nothing can be annotated there. */
const CLOSED_HOSTS = ['chromewebstore.google.com', 'chrome.google.com', 'microsoftedge.microsoft.com'];

export type TabPageKind =
  | { kind: 'page'; source: string; title: string; reader: boolean }
  | { kind: 'unsupported' }
  | { kind: 'none' };

/**
 * What a tab shows, from its URL alone: a web page Meipi can annotate, a bundled article in the
 * reader, or a page closed to extensions (chrome://, about:blank, the Web Store, a PDF viewer, a
 * URL Chrome hid from us). `readerBase` is the reader's own URL (chrome-extension://…/reader.html).
 */
export function pageKindOf(url: string | undefined, title: string, readerBase: string): TabPageKind {
  if (!url) return { kind: 'unsupported' };
  if (url.startsWith(readerBase)) {
    const article = new URL(url).searchParams.get('article');
    return article ? { kind: 'page', source: articleUri(article), title, reader: true } : { kind: 'none' };
  }
  const source = normaliseUrl(url);
  if (!source) return { kind: 'unsupported' };
  const parsed = new URL(url);
  if (CLOSED_HOSTS.includes(parsed.host) || /\.pdf$/i.test(parsed.pathname)) return { kind: 'unsupported' };
  return { kind: 'page', source, title, reader: false };
}
