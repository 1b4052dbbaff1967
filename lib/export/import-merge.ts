import { putAnnotations } from '../db/repository';
import { restoreReviews } from '../db/reviews';
import type { MeipiDatabase } from '../db/schema';
import type { Annotation } from '../db/types';
import { canonicalJson, type ImportOptions, parseWebAnnotations } from './import';
import type { ParsedAnnotation } from './import-fields';

export interface ImportResult {
  added: number;
  updated: number;
  skipped: number;
}

function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The same id twice in one file: the newest version counts, the others are skipped. */
function newestPerId(converted: readonly ParsedAnnotation[]): {
  unique: ParsedAnnotation[];
  skipped: number;
} {
  const byId = new Map<string, ParsedAnnotation>();
  let skipped = 0;
  for (const c of converted) {
    const prior = byId.get(c.annotation.id);
    if (prior) skipped++;
    if (!prior || c.annotation.updatedAt > prior.annotation.updatedAt) byId.set(c.annotation.id, c);
  }
  return { unique: [...byId.values()], skipped };
}

/**
 * Imports Meipi's own export, plain W3C Web Annotations from other tools and Hypothesis API
 * annotations. `data` is a file's text (or bytes, or a Blob) or its parsed JSON. Everything is
 * validated first; then one transaction writes all rows and their search-index rows. An
 * annotation already stored is replaced only by a strictly newer `modified`; identical → skipped.
 * Review state (`meipi:review`) is restored the same way, by its own version.
 */
export async function importWebAnnotations(
  db: MeipiDatabase,
  data: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const converted = await parseWebAnnotations(data, options);
  const { unique, skipped } = newestPerId(converted);

  const result = await db.transaction('rw', db.writeTables, async () => {
    // Only ids already stored are read back (a restore into an empty library reads none).
    const stored = new Set(await db.annotations.toCollection().primaryKeys());
    const known = unique.filter((c) => stored.has(c.annotation.id));
    const byStoredId = new Map(
      (await db.annotations.bulkGet(known.map((c) => c.annotation.id)))
        .filter((a): a is Annotation => a !== undefined)
        .map((a) => [a.id, a]),
    );
    const writes: Annotation[] = [];
    let added = 0;
    let updated = 0;
    let same = 0;
    for (const c of unique) {
      const existing = byStoredId.get(c.annotation.id);
      if (!existing) {
        added++;
        writes.push(c.annotation);
      } else if (
        c.timed &&
        c.annotation.updatedAt > existing.updatedAt &&
        !sameAnnotation(existing, c.annotation)
      ) {
        updated++;
        writes.push(c.annotation);
      } else same++;
    }
    if (writes.length > 0) await putAnnotations(db, writes);
    const reviews = unique.flatMap((c) => (c.review ? [{ ...c.review, id: c.annotation.id }] : []));
    if (reviews.length > 0) await restoreReviews(db, reviews);
    return { added, updated, skipped: skipped + same };
  });
  options.onProgress?.(converted.length, converted.length);
  return result;
}
