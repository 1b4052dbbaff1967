import type { Annotation } from '../db/types';

/**
 * Links back to the exact passage of a web page with a URL text fragment
 * (https://wicg.github.io/scroll-to-text-fragment/): `#:~:text=[prefix-,]start[,end][,-suffix]`.
 */

/** Quotes longer than this (or spanning lines) use the `start,end` range form. */
const EXACT_MAX_CHARS = 80;
/** How much of the quote the `start`/`end` terms keep, and of the context `prefix`/`suffix`. */
const EDGE_CHARS = 24;
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

const HAS_SPACES_BETWEEN_WORDS = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** The first `max` characters (code points), cut back to a word end for space-separated scripts. */
function head(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  if (HAS_SPACES_BETWEEN_WORDS.test(cut) && chars[max] !== ' ') {
    const space = cut.lastIndexOf(' ');
    if (space > cut.length / 3) return cut.slice(0, space);
  }
  return cut;
}

/** The last `max` characters (code points), cut forward to a word start for space-separated scripts. */
function tail(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(-max).join('');
  if (HAS_SPACES_BETWEEN_WORDS.test(cut) && chars[chars.length - max - 1] !== ' ') {
    const space = cut.indexOf(' ');
    if (space >= 0 && space < (cut.length * 2) / 3) return cut.slice(space + 1);
  }
  return cut;
}

function quoteContext(annotation: Annotation): { prefix: string; suffix: string } {
  for (const s of annotation.selectors) {
    if (s.type === 'TextQuoteSelector') {
      const prefix = typeof s.prefix === 'string' ? collapse(s.prefix) : '';
      const suffix = typeof s.suffix === 'string' ? collapse(s.suffix) : '';
      return { prefix: tail(prefix, CONTEXT_CHARS), suffix: head(suffix, CONTEXT_CHARS) };
    }
  }
  return { prefix: '', suffix: '' };
}

/**
 * The text directive for an annotation's quote (without the leading `#:~:`), or undefined for a
 * page-level note. Context from the TextQuoteSelector disambiguates repeated passages.
 */
export function textDirective(annotation: Annotation): string | undefined {
  const quote = collapse(annotation.quote);
  if (!quote) return undefined;
  const { prefix, suffix } = quoteContext(annotation);
  const lines = annotation.quote
    .split(/\n/)
    .map(collapse)
    .filter((l) => l);
  const parts: string[] = [];
  if (prefix) parts.push(`${encodeTextDirectiveTerm(prefix)}-`);
  if (quote.length <= EXACT_MAX_CHARS && lines.length <= 1) {
    parts.push(encodeTextDirectiveTerm(quote));
  } else {
    const first = lines[0] ?? quote;
    const last = lines[lines.length - 1] ?? quote;
    parts.push(
      encodeTextDirectiveTerm(head(first, EDGE_CHARS)),
      encodeTextDirectiveTerm(tail(last, EDGE_CHARS)),
    );
  }
  if (suffix) parts.push(`-${encodeTextDirectiveTerm(suffix)}`);
  return `text=${parts.join(',')}`;
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
