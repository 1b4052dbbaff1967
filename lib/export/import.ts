import type { Selector } from '../anchoring/types';
import { normaliseTags, putAnnotations } from '../db/repository';
import type { MeipiDatabase } from '../db/schema';
import type { Annotation, Color } from '../db/types';
import { COLORS } from '../db/types';
import {
  EXT,
  isUuid,
  type JsonObject,
  quoteFromSelectors,
  STYLE_CLASS_PREFIX,
  TITLE_KEY,
} from './web-annotation';

/** Invalid import data. Nothing was written. `index`/`itemId` name the offending item, if any. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly index?: number,
    readonly itemId?: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportLimits {
  /** The whole file, in UTF-8 bytes (checked before parsing). */
  maxBytes: number;
  maxItems: number;
  /** quote, note, title, source, each tag, each string inside a selector. */
  maxFieldChars: number;
  maxTagsPerItem: number;
  maxSelectorsPerItem: number;
  /** Nesting depth of any item (selectors can nest: RangeSelector, refinedBy). */
  maxDepth: number;
}

export const IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxBytes: 200 * 1024 * 1024,
  maxItems: 1_000_000,
  maxFieldChars: 1_000_000,
  maxTagsPerItem: 1_000,
  maxSelectorsPerItem: 100,
  maxDepth: 32,
};

export interface ImportOptions {
  /** Called as items are checked and once more when everything is written. */
  onProgress?: (done: number, total: number) => void;
  limits?: Partial<ImportLimits>;
  /** Timestamp for annotations from other tools that carry no `created`/`modified`. */
  now?: number;
}

export interface ImportResult {
  added: number;
  updated: number;
  skipped: number;
}

type RawInput = string | Uint8Array | ArrayBuffer | Blob;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** UTF-8 length without allocating a copy of a possibly huge string. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function checkSize(bytes: number, limits: ImportLimits): void {
  if (bytes > limits.maxBytes) {
    throw new ImportError(`File too large: ${megabytes(bytes)}; the limit is ${megabytes(limits.maxBytes)}`);
  }
}

function parseJsonText(text: string, limits: ImportLimits): unknown {
  // A string of n UTF-16 units is at least n and at most 3n UTF-8 bytes.
  if (text.length > limits.maxBytes) checkSize(text.length, limits);
  if (text.length * 3 > limits.maxBytes) checkSize(utf8Length(text), limits);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ImportError('The file is empty');
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ImportError(`Not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readInput(data: unknown, limits: ImportLimits): Promise<unknown> {
  if (typeof data === 'string') return parseJsonText(data, limits);
  const raw = data as RawInput;
  if (typeof Blob !== 'undefined' && raw instanceof Blob) {
    checkSize(raw.size, limits);
    return parseJsonText(await raw.text(), limits);
  }
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
    checkSize(raw.byteLength, limits);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw new ImportError('The file is not UTF-8 text');
    }
    return parseJsonText(text, limits);
  }
  return data;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(o: JsonObject, type: string): boolean {
  return o.type === type || (Array.isArray(o.type) && o.type.includes(type));
}

/** The annotations in any accepted container shape. */
function itemsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) {
    throw new ImportError(
      `Expected an AnnotationCollection, an AnnotationPage, an array of annotations or one annotation; got ${describe(json)}`,
    );
  }
  if (hasType(json, 'AnnotationCollection')) {
    const first = json.first;
    if (first === undefined) {
      if (json.total === 0 || json.total === undefined) return [];
      throw new ImportError('The AnnotationCollection has no "first" page');
    }
    if (typeof first === 'string') {
      throw new ImportError(
        `The AnnotationCollection links its pages (first: ${quoteForMessage(first)}) instead of embedding them`,
      );
    }
    if (!isObject(first))
      throw new ImportError(`The collection's "first" page is ${describe(first)}, not an AnnotationPage`);
    return pageItems(first);
  }
  if (hasType(json, 'AnnotationPage')) return pageItems(json);
  if (hasType(json, 'Annotation') || isHypothesisAnnotation(json)) return [json];
  if (Array.isArray(json.rows)) return json.rows; // Hypothesis API search result
  if (Array.isArray(json.items)) return json.items;
  throw new ImportError(
    'Expected an AnnotationCollection, an AnnotationPage, an array of annotations or one annotation; got an object without a recognised "type"',
  );
}

function pageItems(page: JsonObject): unknown[] {
  if (!Array.isArray(page.items))
    throw new ImportError(`The AnnotationPage's "items" is ${describe(page.items)}, not an array`);
  return page.items;
}

function isHypothesisAnnotation(o: JsonObject): boolean {
  return o.type === undefined && typeof o.uri === 'string' && Array.isArray(o.target);
}

function quoteForMessage(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(short);
}

/** A problem in one item; turned into an ImportError naming the item. */
class ItemProblem extends Error {}

function fail(message: string): never {
  throw new ItemProblem(message);
}

/**
 * A plain-JSON copy (strings, finite numbers, booleans, null, arrays, objects), refusing
 * `__proto__` keys, deep nesting and oversized strings.
 */
function cleanJson(value: unknown, where: string, limits: ImportLimits, depth = 0): unknown {
  if (depth > limits.maxDepth) fail(`${where} is nested deeper than ${limits.maxDepth} levels`);
  // `undefined` only reaches here from in-memory data (JSON has none); kept so a key that was
  // present-but-undefined round-trips as it was.
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (value.length > limits.maxFieldChars)
      fail(`${where} holds a string over ${limits.maxFieldChars} characters`);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${where} holds a number that is not finite`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => cleanJson(v, `${where}[${i}]`, limits, depth + 1));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') fail(`${where} has a "__proto__" key`);
      out[key] = cleanJson(value[key], `${where}.${key}`, limits, depth + 1);
    }
    return out;
  }
  return fail(`${where} holds ${typeof value}, which JSON cannot`);
}

/** Rejects `__proto__` keys and runaway nesting anywhere in an item, before anything reads it. */
function checkStructure(value: unknown, limits: ImportLimits, path: string, depth = 0): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > limits.maxDepth) fail(`${path} is nested deeper than ${limits.maxDepth} levels`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkStructure(value[i], limits, `${path}[${i}]`, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') fail(`${path} has a "__proto__" key (refused: prototype pollution)`);
    checkStructure((value as JsonObject)[key], limits, `${path}.${key}`, depth + 1);
  }
}

function text(value: unknown, field: string, limits: ImportLimits): string {
  if (typeof value !== 'string') fail(`${field} must be a string, got ${describe(value)}`);
  if (value.length > limits.maxFieldChars) {
    fail(`${field} is ${value.length} characters long; the limit is ${limits.maxFieldChars}`);
  }
  return value;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function firstString(value: unknown): string | undefined {
  for (const v of asList(value)) if (typeof v === 'string') return v;
  return undefined;
}

const UNSAFE_SCHEME = /^\s*(javascript|vbscript|data):/i;

function checkSource(source: string, limits: ImportLimits): string {
  text(source, 'the target source', limits);
  if (source.trim() === '') fail('the target source is empty');
  if (UNSAFE_SCHEME.test(source))
    fail(`the target source ${quoteForMessage(source)} uses an unsafe URL scheme`);
  return source;
}

function parseTime(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const raw = firstString(value);
  if (raw === undefined) fail(`${field} must be an ISO-8601 date-time string, got ${describe(value)}`);
  // xsd:dateTime: a date, a time, optional fraction and zone. Date.parse alone accepts too much.
  if (!/^-?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(raw)) {
    fail(`${field} is not an ISO-8601 date-time: ${quoteForMessage(raw)}`);
  }
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) fail(`${field} is not a valid date-time: ${quoteForMessage(raw)}`);
  return ms;
}

function extensionTime(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${field} must be a finite number`);
  return value;
}

function colorOf(styleClass: unknown): Color {
  for (const c of asList(styleClass)) {
    if (typeof c !== 'string' || !c.startsWith(STYLE_CLASS_PREFIX)) continue;
    const name = c.slice(STYLE_CLASS_PREFIX.length);
    if ((COLORS as readonly string[]).includes(name)) return name as Color;
  }
  return 'yellow';
}

function selectorsOf(value: unknown, field: string, limits: ImportLimits): Selector[] {
  const list = asList(value);
  if (list.length > limits.maxSelectorsPerItem) {
    fail(`${field} has ${list.length} selectors; the limit is ${limits.maxSelectorsPerItem}`);
  }
  const out: Selector[] = [];
  list.forEach((s, i) => {
    // A selector given as an IRI cannot be resolved offline; it carries nothing to keep.
    if (typeof s === 'string') return;
    if (!isObject(s) || typeof s.type !== 'string')
      fail(`${field}[${i}] must be an object with a string "type"`);
    out.push(cleanJson(s, `${field}[${i}]`, limits) as Selector);
  });
  return out;
}

/** One validated item of an import file, ready to write. */
export interface ParsedAnnotation {
  annotation: Annotation;
  /** False when the item had no timestamps of its own: then it never overwrites a stored row. */
  timed: boolean;
  /** Set when the id must still be derived from the content (no usable id in the item). */
  idSeed?: string;
}

interface TargetInfo {
  source: string;
  title?: string;
  selectors: Selector[];
  quote?: string;
  color: Color;
}

function targetOf(item: JsonObject, limits: ImportLimits): TargetInfo {
  const targets = asList(item.target);
  if (targets.length === 0) fail('it has no target');
  let target = targets[0];
  // Composite / List / Independents / Choice targets: the first member stands for the annotation.
  for (
    let hop = 0;
    hop < limits.maxDepth && isObject(target) && !('source' in target) && !('id' in target);
    hop++
  ) {
    if (!Array.isArray(target.items) || target.items.length === 0) break;
    target = target.items[0];
  }
  if (typeof target === 'string')
    return { source: checkSource(target, limits), selectors: [], color: 'yellow' };
  if (!isObject(target)) fail(`its target is ${describe(target)}, not a URI or an object`);

  let source: string | undefined;
  let title: string | undefined;
  if (typeof target[EXT.source] === 'string') source = target[EXT.source] as string;
  else if (typeof target.source === 'string') source = target.source;
  else if (isObject(target.source) && typeof target.source.id === 'string') {
    source = target.source.id;
    title = firstString(target.source[TITLE_KEY]) ?? firstString(target.source.title);
  } else if (target.source === undefined && typeof target.id === 'string') source = target.id;
  if (source === undefined) fail('its target has no source URI');
  if (target[TITLE_KEY] !== undefined) title = firstString(target[TITLE_KEY]);
  if (title !== undefined) text(title, 'the title', limits);

  const selectors =
    target[EXT.selectors] !== undefined
      ? selectorsOf(target[EXT.selectors], `target["${EXT.selectors}"]`, limits)
      : selectorsOf(target.selector, 'target.selector', limits);
  const quote = target[EXT.quote] === undefined ? undefined : text(target[EXT.quote], 'the quote', limits);
  return { source: checkSource(source, limits), title, selectors, quote, color: colorOf(target.styleClass) };
}

function purposes(body: JsonObject): unknown[] {
  return asList(body.purpose);
}

function bodiesOf(item: JsonObject, limits: ImportLimits): { notes: string[]; tags: string[] } {
  const notes: string[] = [];
  const tags: string[] = [];
  if (item.bodyValue !== undefined)
    notes.push(text(firstString(item.bodyValue) ?? item.bodyValue, 'bodyValue', limits));
  asList(item.body).forEach((body, i) => {
    // A body given by IRI (or a Choice, or an external resource) has no text Meipi can keep.
    if (!isObject(body) || body.value === undefined) return;
    const value = text(body.value, `body[${i}].value`, limits);
    if (purposes(body).includes('tagging')) tags.push(value);
    else notes.push(value);
  });
  if (tags.length > limits.maxTagsPerItem)
    fail(`it has ${tags.length} tags; the limit is ${limits.maxTagsPerItem}`);
  return { notes, tags };
}

function idOf(raw: unknown, limits: ImportLimits): { id?: string; seed?: string } {
  if (raw === undefined) return {};
  if (typeof raw !== 'string') fail(`its id must be a string, got ${describe(raw)}`);
  text(raw, 'the id', limits);
  const match = /^urn:uuid:(.+)$/i.exec(raw);
  if (match?.[1] && isUuid(match[1])) return { id: match[1] };
  if (isUuid(raw)) return { id: raw };
  return { seed: `id:${raw}` };
}

function convertW3c(item: JsonObject, limits: ImportLimits, now: number): ParsedAnnotation {
  if (!hasType(item, 'Annotation'))
    fail(`its type is ${quoteForMessage(String(item.type))}, not "Annotation"`);
  const target = targetOf(item, limits);
  const { notes, tags } = bodiesOf(item, limits);

  let { id, seed } = idOf(item.id, limits);
  if (item[EXT.id] !== undefined) {
    id = text(item[EXT.id], `"${EXT.id}"`, limits);
    if (id === '') fail(`"${EXT.id}" is empty`);
    seed = undefined;
  }
  let exactTags = normaliseTags(tags);
  if (item[EXT.tags] !== undefined) {
    const list = item[EXT.tags];
    if (!Array.isArray(list) || !list.every((t) => typeof t === 'string'))
      fail(`"${EXT.tags}" must be a list of strings`);
    exactTags = list.map((t, i) => text(t, `tag ${i}`, limits));
  }
  exactTags.forEach((t, i) => {
    text(t, `tag ${i}`, limits);
  });

  const created =
    extensionTime(item[EXT.createdAt], `"${EXT.createdAt}"`) ?? parseTime(item.created, 'created');
  const modified =
    extensionTime(item[EXT.updatedAt], `"${EXT.updatedAt}"`) ?? parseTime(item.modified, 'modified');
  const generated = parseTime(item.generated, 'generated');
  const createdAt = created ?? modified ?? generated ?? now;
  const annotation: Annotation = {
    id: id ?? '',
    source: target.source,
    title: target.title ?? target.source,
    quote: target.quote ?? quoteFromSelectors(target.selectors),
    selectors: target.selectors,
    color: target.color,
    note: notes.join('\n\n'),
    tags: exactTags,
    createdAt,
    updatedAt: modified ?? createdAt,
  };
  text(annotation.quote, 'the quote', limits);
  text(annotation.note, 'the note', limits);
  return {
    annotation,
    timed: created !== undefined || modified !== undefined,
    idSeed: id ? undefined : (seed ?? ''),
  };
}

/** Hypothesis API annotations: `uri`, `text`, `tags`, `target[].selector`, `document.title`. */
function convertHypothesis(item: JsonObject, limits: ImportLimits, now: number): ParsedAnnotation {
  const target = asList(item.target)[0];
  const selectors = isObject(target) ? selectorsOf(target.selector, 'target[0].selector', limits) : [];
  const source = checkSource(
    isObject(target) && typeof target.source === 'string' ? target.source : text(item.uri, 'uri', limits),
    limits,
  );
  const rawTags = item.tags === undefined ? [] : item.tags;
  if (!Array.isArray(rawTags) || !rawTags.every((t) => typeof t === 'string'))
    fail('its tags must be a list of strings');
  if (rawTags.length > limits.maxTagsPerItem)
    fail(`it has ${rawTags.length} tags; the limit is ${limits.maxTagsPerItem}`);
  rawTags.forEach((t, i) => {
    text(t, `tag ${i}`, limits);
  });
  const created = parseTime(item.created, 'created');
  const updated = parseTime(item.updated, 'updated');
  const title = isObject(item.document) ? firstString(item.document.title) : undefined;
  const { id, seed } = idOf(item.id, limits);
  const createdAt = created ?? updated ?? now;
  const annotation: Annotation = {
    id: id ?? '',
    source,
    title: title === undefined ? source : text(title, 'the title', limits),
    quote: quoteFromSelectors(selectors),
    selectors,
    color: 'yellow',
    note: item.text === undefined ? '' : text(item.text, 'text', limits),
    tags: normaliseTags(rawTags),
    createdAt,
    updatedAt: updated ?? createdAt,
  };
  return {
    annotation,
    timed: created !== undefined || updated !== undefined,
    idSeed: id ? undefined : seed ? `hypothesis:${seed}` : '',
  };
}

function idLabel(item: unknown): string {
  if (isObject(item) && typeof item.id === 'string') return `id ${quoteForMessage(item.id)}`;
  return 'no id';
}

/** Stable JSON with sorted keys: equal content gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A UUID (version 8, RFC 9562 custom) from SHA-256 of `seed`, so an item without an id gets the
 * same id on every import and re-importing a file adds nothing twice.
 */
export async function derivedUuid(seed: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(seed)));
  const b = Array.from(digest.slice(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The item as written, minus its id: equal items get equal ids whatever the import time. */
function contentSeed(item: JsonObject): string {
  const { id: _id, ...rest } = item;
  return `content:${canonicalJson(rest)}`;
}

export function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Lets the page breathe between chunks of a large file (before the write transaction starts). */
function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const PROGRESS_CHUNK = 1000;

/**
 * Validates and converts every item of `data`; throws ImportError on the first bad one.
 * Exposed for previews ("this file holds 240 annotations") without touching the database.
 */
export async function parseWebAnnotations(
  data: unknown,
  options: ImportOptions = {},
): Promise<ParsedAnnotation[]> {
  const limits: ImportLimits = { ...IMPORT_LIMITS, ...options.limits };
  const now = options.now ?? Date.now();
  const items = itemsOf(await readInput(data, limits));
  if (items.length > limits.maxItems) {
    throw new ImportError(`The file holds ${items.length} annotations; the limit is ${limits.maxItems}`);
  }
  const converted: ParsedAnnotation[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    try {
      if (!isObject(item)) fail(`expected an annotation object, got ${describe(item)}`);
      checkStructure(item, limits, 'the item');
      const c = isHypothesisAnnotation(item)
        ? convertHypothesis(item, limits, now)
        : convertW3c(item, limits, now);
      if (c.idSeed !== undefined) {
        c.annotation.id = await derivedUuid(c.idSeed || contentSeed(item));
        c.idSeed = undefined;
      }
      converted.push(c);
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
      throw new ImportError(`Item ${i} (${idLabel(item)}): ${error.message}`, i, id);
    }
    if ((i + 1) % PROGRESS_CHUNK === 0) {
      options.onProgress?.(i + 1, items.length);
      await nextTick();
    }
  }
  return converted;
}

/**
 * Imports Meipi's own export, plain W3C Web Annotations from other tools and Hypothesis API
 * annotations. `data` is a file's text (or bytes, or a Blob) or its parsed JSON. Everything is
 * validated first; then one transaction writes all rows and their search-index rows. An
 * annotation already stored is replaced only by a strictly newer `modified`; identical → skipped.
 */
export async function importWebAnnotations(
  db: MeipiDatabase,
  data: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const converted = await parseWebAnnotations(data, options);

  // The same id twice in one file: the newest version counts, the others are skipped.
  const byId = new Map<string, ParsedAnnotation>();
  let skipped = 0;
  for (const c of converted) {
    const prior = byId.get(c.annotation.id);
    if (prior) skipped++;
    if (!prior || c.annotation.updatedAt > prior.annotation.updatedAt) byId.set(c.annotation.id, c);
  }
  const unique = [...byId.values()];

  const result = await db.transaction('rw', db.writeTables, async () => {
    // Only ids already stored are read back (a restore into an empty library reads none).
    const stored = new Set(await db.annotations.toCollection().primaryKeys());
    const known = unique.filter((c) => stored.has(c.annotation.id));
    const byStoredId = new Map(
      (await db.annotations.bulkGet(known.map((c) => c.annotation.id)))
        .filter((a): a is Annotation => a !== undefined)
        .map((a) => [a.id, a]),
    );
    const existing = unique.map((c) => byStoredId.get(c.annotation.id));
    const writes: Annotation[] = [];
    let added = 0;
    let updated = 0;
    let same = 0;
    unique.forEach((c, i) => {
      const stored = existing[i];
      if (!stored) {
        added++;
        writes.push(c.annotation);
      } else if (
        c.timed &&
        c.annotation.updatedAt > stored.updatedAt &&
        !sameAnnotation(stored, c.annotation)
      ) {
        updated++;
        writes.push(c.annotation);
      } else same++;
    });
    if (writes.length > 0) await putAnnotations(db, writes);
    return { added, updated, skipped: skipped + same };
  });
  options.onProgress?.(converted.length, converted.length);
  return result;
}
