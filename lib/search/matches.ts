import type { Annotation } from '../model';
import type { Clause, MatchKind } from './clauses';
import { normalizeText, normalizeWithOffsets } from './normalize';
import { type RunKind, spelledSpans } from './pinyin-runs';
import { ReadCache } from './read-cache';
import { wordBoundaries } from './segmenter';
import type { IndexTables } from './tables';
import { fieldTexts, SEARCH_FIELDS, type SearchField } from './terms';

// Matching in the text: checking that candidates' fields really contain what a clause found by
// characters, and where the matched words stand, for highlights.

export interface HighlightRange {
  field: SearchField;
  /** UTF-16 offsets into the annotation's original field text (tags: into `tags.join(' ')`). */
  start: number;
  end: number;
}

/**
 * Per-text results kept across searches (least recently used dropped first): each keystroke of a
 * query re-ranks mostly the same annotations, and segmenting their texts again for highlights
 * and pinyin matches was a third of a keystroke's time.
 */
class TextMemo<T> {
  private readonly entries = new Map<string, T>();
  constructor(
    private readonly max: number,
    private readonly compute: (text: string) => T,
  ) {}
  get(text: string): T {
    const hit = this.entries.get(text);
    if (hit !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, hit);
      return hit;
    }
    const value = this.compute(text);
    this.entries.set(text, value);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
const MEMO_TEXTS = 4_000;
/** (Only called once jieba is ready: its results never change after that.) */
const boundariesOf = new TextMemo(MEMO_TEXTS, wordBoundaries);
const withOffsetsOf = new TextMemo(MEMO_TEXTS, normalizeWithOffsets);
const normalizedOf = new TextMemo(MEMO_TEXTS, (t) => normalizeText(t).replace(/\s+/gu, ' '));

/** Field texts as indexed, whitespace collapsed so phrases match across line breaks. */
export function normalizedFields(annotation: Annotation): string[] {
  return fieldTexts(annotation).map((t) => normalizedOf.get(t));
}

/** Removes hits whose text doesn't contain the clause's needle (on word boundaries if `aligned`). */
export function verify(clause: Clause, texts: Map<string, Loaded>): void {
  verifySome(clause, texts, clause.needsText);
  clause.needsText.clear();
}

/** verify() for the ids in `ids` only (their texts loaded); they no longer need text. */
export function verifySome(clause: Clause, texts: Map<string, Loaded>, ids: ReadonlySet<string>): void {
  for (const id of ids) {
    if (!clause.needsText.has(id)) continue;
    if (!texts.get(id)?.texts.some((t) => foundIn(clause, t))) clause.hits.delete(id);
    if (ids !== clause.needsText) clause.needsText.delete(id);
  }
}

/** Does one (normalised) field text hold what the clause needs checked: its needle or its spelling? */
export function foundIn(clause: Clause, text: string): boolean {
  if (clause.spelling) return spelled(text, clause.spelling.letters, clause.spelling.partial).length > 0;
  const needle = clause.needle;
  if (!needle) return false;
  return clause.aligned ? hasAlignedOccurrence(text, needle) : text.includes(needle);
}

/** The words of `text` (consecutive, on word boundaries) that `letters` spell, in pinyin or initials. */
function spelled(text: string, letters: string, partial: boolean, kinds: RunKind[] = ['pinyin', 'initials']) {
  if (!/\p{Script=Han}/u.test(text)) return [];
  const bounds = boundariesOf.get(text);
  return kinds.flatMap((kind) => spelledSpans(text, bounds, letters, kind, partial));
}

export function hasAlignedOccurrence(text: string, needle: string): boolean {
  let i = text.indexOf(needle);
  if (i === -1) return false;
  const bounds = boundariesOf.get(text);
  for (; i !== -1; i = text.indexOf(needle, i + 1)) {
    if (bounds.has(i) && bounds.has(i + needle.length)) return true;
  }
  return false;
}

export interface Loaded {
  annotation: Annotation;
  texts: string[];
}

/**
 * Annotations read by earlier searches, until the annotations are written: the keystrokes of one
 * query score and check mostly the same ones. At most 2,000 (a few MB for notes of a few hundred
 * characters); hits share these objects, so nobody may mutate a hit's annotation.
 */
const kept = new ReadCache<Loaded>(['annotations'], 2_000);

export async function loadTexts(
  db: IndexTables,
  ids: Iterable<string>,
  into: Map<string, Loaded>,
): Promise<void> {
  const version = kept.version(db);
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    if (into.has(id)) continue;
    const earlier = kept.get(db, id);
    if (earlier) into.set(id, earlier);
    else missing.push(id);
  }
  if (missing.length === 0) return;
  const annotations = await db.annotations.bulkGet(missing);
  for (const a of annotations) {
    if (!a) continue;
    const loaded = { annotation: a, texts: normalizedFields(a) };
    into.set(a.id, loaded);
    kept.set(db, a.id, loaded, version);
  }
}

/** What a hit shows: the words and phrases it matched, and where they stand in its fields. */
export function matchDetails(
  annotation: Annotation,
  required: readonly Clause[],
  ready: boolean,
): { matches: string[]; highlights: HighlightRange[] } {
  const matched = required
    .filter((c) => c.hits.has(annotation.id))
    .map((c) => ({ kind: c.hits.get(annotation.id), strings: matchedStrings(c, annotation, ready) }));
  const matches = [...new Set(matched.flatMap((m) => m.strings))];
  // Words are marked where they stand as words (市长, not the 市长 inside 城市长效).
  const words = new Set(
    ready ? matched.filter((m) => m.kind && WORD_KINDS.has(m.kind)).flatMap((m) => m.strings) : [],
  );
  return { matches, highlights: highlightsFor(annotation, matches, words) };
}

/** What to mark for a clause: the word itself, or for pinyin the Chinese words it spelled. */
function matchedStrings(clause: Clause, annotation: Annotation, ready: boolean): string[] {
  const kind = clause.hits.get(annotation.id);
  if (kind === 'tag') return [clause.label];
  if (kind !== 'pinyin' && kind !== 'initials' && kind !== 'prefix') return [clause.label];
  if (!ready) return [];
  const letters = clause.spelling?.letters ?? clause.label;
  const kinds: RunKind[] = kind === 'prefix' ? ['pinyin', 'initials'] : [kind];
  const partial = kind === 'prefix' || (clause.spelling?.partial ?? false);
  const found: string[] = [];
  for (const text of normalizedFields(annotation)) {
    for (const [start, end] of spelled(text, letters, partial, kinds)) found.push(text.slice(start, end));
  }
  // Prefer the longest words (垃圾分类 over 垃圾) so highlights don't nest.
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}

const WORD_KINDS: ReadonlySet<MatchKind> = new Set(['word', 'pinyin', 'initials', 'prefix']);

function highlightsFor(annotation: Annotation, matches: string[], words: Set<string>): HighlightRange[] {
  const ranges: HighlightRange[] = [];
  const texts = fieldTexts(annotation);
  SEARCH_FIELDS.forEach((field, f) => {
    const original = texts[f] ?? '';
    if (!original) return;
    const { text, offsets } = withOffsetsOf.get(original);
    const taken: boolean[] = [];
    let bounds: Set<number> | null = null;
    for (const m of [...matches].sort((a, b) => b.length - a.length)) {
      const needle = m.startsWith('#') ? m.slice(1) : m;
      if (!needle) continue;
      for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
        const end = i + needle.length;
        if (taken.slice(i, end).some(Boolean)) continue;
        if (words.has(m)) {
          bounds ??= boundariesOf.get(text);
          if (!bounds.has(i) || !bounds.has(end)) continue;
        }
        for (let k = i; k < end; k++) taken[k] = true;
        const start = offsets[i] ?? 0;
        const last = offsets[end - 1] ?? start;
        ranges.push({ field, start, end: last + ((original.codePointAt(last) ?? 0) > 0xffff ? 2 : 1) });
      }
    }
  });
  return ranges.sort(
    (a, b) => SEARCH_FIELDS.indexOf(a.field) - SEARCH_FIELDS.indexOf(b.field) || a.start - b.start,
  );
}
