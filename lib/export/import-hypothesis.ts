import { normaliseTags } from '../db/repository';
import type { Annotation } from '../db/types';
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
import { type ImportLimits, isObject } from './import-read';
import { type JsonObject, quoteFromSelectors } from './web-annotation';

/** Hypothesis API annotations: `uri`, `text`, `tags`, `target[].selector`, `document.title`. */
export function convertHypothesis(item: JsonObject, limits: ImportLimits, now: number): ParsedAnnotation {
  const target = asList(item.target)[0];
  const selectors = isObject(target) ? selectorsOf(target.selector, 'target[0].selector', limits) : [];
  const source = checkSource(
    isObject(target) && typeof target.source === 'string' ? target.source : text(item.uri, 'uri'),
  );
  const rawTags = item.tags === undefined ? [] : item.tags;
  if (!Array.isArray(rawTags) || !rawTags.every((t) => typeof t === 'string'))
    fail('its tags must be a list of strings');
  const created = parseTime(item.created, 'created');
  const updated = parseTime(item.updated, 'updated');
  const title = isObject(item.document) ? firstString(item.document.title) : undefined;
  const { id, seed } = idOf(item.id);
  const createdAt = created ?? updated ?? now;
  const annotation: Annotation = {
    id: id ?? '',
    source,
    title: title === undefined ? source : text(title, 'the title'),
    quote: quoteFromSelectors(selectors),
    selectors,
    color: 'yellow',
    note: item.text === undefined ? '' : text(item.text, 'text'),
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
