// The order matters: pdf_viewer.mjs reads globalThis.pdfjsLib, which pdf.mjs sets, as it loads.
import * as pdfjs from 'pdfjs-dist';
import 'pdfjs-dist/web/pdf_viewer.css';
import { EventBus, PDFFindController, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { buildDocumentText, type DocumentText, rawSpellings } from './document-text';

/** Where the extension ships PDF.js's worker, CMaps and standard fonts (see wxt.config.ts). */
export interface PdfAssets {
  workerSrc: string;
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl: string;
}

export type PdfFile = { url: string } | { data: Uint8Array };

export type PdfOpenError = 'broken' | 'password' | 'unreachable';

export class PdfLoadError extends Error {
  constructor(
    readonly kind: PdfOpenError,
    cause: unknown,
  ) {
    super(`PDF could not be opened (${kind})`, { cause });
  }
}

export interface OpenedPdf {
  readonly viewer: PDFViewer;
  /** The viewer's div: the pages, and so the annotator's root. */
  readonly root: HTMLDivElement;
  readonly eventBus: EventBus;
  readonly fingerprint: string;
  readonly pageCount: number;
  readonly title: string;
  /** The document's text for annotations; read from every page once, in the background. */
  text(): Promise<DocumentText>;
  /** Raw text-layer length of a page (after text() resolved). */
  pageLength(page: number): number;
  /** The rendered text layer of a page, or null. */
  textLayer(page: number): Element | null;
  find(query: string, again?: boolean, previous?: boolean): void;
  destroy(): void;
}

export interface OpenPdfOptions {
  /** Absolutely positioned scroll container; its first child is the viewer's div. */
  container: HTMLDivElement;
  file: PdfFile;
  assets: PdfAssets;
  /** Asked again after a wrong password; null: the reader gave up. */
  askPassword: (retry: boolean) => Promise<string | null>;
}

/** Opens a PDF in PDF.js's viewer (continuous scroll, text layer, find). */
export async function openPdf(options: OpenPdfOptions): Promise<OpenedPdf> {
  const { container, file, assets } = options;
  pdfjs.GlobalWorkerOptions.workerSrc = assets.workerSrc;
  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const findController = new PDFFindController({ eventBus, linkService });
  const viewer = new PDFViewer({
    container,
    eventBus,
    linkService,
    findController,
    removePageBorders: false,
  });
  linkService.setViewer(viewer);

  const task = pdfjs.getDocument({
    ...('url' in file ? { url: file.url } : { data: file.data }),
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFontDataUrl,
    wasmUrl: assets.wasmUrl,
  });
  let retry = false;
  task.onPassword = (update: (password: string) => void) => {
    void options.askPassword(retry).then((password) => {
      retry = true;
      if (password === null) void task.destroy();
      else update(password);
    });
  };
  let pdf: pdfjs.PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    throw new PdfLoadError(
      name === 'PasswordException' ? 'password' : name === 'ResponseException' ? 'unreachable' : 'broken',
      error,
    );
  }
  // Fit the page to the window once the pages exist (before setDocument: it may come soon after).
  eventBus.on('pagesinit', () => {
    viewer.currentScaleValue = 'auto';
  });
  viewer.setDocument(pdf);
  linkService.setDocument(pdf);
  const metadata = await pdf.getMetadata().catch(() => null);
  const infoTitle = (metadata?.info as { Title?: unknown } | undefined)?.Title;

  const pageLengths: number[] = [];
  let documentText: Promise<DocumentText> | null = null;
  async function readText(): Promise<DocumentText> {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      // The options PDF.js's text layer uses: the same strings end up in the DOM.
      const content = await page.getTextContent({ includeMarkedContent: true, disableNormalization: true });
      let text = '';
      for (const item of content.items) if ('str' in item) text += item.str;
      pages.push(text);
      pageLengths.push(text.length);
    }
    return buildDocumentText(pages);
  }

  return {
    viewer,
    root: viewer.viewer as HTMLDivElement,
    eventBus,
    fingerprint: pdf.fingerprints[0] ?? '',
    pageCount: pdf.numPages,
    title: typeof infoTitle === 'string' ? infoTitle.trim() : '',
    text: () => (documentText ??= readText()),
    pageLength: (page) => pageLengths[page - 1] ?? 0,
    textLayer: (page) => viewer.getPageView(page - 1)?.div.querySelector('.textLayer') ?? null,
    find(query, again = false, previous = false) {
      eventBus.dispatch('find', {
        source: null,
        type: again ? 'again' : '',
        query: rawSpellings(query),
        caseSensitive: false,
        entireWord: false,
        highlightAll: true,
        findPrevious: previous,
        matchDiacritics: false,
      });
    },
    destroy() {
      viewer.cleanup();
      void task.destroy();
    },
  };
}
