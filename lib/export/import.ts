import { annotationProblem } from '../messaging/validate';
import { checkStructure, fail, ItemProblem, type ParsedAnnotation } from './import-fields';
import { convertHypothesis } from './import-hypothesis';
import {
  describeValue,
  IMPORT_LIMITS,
  ImportError,
  type ImportLimits,
  isHypothesisAnnotation,
  isObject,
  itemsOf,
  quoteForMessage,
  readInput,
} from './import-read';
import { convertW3c } from './import-w3c';
import type { JsonObject } from './web-annotation';

export interface ImportOptions {
  /** Called as items are checked and once more when everything is written. */
  onProgress?: (done: number, total: number) => void;
  limits?: Partial<ImportLimits>;
  /** Timestamp for annotations from other tools that carry no `created`/`modified`. */
  now?: number;
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
async function derivedUuid(seed: string): Promise<string> {
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

function idLabel(item: unknown): string {
  if (isObject(item) && typeof item.id === 'string') return `id ${quoteForMessage(item.id)}`;
  return 'no id';
}

/** Lets the page breathe between chunks of a large file (before the write transaction starts). */
function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const PROGRESS_CHUNK = 1000;
/** Items checked between two turns of the page: ~20 ms of validation here. */
const YIELD_CHUNK = 250;

async function convertItem(item: unknown, limits: ImportLimits, now: number): Promise<ParsedAnnotation> {
  if (!isObject(item)) fail(`expected an annotation object, got ${describeValue(item)}`);
  checkStructure(item, limits, 'the item');
  const c = isHypothesisAnnotation(item)
    ? convertHypothesis(item, limits, now)
    : convertW3c(item, limits, now);
  if (c.idSeed !== undefined) {
    c.annotation.id = await derivedUuid(c.idSeed || contentSeed(item));
    c.idSeed = undefined;
  }
  // The very check the background applies on edit and Undo: what it would refuse is never stored.
  const problem = annotationProblem(c.annotation);
  if (problem) fail(problem);
  return c;
}

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
  const items = itemsOf(await readInput(data, limits), limits);
  const converted: ParsedAnnotation[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    try {
      converted.push(await convertItem(item, limits, now));
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
      throw new ImportError(`Item ${i} (${idLabel(item)}): ${error.message}`, i, id);
    }
    if ((i + 1) % PROGRESS_CHUNK === 0) options.onProgress?.(i + 1, items.length);
    if ((i + 1) % YIELD_CHUNK === 0) await nextTick();
  }
  return converted;
}
