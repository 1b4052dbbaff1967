import { pinyin } from 'pinyin-pro';
import type { PinyinTable } from './pinyin-table';

/** CJK Unified Ideographs, Extension A, and the compatibility block. */
const HAN_BLOCKS: [number, number][] = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];

/**
 * Build time (wxt.config.ts) and unit tests only: derives the table from pinyin-pro, which
 * therefore never ships in the extension. Readings are toneless with ü as v, as people type them.
 */
export function buildPinyinTable(): PinyinTable {
  const table: PinyinTable = {};
  for (const [low, high] of HAN_BLOCKS) {
    for (let code = low; code <= high; code++) {
      const ch = String.fromCodePoint(code);
      const readings = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
      for (const syllable of new Set(readings)) {
        if (/^[a-z]+$/.test(syllable)) table[syllable] = (table[syllable] ?? '') + ch;
      }
    }
  }
  return table;
}
