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

function isWhitespace(text: string): boolean {
  return text.trim().length === 0;
}

/** Moves the range's ends inward past whitespace inside their text nodes, so quotes start and end on text. */
export function trimRange(range: Range): Range {
  const trimmed = range.cloneRange();
  const { startContainer, endContainer } = trimmed;
  if (startContainer.nodeType === Node.TEXT_NODE) {
    const text = startContainer.nodeValue ?? '';
    let offset = trimmed.startOffset;
    const limit = startContainer === endContainer ? trimmed.endOffset : text.length;
    while (offset < limit && /\s/.test(text.charAt(offset))) offset++;
    if (offset < limit) trimmed.setStart(startContainer, offset);
  }
  if (endContainer.nodeType === Node.TEXT_NODE) {
    const text = endContainer.nodeValue ?? '';
    let offset = trimmed.endOffset;
    const limit = trimmed.startContainer === endContainer ? trimmed.startOffset : 0;
    while (offset > limit && /\s/.test(text.charAt(offset - 1))) offset--;
    if (offset > limit) trimmed.setEnd(endContainer, offset);
  }
  return trimmed;
}

/**
 * The document's current selection as a range worth annotating, or null: collapsed, whitespace
 * only, outside `root`, inside `exclude` (our own UI) or inside an editable field.
 */
export function annotatableSelection(root: Element, exclude?: Node | null): Range | null {
  const doc = root.ownerDocument;
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const active = doc.activeElement;
  if (active && active !== doc.body && isInsideEditable(active)) return null;
  const range = selection.getRangeAt(0);
  if (range.collapsed || isWhitespace(range.toString())) return null;
  const { startContainer, endContainer } = range;
  if (!root.contains(startContainer) || !root.contains(endContainer)) return null;
  if (exclude && (exclude.contains(startContainer) || exclude.contains(endContainer))) return null;
  if (isInsideEditable(startContainer) || isInsideEditable(endContainer)) return null;
  return trimRange(range);
}
