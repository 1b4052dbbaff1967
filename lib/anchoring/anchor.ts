import search from 'approx-string-match';
import { contextAgreement, NEAR, nearSimilarity, type SideAgreement } from './similarity';
import { fold, rangeFromOffsets, type TextIndex } from './text-index';
import type { Selector, TextPositionSelector, TextQuoteSelector } from './types';

/** Carried across one batch: how far the last anchored quote moved (folded characters)… */
export interface AnchorHint {
  shift: number;
  /** …and every exact occurrence of the batch's quotes, found in one pass when first needed. */
  occurrences?: () => Map<string, number[]>;
}

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
/** A verbatim run this long beside the quote can stand alone against a contradicting other side. */
const CLEAN_RUN = 16;
/** An exact quote this long that occurs once in the page needs no context: it is the passage. */
const SELF_EVIDENT_LENGTH = 16;

export function isQuoteSelector(s: Selector): s is TextQuoteSelector {
  return s.type === 'TextQuoteSelector' && typeof (s as TextQuoteSelector).exact === 'string';
}

/** Imported selectors may carry null or non-string contexts; treat those as absent. */
function contextOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
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
 * none (the quote itself is the evidence), short ones need a few words of it; fuzzy matches always
 * need a solid stretch, so an edited short quote never jumps to a look-alike elsewhere. When one side
 * plainly disagrees, the other must carry a long stretch on its own (a moved paragraph does; a
 * near-duplicate sentence sharing a few characters does not).
 */
function requiredContext(query: Query, errors: number, disagreeing: boolean): number {
  const quoteLength = query.quote.length;
  const savedContext = query.prefix.length + query.suffix.length;
  if (errors === 0 && (quoteLength >= 32 || (quoteLength >= SELF_EVIDENT_LENGTH && query.occurrences === 1)))
    return 0;
  const base = errors > 0 ? 12 : Math.max(1, 8 - Math.floor(quoteLength / 4));
  return Math.min(savedContext, disagreeing ? Math.max(base, 16) : base);
}

function agrees(side: SideAgreement | null): boolean {
  return side !== null && side.full >= AGREEING_SIMILARITY && side.near >= AGREEING_SIMILARITY;
}

/** A saved side long enough to judge that does not agree. */
function disagrees(side: SideAgreement | null, length: number): boolean {
  return side !== null && length >= NEAR && !agrees(side);
}

/**
 * Numbers carry identity (dates, amounts, item numbers: "第3条" vs "第4条"), so an edit may change
 * any character of a quote but its digits.
 */
function sameDigits(a: string, b: string): boolean {
  return a.replace(/[^0-9０-９]/g, '') === b.replace(/[^0-9０-９]/g, '');
}

interface Query {
  quote: string; // folded
  prefix: string; // folded
  suffix: string; // folded
  /** Folded offset where the quote used to start, when a position selector was saved. */
  expected: number | null;
  /** Exact (folded) occurrences of the quote in the page. */
  occurrences: number;
}

interface Candidate {
  start: number; // folded
  end: number; // folded
  errors: number;
}

interface Verdict {
  acceptable: boolean;
  /** Acceptable, and every saved side agrees. */
  strong: boolean;
  /** Acceptable, and every saved side matches verbatim: nothing better can turn up elsewhere. */
  perfect: boolean;
  score: number;
}

const REJECTED: Verdict = {
  acceptable: false,
  strong: false,
  perfect: false,
  score: Number.NEGATIVE_INFINITY,
};

function judge(query: Query, folded: string, candidate: Candidate): Verdict {
  const { quote, prefix, suffix, expected } = query;
  // Most candidates of a short quote sit in unrelated text: when context is required and neither
  // side agrees even next to the quote, skip the full alignments.
  if (
    requiredContext(query, candidate.errors, false) > 0 &&
    !(
      prefix.length > 0 && nearSimilarity(prefix, folded, candidate.start, 'before') >= AGREEING_SIMILARITY
    ) &&
    !(suffix.length > 0 && nearSimilarity(suffix, folded, candidate.end, 'after') >= AGREEING_SIMILARITY)
  ) {
    return REJECTED;
  }
  const before = contextAgreement(prefix, folded, candidate.start, 'before');
  const after = contextAgreement(suffix, folded, candidate.end, 'after');
  const disagreeing = disagrees(before, prefix.length) || disagrees(after, suffix.length);
  // With one side contradicting, the other is the only evidence left, so it must be clean: a verbatim
  // run next to the quote. A moved paragraph keeps one (its own text); a look-alike sentence elsewhere,
  // edited a few characters from the quote, does not.
  const counts = (side: SideAgreement | null, saved: number) =>
    agrees(side) && (!disagreeing || (side as SideAgreement).run >= Math.min(CLEAN_RUN, saved));
  let agreeing = 0;
  if (counts(before, prefix.length)) agreeing += (before as SideAgreement).full * prefix.length;
  if (counts(after, suffix.length)) agreeing += (after as SideAgreement).full * suffix.length;
  const needed = requiredContext(query, candidate.errors, disagreeing);
  const acceptable =
    agreeing + 1e-9 >= needed &&
    candidate.errors <= allowedErrors(quote.length) &&
    (candidate.errors === 0 || sameDigits(folded.slice(candidate.start, candidate.end), quote));
  const strong = acceptable && (before === null || agrees(before)) && (after === null || agrees(after));
  const perfect =
    acceptable && (before === null || before.full === 1) && (after === null || after.full === 1);
  const quoteSimilarity = 1 - candidate.errors / Math.max(1, quote.length);
  const nearness =
    expected === null
      ? 0
      : 1 - Math.min(1, Math.abs(candidate.start - expected) / Math.max(1, folded.length));
  // Weights after Hypothesis' match-quote (quote ≫ context ≫ position); unknown sides score neutral.
  const score = 50 * quoteSimilarity + 20 * (before?.full ?? 0.5) + 20 * (after?.full ?? 0.5) + 2 * nearness;
  return { acceptable, strong, perfect, score };
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

interface Pick {
  candidate: Candidate;
  verdict: Verdict;
}

function pickBest(query: Query, folded: string, candidates: Candidate[]): Pick | null {
  let best: Pick | null = null;
  for (const candidate of candidates) {
    const verdict = judge(query, folded, candidate);
    if (verdict.acceptable && (best === null || verdict.score > best.verdict.score))
      best = { candidate, verdict };
  }
  return best;
}

function better(a: Pick | null, b: Pick | null): Pick | null {
  if (!a) return b;
  if (!b) return a;
  return b.verdict.score > a.verdict.score ? b : a;
}

function exactCandidates(
  query: Query,
  folded: string,
  hint: AnchorHint | undefined,
): { candidates: Candidate[]; total: number } {
  const { quote } = query;
  const found = (
    hint?.occurrences?.().get(quote)?.slice(0, MAX_OCCURRENCES) ?? occurrences(folded, quote, MAX_OCCURRENCES)
  ).map((start) => ({ start, end: start + quote.length, errors: 0 }));
  if (found.length <= MAX_FINE_SCORED) return { candidates: found, total: found.length };
  // Frequent short quotes: score the rest cheaply and keep the plausible few for the full check.
  const candidates = found
    .map((c) => ({ c, s: cheapScore(query, folded, c.start) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, MAX_FINE_SCORED)
    .map((x) => x.c);
  return { candidates, total: found.length };
}

/**
 * Every exact occurrence of each quote in `text`, in one pass: a page with thousands of highlights
 * costs one scan, not one per quote. Positions are looked up by a hash of their first few
 * characters; a collision only costs a `startsWith`.
 */
export function occurrenceTable(text: string, quotes: string[]): Map<string, number[]> {
  const table = new Map(quotes.filter(Boolean).map((quote) => [quote, [] as number[]]));
  const size = Math.min(8, ...[...table.keys()].map((quote) => quote.length));
  const hash = (of: string, at: number) => {
    let h = 0;
    for (let k = 0; k < size; k++) h = (Math.imul(h, 31) + of.charCodeAt(at + k)) | 0;
    return h;
  };
  const heads = new Map<number, string[]>();
  for (const quote of table.keys())
    heads.get(hash(quote, 0))?.push(quote) ?? heads.set(hash(quote, 0), [quote]);
  for (let at = 0; at + size <= text.length; at++)
    for (const quote of heads.get(hash(text, at)) ?? [])
      if (text.startsWith(quote, at)) table.get(quote)?.push(at);
  return table;
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

/** Length of the context pieces searched verbatim to locate an edited quote. */
const CHUNK = 8;

/**
 * Where an edited quote may be when it is not near its old position: right after/before places
 * where pieces of its saved prefix/suffix still occur verbatim. Each is a small window searched with
 * approx-string-match, so an edited quote costs O(windows · quote) instead of O(page · quote).
 */
function fuzzyWindows(query: Query, folded: string, maxErrors: number): Array<[number, number]> {
  const { quote, prefix, suffix } = query;
  const windows: Array<[number, number]> = [];
  const pad = maxErrors + 4;
  const add = (from: number, to: number) => {
    const a = Math.max(0, from);
    const b = Math.min(folded.length, to);
    if (b - a >= quote.length - maxErrors) windows.push([a, b]);
  };
  for (let k = 0; k * CHUNK < Math.max(prefix.length, suffix.length); k++) {
    // Prefix pieces: the quote should start where the saved prefix ended.
    const pEnd = prefix.length - k * CHUNK;
    const pStart = Math.max(0, pEnd - CHUNK);
    if (pEnd - pStart >= 4) {
      const distanceToQuote = prefix.length - pEnd;
      for (const at of occurrences(folded, prefix.slice(pStart, pEnd), 16)) {
        const quoteStart = at + (pEnd - pStart) + distanceToQuote;
        add(quoteStart - pad, quoteStart + quote.length + pad);
      }
    }
    // Suffix pieces: the quote should end where the saved suffix began.
    const sStart = k * CHUNK;
    const sEnd = Math.min(suffix.length, sStart + CHUNK);
    if (sEnd - sStart >= 4) {
      for (const at of occurrences(folded, suffix.slice(sStart, sEnd), 16)) {
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
  const prefix = contextOf(quote.prefix);
  const suffix = contextOf(quote.suffix);
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
export function anchorSpan(index: TextIndex, selectors: Selector[], hint?: AnchorHint): TextSpan | null {
  const quote = selectors.find(isQuoteSelector);
  const position = selectors.find(isPositionSelector);
  const { text } = index;
  if (!quote) {
    return position && position.end <= text.length ? { start: position.start, end: position.end } : null;
  }
  if (quote.exact.length === 0) return anchorEmptyQuote(index, quote, position);

  const query: Query = {
    quote: fold(quote.exact),
    prefix: fold(contextOf(quote.prefix)),
    suffix: fold(contextOf(quote.suffix)),
    expected: null,
    occurrences: 0,
  };
  const folded = index.folded();
  const held = position && position.end <= text.length ? position : undefined;
  if (query.quote.length === 0) {
    // A whitespace-only quote has nothing to search for: only its exact position can hold it.
    return held && text.slice(held.start, held.end) === quote.exact
      ? { start: held.start, end: held.end }
      : null;
  }
  if (position && position.start <= text.length) query.expected = folded.fromRaw[position.start] as number;

  // The saved position holds the quote when the reader's text there is the quote (whitespace aside).
  const start = held ? (folded.fromRaw[held.start] as number) : 0;
  const readerText = held && folded.text.slice(start, folded.fromRaw[held.end]);
  if (held && readerText === query.quote) {
    const candidate = { start, end: start + query.quote.length, errors: 0 };
    if (judge(query, folded.text, candidate).perfect) {
      if (hint) hint.shift = 0;
      return { start: held.start, end: held.end };
    }
  }
  // Saved before quotes were the reader's text (ruby readings inside): the raw text there still is
  // the quote, though the reader's text is not (else context decides, as above).
  if (held && readerText !== query.quote && text.slice(held.start, held.end) === quote.exact)
    return { start: held.start, end: held.end };

  // A quote saved with no context at all (imports from other tools) gets exact matching only.
  const hasContext = query.prefix.length + query.suffix.length > 0;
  const exactMatches = exactCandidates(query, folded.text, hint);
  query.occurrences = exactMatches.total;
  const exact = pickBest(query, folded.text, exactMatches.candidates);
  if (exact?.verdict.strong) return found(index, exact.candidate, quote.exact, query, hint);

  // No exact match, or one whose context only half agrees: an edited copy in the right place may beat it.
  const maxErrors = allowedErrors(query.quote.length);
  if (!hasContext || maxErrors === 0)
    return exact ? found(index, exact.candidate, quote.exact, query, hint) : null;
  // First the window where the quote is expected (old position, moved like its predecessor); only
  // if that finds nothing clean, the windows beside surviving pieces of the saved context.
  // No whole-page fuzzy scan: a fuzzy match needs agreeing context, and context that agrees keeps
  // at least one verbatim 8-character piece in all but heavily rewritten passages, so the windows
  // find what a page scan would, at a fraction of the cost.
  let best = exact;
  if (query.expected !== null) {
    const pad = 64 + maxErrors;
    const shift = hint?.shift ?? 0;
    const window = (at: number): [number, number] => [
      Math.max(0, at - pad),
      Math.min(folded.text.length, at + query.quote.length + pad),
    ];
    const windows =
      shift === 0 ? [window(query.expected)] : [window(query.expected + shift), window(query.expected)];
    best = better(
      best,
      pickBest(query, folded.text, fuzzyCandidates(query, folded.text, windows, maxErrors)),
    );
  }
  if (!best?.verdict.perfect) {
    const windows = fuzzyCandidates(
      query,
      folded.text,
      fuzzyWindows(query, folded.text, maxErrors),
      maxErrors,
    );
    best = better(best, pickBest(query, folded.text, windows));
  }
  return best ? found(index, best.candidate, quote.exact, query, hint) : null;
}

function found(
  index: TextIndex,
  candidate: Candidate,
  exact: string,
  query: Query,
  hint: AnchorHint | undefined,
): TextSpan {
  if (hint && query.expected !== null) hint.shift = candidate.start - query.expected;
  return candidate.errors === 0 ? exactRawSpan(index, candidate, exact) : toRawSpan(index, candidate);
}

/**
 * For an exact (whitespace-insensitive) match, keep the leading/trailing whitespace the quote had
 * when the page has as much whitespace there.
 */
function exactRawSpan(index: TextIndex, candidate: Candidate, exact: string): TextSpan {
  const { text } = index;
  const span = toRawSpan(index, candidate);
  const start = span.start - exact.length + exact.trimStart().length;
  const end = span.end + exact.length - exact.trimEnd().length;
  return start >= 0 &&
    end <= text.length &&
    !(text.slice(start, span.start) + text.slice(span.end, end)).trim()
    ? { start, end }
    : span;
}

export function anchorRange(index: TextIndex, selectors: Selector[], hint?: AnchorHint): Range | null {
  const span = anchorSpan(index, selectors, hint);
  return span ? rangeFromOffsets(index, span.start, span.end) : null;
}
