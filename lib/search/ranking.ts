import { Dexie } from 'dexie';
import type { Clause, MatchKind } from './clauses';
import type { Loaded } from './matches';
import type { IndexTables } from './tables';
import { fieldTexts, SEARCH_FIELDS, TITLE_FIELD, timeSlice } from './terms';

// Ranking: BM25F over candidates' field texts with corpus statistics, a cheaper estimate from
// posting lists alone, and recency (the newest annotations' order) for ties and for choosing
// which candidates to read.

/** How much each way a clause can match counts: word matches above weaker evidence. */
const KIND_WEIGHT: Record<MatchKind, number> = {
  phrase: 1.2,
  word: 1,
  latin: 1,
  tag: 1,
  pinyin: 0.8,
  initials: 0.6,
  prefix: 0.45,
  chars: 0.35,
  char: 0.3,
};
/** quote, note, tags, title: the user's own words count more; a page title is shared by many notes. */
const FIELD_WEIGHT = [1, 1.2, 1.5, 0.4];
const K1 = 1.2;
const B = 0.75;

export interface Stats {
  total: number;
  avgLengths: number[];
  at: number;
}
const statsCache = new WeakMap<IndexTables, Stats>();
const STATS_TTL_MS = 60_000;
const STATS_SAMPLE = 500;

/** Corpus size and average field lengths for BM25; averages from a sample, refreshed each minute. */
export async function corpusStats(db: IndexTables): Promise<Stats> {
  const cached = statsCache.get(db);
  const now = Date.now();
  if (cached && now - cached.at < STATS_TTL_MS) return cached;
  const [total, sample] = await Promise.all([
    db.annotations.count(),
    db.annotations.limit(STATS_SAMPLE).toArray(),
  ]);
  const sums = SEARCH_FIELDS.map(() => 0);
  for (const annotation of sample) {
    fieldTexts(annotation).forEach((text, f) => {
      sums[f] = (sums[f] ?? 0) + text.length;
    });
  }
  const avgLengths = sums.map((s) => Math.max(1, s / Math.max(1, sample.length)));
  const stats = { total, avgLengths, at: now };
  statsCache.set(db, stats);
  return stats;
}

function idf(total: number, df: number): number {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

function countOccurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

function termFrequencies(clause: Clause, kind: MatchKind, texts: string[]): number[] {
  if (kind === 'tag') return [0, 0, 1, 0];
  if (kind === 'pinyin' || kind === 'initials' || kind === 'prefix') {
    // which Chinese word the pinyin spelled is only worked out for the hits shown
    return [1, 0, 0, 0];
  }
  const needle = clause.needle ?? clause.label;
  return texts.map((t) => countOccurrences(t, needle));
}

function bm25(clause: Clause, kind: MatchKind, texts: string[], stats: Stats, df: number): number {
  const tf = termFrequencies(clause, kind, texts);
  let weighted = 0;
  tf.forEach((count, f) => {
    if (!count) return;
    const len = texts[f]?.length ?? 0;
    const avg = stats.avgLengths[f] ?? 1;
    weighted += ((FIELD_WEIGHT[f] ?? 1) * count) / (1 - B + (B * len) / avg);
  });
  if (weighted === 0) weighted = 0.5;
  return KIND_WEIGHT[kind] * idf(stats.total, df) * ((weighted * (K1 + 1)) / (weighted + K1));
}

/** BM25F over the loaded texts, best first, recency breaking ties. */
export function scoreCandidates(
  ids: readonly string[],
  texts: ReadonlyMap<string, Loaded>,
  required: readonly Clause[],
  dfs: readonly number[],
  stats: Stats,
): { loaded: Loaded; score: number }[] {
  const scored: { loaded: Loaded; score: number }[] = [];
  for (const id of ids) {
    const loaded = texts.get(id);
    if (!loaded) continue;
    let score = 0;
    required.forEach((clause, c) => {
      const kind = clause.hits.get(id);
      if (kind) score += bm25(clause, kind, loaded.texts, stats, dfs[c] ?? 1);
    });
    scored.push({ loaded, score });
  }
  scored.sort((a, b) => b.score - a.score || b.loaded.annotation.updatedAt - a.loaded.annotation.updatedAt);
  return scored;
}

/** A ranking estimate from posting lists alone, to choose which candidates to score fully. */
export function preScore(
  clauses: readonly Clause[],
  dfs: readonly number[],
  total: number,
  id: string,
): number {
  let score = 0;
  clauses.forEach((clause, c) => {
    const kind = clause.hits.get(id);
    if (!kind) return;
    const field = clause.titleOnly.has(id) ? (FIELD_WEIGHT[TITLE_FIELD] ?? 1) : 1;
    score += KIND_WEIGHT[kind] * field * idf(total, dfs[c] ?? 1);
  });
  return score;
}

export interface Recency {
  ranks: Map<string, number>;
  /** Time slice of the oldest annotation in the window; null when the window holds everything. */
  since: string | null;
  at: number;
  refreshing: boolean;
}
const recencyCache = new WeakMap<IndexTables, Recency>();
const RECENCY_TTL_MS = 30_000;
/** Only the newest this-many annotations get a recency rank; older ones tie (cost stays bounded). */
export const RECENCY_WINDOW = 3_000;

/**
 * The newest RECENCY_WINDOW annotations, ranked in updatedAt order (higher = newer), from the
 * updatedAt index's keys alone. Cached per database; once stale it is served while a fresh copy
 * loads. Ids missing from a snapshot are either older than the window or written after the
 * snapshot; `byRecency` treats the ones it cannot place as the oldest.
 */
export async function recencyWindow(db: IndexTables): Promise<Recency> {
  // Outside any caller's transaction: the refresh may outlive it.
  const load = () =>
    Dexie.ignoreTransaction(async (): Promise<Recency> => {
      const keys = await db.annotations.orderBy('updatedAt').reverse().limit(RECENCY_WINDOW).primaryKeys();
      const oldest = keys.length === RECENCY_WINDOW ? keys.at(-1) : undefined;
      const edge = oldest === undefined ? undefined : await db.annotations.get(oldest);
      return {
        ranks: new Map(keys.map((id, i) => [id, RECENCY_WINDOW - i])),
        since: edge ? timeSlice(edge.updatedAt) : null,
        at: Date.now(),
        refreshing: false,
      };
    });
  const cached = recencyCache.get(db);
  if (!cached) {
    const fresh = await load();
    recencyCache.set(db, fresh);
    return fresh;
  }
  if (Date.now() - cached.at > RECENCY_TTL_MS && !cached.refreshing) {
    cached.refreshing = true;
    load().then(
      (fresh) => recencyCache.set(db, fresh),
      () => {
        cached.refreshing = false;
      },
    );
  }
  return cached;
}

export async function recencyRanks(db: IndexTables): Promise<Map<string, number>> {
  return (await recencyWindow(db)).ranks;
}

export function byRecency(ids: string[], ranks: Map<string, number>): string[] {
  return highestFirst(ids, (id) => ranks.get(id) ?? 0);
}

/**
 * `ids` by `key`, highest first, ties kept in their order. Each key is computed once, not in
 * every comparison: thousands of candidates sorted by Map lookups were a fifth of a keystroke.
 */
export function highestFirst(ids: readonly string[], key: (id: string) => number): string[] {
  const keyed = ids.map((id) => ({ id, key: key(id) }));
  keyed.sort((a, b) => b.key - a.key);
  return keyed.map((k) => k.id);
}
