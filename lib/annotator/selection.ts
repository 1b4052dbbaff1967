/**
 * What counts as a selection worth a toolbar: real text (not whitespace), inside the annotated
 * root, and not inside something the reader is typing in.
 */

const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';

function elementOf(node: Node): Element | null {
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
}

export function isInsideEditable(node: Node): boolean {
  const element = elementOf(node);
  if (!element) return false;
  if (element.closest(EDITABLE)) return true;
  return element instanceof HTMLElement && element.isContentEditable;
}

/**
 * The range shrunk to start and end on visible characters: no leading/trailing whitespace, even
 * when an end sits on an element boundary (triple-click selects up to the next paragraph).
 * Returns null when the range holds no text but whitespace.
 */
export function trimRange(range: Range): Range | null {
  const container = range.commonAncestorContainer;
  const doc = container.ownerDocument ?? (container as Document);
  const found: { first?: [Text, number]; last?: [Text, number] } = {};
  const visit = (text: Text) => {
    const from = text === range.startContainer ? range.startOffset : 0;
    const to = text === range.endContainer ? range.endOffset : text.data.length;
    const slice = text.data.slice(from, to);
    const lead = slice.search(/\S/);
    if (lead < 0) return;
    found.first ??= [text, from + lead];
    found.last = [text, from + slice.trimEnd().length];
  };
  if (container.nodeType === Node.TEXT_NODE) {
    visit(container as Text);
  } else {
    const walker = doc.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (range.comparePoint(node, 0) > 0) break; // past the end
      if (range.intersectsNode(node)) visit(node as Text);
    }
  }
  if (!found.first || !found.last) return null;
  const [startNode, startOffset] = found.first;
  const [endNode, endOffset] = found.last;
  const trimmed = doc.createRange();
  trimmed.setStart(startNode, startOffset);
  trimmed.setEnd(endNode, endOffset);
  return trimmed;
}

/** The part of `range` inside `root`, or null when they do not overlap. */
export function clipToRoot(range: Range, root: Element): Range | null {
  const clipped = range.cloneRange();
  if (!root.contains(range.startContainer)) {
    if (!range.intersectsNode(root)) return null;
    clipped.setStart(root, 0);
  }
  if (!root.contains(range.endContainer)) {
    if (!range.intersectsNode(root)) return null;
    clipped.setEnd(root, root.childNodes.length);
  }
  return clipped.collapsed ? null : clipped;
}

/**
 * The document's current selection as a range worth annotating, or null: collapsed, whitespace
 * only, outside `root`, inside `exclude` (our own UI) or inside an editable field. A selection
 * reaching beyond `root` (e.g. from the reader's title into its body) is clipped to it.
 */
export function annotatableSelection(root: Element, exclude?: Node | null): Range | null {
  const doc = root.ownerDocument;
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const active = doc.activeElement;
  if (active && active !== doc.body && isInsideEditable(active)) return null;
  const selected = selection.getRangeAt(0);
  if (exclude && (exclude.contains(selected.startContainer) || exclude.contains(selected.endContainer))) {
    return null;
  }
  const range = clipToRoot(selected, root);
  if (!range) return null;
  if (isInsideEditable(range.startContainer) || isInsideEditable(range.endContainer)) return null;
  return trimRange(range);
}
