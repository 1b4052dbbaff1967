import * as jieba from 'jieba-wasm';
import { loadPinyinTable, pinyinTableLoaded } from './pinyin-table';

/**
 * jieba-wasm behind a readiness flag.
 *
 * The package resolves to different builds: under Node (vitest) the `node` condition picks the
 * nodejs build, which instantiates its wasm synchronously on import and has no default export
 * of its own (the CJS namespace's `default` is `module.exports`); in the extension the
 * `browser`/`import` condition picks the web build, whose default export is the async `init`
 * and whose functions throw until it has run. TypeScript (moduleResolution Bundler) sees the web
 * typings, so the init function is detected at run time rather than assumed.
 *
 * Until `initSegmenter` has resolved, `isSegmenterReady()` is false and callers index and query
 * by characters only (see terms.ts / search.ts).
 */

/**
 * Words our articles use that jieba's stock dictionary splits, so a query for the whole word would
 * otherwise need every part and could match parts far apart. Checked with `cut(word, false)`:
 * - 垃圾分类 → 垃圾/分类; 生活垃圾 → 生活/垃圾 (both central to the Tianjin article)
 * - 志愿服务 → 志愿/服务; 文明实践 → 文明/实践; 新时代 → 新/时代 (新时代文明实践所/阵地)
 * - 标准化试点 → 标准化/试点 (jieba even glues 试点经验 in the headline)
 * - 常态化 → 常态/化; 急难愁盼 → 急难/愁/盼 (fixed political phrases)
 * - 街镇 → 示范街/镇 in 示范街镇 (the town is the unit, not a "示范街")
 * Indexing uses cut_for_search, so the parts (垃圾, 分类, 试点 …) remain searchable on their own.
 */
export const USER_WORDS: readonly string[] = [
  '垃圾分类',
  '生活垃圾',
  '志愿服务',
  '文明实践',
  '新时代',
  '标准化试点',
  '常态化',
  '急难愁盼',
  '街镇',
];
/** High enough that the DAG prefers the whole word over its parts. */
const USER_WORD_FREQ = 20_000;

let ready = false;
let pending: Promise<void> | null = null;

type WebInit = (options: { module_or_path: string | URL }) => Promise<unknown>;

function webInit(): WebInit | null {
  const candidate: unknown = (jieba as { default?: unknown }).default;
  return typeof candidate === 'function' ? (candidate as WebInit) : null;
}

/**
 * Loads the wasm (web build: from `wasmUrl`, e.g. `browser.runtime.getURL('/jieba.wasm')`),
 * adds the user words and builds jieba's dictionary (the expensive part, ~0.3–1.5 s cold) so that
 * the first real segmentation is fast. Safe to call more than once; a failure leaves the segmenter
 * not ready (character search keeps working) and rejects, so the caller may retry or log.
 */
export function initSegmenter(
  wasmUrl?: string | URL,
  options: { pinyinTableUrl?: string | URL } = {},
): Promise<void> {
  if (ready) return Promise.resolve();
  if (pending) return pending;
  pending = (async () => {
    const init = webInit();
    // Word terms and their pinyin become ready together, so no row is indexed with one and not the other.
    const table =
      options.pinyinTableUrl !== undefined && !pinyinTableLoaded()
        ? loadPinyinTable(options.pinyinTableUrl)
        : Promise.resolve();
    if (init) {
      if (wasmUrl === undefined) throw new Error('jieba web build needs the wasm URL');
      await init({ module_or_path: wasmUrl });
    }
    await table;
    for (const word of USER_WORDS) jieba.add_word(word, USER_WORD_FREQ);
    jieba.cut('预热词典', true);
    ready = true;
  })().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

export function isSegmenterReady(): boolean {
  return ready;
}

function requireReady(): void {
  if (!ready) throw new Error('segmenter not ready: call initSegmenter() first');
}

/** Words as a reader would split them (query side). Input should already be normalised. */
export function segmentWords(text: string): string[] {
  requireReady();
  return jieba.cut(text, true).filter((w) => w.trim() !== '');
}

/** Dictionary words only, no HMM guessing: unknown words come out as single characters. */
export function segmentDictionaryWords(text: string): string[] {
  requireReady();
  return jieba.cut(text, false).filter((w) => w.trim() !== '');
}

/**
 * Words plus the dictionary sub-words that tile them (垃圾分类 → 垃圾, 分类, 垃圾分类): the index
 * side. jieba's search mode emits every dictionary word inside a longer one, including words that
 * straddle its parts (感人事迹 = 感人|事迹 yields 人事; 志愿者 = 志愿|者 yields 愿者): those are
 * left out, or 人事 would find a sentence about 感人事迹.
 */
export function segmentForIndex(text: string): string[] {
  return indexTokens(text).map((t) => t.word);
}

interface Span {
  word: string;
  start: number;
  end: number;
}

/** segmentForIndex with positions (Unicode scalar values, as jieba counts). */
function indexTokens(text: string): Span[] {
  requireReady();
  const words = jieba.tokenize(text, 'default', true);
  const search = jieba.tokenize(text, 'search', true);
  const wordAt: Span[] = [];
  for (const w of words) for (let i = w.start; i < w.end; i++) wordAt[i] = w;
  const kept: Span[] = [];
  let parts: Span[] = [];
  for (const token of search) {
    if (token.word.trim() === '') continue;
    const word = wordAt[token.start];
    if (!word || (token.start === word.start && token.end === word.end)) {
      // jieba lists a word's sub-words just before the word itself
      const tiling = word ? finerSegmentation(word, parts) : new Set<number>();
      for (const part of parts) if (!crosses(part, tiling)) kept.push(part);
      parts = [];
      kept.push(token);
    } else parts.push(token);
  }
  return kept;
}

/** A part crosses the tiling when it neither lies inside one of its pieces nor starts and ends on its boundaries. */
function crosses(part: Span, boundaries: Set<number>): boolean {
  if (boundaries.has(part.start) && boundaries.has(part.end)) return false;
  for (let i = part.start + 1; i < part.end; i++) if (boundaries.has(i)) return true;
  return false;
}

/**
 * Boundaries of a word's own finer segmentation, made of its dictionary parts and single
 * characters: fewest characters left over, then fewest pieces, then (as jieba's own DAG would
 * choose) the most frequent parts — 志愿|者 over 志|愿者, 市|政府 over 市政|府.
 */
function finerSegmentation(word: Span, parts: readonly Span[]): Set<number> {
  const tilings: Span[][] = [];
  const extend = (at: number, path: Span[]) => {
    if (at === word.end) {
      tilings.push(path);
      return;
    }
    for (const part of parts) if (part.start === at) extend(part.end, [...path, part]);
    extend(at + 1, path);
  };
  extend(word.start, []);
  const leftOver = (t: Span[]) => word.end - word.start - t.reduce((n, p) => n + p.end - p.start, 0);
  const pieces = (t: Span[]) => t.length + leftOver(t);
  const logFrequency = (t: Span[]) => t.reduce((n, p) => n + Math.log(dictionaryFrequency(p.word)), 0);
  tilings.sort((a, b) => leftOver(a) - leftOver(b) || pieces(a) - pieces(b));
  const first = tilings[0] ?? [];
  const tied = tilings.filter((t) => leftOver(t) === leftOver(first) && pieces(t) === pieces(first));
  const best = tied.length > 1 ? tied.reduce((a, b) => (logFrequency(b) > logFrequency(a) ? b : a)) : first;
  const boundaries = new Set([word.start, word.end]);
  for (const p of best) {
    boundaries.add(p.start);
    boundaries.add(p.end);
  }
  return boundaries;
}

const frequencies = new Map<string, number>();

/**
 * A dictionary word's frequency. jieba-wasm has no lookup for it; `add_word` without a frequency
 * keeps a dictionary word's own (jieba's suggestion for a known word is at most one more) and
 * returns it. Only called on words jieba has just emitted, so nothing new enters the dictionary.
 */
function dictionaryFrequency(word: string): number {
  let frequency = frequencies.get(word);
  if (frequency === undefined) {
    frequency = Math.max(1, jieba.add_word(word));
    frequencies.set(word, frequency);
  }
  return frequency;
}

/** Is `word` a single entry of jieba's dictionary (no HMM guessing)? */
export function isDictionaryWord(word: string): boolean {
  requireReady();
  const parts = jieba.cut(word, false);
  return parts.length === 1 && parts[0] === word;
}

/**
 * UTF-16 offsets where a jieba word (or dictionary sub-word) starts or ends in `text`. A match of
 * a word jieba doesn't know counts only if it starts and ends on such boundaries, so 市上 doesn't
 * match inside 全市|上下.
 */
export function wordBoundaries(text: string): Set<number> {
  requireReady();
  // jieba reports positions in Unicode scalar values; convert to UTF-16 offsets.
  const utf16: number[] = [];
  let offset = 0;
  for (const ch of text) {
    utf16.push(offset);
    offset += ch.length;
  }
  utf16.push(offset);
  const bounds = new Set<number>();
  // With and without HMM: where jieba guesses a new word it may glue a neighbour to it (到茨营|镇);
  // the dictionary-only cut still has the boundaries a reader would see (到|茨|营|镇).
  for (const token of indexTokens(text)) {
    bounds.add(utf16[token.start] ?? offset);
    bounds.add(utf16[token.end] ?? offset);
  }
  let position = 0;
  for (const word of jieba.cut(text, false)) {
    bounds.add(utf16[position] ?? offset);
    position += [...word].length;
    bounds.add(utf16[position] ?? offset);
  }
  return bounds;
}
