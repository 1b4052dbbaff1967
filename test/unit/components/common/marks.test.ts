import { describe, expect, it } from 'vitest';
import { findTerms, mergeRanges, snippet, splitMarked } from '../../../../components/common/marks';

describe('marks', () => {
  it('merges overlapping and touching ranges and clips them to the text', () => {
    expect(
      mergeRanges(
        [
          { start: 5, end: 8 },
          { start: 0, end: 2 },
          { start: 7, end: 12 },
          { start: 2, end: 3 },
          { start: -3, end: 0 },
        ],
        10,
      ),
    ).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 10 },
    ]);
  });

  it('finds every occurrence of each term, case-insensitively', () => {
    expect(findTerms('AI 与 ai，人工智能与人工', ['ai', '人工'])).toEqual([
      { start: 0, end: 2 },
      { start: 5, end: 7 },
      { start: 8, end: 10 },
      { start: 13, end: 15 },
    ]);
    expect(findTerms('anything', [''])).toEqual([]);
  });

  it('splits into pieces that join back to the text', () => {
    const text = '垃圾分类是新时尚';
    const pieces = splitMarked(text, [{ start: 0, end: 4 }]);
    expect(pieces).toEqual([
      { text: '垃圾分类', marked: true },
      { text: '是新时尚', marked: false },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(splitMarked('', [])).toEqual([{ text: '', marked: false }]);
  });

  it('cuts long text around the first mark, moving the ranges with it', () => {
    const text = `${'前'.repeat(100)}关键${'后'.repeat(100)}`;
    const cut = snippet(text, [{ start: 100, end: 102 }], 40);
    expect(cut.text.startsWith('…')).toBe(true);
    expect(cut.text.endsWith('…')).toBe(true);
    const [range] = cut.ranges;
    expect(range && cut.text.slice(range.start, range.end)).toBe('关键');
  });

  it('never splits a surrogate pair at a cut', () => {
    const text = '𠀀'.repeat(50);
    const cut = snippet(text, [{ start: 40, end: 42 }], 21);
    expect(cut.text.replace(/…/g, '')).toMatch(/^(?:[\uD800-\uDBFF][\uDC00-\uDFFF])+$/);
  });

  it('keeps short text whole', () => {
    expect(snippet('短句', [{ start: 0, end: 1 }], 40)).toEqual({
      text: '短句',
      ranges: [{ start: 0, end: 1 }],
    });
  });
});
