import {
  lastNodeStartingAtOrBefore,
  NEW_LINE,
  NOT_READ,
  offsetsOfRange,
  PRE,
  type TextIndex,
} from './text-index';
import type { Selector, TextPositionSelector, TextQuoteSelector } from './types';

/** Context saved on each side, in non-whitespace characters: enough to re-find an edited passage… */
export const CONTEXT_MIN = 32;
/** …grown past the minimum only while another place in the page shares as much context, up to this. */
export const CONTEXT_MAX = 160;

function sharedBackward(text: string, a: number, b: number, cap: number): number {
  let n = 0;
  while (
    n < cap &&
    a - 1 - n >= 0 &&
    b - 1 - n >= 0 &&
    text.charCodeAt(a - 1 - n) === text.charCodeAt(b - 1 - n)
  )
    n++;
  return n;
}

function sharedForward(text: string, a: number, b: number, cap: number): number {
  let n = 0;
  while (
    n < cap &&
    a + n < text.length &&
    b + n < text.length &&
    text.charCodeAt(a + n) === text.charCodeAt(b + n)
  )
    n++;
  return n;
}

/**
 * Context length (per side, in folded characters) that tells the passage at [start, end) apart from
 * every other occurrence of the same folded quote: another occurrence stays ambiguous only while it
 * shares at least that much context on both sides.
 */
function contextLength(folded: string, start: number, end: number): number {
  const quote = folded.slice(start, end);
  if (quote.length === 0) return CONTEXT_MIN;
  let needed = CONTEXT_MIN;
  for (let at = folded.indexOf(quote); at !== -1; at = folded.indexOf(quote, at + 1)) {
    if (at === start) continue;
    const before = sharedBackward(folded, start, at, CONTEXT_MAX);
    const after = sharedForward(folded, end, at + quote.length, CONTEXT_MAX);
    needed = Math.max(needed, Math.min(before, after) + 1);
    if (needed >= CONTEXT_MAX) return CONTEXT_MAX;
  }
  return needed;
}

/**
 * The reader's text of [cuts[0], cuts[3]) cut at cuts[1] and cuts[2] into prefix, quote and suffix:
 * text not read left out, markup's newlines read as spaces, and one "\n" where a block starts,
 * taking in the whitespace around it. A line break at a cut goes to the context, never the quote.
 */
function readerText(index: TextIndex, cuts: number[]): string[] {
  const out = ['', '', ''];
  const [from, start, end, to] = cuts as [number, number, number, number];
  for (
    let i = Math.max(0, lastNodeStartingAtOrBefore(index, from));
    i < index.nodes.length && (index.starts[i] as number) < to;
    i++
  ) {
    const at = index.starts[i] as number;
    const flags = index.flags[i] as number;
    if (flags & NOT_READ) continue;
    // \0 marks the break until whitespace around it is taken in (parsed HTML text never holds \0).
    if (flags & NEW_LINE && at > from) out[at <= start ? 0 : at < end ? 1 : 2] += '\0';
    const data = (index.nodes[i] as Text).data;
    const read = flags & PRE ? data : data.replace(/[\n\r]/g, ' ');
    for (let k = 0; k < 3; k++)
      out[k] += read.slice(Math.max(0, (cuts[k] as number) - at), Math.max(0, (cuts[k + 1] as number) - at));
  }
  return out.map((part) => part.replace(/\s*\0[\s\0]*/g, '\n'));
}

/** Quote and position selectors for characters [start, end) of the index's text. */
export function describeOffsets(index: TextIndex, start: number, end: number): Selector[] {
  const { text } = index;
  const folded = index.folded();
  const foldedStart = folded.fromRaw[start] as number;
  const foldedEnd = folded.fromRaw[end] as number;
  const length = contextLength(folded.text, foldedStart, foldedEnd);
  // Contexts are saved as the reader's text (real page text, as the W3C model wants) but measured in folded characters
  // so that indentation and newlines in the markup do not eat the budget.
  const prefixFrom = foldedStart - length <= 0 ? 0 : (folded.toRaw[foldedStart - length] as number);
  const suffixTo =
    foldedEnd + length >= folded.text.length
      ? text.length
      : (folded.toRaw[foldedEnd + length - 1] as number) + 1;
  const [prefix, exact, suffix] = readerText(index, [prefixFrom, start, end, suffixTo]) as [
    string,
    string,
    string,
  ];
  const quote: TextQuoteSelector = { type: 'TextQuoteSelector', exact, prefix, suffix };
  const position: TextPositionSelector = { type: 'TextPositionSelector', start, end };
  return [quote, position];
}

export function describeRange(index: TextIndex, range: Range): Selector[] {
  const offsets = offsetsOfRange(index, range);
  if (!offsets) throw new RangeError('describe: the range does not lie within root');
  return describeOffsets(index, offsets.start, offsets.end);
}
