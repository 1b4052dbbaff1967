/** A half-open range of UTF-16 offsets into one piece of text. */
export interface TextRange {
  start: number;
  end: number;
}

/** Sorted, non-empty, non-overlapping ranges clipped to `length`: safe to walk once. */
export function mergeRanges(ranges: readonly TextRange[], length: number): TextRange[] {
  const clipped = ranges
    .map((r) => ({ start: Math.max(0, r.start), end: Math.min(length, r.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextRange[] = [];
  for (const range of clipped) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * Where the matched terms occur in `text`, case-insensitively. The fallback when a search hit
 * carries no offsets: terms are normalised (simplified, lower case), so a traditional-script
 * quote may show no marks — the card still shows, only unmarked.
 */
export function findTerms(text: string, terms: readonly string[]): TextRange[] {
  const haystack = text.toLowerCase();
  const ranges: TextRange[] = [];
  for (const term of terms) {
    const needle = term.toLowerCase();
    if (!needle) continue;
    // Lower-casing can change lengths (e.g. 'İ'); then offsets would drift, so skip marking.
    if (haystack.length !== text.length) return [];
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
      ranges.push({ start: at, end: at + needle.length });
    }
  }
  return mergeRanges(ranges, text.length);
}

export interface Piece {
  text: string;
  marked: boolean;
}

/** Splits text into plain and marked pieces, in order; joined they are the text again. */
export function splitMarked(text: string, ranges: readonly TextRange[]): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const { start, end } of mergeRanges(ranges, text.length)) {
    if (start > at) pieces.push({ text: text.slice(at, start), marked: false });
    pieces.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}

/**
 * A window of at most `max` characters that shows the first mark: long quotes would otherwise
 * hide the match below the fold. Ellipses mark what was cut; ranges move with the text.
 */
export function snippet(
  text: string,
  ranges: readonly TextRange[],
  max: number,
): { text: string; ranges: TextRange[] } {
  const merged = mergeRanges(ranges, text.length);
  if (text.length <= max) return { text, ranges: merged };
  const first = merged[0];
  const lead = Math.floor(max / 4);
  let start = first && first.start > lead ? first.start - lead : 0;
  start = Math.min(start, text.length - max);
  // Don't split a surrogate pair at either edge.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start -= 1;
  let end = start + max;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end += 1;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  const shifted = merged
    .filter((r) => r.end > start && r.start < end)
    .map((r) => ({ start: Math.max(r.start, start) + shift, end: Math.min(r.end, end) + shift }));
  return { text: prefix + text.slice(start, end) + suffix, ranges: shifted };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
