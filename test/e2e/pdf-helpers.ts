import type { Page } from 'playwright-core';
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
