import { stringsFor } from '../../components/i18n';
import uiCss from '../../components/ui.css?inline';
import '../highlight/highlight.css';
import type { Color } from '../db/types';
import { domAnchoring } from './anchoring';
import { type Anchoring, type Annotator, createAnnotator } from './core';
import { createInlineSurface } from './inline-surface';
import { createPanelHost } from './panel-host';
import type { AnnotationStore } from './store';

export interface ReaderAnnotatorOptions {
  /** e.g. articleUri(article.id) */
  source: string;
  title: string;
  store: AnnotationStore;
  /** UI language; zh-CN unless it starts with "en". Defaults to navigator.language. */
  locale?: string;
  onError?: (error: unknown) => void;
  /** The colour of the last save: the note editor starts on it. */
  lastColor?: () => Promise<Color>;
  /** Selectors ⇄ ranges for a page whose text is not plain DOM text (the PDF viewer); lib/anchoring by default. */
  anchoring?: Anchoring;
}

/**
 * Everything an extension page (the reader, the PDF viewer) needs in one call: loads, anchors and paints the
 * source's annotations inside `root`, and mounts the toolbar/card for selections and clicks.
 * Call `.load()` again after a change made elsewhere; `.destroy()` on leaving the article.
 */
export function mountReaderAnnotator(root: Element, options: ReaderAnnotatorOptions): Annotator {
  const annotator = createAnnotator({
    root,
    source: options.source,
    title: options.title,
    store: options.store,
    anchoring: options.anchoring ?? domAnchoring,
    observeMutations: true,
    loadUi: () =>
      createPanelHost(
        annotator,
        createInlineSurface(root.ownerDocument, {
          css: uiCss,
          strings: stringsFor(options.locale ?? globalThis.navigator?.language),
          lastColor: options.lastColor,
        }),
      ),
    onError: options.onError,
  });
  annotator.load().catch((error: unknown) => options.onError?.(error));
  return annotator;
}
