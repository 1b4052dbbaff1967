import type { Annotation, Color } from '../model';
import { intersectAll, type Keys, type Lookup, restrict } from './lookup';
import { hanRuns, latinTokens, normalizeText } from './normalize';
import { runCandidates } from './pinyin-runs';
import { isPinyinSyllable } from './pinyin-table';
import { isDictionaryWord, segmentDictionaryWords } from './segmenter';
import type { IndexTables } from './tables';
import { BIGRAM, CHAR, COLOR, INITIALS, LATIN, PINYIN, SINGLE_WORD, TAG, TITLE_WORD, WORD } from './terms';

// Query clauses: what each word, phrase or tag of a parsed query matches in the index, and the
// option filters (colour, tag, source) as sets of ids. Text checks come later (matches.ts).

/** Colour, tag and source filters (the `options` of searchAnnotations). */
export interface SearchFilters {
  color?: Color;
  tag?: string;
  source?: string;
}

/** How a clause matched one annotation; the weight ranks word matches above weaker evidence. */
export type MatchKind =
  | 'word'
  | 'latin'
  | 'phrase'
  | 'tag'
  | 'pinyin'
  | 'initials'
  | 'prefix'
  | 'chars'
  | 'char';

/** Pinyin prefixes shorter than this match too much to be useful while typing. */
const PREFIX_MIN = 3;

export interface Clause {
  /** What the user asked for (normalised): highlighted in results. */
  label: string;
  hits: Map<string, MatchKind>;
  /** For hits that need the text checked: the string that must occur (a phrase, or a run of
   *  characters found by its characters or bigrams). Checked after intersection, on the survivors. */
  needle: string | null;
  needsText: Set<string>;
  /** The needle must also start and end on word boundaries (words jieba doesn't know). */
  aligned?: boolean;
  /** For hits that need the text checked: pinyin or initials that must spell consecutive words
   *  there (found word by word: pinyin-runs.ts); `partial` while the last word is being typed. */
  spelling?: { letters: string; partial: boolean };
  /** Word hits found only in the page title. */
  titleOnly: Set<string>;
}

function newClause(label: string, needle: string | null): Clause {
  return { label, hits: new Map(), needle, needsText: new Set(), titleOnly: new Set() };
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

export interface Context {
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

async function latinClause(
  ctx: Context,
  token: string,
  isPartial: boolean,
  acrossWords = true,
): Promise<Clause> {
  const clause = newClause(token, null);
  const add = (ids: Keys, kind: MatchKind) => {
    for (const id of ids) if (!clause.hits.has(id)) clause.hits.set(id, kind);
  };
  const isLetters = /^[a-z]+$/u.test(token);
  const [latin, full, initials, runs] = await Promise.all([
    ctx.lookup.term(LATIN + token),
    isLetters ? ctx.lookup.term(PINYIN + token) : Promise.resolve([]),
    isLetters ? ctx.lookup.term(INITIALS + token) : Promise.resolve([]),
    // pinyin of several words (jiqixuexi: 机器|学习) has no term: its words are looked up
    isLetters && acrossWords && ctx.ready ? runCandidates(ctx.lookup, token, isPartial) : null,
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
  if (runs) {
    clause.spelling = { letters: token, partial: isPartial };
    for (const [id, kind] of runs) {
      if (clause.hits.has(id)) continue;
      clause.hits.set(id, kind);
      clause.needsText.add(id);
    }
  }
  return clause;
}

/** Is `token` whole pinyin syllables (la, ji, fenlei), as a reader types pinyin with spaces? */
function isSyllables(token: string): boolean {
  const reach = [true];
  for (let i = 0; i < token.length; i++) {
    if (!reach[i]) continue;
    for (let j = i + 1; j <= Math.min(token.length, i + 6); j++)
      if (isPinyinSyllable(token.slice(i, j))) reach[j] = true;
  }
  return /^[a-z]+$/u.test(token) && reach[token.length] === true;
}

/**
 * Spaced pinyin (la ji, jiqi xuexi): the words together spell consecutive Chinese words, or each
 * matches on its own as usual (an English `sun fan` is also pinyin).
 */
async function spacedPinyinClause(ctx: Context, words: string[], isPartial: boolean): Promise<Clause> {
  const last = words.length - 1;
  const [joined, ...separate] = await Promise.all([
    latinClause(ctx, words.join(''), isPartial),
    ...words.map((w, i) => latinClause(ctx, w, isPartial && i === last, false)),
  ]);
  const clause = newClause(words.join(' '), null);
  if (joined?.spelling) clause.spelling = joined.spelling;
  for (const id of intersectAll(separate.map((c) => [...c.hits.keys()]))) {
    const kinds = new Set(separate.map((c) => c.hits.get(id)));
    clause.hits.set(id, kinds.size === 1 ? (separate[0]?.hits.get(id) ?? 'latin') : 'prefix');
  }
  for (const [id, kind] of joined?.hits ?? []) {
    if (clause.hits.has(id)) continue;
    clause.hits.set(id, kind);
    if (joined?.needsText.has(id)) clause.needsText.add(id);
  }
  return clause;
}

/**
 * The clauses of a query's bare words, in order; `partialLast`: the last one may be unfinished.
 * Consecutive words that are all pinyin syllables are also tried as one (spacedPinyinClause).
 */
export async function queryWordClauses(
  ctx: Context,
  words: string[],
  partialLast: boolean,
): Promise<Clause[]> {
  const groups: string[][] = [];
  const lastIsPartial = partialLast && isWordlike(words.at(-1) ?? '');
  for (const word of words.filter(isWordlike)) {
    const group = groups.at(-1);
    const spaced = ctx.ready && isSyllables(word);
    if (spaced && group && group.length > 0 && isSyllables(group.at(-1) ?? '')) group.push(word);
    else groups.push([word]);
  }
  const lists = await Promise.all(
    groups.map((group, g) => {
      const isPartial = lastIsPartial && g === groups.length - 1;
      return group.length > 1
        ? spacedPinyinClause(ctx, group, isPartial).then((c) => [c])
        : wordClauses(ctx, group[0] ?? '', isPartial);
    }),
  );
  return lists.flat();
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

export async function wordClauses(ctx: Context, token: string, isPartial: boolean): Promise<Clause[]> {
  const { han, latin } = wordsOf(token, ctx.ready);
  const latinTokensOfWord = latin.map((t, i) => latinClause(ctx, t, isPartial && i === latin.length - 1));
  return Promise.all([...han.map((w) => hanClause(ctx, w)), ...latinTokensOfWord]);
}

/** An exact phrase: its words narrow the candidates, the text decides. */
export async function phraseClause(ctx: Context, phrase: string): Promise<Clause> {
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

export async function tagClause(ctx: Context, tag: string): Promise<Clause> {
  const clause = newClause(`#${tag}`, null);
  for (const id of await ctx.lookup.term(TAG + tag)) clause.hits.set(id, 'tag');
  return clause;
}

export function isWordlike(token: string): boolean {
  return /[\p{Script=Han}\p{Script=Latin}\p{Nd}]/u.test(token);
}

/** A tag filter as indexed: without '#', normalised like the text (so 環保 finds 环保). */
function tagFilter(options: SearchFilters): string {
  return normalizeText(options.tag?.trim().replace(/^#+/u, '') ?? '').trim();
}

/** Colour and tag come from the search index (no table index needed); source from the table. */
export async function filterKeys(
  db: IndexTables,
  lookup: Lookup,
  options: SearchFilters,
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

export function matchesFilters(a: Annotation, options: SearchFilters): boolean {
  const tag = tagFilter(options);
  return (
    (!options.color || a.color === options.color) &&
    (options.source === undefined || a.source === options.source) &&
    (!tag || a.tags.some((t) => normalizeText(t).trim() === tag))
  );
}
