import { anchorAllOffsets, describePosition } from '../anchoring';
import type { Selector } from '../anchoring/types';
import { type Anchored, type Anchoring, NOT_YET } from '../annotator/placements';
import type { DocumentText } from './document-text';
import { documentSelector, pageSelector } from './selectors';

/** Where the viewer's rendered text layers are: null for a page whose text is not (yet) in the DOM. */
export type TextLayerOf = (page: number) => Element | null;

/** The 1-based page of a text layer, read from PDF.js's page element. */
function pageNumberOf(layer: Element): number {
  return Number(layer.closest('[data-page-number]')?.getAttribute('data-page-number'));
}

/** Characters of `layer`'s text before the boundary (node, offset), which must lie inside it. */
function textBefore(layer: Element, node: Node, offset: number): number {
  const before = layer.ownerDocument.createRange();
  before.setStart(layer, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}

/** The text node and offset at character `offset` of a layer's text, or null past its end. */
function boundaryAt(layer: Element, offset: number, preferNext: boolean): [Text, number] | null {
  const walker = layer.ownerDocument.createTreeWalker(layer, 4 /* NodeFilter.SHOW_TEXT */);
  let seen = 0;
  let last: Text | null = null;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const end = seen + node.data.length;
    // At a node's end, a start boundary belongs to the next node (the range then holds no empty head).
    if (offset < end || (offset === end && !preferNext)) return [node, offset - seen];
    seen = end;
    last = node;
  }
  return offset === seen && last ? [last, last.data.length] : null;
}

/**
 * lib/anchoring over a PDF: selectors describe the document's normalised text (./document-text),
 * so they hold whether or not a page is rendered, and ranges are made in the text layers PDF.js
 * has rendered. An annotation on a page without its text layer is NOT_YET placed (the annotator
 * anchors again when the layer's text arrives); one whose text is gone from the document is an
 * orphan. Matching is lib/anchoring's, over a detached element holding the
 * document text — no second matcher.
 */
export function createPdfAnchoring(
  doc: DocumentText,
  fingerprint: string,
  layerOf: TextLayerOf,
  pageLength: (page: number) => number,
): Anchoring {
  const textRoot = document.createElement('pre');
  textRoot.textContent = doc.text;
  /** The document never changes: where each selector list matched is computed once. */
  const spans = new Map<string, { start: number; end: number } | null>();

  /** A layer counts once its whole text is in (PDF.js streams it in chunks). */
  function renderedLayer(page: number): Element | null {
    const layer = layerOf(page);
    return layer && (layer.textContent ?? '').length === pageLength(page) ? layer : null;
  }

  function rangeOver(start: number, end: number): Anchored {
    const from = doc.toPage(start);
    const to = doc.toPage(end);
    const startLayer = renderedLayer(from.page);
    const endLayer = renderedLayer(to.page);
    if (!startLayer || !endLayer) return NOT_YET;
    const head = boundaryAt(startLayer, from.offset, true);
    const tail = boundaryAt(endLayer, to.offset, false);
    if (!head || !tail) return NOT_YET;
    const range = startLayer.ownerDocument.createRange();
    range.setStart(head[0], head[1]);
    range.setEnd(tail[0], tail[1]);
    return range;
  }

  return {
    describe(root, range) {
      const layers = [...root.querySelectorAll('.textLayer')].filter((layer) => range.intersectsNode(layer));
      const first = layers[0];
      const last = layers[layers.length - 1];
      if (!first || !last) throw new RangeError('The selection is not on the PDF text');
      const startOffset = first.contains(range.startContainer)
        ? textBefore(first, range.startContainer, range.startOffset)
        : 0;
      const endOffset = last.contains(range.endContainer)
        ? textBefore(last, range.endContainer, range.endOffset)
        : (last.textContent ?? '').length;
      const start = doc.fromPage(pageNumberOf(first), startOffset);
      const end = doc.fromPage(pageNumberOf(last), endOffset);
      return [
        ...describePosition(textRoot, start, Math.max(start, end)),
        pageSelector(doc.pageAt(start)),
        documentSelector(fingerprint),
      ];
    },

    anchorAll(_root, selectorLists) {
      const keys = selectorLists.map((selectors) => JSON.stringify(selectors));
      const unknown = [...new Set(keys.filter((key) => !spans.has(key)))];
      const found = anchorAllOffsets(
        textRoot,
        unknown.map((key) => JSON.parse(key) as Selector[]),
      );
      unknown.forEach((key, i) => {
        spans.set(key, found[i] ?? null);
      });
      return keys.map((key) => {
        const span = spans.get(key);
        return span ? rangeOver(span.start, span.end) : null;
      });
    },
  };
}
