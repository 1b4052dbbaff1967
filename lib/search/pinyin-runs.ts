import type { Lookup } from './lookup';
import { isPinyinSyllable, pinyinReadings } from './pinyin-table';
import { INITIALS, PINYIN } from './terms';

// Pinyin that spells several consecutive words (jiqixuexi, jqxx: 机器|学习; la ji: 垃圾). The index
// holds the pinyin and initials of single words only; a run is found by looking up the words it
// may be made of and checking the candidates' text: indexing every run of two or three words
// would add ~90% to the index (measured on the synthetic corpus: 121 → ~227 terms per annotation).

/** Longer letter strings are not split (each piece is one lookup; the splits grow quadratically). */
const MAX_RUN_LETTERS = 24;
/** Initials: every position may start a word, so only short strings are tried. */
const MAX_INITIALS_RUN = 8;

export type RunKind = 'pinyin' | 'initials';

/** Postings of a piece, or null for a piece a single character spells (not indexed as a word). */
type Piece = { from: number; to: number; keys: Promise<string[]> | null };

/**
 * Annotations holding words whose pinyin (or initials) spell consecutive pieces of `letters`, at
 * least one of them a word of two or more characters (single characters have no pinyin terms).
 * Candidates only: `spelledSpans` decides, on the text. `partial`: the letters may stop mid-word.
 */
export async function runCandidates(
  lookup: Lookup,
  letters: string,
  partial: boolean,
): Promise<Map<string, RunKind>> {
  const found = new Map<string, RunKind>();
  if (letters.length > MAX_RUN_LETTERS) return found;
  const modes: [RunKind, Piece[]][] = [['pinyin', syllablePieces(lookup, letters, partial)]];
  if (letters.length <= MAX_INITIALS_RUN) modes.push(['initials', initialsPieces(lookup, letters)]);
  for (const [kind, pieces] of modes) {
    for (const id of await tile(pieces, letters.length)) if (!found.has(id)) found.set(id, kind);
  }
  return found;
}

/** Positions reachable from the start by whole syllables, keeping only those that reach the end. */
function syllablePieces(lookup: Lookup, letters: string, partial: boolean): Piece[] {
  const n = letters.length;
  const reach = new Set([0]);
  for (let i = 0; i < n; i++) {
    if (!reach.has(i)) continue;
    for (let j = i + 1; j <= Math.min(n, i + 6); j++) if (isPinyinSyllable(letters.slice(i, j))) reach.add(j);
  }
  const pieces: Piece[] = [];
  const stops = [...reach].sort((a, b) => a - b);
  for (const from of stops) {
    for (const to of stops) {
      if (to <= from) continue;
      const text = letters.slice(from, to);
      const syllable = isPinyinSyllable(text);
      if (syllable) pieces.push({ from, to, keys: null });
      // a word of two or more syllables (also one that reads like a single syllable: xian, 西安)
      if (!syllable || text.length >= 4) pieces.push({ from, to, keys: lookup.term(PINYIN + text) });
    }
  }
  // While typing, the letters after the last whole syllable may begin one (jiqixuex…).
  const last = stops.at(-1) ?? 0;
  if (partial && last < n) pieces.push({ from: last, to: n, keys: null });
  return pieces;
}

function initialsPieces(lookup: Lookup, letters: string): Piece[] {
  const pieces: Piece[] = [];
  for (let from = 0; from < letters.length; from++) {
    pieces.push({ from, to: from + 1, keys: null });
    for (let to = from + 2; to <= letters.length; to++)
      pieces.push({ from, to, keys: lookup.term(INITIALS + letters.slice(from, to)) });
  }
  return pieces;
}

/**
 * Ids on some path of pieces from 0 to `n` that uses at least one looked-up piece, intersected
 * along the path and united over paths: `bound[j]` from paths with a looked-up piece, `free[j]`
 * when single characters alone reach j.
 */
async function tile(pieces: Piece[], n: number): Promise<Set<string>> {
  const keys = await Promise.all(pieces.map((p) => p.keys));
  const bound: (Set<string> | null)[] = Array.from({ length: n + 1 }, () => null);
  const free: boolean[] = Array.from({ length: n + 1 }, (_, i) => i === 0);
  const order = pieces.map((p, i) => ({ p, k: keys[i] })).sort((a, b) => a.p.from - b.p.from);
  for (const { p, k } of order) {
    const before = bound[p.from];
    if (!before && !free[p.from]) continue;
    const next = bound[p.to] ?? new Set<string>();
    if (k === null || k === undefined) {
      free[p.to] = free[p.to] || (free[p.from] ?? false);
      for (const id of before ?? []) next.add(id);
    } else {
      if (free[p.from]) for (const id of k) next.add(id);
      else if (before) for (const id of k) if (before.has(id)) next.add(id);
    }
    bound[p.to] = next;
  }
  return bound[n] ?? new Set();
}

/**
 * Where `letters` spell, in full pinyin or in initials (`kind`), the characters of `text` from
 * one word boundary to another (`bounds`: UTF-16 offsets, see segmenter.ts wordBoundaries), any
 * reading of a polyphone counting. `partial`: the letters may stop inside the last word, which
 * then counts whole. Returns [start, end) spans, left to right.
 */
export function spelledSpans(
  text: string,
  bounds: ReadonlySet<number>,
  letters: string,
  kind: RunKind,
  partial: boolean,
): [number, number][] {
  const spans: [number, number][] = [];
  const nextBound = (from: number) => {
    for (let k = from; k <= text.length; k++) if (bounds.has(k)) return k;
    return -1;
  };
  const end = (k: number, at: number): number => {
    if (at === letters.length) return bounds.has(k) ? k : partial ? nextBound(k) : -1;
    const readings = pinyinReadings(text[k] ?? '');
    const tried = new Set<string>();
    for (const reading of readings) {
      const unit = kind === 'initials' ? reading.charAt(0) : reading;
      if (tried.has(unit)) continue;
      tried.add(unit);
      if (letters.startsWith(unit, at)) {
        const e = end(k + 1, at + unit.length);
        if (e !== -1) return e;
      } else if (partial && unit.startsWith(letters.slice(at))) return nextBound(k + 1);
    }
    return -1;
  };
  for (let start = 0; start < text.length; start++) {
    if (!bounds.has(start)) continue;
    const e = end(start, 0);
    if (e > start) {
      spans.push([start, e]);
      start = e - 1;
    }
  }
  return spans;
}
