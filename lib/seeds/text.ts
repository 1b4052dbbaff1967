/** Character-level rules shared by the seed parser. Pure string code. */

const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff';
/** Han, CJK punctuation (、。《》「」…) and full-width forms (，（）：). */
const CJK = new RegExp(`[${HAN}\\u3000-\\u303f\\uff00-\\uffef]`, 'u');
const CURLY_QUOTE = /[‘’“”]/;

const FULL_WIDTH: Readonly<Record<string, string>> = {
  ',': '，',
  '(': '（',
  ')': '）',
  ':': '：',
  ';': '；',
  '!': '！',
  '?': '？',
};

/**
 * Is the text on one side of position `i` Chinese? Curly quotes are skipped over because
 * they carry no script of their own (`“好”,` is Chinese, `“ok”, he` is not).
 */
function chineseSide(chars: readonly string[], i: number, step: -1 | 1): boolean {
  let j = i + step;
  while (chars[j] !== undefined && CURLY_QUOTE.test(chars[j] as string)) j += step;
  const ch = chars[j];
  return ch !== undefined && CJK.test(ch);
}

/**
 * Half-width `, ( ) : ; ! ?` next to Chinese text become full-width. Numbers ("1,000",
 * "10:30"), Latin text and everything else are left alone. Brackets go by pairs: "(1)加强"
 * becomes "（1）加强" although only its ")" touches Chinese.
 */
export function normalisePunctuation(text: string): string {
  const chars = Array.from(text);
  const opens: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const wide = FULL_WIDTH[ch];
    if (wide && (chineseSide(chars, i, -1) || chineseSide(chars, i, 1))) chars[i] = wide;
    if (ch === '(') opens.push(i);
    const open = ch === ')' ? opens.pop() : undefined;
    if (open !== undefined && (chars[open] === '（' || chars[i] === '）')) {
      chars[open] = '（';
      chars[i] = '）';
    }
  }
  return chars.join('');
}

/** A sentence ends in 。！？… (or .!?), optionally followed by closing quotes/brackets. */
export function endsSentence(text: string): boolean {
  return /[。！？….!?][”’」』）)》]*$/u.test(text);
}

/** Clause punctuation: text without any of it is a label, a name or a fragment, not prose. */
export function hasPunctuation(text: string): boolean {
  return /[，。、；：！？,;:!?“”]/u.test(text);
}

export const HAN_RUN = `[${HAN}]`;

/** A place name at the very start: optional province, then a 2–4 character city/county/district. */
const PLACE_START = new RegExp(`^(?:${HAN_RUN}{2,3}省)?${HAN_RUN}{2,4}?[市县区]`, 'u');

export function startsWithPlace(text: string): boolean {
  return PLACE_START.test(text);
}

/** The first city named in `text` ("江西省吉安市吉州区…" → "吉安"), if any. */
export function firstCity(text: string): string | undefined {
  const match = new RegExp(`(?:^|[^${HAN}]|省|自治区)(${HAN_RUN}{2,3}?)市`, 'u').exec(text);
  return match?.[1];
}
