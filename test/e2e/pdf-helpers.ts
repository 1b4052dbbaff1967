import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Selector } from '../../lib/anchoring/types';
import type { ServedFile } from './page-server';

/** How the tests' page server sends a PDF: as a PDF, never cached (each test sees its own bytes). */
export const PDF_HEADERS = { 'content-type': 'application/pdf', 'cache-control': 'no-store' };

/** What the tests' page server serves for PDFs: the bytes under each path, as PDFs. */
export function pdfFiles(
  files: ReadonlyMap<string, Uint8Array>,
): (path: string) => Promise<ServedFile | undefined> {
  return async (path) => {
    const body = files.get(path);
    return body && { body, headers: PDF_HEADERS };
  };
}

/** The text layer of a page of the viewer (PDF.js numbers pages from 1). */
export const LAYER = (page: number) => `.page[data-page-number="${page}"] .textLayer`;

/** Resolves once page `n`'s text layer holds text: the page is rendered and selectable. */
export async function textLayerShown(page: Page, n = 1): Promise<void> {
  await page
    .locator(`${LAYER(n)} span`)
    .first()
    .waitFor();
}

/** A PDF highlight's own selectors: its page as an RFC 3778 fragment, and the document's fingerprint. */
export function expectPdfSelectors(selectors: readonly Selector[] | undefined): void {
  expect(selectors).toContainEqual({
    type: 'FragmentSelector',
    conformsTo: 'http://tools.ietf.org/rfc/rfc3778',
    value: 'page=1',
  });
  expect(selectors?.find((s) => s.type === 'meipi:PdfDocument')).toMatchObject({
    fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
  });
}

/** Runs in the page: drops a PDF (its bytes in base64) on the page's body, as a reader drags a file in. */
export function dropPdf(base64: string): void {
  const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([data], '报告.pdf', { type: 'application/pdf' }));
  for (const type of ['dragover', 'drop'])
    document.body.dispatchEvent(
      new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
}
