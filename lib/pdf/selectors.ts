import type { OtherSelector, Selector } from '../anchoring/types';

/** The page an annotation starts on (1-based), as W3C's fragment selector for PDFs (RFC 3778). */
export interface PdfPageSelector extends OtherSelector {
  type: 'FragmentSelector';
  conformsTo: 'http://tools.ietf.org/rfc/rfc3778';
  value: string;
}

/**
 * The document the selectors were made on: PDF.js's fingerprint of the file. A Meipi selector type
 * (no W3C one names a document), so exports carry it in `meipi:selectors` and imports restore it;
 * sync copies selectors as they are. It is what finds a file's highlights under any URL.
 */
export interface PdfDocumentSelector extends OtherSelector {
  type: 'meipi:PdfDocument';
  fingerprint: string;
}

export const RFC3778 = 'http://tools.ietf.org/rfc/rfc3778';

export function pageSelector(page: number): PdfPageSelector {
  return { type: 'FragmentSelector', conformsTo: RFC3778, value: `page=${page}` };
}

export function documentSelector(fingerprint: string): PdfDocumentSelector {
  return { type: 'meipi:PdfDocument', fingerprint };
}

/** The 1-based page a list of selectors names, or null. */
export function pageOf(selectors: readonly Selector[]): number | null {
  for (const s of selectors) {
    if (s.type !== 'FragmentSelector' || s.conformsTo !== RFC3778) continue;
    const match = /(?:^|&)page=(\d+)/.exec(String(s.value));
    if (match) return Number(match[1]);
  }
  return null;
}

/** The fingerprint of the PDF a list of selectors was made on, or null (not a PDF annotation). */
export function fingerprintOf(selectors: readonly Selector[]): string | null {
  for (const s of selectors)
    if (s.type === 'meipi:PdfDocument' && typeof s.fingerprint === 'string') return s.fingerprint;
  return null;
}
