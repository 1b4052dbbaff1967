import { normaliseUrl } from '../db/source';

const PDF_URN = 'urn:x-pdf:';

/**
 * The `source` a PDF's annotations are saved under: its normalised URL (API.md); a local file's
 * file:// URL without its fragment; a file with no URL at all (dropped or picked) is named by its
 * fingerprint.
 */
export function pdfSource(url: string | null, fingerprint: string): string {
  if (url) {
    const web = normaliseUrl(url);
    if (web) return web;
    if (/^file:/i.test(url)) return url.replace(/#.*$/s, '');
  }
  return `${PDF_URN}${fingerprint}`;
}

/** A title for a PDF without one in its metadata: the file's name. */
export function fileNameOf(url: string): string {
  try {
    const name = new URL(url).pathname.split('/').pop() ?? '';
    return decodeURIComponent(name);
  } catch {
    return '';
  }
}

/** Whether a URL names a PDF by its path (…/x.pdf): what the browser would show in its own viewer. */
export function looksLikePdf(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed !== null && /^(https?|file):$/.test(parsed.protocol) && /\.pdf$/i.test(parsed.pathname);
}

/** The viewer page for a PDF at `url` (API.md: `/pdf.html?file=<encodeURIComponent(url)>`). */
export function viewerUrl(extensionBase: string, url: string, annotationId?: string): string {
  const focus = annotationId ? `&annotation=${encodeURIComponent(annotationId)}` : '';
  return `${extensionBase}pdf.html?file=${encodeURIComponent(url)}${focus}`;
}
