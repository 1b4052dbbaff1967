/**
 * The language data search needs besides jieba — traditional → simplified folding and pinyin
 * readings — as plain tables rather than code. pinyin-pro and opencc-js would add ~600 KB of
 * dictionary code to every bundle that indexes (the background, the library) and be parsed on each
 * cold start of the service worker; instead the build derives two compact tables from them
 * (see build-language-tables.ts) and ships them as `/language-tables.json`, loaded by URL next to
 * the jieba wasm. Until they are loaded, folding is the identity and no pinyin terms are made:
 * the same "not segmented yet" state in which rows are re-indexed once jieba is ready.
 */
export interface LanguageTables {
  /** Traditional and variant characters, and their simplified forms at the same index. */
  traditional: string;
  simplified: string;
  /** Toneless syllable (ü written v) → every Han character that can be read so. */
  readings: Record<string, string>;
}

let toSimplifiedMap: Map<string, string> | null = null;
let readingsOf: Map<string, string[]> | null = null;

function isTables(value: unknown): value is LanguageTables {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<LanguageTables>;
  return (
    typeof t.traditional === 'string' &&
    typeof t.simplified === 'string' &&
    [...t.traditional].length === [...t.simplified].length &&
    typeof t.readings === 'object' &&
    t.readings !== null &&
    Object.values(t.readings).every((chars) => typeof chars === 'string')
  );
}

export function useLanguageTables(tables: LanguageTables): void {
  const simplified = [...tables.simplified];
  toSimplifiedMap = new Map([...tables.traditional].map((ch, i) => [ch, simplified[i] ?? ch]));
  readingsOf = new Map();
  for (const [syllable, chars] of Object.entries(tables.readings)) {
    for (const ch of chars) {
      const list = readingsOf.get(ch);
      if (list) list.push(syllable);
      else readingsOf.set(ch, [syllable]);
    }
  }
}

export function languageTablesLoaded(): boolean {
  return toSimplifiedMap !== null;
}

/** Fetches and installs the tables the build shipped; rejects (and changes nothing) on bad data. */
export async function loadLanguageTables(url: string | URL): Promise<void> {
  if (languageTablesLoaded()) return;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`language tables: HTTP ${response.status}`);
  const data: unknown = await response.json();
  if (!isTables(data)) throw new Error('language tables: unexpected shape');
  useLanguageTables(data);
}

/** Character-wise traditional → simplified; unchanged text when the tables aren't loaded. */
export function toSimplified(text: string): string {
  const map = toSimplifiedMap;
  if (!map) return text;
  let out = '';
  for (const ch of text) out += map.get(ch) ?? ch;
  return out;
}

/**
 * Every way to spell `word` in toneless pinyin, as [full, initials] pairs, at most `limit`.
 * Polyphonic characters multiply the spellings (银行 → yinxing, yinhang, …), so what a reader types
 * is among them; the cap keeps long words of many polyphones from flooding the index.
 * Empty when a character has no reading (or the tables aren't loaded).
 */
export function pinyinSpellings(word: string, limit = 8): [string, string][] {
  const table = readingsOf;
  if (!table) return [];
  let spellings: [string, string][] = [['', '']];
  for (const ch of word) {
    const readings = table.get(ch);
    if (!readings) return [];
    const next: [string, string][] = [];
    for (const [full, initials] of spellings) {
      for (const reading of readings) {
        if (next.length >= limit) break;
        next.push([full + reading, initials + initialOf(reading)]);
      }
    }
    spellings = next;
  }
  return spellings;
}

/** zh/ch/sh count as one initial letter, as pinyin input methods abbreviate them (重庆 → cq). */
function initialOf(syllable: string): string {
  return syllable.charAt(0);
}
