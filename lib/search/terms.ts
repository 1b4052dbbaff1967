import type { Annotation, SearchIndexRow } from '../db/types';

/**
 * PROVISIONAL (replaced by the search work): character unigrams of every field.
 * Kept so lib/db can write index rows in the same transaction from the start.
 */
export function buildIndexRow(annotation: Annotation): SearchIndexRow {
  const text = [annotation.quote, annotation.note, annotation.tags.join(' '), annotation.title].join(' ');
  const terms = [...new Set([...text.toLowerCase()].filter((c) => c.trim()))];
  return { id: annotation.id, terms, segmented: false, fields: {}, lengths: [] };
}
