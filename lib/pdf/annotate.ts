import type { Annotator } from '../annotator/core';
import { mountReaderAnnotator, type ReaderAnnotatorOptions } from '../annotator/reader';
import type { AnnotationStore } from '../annotator/store';
import type { Annotation } from '../db/types';
import { createPdfAnchoring } from './anchoring';
import type { DocumentText } from './document-text';
import { pageOf } from './selectors';
import type { OpenedPdf } from './viewer';

export interface PdfAnnotatorOptions extends Omit<ReaderAnnotatorOptions, 'anchoring' | 'store'> {
  store: AnnotationStore;
  /** The file's annotations under every URL it was opened from (by fingerprint), not only `source`'s. */
  listDocument: (source: string, fingerprint: string) => Promise<Annotation[]>;
}

/**
 * The reader's annotator (toolbar, notes, tags, colours, undo, card) on the viewer's text layers.
 * Highlights on pages PDF.js has not rendered are placed when their text layer arrives.
 */
export function annotatePdf(pdf: OpenedPdf, text: DocumentText, options: PdfAnnotatorOptions): Annotator {
  const store: AnnotationStore = {
    ...options.store,
    list: (source) => options.listDocument(source, pdf.fingerprint),
  };
  const annotator = mountReaderAnnotator(pdf.root, {
    ...options,
    store,
    anchoring: createPdfAnchoring(text, pdf.fingerprint, pdf.textLayer, pdf.pageLength),
  });
  // Sooner than the mutation watcher's debounce: a page just scrolled into view shows its marks.
  pdf.eventBus.on('textlayerrendered', () => {
    annotator.reanchor().catch((error: unknown) => options.onError?.(error));
  });
  return annotator;
}

/**
 * Opened from search: goes to the annotation's page (PDF.js renders only what is near the view),
 * then flashes the passage once it is placed.
 */
export function focusPassage(pdf: OpenedPdf, annotator: Annotator, id: string): void {
  let scrolled = false;
  const attempt = () => {
    if (annotator.focus(id)) return true;
    const page = annotator.get(id) && pageOf((annotator.get(id) as Annotation).selectors);
    if (page && !scrolled) {
      scrolled = true;
      pdf.viewer.currentPageNumber = page;
    }
    return false;
  };
  if (attempt()) return;
  const unsubscribe = annotator.subscribe((event) => {
    if (event === 'annotations' && attempt()) unsubscribe();
  });
}
