import type { Selector } from '../anchoring/types';
import { normaliseTags } from '../db/repository';
import type { Annotation, Color } from '../db/types';
import { COLORS } from '../db/types';
import {
  asList,
  checkSource,
  fail,
  firstString,
  idOf,
  type ParsedAnnotation,
  parseTime,
  selectorsOf,
  text,
} from './import-fields';
import { describeValue, hasType, type ImportLimits, isObject, quoteForMessage } from './import-read';
import { parseReviewField } from './review-field';
import { EXT, type JsonObject, quoteFromSelectors, STYLE_CLASS_PREFIX, TITLE_KEY } from './web-annotation';

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
  if (typeof target === 'string') return { source: checkSource(target), selectors: [], color: 'yellow' };
  if (!isObject(target)) fail(`its target is ${describeValue(target)}, not a URI or an object`);

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
  if (title !== undefined) text(title, 'the title');

  const selectors =
    target[EXT.selectors] !== undefined
      ? selectorsOf(target[EXT.selectors], `target["${EXT.selectors}"]`, limits)
      : selectorsOf(target.selector, 'target.selector', limits);
  const quote = target[EXT.quote] === undefined ? undefined : text(target[EXT.quote], 'the quote');
  return { source: checkSource(source), title, selectors, quote, color: colorOf(target.styleClass) };
}

function bodiesOf(item: JsonObject): { notes: string[]; tags: string[] } {
  const notes: string[] = [];
  const tags: string[] = [];
  if (item.bodyValue !== undefined)
    notes.push(text(firstString(item.bodyValue) ?? item.bodyValue, 'bodyValue'));
  asList(item.body).forEach((body, i) => {
    // A body given by IRI (or a Choice, or an external resource) has no text Meipi can keep.
    if (!isObject(body) || body.value === undefined) return;
    const value = text(body.value, `body[${i}].value`);
    if (asList(body.purpose).includes('tagging')) tags.push(value);
    else notes.push(value);
  });
  return { notes, tags };
}

/** A W3C Web Annotation, Meipi's own export (with its `meipi:` extension keys) or another tool's. */
export function convertW3c(item: JsonObject, limits: ImportLimits, now: number): ParsedAnnotation {
  if (!hasType(item, 'Annotation'))
    fail(`its type is ${quoteForMessage(String(item.type))}, not "Annotation"`);
  const target = targetOf(item, limits);
  const { notes, tags } = bodiesOf(item);

  let { id, seed } = idOf(item.id);
  if (item[EXT.id] !== undefined) {
    id = text(item[EXT.id], `"${EXT.id}"`);
    if (id === '') fail(`"${EXT.id}" is empty`);
    seed = undefined;
  }
  let exactTags = normaliseTags(tags);
  if (item[EXT.tags] !== undefined) {
    const list = item[EXT.tags];
    if (!Array.isArray(list) || !list.every((t) => typeof t === 'string'))
      fail(`"${EXT.tags}" must be a list of strings`);
    exactTags = list;
  }

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
  const review = parseReviewField(item[EXT.review]);
  return {
    annotation,
    timed: created !== undefined || modified !== undefined,
    idSeed: id ? undefined : (seed ?? ''),
    ...(review && { review }),
  };
}
