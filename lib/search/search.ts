import type { Annotation } from '../model';
import {
  type Clause,
  type Context,
  filterKeys,
  isWordlike,
  matchesFilters,
  phraseClause,
  queryWordClauses,
  type SearchFilters,
  tagClause,
  wordClauses,
} from './clauses';
import { intersectAll, Lookup, restrict } from './lookup';
import {
  foundIn,
  type HighlightRange,
  type Loaded,
  loadTexts,
  matchDetails,
  normalizedFields,
  verify,
  verifySome,
} from './matches';
import { isEmptyQuery, type ParsedQuery, parseQuery } from './query';
import {
  byRecency,
  corpusStats,
  highestFirst,
  preScore,
  RECENCY_WINDOW,
  recencyRanks,
  recencyWindow,
  type Stats,
  scoreCandidates,
} from './ranking';
import { isSegmenterReady } from './segmenter';
import type { IndexTables } from './tables';

// The search itself: a query's clauses looked up, intersected, checked in the text where needed,
// and the best candidates ranked.

export interface SearchOptions extends SearchFilters {
  limit?: number;
  /** Ids the caller already lists (earlier pages): left out of the hits, still counted in the total. */
  shown?: readonly string[];
}

export interface SearchHit {
  annotation: Annotation;
  score: number;
  /** The (normalised) words and phrases that matched, e.g. ['垃圾分类'] for the query `ljfl`. */
  matches: string[];
  /** Where they occur, for marking them in a snippet. */
  highlights: HighlightRange[];
  /** True when jieba wasn't ready and words were matched as character runs (may include
   *  matches across word boundaries); search again once `isSegmenterReady()` to refine. */
  approximate: boolean;
}

/** One page of hits and how many annotations match in all. */
export interface SearchPage {
  hits: SearchHit[];
  /** Matches in all, the `shown` ones included. */
  total: number;
  /**
   * False when part of the total is estimated rather than counted: character, phrase or pinyin
   * matches past the ones whose text was checked (counted at the rate the checked ones passed),
   * exclusions not checked, or a large collection searched in its newest slice only (scaled up).
   */
  totalExact: boolean;
}

export const DEFAULT_LIMIT = 50;

/**
 * Work bounds per keystroke. Posting lists are primary keys only (cheap); annotations are read
 * (for BM25F over their text) for at most max(SCORE_CAP, limit) candidates, chosen by a pre-score
 * from the posting lists alone (word vs title-only vs characters, idf), recency breaking ties. A
 * query matching thousands of annotations thus ranks the best of its most relevant-looking, most
 * recent candidates rather than reading them all. Character matches that need their text checked
 * (unknown words, phrases) are checked for at most VERIFY_CAP candidates, newest first.
 */
const SCORE_CAP = 80;
const VERIFY_CAP = 400;

/** Collections larger than this are searched newest slice first (tests lower it). */
export const tuning = {
  sliceFirstAbove: 8 * RECENCY_WINDOW,
  /** Texts read per round while verifying character and phrase matches (see searchAnnotations). */
  verifyBatch: 100,
};

function hasExclusions(parsed: ParsedQuery): boolean {
  return parsed.excludedWords.length + parsed.excludedPhrases.length > 0;
}

/**
 * Searches quote, note, tags and title. Best first (BM25F over the persisted index, field-weighted,
 * recency breaking ties). An empty query lists recent annotations, filtered.
 */
export async function searchAnnotations(
  db: IndexTables,
  query: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  return (await searchPage(db, query, options)).hits;
}

/**
 * The same search, with the total it matches: what a list shows as "2,242 条，显示前 50". The next
 * page is the best `limit` hits among those not `shown` yet, so every page costs what the first does.
 */
export async function searchPage(
  db: IndexTables,
  query: string,
  options: SearchOptions = {},
): Promise<SearchPage> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const shown = new Set(options.shown);
  const parsed = parseQuery(query);
  const ready = isSegmenterReady();
  const lookup = new Lookup(db);
  // Started now, awaited when needed: independent round trips overlap.
  const filterPromise = filterKeys(db, lookup, options);
  const statsPromise = corpusStats(db);
  // (a query that ends early never awaits them; their errors are reported where they're used)
  const unsegmented = lookup.unsegmented().then((keys) => new Set(keys));
  for (const p of [filterPromise, statsPromise, unsegmented]) p.catch(() => undefined);
  const ctx: Context = {
    lookup,
    ready,
    unsegmented,
  };
  const exclusionClauses = () =>
    Promise.all([
      ...parsed.excludedWords.filter(isWordlike).flatMap((w) => wordClauses(ctx, w, false)),
      ...parsed.excludedPhrases.map((p) => phraseClause(ctx, p).then((c) => [c])),
    ]).then((lists) => lists.flat());

  if (isEmptyQuery(parsed) || !hasWordlikeContent(parsed)) {
    const [filter] = await Promise.all([filterPromise, statsPromise]);
    return recent(db, options, filter, shown, limit, parsed, exclusionClauses, ready);
  }

  const requiredClauses = async () =>
    (
      await Promise.all([
        queryWordClauses(
          ctx,
          parsed.words,
          parsed.partial !== null && parsed.partial === parsed.words.at(-1),
        ),
        ...parsed.phrases.map((p) => phraseClause(ctx, p).then((c) => [c])),
        ...parsed.tags.map((t) => tagClause(ctx, t).then((c) => [c])),
      ])
    ).flat();
  const scoreCap = Math.max(SCORE_CAP, limit);
  // In a large collection a common word or character matches thousands of annotations, and
  // reading whole posting lists is what costs: look among the newest ~RECENCY_WINDOW annotations
  // first, and read everything only if they hold too few matches to fill the scored set.
  // (Not in a small collection, where the slice would be a large share of it and a miss would
  // cost a second pass for nothing.)
  if ((await statsPromise).total > tuning.sliceFirstAbove) lookup.since = (await recencyWindow(db)).since;
  const filter = await filterPromise;
  let required = await requiredClauses();
  // Earlier pages' hits are counted, not ranked again.
  let alreadyShown = 0;
  const matching = (clauses: Clause[]) => {
    const ids = intersectAll(clauses.map((c) => [...c.hits.keys()]));
    const matched = filter ? restrict(ids, filter) : ids;
    alreadyShown = 0;
    for (const id of shown) if (matched.delete(id)) alreadyShown++;
    return matched;
  };
  let candidates = matching(required);
  if (lookup.since !== null && candidates.size < scoreCap) {
    lookup.since = null;
    required = await requiredClauses();
    candidates = matching(required);
  }
  if (required.length === 0) return { hits: [], total: 0, totalExact: true };
  const count = new MatchCount(alreadyShown, lookup.since !== null);
  // df counts what was read (the slice, or everything): idf stays comparable between clauses.
  const dfs = required.map((c) => c.hits.size);

  const texts = new Map<string, Loaded>();
  const needText = new Set(required.flatMap((c) => [...c.needsText].filter((id) => candidates.has(id))));
  count.unchecked = needText.size;
  let queue = [...needText];
  if (queue.length > scoreCap) {
    const ranks = await recencyRanks(db);
    // Too many character matches to read: keep the most recent ones.
    queue = byRecency(queue, ranks);
    // Each later page reads as far again, so paging reaches older matches too.
    const verifyCap = VERIFY_CAP + shown.size;
    for (const id of queue.slice(verifyCap)) candidates.delete(id);
    queue = queue.slice(0, verifyCap);
    // Read in the order the scored set is chosen (pre-score, then recency), a batch at a time, and
    // stop once the confirmed candidates fill it: later ones could not enter it. (Not with
    // exclusions, which may still remove confirmed ones.)
    if (!hasExclusions(parsed)) {
      const total = (await statsPromise).total;
      queue = highestFirst(queue, (id) => preScore(required, dfs, total, id));
    }
  }
  const queued = new Set(queue);
  let confirmed = [...candidates].filter((id) => !queued.has(id)).length;
  for (let at = 0; at < queue.length; at += tuning.verifyBatch) {
    const batch = queue.slice(at, at + tuning.verifyBatch);
    if (confirmed >= scoreCap && !hasExclusions(parsed)) {
      for (const id of queue.slice(at)) candidates.delete(id);
      break;
    }
    await loadTexts(db, batch, texts);
    const inBatch = new Set(batch);
    for (const clause of required) verifySome(clause, texts, inBatch);
    const passed = batch.filter((id) => required.every((c) => c.hits.has(id))).length;
    confirmed += passed;
    count.checked(batch.length, passed);
  }
  for (const clause of required) clause.needsText.clear();
  candidates = new Set([...candidates].filter((id) => required.every((c) => c.hits.has(id))));

  const excluded = await exclusionClauses();
  for (const clause of excluded) {
    for (const id of clause.hits.keys()) if (!clause.needsText.has(id)) candidates.delete(id);
  }
  count.matched = candidates.size;
  const stats = await statsPromise;
  if (candidates.size === 0) return { hits: [], ...count.total(stats.total) };

  let ids = [...candidates];
  if (ids.length > scoreCap) {
    const ranks = await recencyRanks(db);
    ids = highestFirst(byRecency(ids, ranks), (id) => preScore(required, dfs, stats.total, id)).slice(
      0,
      scoreCap,
    );
  }
  if (excluded.length > 0) {
    const within = new Set(ids);
    await loadTexts(
      db,
      excluded.flatMap((c) => [...c.needsText].filter((id) => within.has(id))),
      texts,
    );
    const out = new Set<string>();
    for (const clause of excluded) {
      // Candidates past the scored set that an exclusion may remove are not read: an estimate.
      if ([...clause.needsText].some((id) => candidates.has(id) && !within.has(id))) count.exact = false;
      clause.needsText = restrict(clause.needsText, within);
      verify(clause, texts);
      for (const id of clause.hits.keys()) if (within.has(id)) out.add(id);
    }
    ids = ids.filter((id) => !out.has(id));
    count.matched -= out.size;
  }
  if (ids.length === 0) return { hits: [], ...count.total(stats.total) };

  await loadTexts(db, ids, texts);
  return { hits: rank(ids, texts, required, dfs, stats, limit, ready), ...count.total(stats.total) };
}

/** The total a search reports: what it counted, plus an estimate of what it did not read. */
class MatchCount {
  /** Confirmed matches not yet shown (the ones ranked, and those past the scored set). */
  matched = 0;
  /** Candidates whose text needs checking; less each batch checked. */
  unchecked = 0;
  exact = true;
  private tried = 0;
  private passed = 0;
  constructor(
    private readonly shown: number,
    /** Only the newest slice of the collection was read. */
    private readonly sliced: boolean,
  ) {}
  checked(tried: number, passed: number): void {
    this.tried += tried;
    this.passed += passed;
    this.unchecked -= tried;
  }
  total(collectionSize: number): { total: number; totalExact: boolean } {
    // Unread candidates pass at the rate the read ones did. None read: enough sure matches filled
    // the page before any weaker candidate (pinyin across words, bare characters) was checked, and
    // those mostly fail, so they are left out rather than all counted.
    const rate = this.tried > 0 ? this.passed / this.tried : 0;
    let total = this.shown + this.matched + Math.round(this.unchecked * rate);
    if (this.sliced) total = Math.max(total, Math.round((total * collectionSize) / RECENCY_WINDOW));
    return {
      total: Math.min(total, collectionSize),
      totalExact: this.exact && this.unchecked === 0 && !this.sliced,
    };
  }
}

/** The ranked candidates as hits, with what each matched and where (for the hits shown only). */
function rank(
  ids: string[],
  texts: Map<string, Loaded>,
  required: Clause[],
  dfs: number[],
  stats: Stats,
  limit: number,
  ready: boolean,
): SearchHit[] {
  return scoreCandidates(ids, texts, required, dfs, stats)
    .slice(0, limit)
    .map(({ loaded: { annotation }, score }) => ({
      annotation,
      score,
      ...matchDetails(annotation, required, ready),
      approximate: !ready,
    }));
}

function hasWordlikeContent(parsed: ParsedQuery): boolean {
  return parsed.words.some(isWordlike) || parsed.phrases.some(isWordlike) || parsed.tags.length > 0;
}

async function recent(
  db: IndexTables,
  options: SearchOptions,
  filter: Set<string> | null,
  shown: ReadonlySet<string>,
  limit: number,
  parsed: ParsedQuery,
  exclusionClauses: () => Promise<Clause[]>,
  ready: boolean,
): Promise<SearchPage> {
  const excluded = hasExclusions(parsed) ? await exclusionClauses() : [];
  const isExcluded = (a: Annotation): boolean =>
    excluded.some((c) => {
      if (!c.hits.has(a.id)) return false;
      if (!c.needsText.has(a.id)) return true;
      return normalizedFields(a).some((t) => foundIn(c, t));
    });
  const [annotations, all] = await Promise.all([
    db.annotations
      .orderBy('updatedAt')
      .reverse()
      .filter((a) => !shown.has(a.id) && matchesFilters(a, options) && !isExcluded(a))
      .limit(limit)
      .toArray(),
    filter ? filter.size : db.annotations.count(),
  ]);
  // Counted from the filters' posting lists; an exclusion whose text is not checked makes it an estimate.
  const out = new Set<string>();
  let totalExact = true;
  for (const clause of excluded) {
    for (const id of clause.hits.keys()) {
      if (filter && !filter.has(id)) continue;
      if (clause.needsText.has(id)) totalExact = false;
      else out.add(id);
    }
  }
  return {
    hits: annotations.map((annotation) => ({
      annotation,
      score: 0,
      matches: [],
      highlights: [],
      approximate: !ready,
    })),
    total: all - out.size,
    totalExact,
  };
}
