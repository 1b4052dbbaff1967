import type { Annotation } from '../db/types';
import { pageOf } from '../pdf/selectors';

/**
 * Links back to the exact passage of a web page with a URL text fragment
 * (https://wicg.github.io/scroll-to-text-fragment/): `#:~:text=[prefix-,]start[,end][,-suffix]`.
 */

/** Quotes longer than this (or spanning lines) use the `start,end` range form. Lengths are UTF-16 units. */
const EXACT_MAX_CHARS = 80;
/** How much of the quote the `start`/`end` terms keep, and of the context `prefix`/`suffix`. */
const EDGE_CHARS = 24;
/**
 * Longer context tells more repeats apart but more often runs into a block break the guesses below
 * miss (a heading with no final punctuation), which makes the whole link fail.
 */
const CONTEXT_CHARS = 12;

/**
 * Percent-encodes a directive term. `encodeURIComponent` already covers `&` and `,`; the spec also
 * reserves `-`, and `!'()*~` are encoded so the URL survives inside a markdown link.
 */
export function encodeTextDirectiveTerm(term: string): string {
  return encodeURIComponent(term).replace(
    /[-!'()*~]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Text fragments match rendered text, where runs of whitespace read as one space. */
function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Chromium only accepts a term that starts and ends on word boundaries (ICU's, which for Chinese
 * come from a dictionary): a cut inside 农民 makes the whole link fail. Intl.Segmenter is the same
 * ICU word breaker, so terms are cut at its boundaries.
 */
let wordSegmenter: Intl.Segmenter | undefined;

/** Offsets where words start, plus the end of the text. */
function wordBoundaries(text: string): number[] {
  // Made on first use: the content bootstrap bundles this module but never cuts a term.
  wordSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const out: number[] = [];
  for (const { index } of wordSegmenter.segment(text)) out.push(index);
  out.push(text.length);
  return out;
}

/** Terms may grow to this length to end on punctuation rather than on a dictionary boundary. */
const STRETCH_CHARS = 40;
const CJK_PUNCTUATION =
  /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u201c\u201d\u2018\u2019]/;

/**
 * True when a term may end after `text[i]` in any dictionary: after a space or CJK punctuation, or
 * after ASCII punctuation followed by a space. Word boundaries inside Chinese words differ between
 * ICU versions (博物馆 vs 博物|馆), so these are tried before the segmenter's.
 */
function safeBreakAfter(text: string, i: number): boolean {
  const ch = text[i] ?? '';
  if (/\s/.test(ch) || CJK_PUNCTUATION.test(ch)) return true;
  return /[,.;:!?)\]]/.test(ch) && /\s/.test(text[i + 1] ?? ' ');
}

/** Offsets in (0, length) after which a term may safely end (see safeBreakAfter). */
function safeCuts(text: string): number[] {
  const safe: number[] = [];
  for (let i = 0; i < text.length - 1; i++) if (safeBreakAfter(text, i)) safe.push(i + 1);
  return safe;
}

/** Word boundaries in (0, length): the fallback when no punctuation is near enough. */
function wordCuts(text: string): number[] {
  return wordBoundaries(text).filter((b) => b > 0 && b < text.length);
}

/** A window cut from a longer text loses the half surrogate pair at its edge. */
function withoutSplitPair(window: string): string {
  return window.replace(/^[\udc00-\udfff]|[\ud800-\udbff]$/g, '');
}

/** At most about `max` UTF-16 units from the start, ending where any word breaker agrees it may. */
function head(full: string, max: number): string {
  if (full.length <= max) return full;
  // Only the first STRETCH_CHARS matter; one more character tells whether a cut there is safe.
  const text = withoutSplitPair(full.slice(0, STRETCH_CHARS + 1));
  const safe = safeCuts(text);
  let cut = safe.filter((p) => p <= max).pop() ?? safe.find((p) => p <= STRETCH_CHARS);
  if (cut === undefined) {
    const words = wordCuts(text);
    cut = words.filter((p) => p <= max).pop() ?? words[0] ?? text.length;
  }
  return text.slice(0, cut).trimEnd();
}

/** At most about `max` UTF-16 units from the end, starting where any word breaker agrees it may. */
function tail(full: string, max: number): string {
  if (full.length <= max) return full;
  const text = withoutSplitPair(full.slice(-(STRETCH_CHARS + 1)));
  const safe = safeCuts(text);
  const from = text.length - max;
  let cut = safe.find((p) => p >= from) ?? safe.filter((p) => p >= text.length - STRETCH_CHARS).pop();
  if (cut === undefined) {
    const words = wordCuts(text);
    cut = words.find((p) => p >= from) ?? words[words.length - 1] ?? 0;
  }
  return text.slice(cut).trimStart();
}

/**
 * Text-fragment terms cannot span blocks, but saved quotes and context come from `textContent`,
 * which runs paragraphs together ("…好了不少。城市垃圾…"). Likely block ends: a newline, a CJK
 * sentence end (。！？…；), or a Latin one (.!?;) glued to a capital or CJK character ("end.Next",
 * "end.下一段"; but "3.5", "e.g." and "end. Next" stay whole). Returns the pieces, each with its break.
 */
export function splitAtBlockBreaks(text: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    // A Latin sentence end followed by a space stays in its block; glued to what follows, it is
    // most likely the end of one block and the start of the next.
    const isBreak =
      ch === '\n' ||
      '。！？…；'.includes(ch) ||
      ('.!?;'.includes(ch) && !/[\s0-9a-z]/.test(text[i + 1] ?? ''));
    if (isBreak && !'。！？…；.!?;'.includes(text[i + 1] ?? '-')) {
      pieces.push(text.slice(from, i + 1));
      from = i + 1;
    }
  }
  pieces.push(text.slice(from));
  return pieces;
}

/**
 * The saved context that one term can hold next to the quote: the piece beside it, which is in the
 * quote's own block or, when the quote starts or ends a block, in the neighbouring one (a prefix or
 * suffix may sit in the block before or after the quote; only a term itself cannot cross blocks).
 */
function nearestPiece(context: string, side: 'before' | 'after'): string {
  const pieces = splitAtBlockBreaks(context).map(collapse);
  if (side === 'before') pieces.reverse();
  return pieces.find((piece) => piece) ?? '';
}

function quoteContext(annotation: Annotation): { prefix: string; suffix: string } {
  for (const s of annotation.selectors) {
    if (s.type === 'TextQuoteSelector') {
      const prefix = nearestPiece(typeof s.prefix === 'string' ? s.prefix : '', 'before');
      const suffix = nearestPiece(typeof s.suffix === 'string' ? s.suffix : '', 'after');
      return {
        prefix: prefix ? tail(prefix, CONTEXT_CHARS) : '',
        suffix: suffix ? head(suffix, CONTEXT_CHARS) : '',
      };
    }
  }
  return { prefix: '', suffix: '' };
}

/**
 * The text directive for an annotation's quote (without the leading `#:~:`), or undefined for a
 * page-level note. The quote is framed by its saved context (`prefix-,…,-suffix`), which tells a
 * repeated passage apart from its other occurrences and lets a quote start or end inside a word. A
 * quote that spans blocks, or is long, uses `start,end`. There is one directive only: Chromium marks
 * every directive that matches, so a bare-quote fallback would also mark the first occurrence.
 */
export function textDirective(annotation: Annotation): string | undefined {
  const quote = collapse(annotation.quote);
  if (!quote) return undefined;
  const { prefix, suffix } = quoteContext(annotation);
  const pieces = splitAtBlockBreaks(annotation.quote)
    .map(collapse)
    .filter((piece) => piece);
  const parts: string[] = [];
  if (prefix) parts.push(`${encodeTextDirectiveTerm(prefix)}-`);
  if (pieces.length <= 1 && quote.length <= EXACT_MAX_CHARS) {
    parts.push(encodeTextDirectiveTerm(quote));
  } else {
    const first = pieces[0] ?? quote;
    const last = pieces[pieces.length - 1] ?? quote;
    parts.push(
      encodeTextDirectiveTerm(head(first, EDGE_CHARS)),
      encodeTextDirectiveTerm(tail(last, EDGE_CHARS)),
    );
  }
  if (suffix) parts.push(`-${encodeTextDirectiveTerm(suffix)}`);
  return `text=${parts.join(',')}`;
}

/**
 * The link back to a passage when the caller has none of its own: a web page's text-fragment URL,
 * a web PDF's `#page=N` (PDF viewers open the page; they ignore text fragments); nothing for other
 * sources.
 */
export function passageUrl(annotation: Annotation): string | undefined {
  if (!/^https?:/i.test(annotation.source)) return undefined;
  const page = pageOf(annotation.selectors);
  if (page !== null) return `${annotation.source.replace(/#.*$/s, '')}#page=${page}`;
  return textFragmentUrl(annotation);
}

/** The page URL with a text fragment to the passage; the page's own fragment is replaced. */
export function textFragmentUrl(annotation: Annotation): string {
  const base = annotation.source.replace(/#.*$/s, '');
  const directive = textDirective(annotation);
  return directive ? `${base}#:~:${directive}` : base;
}

/**
 * The reader page for a bundled article: `meipi:article/<id>` →
 * `<extensionBase>reader.html?article=<id>&annotation=<uuid>`. `extensionBase` is what
 * `browser.runtime.getURL('/')` returns. Undefined for anything else.
 */
export function readerUrlFor(extensionBase: string, annotation: Annotation): string | undefined {
  const match = /^meipi:article\/(.+)$/.exec(annotation.source);
  if (!match?.[1]) return undefined;
  const base = extensionBase.endsWith('/') ? extensionBase : `${extensionBase}/`;
  const article = encodeURIComponent(decodeURIComponentSafe(match[1]));
  return `${base}reader.html?article=${article}&annotation=${encodeURIComponent(annotation.id)}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
