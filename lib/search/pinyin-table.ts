/**
 * Pinyin readings as data, not code. pinyin-pro would put ~300 KB of dictionary code into every
 * bundle that indexes (the service worker, the library page), parsed again on each cold start of
 * the worker. The build derives a compact table from it instead (build-pinyin-table.ts) and ships
 * `/pinyin.json` (~90 KB), which initSegmenter loads next to the jieba wasm: until both are loaded
 * rows stay "unsegmented" and are re-indexed, pinyin terms included, once they are.
 */

/** Toneless syllable (ü written v) → every Han character that can be read so. */
export type PinyinTable = Record<string, string>;

let readingsOf: Map<string, string[]> | null = null;
let syllables: Set<string> = new Set();

function isPinyinTable(value: unknown): value is PinyinTable {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((chars) => typeof chars === 'string')
  );
}

export function usePinyinTable(table: PinyinTable): void {
  const readings = new Map<string, string[]>();
  for (const [syllable, chars] of Object.entries(table)) {
    for (const ch of chars) {
      const list = readings.get(ch);
      if (list) list.push(syllable);
      else readings.set(ch, [syllable]);
    }
  }
  readingsOf = readings;
  syllables = new Set(Object.keys(table));
  spellingCache.clear();
}

export function pinyinTableLoaded(): boolean {
  return readingsOf !== null;
}

/** Fetches and installs the table the build shipped; rejects, changing nothing, on bad data. */
export async function loadPinyinTable(url: string | URL): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`pinyin table: HTTP ${response.status}`);
  const data: unknown = await response.json();
  if (!isPinyinTable(data)) throw new Error('pinyin table: unexpected shape');
  usePinyinTable(data);
}

/** A character's toneless readings (empty when it has none or the table isn't loaded). */
export function pinyinReadings(ch: string): readonly string[] {
  return readingsOf?.get(ch) ?? [];
}

/** Is `letters` one toneless syllable (ü as v) some character is read as? */
export function isPinyinSyllable(letters: string): boolean {
  return syllables.has(letters);
}

/** Most spellings kept per word: long words of many polyphones would flood the index. */
const MAX_SPELLINGS = 8;
const spellingCache = new Map<string, [string, string][]>();

/**
 * Every way to spell `word` in toneless pinyin, as [full, initials] pairs (at most 8):
 * 垃圾分类 → [lajifenlei, ljfl]; polyphones multiply (银行 → yinhang/yinxing/yinheng), so what a
 * reader types is among them. Empty when a character has no reading or the table isn't loaded.
 */
export function pinyinSpellings(word: string): [string, string][] {
  const table = readingsOf;
  if (!table) return [];
  const cached = spellingCache.get(word);
  if (cached) return cached;
  let spellings: [string, string][] = [['', '']];
  for (const ch of word) {
    const readings = table.get(ch);
    if (!readings) {
      spellings = [];
      break;
    }
    const next: [string, string][] = [];
    for (const [full, initials] of spellings) {
      for (const reading of readings) {
        if (next.length < MAX_SPELLINGS) next.push([full + reading, initials + reading.charAt(0)]);
      }
    }
    spellings = next;
  }
  if (spellingCache.size > 50_000) spellingCache.clear();
  spellingCache.set(word, spellings);
  return spellings;
}
