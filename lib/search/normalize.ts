import { ConverterFactory } from 'opencc-js/core';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';

/**
 * Search text normalisation, applied identically to indexed text and to queries:
 * NFKC (full-width → half-width, compatibility ideographs), lower case, traditional → simplified.
 *
 * Only opencc's core and its two traditional→simplified tables (≈55 kB) are imported — what
 * `Converter({ from: 't', to: 'cn' })` uses after NFKC has done its compatibility step — not
 * the 1.2 MB full build. Most text is already simplified: a character set of every dictionary
 * key lets us skip the phrase trie for it (ranking normalises hundreds of fields per keystroke).
 */
const convertTraditional = ConverterFactory([TSPhrases, TSCharacters]);
const CONVERTIBLE = new Set<string>();
for (const dictionary of [TSPhrases, TSCharacters]) {
  for (const entry of dictionary.split('|')) {
    for (const ch of entry.slice(0, entry.indexOf(' '))) CONVERTIBLE.add(ch);
  }
}

function toSimplified(text: string): string {
  for (const ch of text) if (CONVERTIBLE.has(ch)) return convertTraditional(text);
  return text;
}

function foldChar(ch: string): string {
  return ch.normalize('NFKC').toLowerCase();
}

export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase());
}

export interface NormalizedText {
  text: string;
  /** `offsets[i]` is the index in the original string where normalised character `i` came from. */
  offsets: number[];
}

/**
 * Normalises and keeps, for each output character, the position of its source character, so
 * matches found in normalised text can be highlighted in the original. opencc's phrase tables
 * keep length for t→cn; if a conversion ever changes length we fall back to per-character conversion.
 */
export function normalizeWithOffsets(text: string): NormalizedText {
  let folded = '';
  const offsets: number[] = [];
  let index = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (const unit of f) {
      folded += unit;
      offsets.push(index);
      // astral characters take two UTF-16 units; keep one offset per unit
      if (unit.length === 2) offsets.push(index);
    }
    index += ch.length;
  }
  const converted = toSimplified(folded);
  if (converted.length === folded.length) return { text: converted, offsets };
  let perChar = '';
  for (let i = 0; i < folded.length; i++) {
    const c = toSimplified(folded[i] ?? '');
    perChar += c.length === 1 ? c : folded[i];
  }
  return { text: perChar, offsets };
}

const HAN = /\p{Script=Han}/u;
export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/** Runs of Han characters, e.g. '垃圾分类 WXT 2020年' → ['垃圾分类', '年']. */
export function hanRuns(text: string): string[] {
  return text.match(/\p{Script=Han}+/gu) ?? [];
}

/** Latin letters and digits as words, e.g. 'WXT 0.20' → ['wxt', '0', '20'] (after normalisation). */
export function latinTokens(text: string): string[] {
  return text.match(/[\p{Script=Latin}\p{Nd}]+/gu) ?? [];
}
