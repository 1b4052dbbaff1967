import type { JsonObject } from './web-annotation';

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

/**
 * Limits on the file as a whole. What one annotation may hold is `LIMITS` (lib/messaging/limits),
 * the same for import as for every message, so an imported annotation can be edited and restored.
 */
export interface ImportLimits {
  /** The whole file, in UTF-8 bytes (checked before parsing). */
  maxBytes: number;
  maxItems: number;
  /** Nesting depth of any item (selectors can nest: RangeSelector, refinedBy). */
  maxDepth: number;
}

export const IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxBytes: 200 * 1024 * 1024,
  maxItems: 1_000_000,
  maxDepth: 32,
};

type RawInput = string | Uint8Array | ArrayBuffer | Blob;

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasType(o: JsonObject, type: string): boolean {
  return o.type === type || (Array.isArray(o.type) && o.type.includes(type));
}

export function quoteForMessage(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(short);
}

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

/** A file's text, bytes or Blob as parsed JSON (size checked first); parsed JSON as it is. */
export async function readInput(data: unknown, limits: ImportLimits): Promise<unknown> {
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

export function isHypothesisAnnotation(o: JsonObject): boolean {
  return o.type === undefined && typeof o.uri === 'string' && Array.isArray(o.target);
}

function pageItems(page: JsonObject): unknown[] {
  if (!Array.isArray(page.items))
    throw new ImportError(`The AnnotationPage's "items" is ${describeValue(page.items)}, not an array`);
  return page.items;
}

/** The annotations in any accepted container shape. */
export function itemsOf(json: unknown, limits: ImportLimits): unknown[] {
  const items = containedItems(json);
  if (items.length > limits.maxItems) {
    throw new ImportError(`The file holds ${items.length} annotations; the limit is ${limits.maxItems}`);
  }
  return items;
}

function containedItems(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) {
    throw new ImportError(
      `Expected an AnnotationCollection, an AnnotationPage, an array of annotations or one annotation; got ${describeValue(json)}`,
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
      throw new ImportError(
        `The collection's "first" page is ${describeValue(first)}, not an AnnotationPage`,
      );
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
