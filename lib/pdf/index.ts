/**
 * lib/pdf — reading and annotating PDFs in PDF.js's viewer (entrypoints/pdf).
 *
 * - document-text.ts: the document's text (all pages, normalised) that selectors describe;
 * - anchoring.ts: lib/anchoring over that text, ranges in the rendered text layers;
 * - selectors.ts: the page (RFC 3778 fragment) and the file's fingerprint, saved with each annotation;
 * - viewer.ts: PDF.js's viewer (the only module that imports PDF.js), assets.ts: its shipped files;
 * - annotate.ts: the reader's annotator on the viewer; source.ts: the source and viewer URLs;
 * - drop.ts: files dropped on the viewer or the library, and handing one to a viewer tab.
 * The pure modules (document-text, selectors, source) load without PDF.js: the popup and the
 * background use them.
 */

export { createPdfAnchoring, type TextLayerOf } from './anchoring';
export { annotatePdf, focusPassage, type PdfAnnotatorOptions } from './annotate';
export { pdfAssetsAt } from './assets';
export { buildDocumentText, type DocumentText, normalisePdfText, rawSpellings } from './document-text';
export { acceptFileDrops, FILE_HANDOFF, handFileToViewer, receiveHandedFile } from './drop';
export {
  documentSelector,
  fingerprintOf,
  type PdfDocumentSelector,
  type PdfPageSelector,
  pageOf,
  pageSelector,
} from './selectors';
export { fileNameOf, looksLikePdf, pdfSource, viewerUrl } from './source';
export {
  type OpenedPdf,
  type OpenPdfOptions,
  openPdf,
  type PdfAssets,
  type PdfFile,
  PdfLoadError,
} from './viewer';
