import search from 'approx-string-match';
import { contextSimilarity } from './similarity';
import { fold, isUnrenderedAt, rangeFromOffsets, type TextIndex } from './text-index';
import type { Selector, TextPositionSelector, TextQuoteSelector } from './types';

export interface TextSpan {
  start: number;
  end: number;
}

/** Up to this many occurrences of a quote are scored; more means the page repeats it pathologically. */
const MAX_OCCURRENCES = 20_000;
/** Occurrences scored with the (costlier) edit-distance context check, best cheap scores first. */
const MAX_FINE_SCORED = 48;
/** A context side "agrees" from this similarity on; below it, it counts as evidence of nothing. */
const AGREEING_SIMILARITY = 0.6;

export function isQuoteSelector(s: Selector): s is TextQuoteSelector {
  return s.type === 'TextQuoteSelector' && typeof (s as TextQuoteSelector).exact === 'string';
}

export function isPositionSelector(s: Selector): s is TextPositionSelector {
  const p = s as TextPositionSelector;
  return (
    s.type === 'TextPositionSelector' &&
    Number.isInteger(p.start) &&
    Number.isInteger(p.end) &&
    p.start >= 0 &&
    p.end >= p.start
  );
}

/**
 * Errors a fuzzy match may have: none below 4 characters (a one-character change to a two-character
 * Chinese word makes it a different word), then one per four characters.
 */
export function allowedErrors(quoteLength: number): number {
  return quoteLength < 4 ? 0 : Math.floor(quoteLength / 4);
}

/**
 * Context characters that must agree before a match is accepted. Exact matches of long quotes need
 * little (the quote itself is the evidence), short ones need a few words of it; fuzzy matches always
 * need a solid stretch, so an edited short quote never jumps to a look-alike elsewhere.
 */
function requiredContext(quoteLength: number, errors: number, savedContext: number): number {
  if (errors > 0) return Math.min(savedContext, 12);
  if (quoteLength >= 32) return 0;
  return Math.min(savedContext, Math.max(1, 8 - Math.floor(quoteLength / 4)));
}

interface Query {
  quote: string; // folded
  prefix: string; // folded
  suffix: string; // folded
  /** Folded offset where the quote used to start, when a position selector was saved. */
  expected: number | null;
}

interface Candidate {
  start: number; // folded
  end: number; // folded
  errors: number;
}

interface Verdict {
  acceptable: boolean;
  score: number;
}

function judge(query: Query, folded: string, candidate: Candidate): Verdict {
  const { quote, prefix, suffix, expected } = query;
  const before = contextSimilarity(prefix, folded, candidate.start, 'before');
  const after = contextSimilarity(suffix, folded, candidate.end, 'after');
  let agreeing = 0;
  if (before !== null && before >= AGREEING_SIMILARITY) agreeing += before * prefix.length;
  if (after !== null && after >= AGREEING_SIMILARITY) agreeing += after * suffix.length;
  const needed = requiredContext(quote.length, candidate.errors, prefix.length + suffix.length);
  const errorBudget = allowedErrors(quote.length);
  const acceptable = agreeing + 1e-9 >= needed && candidate.errors <= errorBudget;
  const quoteSimilarity = 1 - candidate.errors / Math.max(1, quote.length);
  const nearness =
    expected === null
      ? 0
      : 1 - Math.min(1, Math.abs(candidate.start - expected) / Math.max(1, folded.length));
  // Weights after Hypothesis' match-quote (quote ≫ context ≫ position); unknown sides score neutral.
  const score = 50 * quoteSimilarity + 20 * (before ?? 0.5) + 20 * (after ?? 0.5) + 2 * nearness;
  return { acceptable, score };
}

/** Cheap pre-score: exact context characters on both sides, then nearness to the old position. */
function cheapScore(query: Query, folded: string, start: number): number {
  let n = 0;
  const { prefix, suffix, quote } = query;
  while (n < prefix.length && prefix.charCodeAt(prefix.length - 1 - n) === folded.charCodeAt(start - 1 - n))
    n++;
  let m = 0;
  const end = start + quote.length;
  while (m < suffix.length && suffix.charCodeAt(m) === folded.charCodeAt(end + m)) m++;
  const nearness =
    query.expected === null ? 0 : 1 - Math.min(1, Math.abs(start - query.expected) / folded.length);
  return n + m + nearness;
}

function pickBest(query: Query, folded: string, candidates: Candidate[], index: TextIndex): Candidate | null {
  let best: Candidate | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  const foldedMap = index.folded();
  for (const candidate of candidates) {
    if (isUnrenderedAt(index, foldedMap.toRaw[candidate.start] as number)) continue;
    const verdict = judge(query, folded, candidate);
    if (verdict.acceptable && verdict.score > bestScore) {
      best = candidate;
      bestScore = verdict.score;
    }
  }
  return best;
}

function exactCandidates(query: Query, folded: string): Candidate[] {
  const found: Candidate[] = [];
  const { quote } = query;
  for (
    let at = folded.indexOf(quote);
    at !== -1 && found.length < MAX_OCCURRENCES;
    at = folded.indexOf(quote, at + 1)
  ) {
    found.push({ start: at, end: at + quote.length, errors: 0 });
  }
  if (found.length <= MAX_FINE_SCORED) return found;
  // Frequent short quotes: score the rest cheaply and keep the plausible few for the full check.
  return found
    .map((c) => ({ c, s: cheapScore(query, folded, c.start) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, MAX_FINE_SCORED)
    .map((x) => x.c);
}

/** All occurrences of `needle` in `haystack` (at most `limit`). */
function occurrences(haystack: string, needle: string, limit: number): number[] {
  const out: number[] = [];
  if (needle.length === 0) return out;
  for (
    let at = haystack.indexOf(needle);
    at !== -1 && out.length < limit;
    at = haystack.indexOf(needle, at + 1)
  ) {
    out.push(at);
  }
  return out;
}

/**
 * Where an edited quote may now be: near its old position, and right after/before places where
 * pieces of its saved prefix/suffix still occur verbatim. Each is a small window searched with
 * approx-string-match, so an edited quote costs O(windows · quote) instead of O(page · quote).
 */
function fuzzyWindows(query: Query, folded: string, maxErrors: number): Array<[number, number]> {
  const { quote, prefix, suffix, expected } = query;
  const windows: Array<[number, number]> = [];
  const pad = maxErrors + 4;
  const add = (from: number, to: number) => {
    const a = Math.max(0, from);
    const b = Math.min(folded.length, to);
    if (b - a >= quote.length - maxErrors) windows.push([a, b]);
  };
  if (expected !== null) add(expected - 64 - pad, expected + quote.length + 64 + pad);
  const CHUNK = 8;
  for (let k = 0; k < 2; k++) {
    // Prefix pieces: the quote should start where the saved prefix ended.
    const pEnd = prefix.length - k * CHUNK;
    const pStart = Math.max(0, pEnd - CHUNK);
    if (pEnd - pStart >= 4) {
      const distanceToQuote = prefix.length - pEnd;
      for (const at of occurrences(folded, prefix.slice(pStart, pEnd), 32)) {
        const quoteStart = at + (pEnd - pStart) + distanceToQuote;
        add(quoteStart - pad, quoteStart + quote.length + pad);
      }
    }
    // Suffix pieces: the quote should end where the saved suffix began.
    const sStart = k * CHUNK;
    const sEnd = Math.min(suffix.length, sStart + CHUNK);
    if (sEnd - sStart >= 4) {
      for (const at of occurrences(folded, suffix.slice(sStart, sEnd), 32)) {
        const quoteEnd = at - sStart;
        add(quoteEnd - quote.length - pad, quoteEnd + pad);
      }
    }
  }
  return windows;
}

function fuzzyCandidates(
  query: Query,
  folded: string,
  windows: Array<[number, number]>,
  maxErrors: number,
): Candidate[] {
  const seen = new Set<number>();
  const out: Candidate[] = [];
  for (const [from, to] of windows) {
    for (const match of search(folded.slice(from, to), query.quote, maxErrors)) {
      const start = from + match.start;
      const end = from + match.end;
      const key = start * 1_000_003 + end;
      if (seen.has(key) || end <= start) continue;
      seen.add(key);
      out.push({ start, end, errors: match.errors });
    }
  }
  return out;
}

/** Raw span for a folded candidate: from its first to its last non-whitespace character. */
function toRawSpan(index: TextIndex, candidate: Candidate): TextSpan {
  const { toRaw } = index.folded();
  return { start: toRaw[candidate.start] as number, end: (toRaw[candidate.end - 1] as number) + 1 };
}

function anchorEmptyQuote(
  index: TextIndex,
  quote: TextQuoteSelector,
  position: TextPositionSelector | undefined,
): TextSpan | null {
  const { text } = index;
  const prefix = quote.prefix ?? '';
  const suffix = quote.suffix ?? '';
  if (
    position &&
    position.start === position.end &&
    position.end <= text.length &&
    text.slice(position.start - prefix.length, position.start) === prefix &&
    text.startsWith(suffix, position.start)
  ) {
    return { start: position.start, end: position.start };
  }
  const needle = prefix + suffix;
  if (needle.length === 0) {
    const at = position && position.start <= text.length ? position.start : 0;
    return { start: at, end: at };
  }
  const expected = position?.start ?? 0;
  let best: number | null = null;
  for (const at of occurrences(text, needle, MAX_OCCURRENCES)) {
    const point = at + prefix.length;
    if (best === null || Math.abs(point - expected) < Math.abs(best - expected)) best = point;
  }
  return best === null ? null : { start: best, end: best };
}

/**
 * The span of root's text the selectors describe, or null (an orphan). Order: the saved position
 * when it still holds the quote (and its context agrees); else every exact, whitespace-insensitive
 * occurrence scored by context and nearness; else fuzzy matches, which must sit in agreeing context.
 */
export function anchorSpan(index: TextIndex, selectors: Selector[]): TextSpan | null {
  const quote = selectors.find(isQuoteSelector);
  const position = selectors.find(isPositionSelector);
  const { text } = index;
  if (!quote) {
    return position && position.end <= text.length ? { start: position.start, end: position.end } : null;
  }
  if (quote.exact.length === 0) return anchorEmptyQuote(index, quote, position);

  const query: Query = {
    quote: fold(quote.exact),
    prefix: fold(quote.prefix ?? ''),
    suffix: fold(quote.suffix ?? ''),
    expected: null,
  };
  const positionHolds =
    position !== undefined &&
    position.end <= text.length &&
    text.slice(position.start, position.end) === quote.exact &&
    !isUnrenderedAt(index, position.start);

  if (query.quote.length === 0) {
    // A whitespace-only quote has nothing to search for: only its exact position can hold it.
    return positionHolds && position ? { start: position.start, end: position.end } : null;
  }

  const folded = index.folded();
  if (position && position.start <= text.length) query.expected = folded.fromRaw[position.start] as number;

  if (positionHolds && position) {
    const start = folded.fromRaw[position.start] as number;
    const candidate = { start, end: start + query.quote.length, errors: 0 };
    if (judge(query, folded.text, candidate).acceptable) return { start: position.start, end: position.end };
  }

  // A quote saved with no context at all (imports from other tools) gets exact matching only.
  const hasContext = query.prefix.length + query.suffix.length > 0;
  const exact = pickBest(query, folded.text, exactCandidates(query, folded.text), index);
  if (exact) return exactRawSpan(index, exact, quote.exact);

  const maxErrors = allowedErrors(query.quote.length);
  if (!hasContext || maxErrors === 0) return null;
  const nearby = fuzzyCandidates(query, folded.text, fuzzyWindows(query, folded.text, maxErrors), maxErrors);
  const fuzzy = pickBest(query, folded.text, nearby, index);
  if (fuzzy) return toRawSpan(index, fuzzy);
  // Last resort: the whole page. Still context-checked, so this can only find, never mislead.
  const anywhere = fuzzyCandidates(query, folded.text, [[0, folded.text.length]], maxErrors);
  const far = pickBest(query, folded.text, anywhere, index);
  return far ? toRawSpan(index, far) : null;
}

/**
 * For an exact (whitespace-insensitive) match, prefer the raw span whose text equals the saved quote
 * verbatim, keeping leading/trailing whitespace the quote had.
 */
function exactRawSpan(index: TextIndex, candidate: Candidate, exact: string): TextSpan {
  const span = toRawSpan(index, candidate);
  const lead = exact.length - exact.trimStart().length;
  const trail = exact.length - exact.trimEnd().length;
  const start = span.start - lead;
  const end = span.end + trail;
  if (start >= 0 && end <= index.text.length && index.text.slice(start, end) === exact) return { start, end };
  return span;
}

export function anchorRange(index: TextIndex, selectors: Selector[]): Range | null {
  const span = anchorSpan(index, selectors);
  return span ? rangeFromOffsets(index, span.start, span.end) : null;
}
