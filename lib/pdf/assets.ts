import type { PdfAssets } from './viewer';

/** The PDF.js files wxt.config.ts copies into the extension, as URLs under `base` (runtime.getURL('/')). */
export function pdfAssetsAt(base: string): PdfAssets {
  return {
    workerSrc: `${base}pdfjs/pdf.worker.mjs`,
    cMapUrl: `${base}pdfjs/cmaps/`,
    standardFontDataUrl: `${base}pdfjs/standard_fonts/`,
    wasmUrl: `${base}pdfjs/wasm/`,
  };
}
