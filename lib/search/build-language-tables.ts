import { Converter } from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';
import type { LanguageTables } from './language-tables';

/** CJK Unified Ideographs, Extension A, and the compatibility block. */
const HAN_BLOCKS: [number, number][] = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];

/**
 * Build time (and unit tests) only: derives the compact tables from pinyin-pro and opencc-js,
 * which therefore never ship in the extension's bundles.
 */
export function buildLanguageTables(): LanguageTables {
  const toCn = Converter({ from: 't', to: 'cn' });
  let traditional = '';
  let simplified = '';
  const readings: Record<string, string> = {};
  for (const [low, high] of HAN_BLOCKS) {
    for (let code = low; code <= high; code++) {
      const ch = String.fromCodePoint(code);
      const folded = toCn(ch);
      if (folded !== ch && [...folded].length === 1) {
        traditional += ch;
        simplified += folded;
      }
      const spelled = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
      for (const syllable of new Set(spelled)) {
        if (/^[a-z]+$/.test(syllable)) readings[syllable] = (readings[syllable] ?? '') + ch;
      }
    }
  }
  return { traditional, simplified, readings };
}
