import type { Selector } from '../anchoring/types';
import type { ReviewRecord } from '../db/review-tables';
import type { Annotation } from '../db/types';
import { describeValue, type ImportLimits, isObject, quoteForMessage } from './import-read';
import { isUuid, type JsonObject } from './web-annotation';

/** One validated item of an import file, ready to write. */
export interface ParsedAnnotation {
  annotation: Annotation;
  /** False when the item had no timestamps of its own: then it never overwrites a stored row. */
  timed: boolean;
  /** Set when the id must still be derived from the content (no usable id in the item). */
  idSeed?: string;
  /** The daily review's state (`meipi:review`), for the annotation's id. */
  review?: ReviewField;
}

/** A review record as a backup carries it: no id (the annotation's), no device (a restore writes it here). */
export type ReviewField = Omit<ReviewRecord, 'id' | 'device'>;

/** A problem in one item; turned into an ImportError naming the item. */
export class ItemProblem extends Error {}

export function fail(message: string): never {
  throw new ItemProblem(message);
}

/**
 * A plain-JSON copy (strings, finite numbers, booleans, null, arrays, objects), refusing
 * `__proto__` keys and deep nesting. Sizes are checked on the finished annotation.
 */
function cleanJson(value: unknown, where: string, limits: ImportLimits, depth = 0): unknown {
  if (depth > limits.maxDepth) fail(`${where} is nested deeper than ${limits.maxDepth} levels`);
  // `undefined` only reaches here from in-memory data (JSON has none); kept so a key that was
  // present-but-undefined round-trips as it was.
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'string')
    return value;
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
export function checkStructure(value: unknown, limits: ImportLimits, path: string, depth = 0): void {
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

export function text(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(`${field} must be a string, got ${describeValue(value)}`);
  return value;
}

export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function firstString(value: unknown): string | undefined {
  for (const v of asList(value)) if (typeof v === 'string') return v;
  return undefined;
}

const UNSAFE_SCHEMES = new Set(['javascript:', 'vbscript:', 'data:']);

/**
 * The scheme a browser would see: `new URL` drops tabs and newlines and trims spaces and control
 * characters, so `java\tscript:` is `javascript:` to it. A relative source resolves against an
 * ordinary page; one no browser can parse cannot be opened at all.
 */
function browserScheme(source: string): string | undefined {
  try {
    return new URL(source, 'https://relative.invalid/').protocol;
  } catch {
    return undefined;
  }
}

export function checkSource(source: string): string {
  if (source.trim() === '') fail('the target source is empty');
  const scheme = browserScheme(source);
  if (scheme !== undefined && UNSAFE_SCHEMES.has(scheme))
    fail(`the target source ${quoteForMessage(source)} uses an unsafe URL scheme`);
  return source;
}

export function parseTime(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const raw = firstString(value);
  if (raw === undefined) fail(`${field} must be an ISO-8601 date-time string, got ${describeValue(value)}`);
  // xsd:dateTime: a date, a time, optional fraction and zone. Date.parse alone accepts too much.
  if (!/^-?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(raw)) {
    fail(`${field} is not an ISO-8601 date-time: ${quoteForMessage(raw)}`);
  }
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) fail(`${field} is not a valid date-time: ${quoteForMessage(raw)}`);
  return ms;
}

export function selectorsOf(value: unknown, field: string, limits: ImportLimits): Selector[] {
  const list = asList(value);
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

export function idOf(raw: unknown): { id?: string; seed?: string } {
  if (raw === undefined) return {};
  if (typeof raw !== 'string') fail(`its id must be a string, got ${describeValue(raw)}`);
  const match = /^urn:uuid:(.+)$/i.exec(raw);
  if (match?.[1] && isUuid(match[1])) return { id: match[1] };
  if (isUuid(raw)) return { id: raw };
  return { seed: `id:${raw}` };
}
