import { Dexie } from 'dexie';
import type { MeipiDatabase } from '../db/schema';
import type { Annotation, Color } from '../db/types';
import { BlockView, compactBlocks } from './blocks';
import { hanRuns, latinTokens, normalizeText, normalizeWithOffsets } from './normalize';
import { isEmptyQuery, type ParsedQuery, parseQuery } from './query';
import {
  isDictionaryWord,
  isSegmenterReady,
  segmentDictionaryWords,
  segmentForIndex,
  wordBoundaries,
} from './segmenter';
import {
  BIGRAM,
  buildIndexRow,
  CHAR,
  COLOR,
  FORMAT_MARKER,
  fieldTexts,
  INITIALS,
  LATIN,
  PINYIN,
  pinyinOf,
  SEARCH_FIELDS,
  type SearchField,
  SINGLE_WORD,
  SLICE,
  SLICE_END,
  TAG,
  TITLE_FIELD,
  TITLE_WORD,
  timeSlice,
  UNSEGMENTED_MARKER,
  WORD,
} from './terms';

export interface SearchOptions {
  limit?: number;
  color?: Color;
  tag?: string;
  source?: string;
}

export interface HighlightRange {
  field: SearchField;
  /** UTF-16 offsets into the annotation's original field text (tags: into `tags.join(' ')`). */
  start: number;
  end: number;
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

export const DEFAULT_LIMIT = 50;

/** How a clause matched one annotation; the weight ranks word matches above weaker evidence. */
type MatchKind = 'word' | 'latin' | 'phrase' | 'tag' | 'pinyin' | 'initials' | 'prefix' | 'chars' | 'char';
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
/** Pinyin prefixes shorter than this match too much to be useful while typing. */
const PREFIX_MIN = 3;
const PREFIX_KEYS_CAP = 5_000;

interface Clause {
  /** What the user asked for (normalised): highlighted in results. */
  label: string;
  hits: Map<string, MatchKind>;
  /** For hits that need the text checked: the string that must occur (a phrase, or a run of
   *  characters found by its characters or bigrams). Checked after intersection, on the survivors. */
  needle: string | null;
  needsText: Set<string>;
  /** The needle must also start and end on word boundaries (words jieba doesn't know). */
  aligned?: boolean;
  /** Word hits found only in the page title. */
  titleOnly: Set<string>;
}

function newClause(label: string, needle: string | null): Clause {
  return { label, hits: new Map(), needle, needsText: new Set(), titleOnly: new Set() };
}

type Keys = string[];

// Each term is one range read of primary keys, intersected in memory: Dexie's anyOf and
// multi-term queries are far slower on a large multi-entry index.

function intersectAll(sets: Keys[]): Set<string> {
  if (sets.length === 0) return new Set();
  const sorted = [...sets].sort((a, b) => a.length - b.length);
  let result = new Set(sorted[0]);
  for (const next of sorted.slice(1)) {
    if (result.size === 0) break;
    const other = new Set(next);
    result = new Set([...result].filter((id) => other.has(id)));
  }
  return result;
}

/**
 * Per-search memo of index lookups (a query often repeats terms). Each term reads both layouts:
 * per-row index rows (a primary-key range of the multi-entry index) and bulk blocks (see
 * blocks/); an annotation is indexed in exactly one of them. With `since` set, lookups read
 * only the time slices from then on: the newest part of each posting list.
 */
class Lookup {
  private readonly cache = new Map<string, Promise<Keys>>();
  private readonly blocks: Promise<BlockView>;
  since: string | null = null;
  constructor(readonly db: MeipiDatabase) {
    this.blocks = BlockView.open(db);
    this.blocks.catch(() => undefined);
  }
  private memo(key: string, load: () => Promise<Keys>): Promise<Keys> {
    let keys = this.cache.get(key);
    if (!keys) {
      keys = load();
      this.cache.set(key, keys);
    }
    return keys;
  }
  private sinceMs(): number | null {
    return this.since === null ? null : Number.parseInt(this.since, 36) * 60_000;
  }
  term(term: string): Promise<Keys> {
    const from = term + SLICE + (this.since ?? '');
    const sinceMs = this.sinceMs();
    return this.memo(from, async () => {
      const [rows, blocks] = await Promise.all([
        this.db.searchIndex
          .where('terms')
          .between(from, term + SLICE_END, true, false)
          .primaryKeys(),
        this.blocks,
      ]);
      return blocks.empty ? rows : rows.concat(await blocks.term(term, sinceMs));
    });
  }
  /** Longer terms starting with `prefix` (the term itself is `term(prefix)`), any slice. */
  prefix(prefix: string): Promise<Keys> {
    return this.memo(`prefix\u0000${prefix}`, async () => {
      const [rows, blocks] = await Promise.all([
        this.db.searchIndex
          .where('terms')
          .between(prefix + SLICE_END, `${prefix}\uffff`, false, true)
          .limit(PREFIX_KEYS_CAP)
          .primaryKeys(),
        this.blocks,
      ]);
      const keys = new Set(rows);
      if (!blocks.empty && keys.size < PREFIX_KEYS_CAP)
        for (const id of await blocks.prefix(prefix, PREFIX_KEYS_CAP - keys.size)) keys.add(id);
      return [...keys];
    });
  }
  unsegmented(): Promise<Keys> {
    return this.memo(UNSEGMENTED_MARKER, async () => {
      const [rows, blocks] = await Promise.all([
        this.db.searchIndex.where('terms').equals(UNSEGMENTED_MARKER).primaryKeys(),
        this.blocks,
      ]);
      return blocks.empty ? rows : rows.concat(blocks.unsegmented());
    });
  }
}

/**
 * Annotations containing the Han run `run` as characters, regardless of word boundaries.
 * Within unsegmented rows, bigrams (exact for two characters); elsewhere only the characters
 * are indexed, so every hit of two or more characters needs its text checked.
 */
async function charRunHits(
  lookup: Lookup,
  run: string,
  within: Set<string> | null,
): Promise<{ ids: Set<string>; exact: boolean }> {
  if (run.length === 1) return { ids: restrict(await lookup.term(CHAR + run), within), exact: true };
  if (within) {
    const bigrams = new Set<string>();
    for (let i = 0; i + 1 < run.length; i++) bigrams.add(BIGRAM + run.slice(i, i + 2));
    const ids = intersectAll(await Promise.all([...bigrams].map((b) => lookup.term(b))));
    return { ids: restrict(ids, within), exact: run.length === 2 };
  }
  const chars = new Set([...run].map((c) => CHAR + c));
  return {
    ids: intersectAll(await Promise.all([...chars].map((c) => lookup.term(c)))),
    exact: false,
  };
}

function restrict(keys: Iterable<string>, within: Set<string> | null): Set<string> {
  if (!within) return new Set(keys);
  const out = new Set<string>();
  for (const k of keys) if (within.has(k)) out.add(k);
  return out;
}

interface Context {
  lookup: Lookup;
  ready: boolean;
  /** Rows still without words; awaited only where a word clause needs it (overlaps the lookups). */
  unsegmented: Promise<Set<string>>;
}

/** A Han word (or run, when jieba isn't ready) that must match. */
async function hanClause(ctx: Context, word: string): Promise<Clause> {
  const clause = newClause(word, word);
  if (word.length === 1) {
    // 市 the word (市、区) ranks above 市 inside 城市
    const [words, chars] = await Promise.all([
      ctx.lookup.term(SINGLE_WORD + word),
      ctx.lookup.term(CHAR + word),
    ]);
    for (const id of words) clause.hits.set(id, 'word');
    for (const id of chars) if (!clause.hits.has(id)) clause.hits.set(id, 'char');
    return clause;
  }
  const [body, title] = await Promise.all([ctx.lookup.term(WORD + word), ctx.lookup.term(TITLE_WORD + word)]);
  for (const id of body) clause.hits.set(id, 'word');
  for (const id of title) {
    if (clause.hits.has(id)) continue;
    clause.hits.set(id, 'word');
    clause.titleOnly.add(id);
  }
  // A word jieba knows matches only as a word (市长 must not match 城市长效); rows not yet
  // segmented can only be searched by characters. A word it doesn't know (or any run while
  // jieba is cold and the index has never seen it as a word) falls back to characters everywhere.
  const knownWord = ctx.ready ? isDictionaryWord(word) : clause.hits.size > 0;
  const within = knownWord ? await ctx.unsegmented : null;
  if (within && within.size === 0) return clause;
  const { ids, exact } = await charRunHits(ctx.lookup, word, within);
  clause.aligned = ctx.ready && !knownWord;
  for (const id of ids) {
    if (clause.hits.has(id)) continue;
    clause.hits.set(id, 'chars');
    if (!exact || clause.aligned) clause.needsText.add(id);
  }
  return clause;
}

async function latinClause(ctx: Context, token: string, isPartial: boolean): Promise<Clause> {
  const clause = newClause(token, null);
  const add = (ids: Keys, kind: MatchKind) => {
    for (const id of ids) if (!clause.hits.has(id)) clause.hits.set(id, kind);
  };
  const isLetters = /^[a-z]+$/u.test(token);
  const [latin, full, initials] = await Promise.all([
    ctx.lookup.term(LATIN + token),
    isLetters ? ctx.lookup.term(PINYIN + token) : Promise.resolve([]),
    isLetters ? ctx.lookup.term(INITIALS + token) : Promise.resolve([]),
  ]);
  add(latin, 'latin');
  add(full, 'pinyin');
  add(initials, 'initials');
  // As-you-type: the last word may be unfinished (lajif… → lajifenlei).
  if (isPartial && token.length >= PREFIX_MIN) {
    const prefixes = await Promise.all([
      ctx.lookup.prefix(LATIN + token),
      isLetters ? ctx.lookup.prefix(PINYIN + token) : Promise.resolve([]),
      isLetters ? ctx.lookup.prefix(INITIALS + token) : Promise.resolve([]),
    ]);
    for (const ids of prefixes) add(ids, 'prefix');
  }
  return clause;
}

/** Splits a bare query word into the words that must all match. */
function wordsOf(token: string, ready: boolean): { han: string[]; latin: string[] } {
  const han: string[] = [];
  for (const run of hanRuns(token)) {
    if (!ready) {
      han.push(run);
      continue;
    }
    // Dictionary words only: consecutive single characters are what that makes of a word jieba
    // doesn't know (市上 → 市/上, 茨营镇 → 茨/营/镇); they stay together as one run, matched on word
    // boundaries, rather than each character anywhere.
    let singles = '';
    const flush = () => {
      if (singles) han.push(singles);
      singles = '';
    };
    for (const w of segmentDictionaryWords(run)) {
      if (!/\p{Script=Han}/u.test(w)) continue;
      if (w.length === 1) singles += w;
      else {
        flush();
        han.push(w);
      }
    }
    flush();
  }
  return { han, latin: latinTokens(token) };
}

async function wordClauses(ctx: Context, token: string, isPartial: boolean): Promise<Clause[]> {
  const { han, latin } = wordsOf(token, ctx.ready);
  const latinTokensOfWord = latin.map((t, i) => latinClause(ctx, t, isPartial && i === latin.length - 1));
  return Promise.all([...han.map((w) => hanClause(ctx, w)), ...latinTokensOfWord]);
}

/** An exact phrase: its words narrow the candidates, the text decides. */
async function phraseClause(ctx: Context, phrase: string): Promise<Clause> {
  const parts = await wordClauses(ctx, phrase, false);
  const clause = newClause(phrase, phrase);
  if (parts.length === 0) return clause;
  const ids = intersectAll(parts.map((p) => [...p.hits.keys()]));
  for (const id of ids) {
    clause.hits.set(id, 'phrase');
    clause.needsText.add(id);
  }
  return clause;
}

async function tagClause(ctx: Context, tag: string): Promise<Clause> {
  const clause = newClause(`#${tag}`, null);
  for (const id of await ctx.lookup.term(TAG + tag)) clause.hits.set(id, 'tag');
  return clause;
}

function isWordlike(token: string): boolean {
  return /[\p{Script=Han}\p{Script=Latin}\p{Nd}]/u.test(token);
}

interface Stats {
  total: number;
  avgLengths: number[];
  at: number;
}
const statsCache = new WeakMap<MeipiDatabase, Stats>();
const STATS_TTL_MS = 60_000;
const STATS_SAMPLE = 500;

/** Corpus size and average field lengths for BM25; averages from a sample, refreshed each minute. */
async function corpusStats(db: MeipiDatabase): Promise<Stats> {
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
const indexWordsOf = new TextMemo(MEMO_TEXTS, segmentForIndex);
const withOffsetsOf = new TextMemo(MEMO_TEXTS, normalizeWithOffsets);
const normalizedOf = new TextMemo(MEMO_TEXTS, (t) => normalizeText(t).replace(/\s+/gu, ' '));

/** Field texts as indexed, whitespace collapsed so phrases match across line breaks. */
function normalizedFields(annotation: Annotation): string[] {
  return fieldTexts(annotation).map((t) => normalizedOf.get(t));
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

/** A tag filter as indexed: without '#', normalised like the text (so 環保 finds 环保). */
function tagFilter(options: SearchOptions): string {
  return normalizeText(options.tag?.trim().replace(/^#+/u, '') ?? '').trim();
}

/** Colour and tag come from the search index (no table index needed); source from the table. */
async function filterKeys(
  db: MeipiDatabase,
  lookup: Lookup,
  options: SearchOptions,
): Promise<Set<string> | null> {
  const lists: Promise<Keys>[] = [];
  if (options.color) lists.push(lookup.term(COLOR + options.color));
  if (options.source !== undefined)
    lists.push(db.annotations.where('source').equals(options.source).primaryKeys());
  const tag = tagFilter(options);
  if (tag) lists.push(lookup.term(TAG + tag));
  if (lists.length === 0) return null;
  return intersectAll(await Promise.all(lists));
}

function matchesFilters(a: Annotation, options: SearchOptions): boolean {
  const tag = tagFilter(options);
  return (
    (!options.color || a.color === options.color) &&
    (options.source === undefined || a.source === options.source) &&
    (!tag || a.tags.some((t) => normalizeText(t).trim() === tag))
  );
}

/** Removes hits whose text doesn't contain the clause's needle (on word boundaries if `aligned`). */
function verify(clause: Clause, texts: Map<string, Loaded>): void {
  verifySome(clause, texts, clause.needsText);
  clause.needsText.clear();
}

/** verify() for the ids in `ids` only (their texts loaded); they no longer need text. */
function verifySome(clause: Clause, texts: Map<string, Loaded>, ids: ReadonlySet<string>): void {
  const needle = clause.needle;
  for (const id of ids) {
    if (!clause.needsText.has(id)) continue;
    const fields = texts.get(id)?.texts;
    const found = needle
      ? fields?.some((t) => (clause.aligned ? hasAlignedOccurrence(t, needle) : t.includes(needle)))
      : false;
    if (!found) clause.hits.delete(id);
    if (ids !== clause.needsText) clause.needsText.delete(id);
  }
}

function hasExclusions(parsed: ParsedQuery): boolean {
  return parsed.excludedWords.length + parsed.excludedPhrases.length > 0;
}

function hasAlignedOccurrence(text: string, needle: string): boolean {
  let i = text.indexOf(needle);
  if (i === -1) return false;
  const bounds = boundariesOf.get(text);
  for (; i !== -1; i = text.indexOf(needle, i + 1)) {
    if (bounds.has(i) && bounds.has(i + needle.length)) return true;
  }
  return false;
}

interface Loaded {
  annotation: Annotation;
  texts: string[];
}

async function loadTexts(db: MeipiDatabase, ids: Iterable<string>, into: Map<string, Loaded>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !into.has(id));
  if (missing.length === 0) return;
  const annotations = await db.annotations.bulkGet(missing);
  for (const a of annotations) if (a) into.set(a.id, { annotation: a, texts: normalizedFields(a) });
}

/** A ranking estimate from posting lists alone, to choose which candidates to score fully. */
function preScore(clauses: Clause[], dfs: number[], total: number, id: string): number {
  let score = 0;
  clauses.forEach((clause, c) => {
    const kind = clause.hits.get(id);
    if (!kind) return;
    const field = clause.titleOnly.has(id) ? (FIELD_WEIGHT[TITLE_FIELD] ?? 1) : 1;
    score += KIND_WEIGHT[kind] * field * idf(total, dfs[c] ?? 1);
  });
  return score;
}

interface Recency {
  ranks: Map<string, number>;
  /** Time slice of the oldest annotation in the window; null when the window holds everything. */
  since: string | null;
  at: number;
  refreshing: boolean;
}
const recencyCache = new WeakMap<MeipiDatabase, Recency>();
const RECENCY_TTL_MS = 30_000;
/** Only the newest this-many annotations get a recency rank; older ones tie (cost stays bounded). */
const RECENCY_WINDOW = 3_000;
/** Collections larger than this are searched newest slice first (tests lower it). */
export const tuning = {
  sliceFirstAbove: 8 * RECENCY_WINDOW,
  /** Texts read per round while verifying character and phrase matches (see searchAnnotations). */
  verifyBatch: 100,
};

/**
 * The newest RECENCY_WINDOW annotations, ranked in updatedAt order (higher = newer), from the
 * updatedAt index's keys alone. Cached per database; once stale it is served while a fresh copy
 * loads. Ids missing from a snapshot are either older than the window or written after the
 * snapshot; `byRecency` treats the ones it cannot place as the oldest.
 */
async function recencyWindow(db: MeipiDatabase): Promise<Recency> {
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

async function recencyRanks(db: MeipiDatabase): Promise<Map<string, number>> {
  return (await recencyWindow(db)).ranks;
}

function byRecency(ids: string[], ranks: Map<string, number>): string[] {
  const rank = (id: string) => ranks.get(id) ?? 0;
  return [...ids].sort((a, b) => rank(b) - rank(a));
}

/**
 * Searches quote, note, tags and title. Best first (BM25F over the persisted index, field-weighted,
 * recency breaking ties). An empty query lists recent annotations, filtered.
 */
export async function searchAnnotations(
  db: MeipiDatabase,
  query: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  const limit = options.limit ?? DEFAULT_LIMIT;
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
    await Promise.all([filterPromise, statsPromise]);
    return recent(db, options, limit, parsed, exclusionClauses, ready);
  }

  const requiredClauses = async () =>
    (
      await Promise.all([
        ...parsed.words
          .filter(isWordlike)
          .map((w) => wordClauses(ctx, w, w === parsed.partial && w === parsed.words.at(-1))),
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
  const matching = (clauses: Clause[]) => {
    const ids = intersectAll(clauses.map((c) => [...c.hits.keys()]));
    return filter ? restrict(ids, filter) : ids;
  };
  let candidates = matching(required);
  if (lookup.since !== null && candidates.size < scoreCap) {
    lookup.since = null;
    required = await requiredClauses();
    candidates = matching(required);
  }
  if (required.length === 0) return [];
  // df counts what was read (the slice, or everything): idf stays comparable between clauses.
  const dfs = required.map((c) => c.hits.size);

  const texts = new Map<string, Loaded>();
  const needText = new Set(required.flatMap((c) => [...c.needsText].filter((id) => candidates.has(id))));
  let queue = [...needText];
  if (queue.length > scoreCap) {
    const ranks = await recencyRanks(db);
    // Too many character matches to read: keep the most recent ones.
    queue = byRecency(queue, ranks);
    for (const id of queue.slice(VERIFY_CAP)) candidates.delete(id);
    queue = queue.slice(0, VERIFY_CAP);
    // Read in the order the scored set is chosen (pre-score, then recency), a batch at a time, and
    // stop once the confirmed candidates fill it: later ones could not enter it. (Not with
    // exclusions, which may still remove confirmed ones.)
    if (!hasExclusions(parsed)) {
      const total = (await statsPromise).total;
      const pre = new Map(queue.map((id) => [id, preScore(required, dfs, total, id)]));
      queue.sort((a, b) => (pre.get(b) ?? 0) - (pre.get(a) ?? 0));
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
    for (const id of batch) if (required.every((c) => c.hits.has(id))) confirmed++;
  }
  for (const clause of required) clause.needsText.clear();
  candidates = new Set([...candidates].filter((id) => required.every((c) => c.hits.has(id))));

  const excluded = await exclusionClauses();
  for (const clause of excluded) {
    for (const id of clause.hits.keys()) if (!clause.needsText.has(id)) candidates.delete(id);
  }
  if (candidates.size === 0) return [];

  let ids = [...candidates];
  if (ids.length > scoreCap) {
    const total = (await statsPromise).total;
    const ranks = await recencyRanks(db);
    const pre = new Map(ids.map((id) => [id, preScore(required, dfs, total, id)]));
    ids = byRecency(ids, ranks)
      .sort((a, b) => (pre.get(b) ?? 0) - (pre.get(a) ?? 0))
      .slice(0, scoreCap);
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
      clause.needsText = restrict(clause.needsText, within);
      verify(clause, texts);
      for (const id of clause.hits.keys()) if (within.has(id)) out.add(id);
    }
    ids = ids.filter((id) => !out.has(id));
  }
  if (ids.length === 0) return [];

  const stats = await statsPromise;
  await loadTexts(db, ids, texts);
  return rank(ids, texts, required, dfs, stats, limit, ready);
}

/** BM25F over the loaded texts, best first, recency breaking ties; highlights for the hits shown. */
function rank(
  ids: string[],
  texts: Map<string, Loaded>,
  required: Clause[],
  dfs: number[],
  stats: Stats,
  limit: number,
  ready: boolean,
): SearchHit[] {
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
  const hits: SearchHit[] = [];
  for (const { loaded, score } of scored.slice(0, limit)) {
    const { annotation } = loaded;
    const matched = required
      .filter((c) => c.hits.has(annotation.id))
      .map((c) => ({ kind: c.hits.get(annotation.id), strings: matchedStrings(c, annotation, ready) }));
    const matches = [...new Set(matched.flatMap((m) => m.strings))];
    // Words are marked where they stand as words (市长, not the 市长 inside 城市长效).
    const words = new Set(
      ready ? matched.filter((m) => m.kind && WORD_KINDS.has(m.kind)).flatMap((m) => m.strings) : [],
    );
    hits.push({
      annotation,
      score,
      matches,
      highlights: highlightsFor(annotation, matches, words),
      approximate: !ready,
    });
  }
  return hits;
}

function hasWordlikeContent(parsed: ParsedQuery): boolean {
  return parsed.words.some(isWordlike) || parsed.phrases.some(isWordlike) || parsed.tags.length > 0;
}

async function recent(
  db: MeipiDatabase,
  options: SearchOptions,
  limit: number,
  parsed: ParsedQuery,
  exclusionClauses: () => Promise<Clause[]>,
  ready: boolean,
): Promise<SearchHit[]> {
  const excluded =
    parsed.excludedWords.length + parsed.excludedPhrases.length > 0 ? await exclusionClauses() : [];
  const isExcluded = (a: Annotation): boolean =>
    excluded.some((c) => {
      if (!c.hits.has(a.id)) return false;
      if (!c.needsText.has(a.id) || !c.needle) return true;
      const needle = c.needle;
      return normalizedFields(a).some((t) =>
        c.aligned ? hasAlignedOccurrence(t, needle) : t.includes(needle),
      );
    });
  const annotations = await db.annotations
    .orderBy('updatedAt')
    .reverse()
    .filter((a) => matchesFilters(a, options) && !isExcluded(a))
    .limit(limit)
    .toArray();
  return annotations.map((annotation) => ({
    annotation,
    score: 0,
    matches: [],
    highlights: [],
    approximate: !ready,
  }));
}

/** What to mark for a clause: the word itself, or for pinyin the Chinese words it spelled. */
function matchedStrings(clause: Clause, annotation: Annotation, ready: boolean): string[] {
  const kind = clause.hits.get(annotation.id);
  if (kind === 'tag') return [clause.label];
  if (kind !== 'pinyin' && kind !== 'initials' && kind !== 'prefix') return [clause.label];
  if (!ready) return [];
  const found: string[] = [];
  for (const text of normalizedFields(annotation)) {
    if (!/\p{Script=Han}/u.test(text)) continue;
    for (const word of indexWordsOf.get(text)) {
      if (word.length < 2) continue;
      const spelled = pinyinOf(word).some(([full, initials]) =>
        kind === 'prefix'
          ? full.startsWith(clause.label) || initials.startsWith(clause.label)
          : kind === 'pinyin'
            ? full === clause.label
            : initials === clause.label,
      );
      if (spelled) found.push(word);
    }
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

/**
 * Re-indexes rows written while jieba wasn't ready (call once `initSegmenter` has resolved), and
 * rows of an older index format (or missing rows): a row without FORMAT_MARKER is rebuilt.
 * Bulk blocks get the same treatment, and are merged once there are several (`compactBlocks`).
 * Works in small transactions so searches aren't blocked; each batch re-reads the annotations
 * inside its transaction, so a concurrent edit is never overwritten with stale text.
 * Returns how many rows were re-indexed.
 */
export async function reindexUnsegmented(db: MeipiDatabase, batchSize = 200): Promise<number> {
  if (!isSegmenterReady())
    throw new Error('reindexUnsegmented needs the segmenter: await initSegmenter() first');
  let done = 0;
  for (;;) {
    const n = await db.transaction('rw', db.writeTables, async () => {
      const ids = await db.searchIndex
        .where('terms')
        .equals(UNSEGMENTED_MARKER)
        .limit(batchSize)
        .primaryKeys();
      if (ids.length === 0) return 0;
      const annotations = await db.annotations.bulkGet(ids);
      const present = annotations.filter((a): a is Annotation => a !== undefined);
      const orphans = ids.filter((_, i) => annotations[i] === undefined);
      await db.searchIndex.bulkPut(present.map(buildIndexRow));
      if (orphans.length) await db.searchIndex.bulkDelete(orphans);
      return ids.length;
    });
    if (n === 0) break;
    done += n;
  }
  done += await compactBlocks(db);
  return done + (await reindexOtherFormats(db, batchSize));
}

/** One count per start when the index is current; a walk over all annotations when it isn't. */
async function reindexOtherFormats(db: MeipiDatabase, batchSize: number): Promise<number> {
  const [current, total, view] = await Promise.all([
    db.searchIndex.where('terms').equals(FORMAT_MARKER).count(),
    db.annotations.count(),
    BlockView.open(db),
  ]);
  // compactBlocks has just brought every block to the current format.
  const inBlocks = new Set(view.blocks.flatMap((b) => view.liveMembers(b)));
  if (current + inBlocks.size >= total) return 0;
  let done = 0;
  let after = '';
  for (;;) {
    const batch = await db.transaction('rw', db.writeTables, async () => {
      const annotations = await db.annotations.where(':id').above(after).limit(batchSize).toArray();
      const rows = await db.searchIndex.bulkGet(annotations.map((a) => a.id));
      const stale = annotations.filter(
        (a, i) => !rows[i]?.terms.includes(FORMAT_MARKER) && !inBlocks.has(a.id),
      );
      if (stale.length) await db.searchIndex.bulkPut(stale.map(buildIndexRow));
      return { last: annotations.at(-1)?.id, rebuilt: stale.length };
    });
    done += batch.rebuilt;
    if (batch.last === undefined) return done;
    after = batch.last;
  }
}
