import type { Selector } from '../anchoring/types';
import { normaliseTags } from '../db/repository';
import type { ReviewRecord } from '../db/review-tables';
import type { Annotation, Color } from '../db/types';

/**
 * Meipi ⇄ W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/).
 * The mapping is documented in lib/export/FORMAT.md; in short:
 *
 * - `id` `urn:uuid:<id>`; `created`/`modified` ISO-8601 with milliseconds.
 * - `motivation`: `commenting` with a note, else `highlighting` for a quote, `tagging` for a
 *   page-level annotation that only has tags, `bookmarking` for a bare page-level one.
 * - note → TextualBody (`purpose: commenting`, `format: text/plain`, `language` guessed from script);
 *   each tag → TextualBody with `purpose: tagging`.
 * - target: SpecificResource `{ source, selector: [...], styleClass: "meipi-<colour>", "dcterms:title" }`;
 *   the colour's CSS sits in the annotation's `stylesheet` (CssStylesheet, model §4.4).
 * - Meipi-only `meipi:*` extension properties appear only when the standard fields cannot carry a
 *   value exactly (a selector the model does not define, a quote that differs from the
 *   TextQuoteSelector, a source that is not a URI…), so every field survives a round trip.
 */

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const STYLE_CLASS_PREFIX = 'meipi-';

/** Highlight colours as CSS, the same tones the extension paints. */
export const COLOR_CSS: Record<Color, string> = {
  yellow: '#fde68a',
  green: '#bbf7d0',
  blue: '#bfdbfe',
  pink: '#fbcfe8',
  purple: '#ddd6fe',
};

/** Extension properties (JSON-LD compact IRIs under the `meipi:` prefix, ignored by other tools). */
export const EXT = {
  source: 'meipi:source',
  quote: 'meipi:quote',
  selectors: 'meipi:selectors',
  tags: 'meipi:tags',
  id: 'meipi:id',
  createdAt: 'meipi:createdAt',
  updatedAt: 'meipi:updatedAt',
  /** The daily review's state (lib/review), in backups only: never in sync's annotations or markdown. */
  review: 'meipi:review',
} as const;

/** `meipi:quote` expands to `urn:meipi:quote`: no web domain is claimed. */
export const MEIPI_NAMESPACE = 'urn:meipi:';
export const TITLE_KEY = 'dcterms:title';

export type JsonObject = { [key: string]: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** RFC 3986: a scheme, then only unreserved, reserved or percent-encoded characters. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

export function isUri(text: string): boolean {
  return URI.test(text);
}

/** A URI for any stored source: IRIs get UTF-8 percent-encoding; non-URIs go under `urn:meipi:source:`. */
export function sourceUri(source: string): string {
  if (isUri(source)) return source;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(source)) {
    return source.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (ch) =>
      encodeUtf8(ch),
    );
  }
  return `urn:meipi:source:${encodeComponent(source)}`;
}

/** Everything but RFC 3986 unreserved characters, percent-encoded as UTF-8. */
function encodeComponent(text: string): string {
  return text.replace(/[^A-Za-z0-9\-._~]/gu, encodeUtf8);
}

function encodeUtf8(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text))
    out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** The `language` of a note body, from its script; undefined when no CJK script is present. */
export function guessLanguage(text: string): string | undefined {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja';
  if (/\p{Script=Hangul}/u.test(text)) return 'ko';
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  return undefined;
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function onlyKeys(o: object, allowed: readonly string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

/**
 * Selectors the model defines and other tools read, in the shapes its schemas accept. Others
 * (custom types, Hypothesis-style RangeSelectors, refinedBy chains) travel in `meipi:selectors`.
 */
export function isPortableSelector(s: Selector): boolean {
  switch (s.type) {
    case 'TextQuoteSelector':
      return (
        isString(s.exact) &&
        (s.prefix === undefined || isString(s.prefix)) &&
        (s.suffix === undefined || isString(s.suffix)) &&
        onlyKeys(s, ['type', 'exact', 'prefix', 'suffix'])
      );
    case 'TextPositionSelector':
    case 'DataPositionSelector':
      return (
        isNonNegativeInteger(s.start) && isNonNegativeInteger(s.end) && onlyKeys(s, ['type', 'start', 'end'])
      );
    case 'CssSelector':
    case 'XPathSelector':
      return isString(s.value) && onlyKeys(s, ['type', 'value']);
    case 'FragmentSelector':
      return (
        isString(s.value) &&
        (s.conformsTo === undefined || (isString(s.conformsTo) && isUri(s.conformsTo))) &&
        onlyKeys(s, ['type', 'value', 'conformsTo'])
      );
    case 'SvgSelector':
      return isString(s.value) && onlyKeys(s, ['type', 'value']);
    case 'RangeSelector':
      return (
        isSelectorObject(s.startSelector) &&
        isSelectorObject(s.endSelector) &&
        s.startSelector.type !== 'RangeSelector' &&
        s.endSelector.type !== 'RangeSelector' &&
        isPortableSelector(s.startSelector) &&
        isPortableSelector(s.endSelector) &&
        onlyKeys(s, ['type', 'startSelector', 'endSelector'])
      );
    default:
      return false;
  }
}

function isSelectorObject(v: unknown): v is Selector {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as JsonObject).type === 'string'
  );
}

/** Portable selectors hold strings and numbers, or (RangeSelector) two such selectors. */
function copySelector(s: Selector): Selector {
  const copy: JsonObject = { ...s };
  for (const key of ['startSelector', 'endSelector']) {
    const inner = copy[key];
    if (isSelectorObject(inner)) copy[key] = { ...inner };
  }
  return copy as Selector;
}

function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The quote an importer derives from selectors: the first TextQuoteSelector's `exact`. */
export function quoteFromSelectors(selectors: readonly unknown[]): string {
  for (const s of selectors) {
    if (s && typeof s === 'object' && (s as JsonObject).type === 'TextQuoteSelector') {
      const exact = (s as JsonObject).exact;
      if (isString(exact)) return exact;
    }
  }
  return '';
}

function isoTime(ms: number): string | undefined {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  const iso = d.toISOString();
  // Years outside 0000–9999 are not valid xsd:dateTime for other tools; keep those in meipi:*.
  return /^\d{4}-/.test(iso) && Date.parse(iso) === ms ? iso : undefined;
}

function motivationOf(a: Annotation): string {
  if (a.note !== '') return 'commenting';
  if (a.quote !== '') return 'highlighting';
  return a.tags.length > 0 ? 'tagging' : 'bookmarking';
}

function bodiesOf(a: Annotation): JsonObject[] {
  const bodies: JsonObject[] = [];
  if (a.note !== '') {
    const language = guessLanguage(a.note);
    bodies.push({
      type: 'TextualBody',
      purpose: 'commenting',
      value: a.note,
      format: 'text/plain',
      ...(language && { language }),
    });
  }
  for (const tag of a.tags) bodies.push({ type: 'TextualBody', purpose: 'tagging', value: tag });
  return bodies;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A review record as Meipi's JSON carries it (backups, sync): without its id and device. */
export function reviewField(review: ReviewRecord): JsonObject {
  const { id: _id, device: _device, ...field } = review;
  return { ...field, card: { ...field.card } };
}

/** One Meipi annotation as a W3C Web Annotation (standalone: it carries its own `@context`). */
export function toWebAnnotation(a: Annotation, review?: ReviewRecord): JsonObject {
  const portable = a.selectors.filter(isPortableSelector).map(copySelector);
  const uri = sourceUri(a.source);
  const target: JsonObject = {
    source: uri,
    [TITLE_KEY]: a.title,
    styleClass: `${STYLE_CLASS_PREFIX}${a.color}`,
  };
  if (portable.length > 0) target.selector = portable.length === 1 ? portable[0] : portable;
  if (uri !== a.source) target[EXT.source] = a.source;
  // `portable` is a subsequence of the selectors: equal length means it is all of them.
  if (portable.length !== a.selectors.length) target[EXT.selectors] = cloneJson(a.selectors);
  if (quoteFromSelectors(a.selectors) !== a.quote) target[EXT.quote] = a.quote;

  const created = isoTime(a.createdAt);
  const modified = isoTime(a.updatedAt);
  const item: JsonObject = {
    '@context': ANNO_CONTEXT,
    id: isUuid(a.id) ? `urn:uuid:${a.id}` : `urn:meipi:annotation:${encodeComponent(a.id)}`,
    type: 'Annotation',
    motivation: motivationOf(a),
    ...(created && { created }),
    ...(modified && { modified }),
  };
  if (!isUuid(a.id)) item[EXT.id] = a.id;
  if (!created) item[EXT.createdAt] = a.createdAt;
  if (!modified) item[EXT.updatedAt] = a.updatedAt;
  const bodies = bodiesOf(a);
  if (bodies.length > 0) item.body = bodies.length === 1 ? bodies[0] : bodies;
  if (!sameList(normaliseTags(a.tags), a.tags)) item[EXT.tags] = [...a.tags];
  if (review) item[EXT.review] = reviewField(review);
  item.target = target;
  item.stylesheet = {
    type: 'CssStylesheet',
    value: `.${STYLE_CLASS_PREFIX}${a.color} { background-color: ${COLOR_CSS[a.color] ?? 'transparent'}; }`,
  };
  const usesExtensions = Object.keys(item).some(isExtensionKey) || Object.keys(target).some(isExtensionKey);
  if (usesExtensions) item['@context'] = [ANNO_CONTEXT, { meipi: MEIPI_NAMESPACE }];
  return item;
}

function isExtensionKey(key: string): boolean {
  return key.startsWith('meipi:');
}

/** A deterministic id for the collection: FNV-1a over the annotation ids, so equal exports are equal. */
function collectionId(annotations: readonly Annotation[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const a of annotations) {
    for (let i = 0; i < a.id.length; i++) {
      const c = a.id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    }
    h1 = Math.imul(h1 ^ 0x2c, 0x01000193) >>> 0;
  }
  return `urn:meipi:collection:${annotations.length}-${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

/**
 * A W3C AnnotationCollection (model §5) with every annotation embedded in `first.items`.
 * JSON-ready: `JSON.stringify` it for a `.json` download.
 */
export function toWebAnnotations(
  annotations: Annotation[],
  options: { reviews?: ReadonlyMap<string, ReviewRecord> } = {},
): unknown {
  return {
    '@context': [ANNO_CONTEXT, { meipi: MEIPI_NAMESPACE }],
    id: collectionId(annotations),
    type: 'AnnotationCollection',
    label: 'Meipi 眉批',
    total: annotations.length,
    first: {
      type: 'AnnotationPage',
      startIndex: 0,
      items: annotations.map((a) => toWebAnnotation(a, options.reviews?.get(a.id))),
    },
  };
}
