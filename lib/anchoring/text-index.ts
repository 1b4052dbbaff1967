/**
 * The text map of one root: every Text node under it in document order, with the offset at which its
 * data starts in `root.textContent`. Built once (one tree walk) and then reused for any number of
 * offset → DOM conversions and quote searches, which is what makes `anchorAll` cheap.
 *
 * Positions count `textContent`; quotes and matching use the reader's text over the same nodes:
 * text nobody reads (scripts, ruby's pinyin) left out, and a line break where a block starts.
 */

/**
 * What a text node sits in, by the nearest of these ancestors (tag names, not layout: positions
 * must not depend on CSS). Group 1: text that is in `textContent` but not read — never rendered, or
 * the reading aid over ruby characters (rt/rp). The rest are HTML's block, list-item and table-cell
 * elements: each starts a new line of the reader's text.
 */
const TEXT_BOX =
  /^(?:(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|RT|RP)|P|DIV|LI|[DOU]L|D[DT]|T[DHR]|H[1-6]|TABLE|CAPTION|BLOCKQUOTE|PRE|SECTION|ARTICLE|ASIDE|HEADER|FOOTER|NAV|MAIN|FIGURE|FIGCAPTION|ADDRESS|DETAILS|SUMMARY)$/i;

const NODE_TEXT = 3;

/** flags[i] bits: nodes[i]'s text is not read (no quote or context holds it, no match lands in it)… */
export const NOT_READ = 1;
/** …it starts a new block (or follows a <br>): a line break before it in the reader's text… */
export const NEW_LINE = 2;
/** …its newlines are line breaks (in <pre>); elsewhere they are markup's wrapping, read as spaces. */
export const PRE = 4;

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
  /** NOT_READ | NEW_LINE | PRE bits per node. */
  flags: Uint8Array;
  /** The reader's text without whitespace, built on first use: most anchors on an unchanged page never need it. */
  folded(): FoldedText;
}

export function buildTextIndex(root: Element): TextIndex {
  const walker = root.ownerDocument.createTreeWalker(root, 5 /* NodeFilter.SHOW_ELEMENT | SHOW_TEXT */);
  const nodes: Text[] = [];
  const parts: string[] = [];
  const flagList: number[] = [];
  let parent: Node | null = null;
  let box: RegExpExecArray | null = null;
  let boxElement: Element | null = null;
  let lastBox: Element | null | undefined;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType !== NODE_TEXT) {
      if ((node as Element).tagName === 'BR') lastBox = undefined;
      continue;
    }
    if (node.parentNode !== parent) {
      parent = node.parentNode;
      box = null;
      for (boxElement = node.parentElement; boxElement; boxElement = boxElement.parentElement) {
        box = TEXT_BOX.exec(boxElement.tagName);
        if (box) break;
      }
    }
    let flags = NOT_READ;
    if (!box?.[1]) {
      flags = (boxElement !== lastBox ? NEW_LINE : 0) | (boxElement?.localName === 'pre' ? PRE : 0);
      lastBox = boxElement;
    }
    nodes.push(node as Text);
    parts.push((node as Text).data);
    flagList.push(flags);
  }
  const starts = new Int32Array(nodes.length);
  let offset = 0;
  for (let i = 0; i < nodes.length; i++) {
    starts[i] = offset;
    offset += (parts[i] as string).length;
  }
  const flags = Uint8Array.from(flagList);
  let foldedCache: FoldedText | undefined;
  return {
    root,
    text: parts.join(''),
    nodes,
    starts,
    flags,
    folded: () => {
      // Text not read folds away like whitespace, so no quote, context or match ever includes it.
      foldedCache ??= foldWhitespace(
        parts.map((p, i) => (flags[i] === NOT_READ ? ' '.repeat(p.length) : p)).join(''),
      );
      return foldedCache;
    },
  };
}

export function foldWhitespace(raw: string): FoldedText {
  const toRaw = new Int32Array(raw.length + 1);
  const fromRaw = new Int32Array(raw.length + 1);
  const kept: string[] = [];
  let f = 0;
  let r = 0;
  // Whitespace as matching ignores it: exactly JS's `\s` (ASCII, NBSP, U+3000 ideographic space, BOM…).
  // The space appended ends the last run, so fromRaw also gets its end slot.
  for (const run of `${raw} `.matchAll(/\s+/g)) {
    kept.push(raw.slice(r, run.index));
    for (; r < run.index; r++) {
      fromRaw[r] = f;
      toRaw[f++] = r;
    }
    for (; r < run.index + run[0].length; r++) fromRaw[r] = f;
  }
  toRaw[f] = raw.length;
  return { text: kept.join(''), toRaw: toRaw.subarray(0, f + 1), fromRaw };
}

/** Only whitespace-free text survives folding; used for quotes and contexts. */
export function fold(raw: string): string {
  return raw.replace(/\s+/g, '');
}

/** Index of the last node starting at or before `offset` (−1 when there are no nodes). */
export function lastNodeStartingAtOrBefore(index: TextIndex, offset: number): number {
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

/**
 * The text offset of one boundary point. Points before root map to 0 and points after it to the
 * text's length, so a selection that spills out of root is clipped to it; a point in another tree
 * (a shadow root) maps to 0.
 */
function offsetOfPoint(index: TextIndex, container: Node, offset: number): number {
  const { root } = index;
  const before = root.ownerDocument.createRange();
  before.selectNodeContents(root);
  if (before.isPointInRange(container, offset)) {
    // The text of every node before the point: exactly what textContent holds there.
    before.setEnd(container, offset);
    return before.toString().length;
  }
  return container.getRootNode() === root.getRootNode() && before.comparePoint(container, offset) > 0
    ? index.text.length
    : 0;
}

/** Character offsets [start, end) of a range within root's text, or null when the range lies wholly outside root. */
export function offsetsOfRange(index: TextIndex, range: Range): { start: number; end: number } | null {
  const start = offsetOfPoint(index, range.startContainer, range.startOffset);
  const end = offsetOfPoint(index, range.endContainer, range.endOffset);
  return end < start || (start === end && !range.intersectsNode(index.root)) ? null : { start, end };
}
