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

/** Words plus their dictionary sub-words (垃圾分类 → 垃圾, 分类, 垃圾分类): the index side. */
export function segmentForIndex(text: string): string[] {
  requireReady();
  return jieba.cut_for_search(text, true).filter((w) => w.trim() !== '');
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
  for (const token of jieba.tokenize(text, 'search', true)) {
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
