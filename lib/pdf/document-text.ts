/**
 * A PDF's text as annotations see it: every page's text-layer text (the concatenated `str` of its
 * text items, exactly what PDF.js's text layer puts in the DOM) joined into one document text,
 * normalised so quotes match however PDF.js split the lines:
 *   - a whitespace run between two CJK characters is dropped (PDF.js inserts spaces between
 *     Hanzi that sit apart on the page; Chinese has none);
 *   - any other whitespace run reads as one space;
 *   - pages are separated by "\n";
 *   - radical code points stand for the ideographs they look like: CJK fonts map one glyph to both,
 *     and PDF producers (Chromium's printing among them) often write the radical into the text
 *     (⻚ for 页, ⽂ for 文), which nobody could search for. Kangxi radicals and other compatibility
 *     characters go through NFKC; the simplified radicals NFKC leaves alone are in a table;
 *   - vertical presentation forms (︐︒, in vertical text) read as the punctuation they present:
 *     NFKC would make ︐ an ASCII comma, not the ，a Chinese reader typed.
 * Positions (TextPositionSelector) count characters of this normalised text.
 */
export interface DocumentText {
  /** The normalised document text. */
  readonly text: string;
  readonly pageCount: number;
  /** The 1-based page holding normalised character `offset`. */
  pageAt(offset: number): number;
  /** Normalised offset of character `offset` of page `page`'s raw text-layer text. */
  fromPage(page: number, offset: number): number;
  /** Page and raw text-layer offset of normalised offset `offset` (a boundary, as in a Range). */
  toPage(offset: number): { page: number; offset: number };
}

// CJK ideographs, extensions A/B…, compatibility ideographs, kana, Hangul and CJK punctuation.
const CJK =
  /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
const SPACE = /\s/;
const KANGXI_AND_COMPATIBILITY = /[\u2f00-\u2fdf\uf900-\ufaff\ufb00-\ufb06]/;
/**
 * CJK Radicals Supplement → the unified ideograph (Unicode's EquivalentUnifiedIdeograph.txt), the
 * common ones; then vertical punctuation → the horizontal form.
 */
const RADICALS: Record<string, string> = {
  '⺠': '民',
  '⻅': '见',
  '⻆': '角',
  '⻈': '讠',
  '⻉': '贝',
  '⻋': '车',
  '⻐': '钅',
  '⻓': '长',
  '⻔': '门',
  '⻗': '雨',
  '⻘': '青',
  '⻙': '韦',
  '⻚': '页',
  '⻛': '风',
  '⻜': '飞',
  '⻝': '食',
  '⻠': '饣',
  '⻢': '马',
  '⻣': '骨',
  '⻤': '鬼',
  '⻥': '鱼',
  '⻦': '鸟',
  '⻧': '卤',
  '⻨': '麦',
  '⻩': '黄',
  '⻪': '黾',
  '⻬': '齐',
  '⻮': '齿',
  '⻰': '龙',
  '⻳': '龟',
  // Vertical forms (U+FE10–FE19).
  '︐': '，',
  '︑': '、',
  '︒': '。',
  '︓': '：',
  '︔': '；',
  '︕': '！',
  '︖': '？',
  '︗': '〖',
  '︘': '〗',
  '︙': '…',
};

const LOOK_ALIKES = new Map(Object.entries(RADICALS).map(([radical, ideograph]) => [ideograph, radical]));

/**
 * The ways `query` may be spelled in a PDF's raw text, radicals standing for look-alike
 * ideographs (人民 as 人⺠): PDF.js's find box searches the raw text and leaves these radicals
 * alone (it does fold the Kangxi ones), so it is given every spelling, up to `limit`.
 */
export function rawSpellings(query: string, limit = 32): string[] {
  let spellings = [''];
  for (const ch of query) {
    const radical = LOOK_ALIKES.get(ch);
    spellings =
      radical && spellings.length * 2 <= limit
        ? spellings.flatMap((s) => [s + ch, s + radical])
        : spellings.map((s) => s + ch);
  }
  return spellings;
}

/** The character as the document text reads it (one or more characters). */
function readable(ch: string): string {
  return RADICALS[ch] ?? (KANGXI_AND_COMPATIBILITY.test(ch) ? ch.normalize('NFKC') : ch);
}

/** The quote as the document text stores it: the same spacing rules, for text typed or imported. */
export function normalisePdfText(raw: string): string {
  return buildDocumentText([raw]).text;
}

export function buildDocumentText(pageTexts: readonly string[]): DocumentText {
  let text = '';
  /** For each page, normalised offset of each raw boundary 0..length. */
  const rawToNorm: Int32Array[] = [];
  /** Normalised offset where each page starts. */
  const pageStarts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  pageTexts.forEach((raw, index) => {
    if (index > 0) {
      parts.push('\n');
      length++;
    }
    pageStarts.push(length);
    const map = new Int32Array(raw.length + 1);
    let i = 0;
    while (i < raw.length) {
      if (!SPACE.test(raw[i] as string)) {
        const ch = readable(raw[i] as string);
        map[i] = length;
        parts.push(ch);
        length += ch.length;
        i++;
        continue;
      }
      let j = i;
      while (j < raw.length && SPACE.test(raw[j] as string)) j++;
      const before = raw[i - 1];
      const after = raw[j];
      const dropped = before === undefined || after === undefined || (CJK.test(before) && CJK.test(after));
      for (let k = i; k < j; k++) map[k] = length;
      if (!dropped) {
        parts.push(' ');
        length++;
      }
      i = j;
    }
    map[raw.length] = length;
    rawToNorm.push(map);
  });
  text = parts.join('');

  function pageAt(offset: number): number {
    let low = 0;
    let high = pageStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((pageStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  return {
    text,
    pageCount: pageTexts.length,
    pageAt,
    fromPage(page, offset) {
      const map = rawToNorm[page - 1];
      if (!map) throw new RangeError(`no page ${page}`);
      return map[Math.max(0, Math.min(offset, map.length - 1))] as number;
    },
    toPage(offset) {
      const page = pageAt(offset);
      const map = rawToNorm[page - 1] as Int32Array;
      // The first raw boundary that maps at or past the offset.
      let low = 0;
      let high = map.length - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((map[mid] as number) < offset) low = mid + 1;
        else high = mid;
      }
      return { page, offset: low };
    },
  };
}
