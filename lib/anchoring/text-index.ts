/**
 * The text map of one root: every Text node under it in document order, with the offset at which its
 * data starts in `root.textContent`. Built once (one tree walk) and then reused for any number of
 * offset ⇄ DOM conversions and quote searches, which is what makes `anchorAll` cheap.
 */

/** Parents whose text is in `textContent` but never rendered or selectable: quotes never anchor there. */
const UNRENDERED_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/** Whitespace as matching ignores it: exactly JS's `\s` (ASCII, NBSP, U+3000 ideographic space, BOM…). */
function isWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 5760 ||
    (code >= 8192 && code <= 8202) ||
    code === 8232 ||
    code === 8233 ||
    code === 8239 ||
    code === 8287 ||
    code === 12288 ||
    code === 65279
  );
}

export interface FoldedText {
  /** The text with every whitespace character removed. */
  text: string;
  /** folded index → raw index (length folded.length + 1; the extra slot maps the end). */
  toRaw: Int32Array;
  /** raw index → number of non-whitespace characters before it (length raw.length + 1). */
  fromRaw: Int32Array;
}

export interface TextIndex {
  root: Element;
  /** Equal to `root.textContent`. */
  text: string;
  nodes: Text[];
  /** starts[i] is the offset of nodes[i]'s first character in `text`. */
  starts: Int32Array;
  /** 1 where nodes[i] sits in a <script>, <style>, <noscript> or <template>. */
  unrendered: Uint8Array;
  /** Built on first use: most anchors on an unchanged page never need it. */
  folded(): FoldedText;
}

export function buildTextIndex(root: Element): TextIndex {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  const parts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    parts.push((node as Text).data);
  }
  const starts = new Int32Array(nodes.length);
  const unrendered = new Uint8Array(nodes.length);
  let offset = 0;
  for (let i = 0; i < nodes.length; i++) {
    starts[i] = offset;
    offset += (parts[i] as string).length;
    const parent = (nodes[i] as Text).parentNode;
    if (parent && UNRENDERED_PARENTS.has((parent as Element).tagName ?? '')) unrendered[i] = 1;
  }
  const text = parts.join('');
  let foldedCache: FoldedText | undefined;
  return {
    root,
    text,
    nodes,
    starts,
    unrendered,
    folded: () => {
      foldedCache ??= foldWhitespace(text);
      return foldedCache;
    },
  };
}

export function foldWhitespace(raw: string): FoldedText {
  const toRaw = new Int32Array(raw.length + 1);
  const fromRaw = new Int32Array(raw.length + 1);
  const kept: string[] = [];
  let f = 0;
  let runStart = 0;
  for (let r = 0; r < raw.length; r++) {
    fromRaw[r] = f;
    if (!isWhitespace(raw.charCodeAt(r))) {
      toRaw[f] = r;
      f++;
    } else {
      // Flush the run of kept characters before this whitespace in one slice (much cheaper than per-char pushes).
      if (r > runStart) kept.push(raw.slice(runStart, r));
      runStart = r + 1;
    }
  }
  if (raw.length > runStart) kept.push(raw.slice(runStart));
  fromRaw[raw.length] = f;
  toRaw[f] = raw.length;
  return { text: kept.join(''), toRaw: toRaw.subarray(0, f + 1), fromRaw };
}

/** Only whitespace-free text survives folding; used for quotes and contexts. */
export function fold(raw: string): string {
  return raw.replace(/\s+/g, '');
}

/** Index of the last node starting at or before `offset` (−1 when there are no nodes). */
function lastNodeStartingAtOrBefore(index: TextIndex, offset: number): number {
  let lo = 0;
  let hi = index.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((index.starts[mid] as number) <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Whether the character at `offset` lies in script/style/noscript text. */
export function isUnrenderedAt(index: TextIndex, offset: number): boolean {
  const i = lastNodeStartingAtOrBefore(index, offset);
  return i >= 0 && index.unrendered[i] === 1;
}

/**
 * A DOM Range over characters [start, end) of the root's text, or null when out of bounds.
 * The start goes into the node holding character `start`; the end into the node holding `end - 1`,
 * so a range never begins at the very end of one node or ends at offset 0 of the next.
 */
export function rangeFromOffsets(index: TextIndex, start: number, end: number): Range | null {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) return null;
  if (end > index.text.length) return null;
  const range = index.root.ownerDocument.createRange();
  if (index.nodes.length === 0) {
    range.setStart(index.root, 0);
    range.collapse(true);
    return range;
  }
  const si = lastNodeStartingAtOrBefore(index, start);
  const startNode = index.nodes[si] as Text;
  range.setStart(startNode, start - (index.starts[si] as number));
  if (end === start) {
    range.collapse(true);
    return range;
  }
  // The node holding character end − 1: the last node starting at or before it that is non-empty.
  let ei = lastNodeStartingAtOrBefore(index, end - 1);
  while (ei > 0 && (index.nodes[ei] as Text).data.length === 0) ei--;
  const endNode = index.nodes[ei] as Text;
  range.setEnd(endNode, end - (index.starts[ei] as number));
  return range;
}

const NODE_TEXT = 3;

/** The first Text node at or after boundary point (container, offset) in document order within root, or null. */
function firstTextAtOrAfter(root: Element, container: Node, offset: number): Text | null {
  const child = container.childNodes[offset];
  if (child?.nodeType === NODE_TEXT) return child as Text;
  // Before `child`, or (offset past the last child) after the container's deepest last descendant.
  let from: Node | undefined = child;
  if (!from) {
    from = container;
    while (from.lastChild) from = from.lastChild;
  }
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  walker.currentNode = from;
  return walker.nextNode() as Text | null;
}

/**
 * The text offset of one boundary point. Points before root map to 0 and points after it to the
 * text's length, so a selection that spills out of root is clipped to it.
 */
export function offsetOfPoint(
  index: TextIndex,
  container: Node,
  offset: number,
  nodeIndex: Map<Node, number>,
): number {
  const { root } = index;
  if (container !== root && !root.contains(container)) {
    // 2 = DOCUMENT_POSITION_PRECEDING: root precedes the container, so the point is after root.
    const relation = root.compareDocumentPosition(container);
    if (relation & 8 /* CONTAINS: container is an ancestor of root */) {
      const rootIndex = Array.prototype.indexOf.call(
        container.childNodes,
        rootAncestorChild(container, root),
      );
      return offset <= rootIndex ? 0 : index.text.length;
    }
    return relation & 4 /* FOLLOWING */ ? index.text.length : 0;
  }
  if (container.nodeType === NODE_TEXT) {
    const i = nodeIndex.get(container);
    if (i === undefined) return 0;
    return (index.starts[i] as number) + Math.min(offset, (container as Text).data.length);
  }
  const next = firstTextAtOrAfter(root, container, offset);
  if (!next) return index.text.length;
  const i = nodeIndex.get(next);
  return i === undefined ? index.text.length : (index.starts[i] as number);
}

function rootAncestorChild(ancestor: Node, root: Node): Node {
  let node: Node = root;
  while (node.parentNode && node.parentNode !== ancestor) node = node.parentNode;
  return node;
}

export function nodeIndexMap(index: TextIndex): Map<Node, number> {
  const map = new Map<Node, number>();
  index.nodes.forEach((node, i) => {
    map.set(node, i);
  });
  return map;
}

/** Character offsets [start, end) of a range within root's text, or null when the range lies wholly outside root. */
export function offsetsOfRange(index: TextIndex, range: Range): { start: number; end: number } | null {
  const map = nodeIndexMap(index);
  const start = offsetOfPoint(index, range.startContainer, range.startOffset, map);
  const end = offsetOfPoint(index, range.endContainer, range.endOffset, map);
  if (end < start) return null;
  const outside =
    start === end &&
    !index.root.contains(range.startContainer) &&
    range.startContainer !== index.root &&
    !index.root.contains(range.endContainer);
  return outside ? null : { start, end };
}
