/**
 * Stable ids in exported notes: derived from Meipi's own ids only, so every export, on every
 * device, writes the same ones. Obsidian block ids may hold letters, digits and `-`.
 */

/** FNV-1a over UTF-16 units, 32 bits as 8 hex digits. */
function fnv1a(text: string, seed = 0x811c9dc5): string {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** 64 bits from two differently seeded passes: no collisions among a note's highlights in practice. */
function hash64(text: string): string {
  return fnv1a(text) + fnv1a(text, 0x050c5d1f);
}

/**
 * `mp-` + 12 hex digits of a hash of the annotation id: short to read, and spread even for ids
 * that share their start (time-ordered UUIDs, imported ids).
 */
export function blockIdFor(annotationId: string): string {
  return `mp-${hash64(annotationId).slice(0, 12)}`;
}

/** The note's `meipi-id`: the same source always gets the same one. */
export function noteIdFor(source: string): string {
  return `src-${hash64(source)}`;
}

/**
 * What a Meipi block's marker records of the text Meipi wrote, so a merge can tell a block the
 * user edited. Line endings, trailing spaces (mobile editors add them) and blank lines added or
 * taken away do not count as edits: only words do.
 */
export function contentHash(lines: readonly string[]): string {
  return fnv1a(
    lines
      .map((line) => line.trimEnd())
      .filter((line) => line !== '')
      .join('\n'),
  );
}
