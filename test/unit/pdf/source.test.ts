import { describe, expect, it } from 'vitest';
import { fileNameOf, looksLikePdf, pdfSource, viewerUrl } from '../../../lib/pdf/source';

describe('where a PDF is saved and opened', () => {
  it('a web PDF is saved under its normalised URL, a local one under its file URL, a dropped one by fingerprint', () => {
    expect(pdfSource('https://example.com/a.pdf?utm_source=x#page=3', 'fp')).toBe(
      'https://example.com/a.pdf',
    );
    expect(pdfSource('file:///home/me/%E8%AE%BA%E6%96%87.pdf#page=2', 'fp')).toBe(
      'file:///home/me/%E8%AE%BA%E6%96%87.pdf',
    );
    expect(pdfSource(null, '0123abcd')).toBe('urn:x-pdf:0123abcd');
  });

  it('names the file, recognises PDF addresses and builds the viewer URL (API.md)', () => {
    expect(fileNameOf('https://example.com/papers/%E8%AE%BA%E6%96%87.pdf')).toBe('论文.pdf');
    expect(looksLikePdf('https://example.com/x.PDF?download=1')).toBe(true);
    expect(looksLikePdf('https://example.com/x.pdf.html')).toBe(false);
    expect(looksLikePdf('chrome-extension://abc/pdf.html?file=x.pdf')).toBe(false);
    expect(viewerUrl('chrome-extension://abc/', 'https://example.com/a b.pdf', 'id-1')).toBe(
      'chrome-extension://abc/pdf.html?file=https%3A%2F%2Fexample.com%2Fa%20b.pdf&annotation=id-1',
    );
  });
});
