import { describe, expect, it } from 'vitest';
import { placeFloating } from '../../../components/position';
import { formatTags, parseTags } from '../../../components/tags';

const viewport = { width: 1000, height: 800 };
const size = { width: 200, height: 40 };

describe('placeFloating', () => {
  it('centres above the selection when there is room', () => {
    expect(placeFloating({ left: 400, top: 300, width: 100, height: 20 }, size, viewport)).toEqual({
      left: 350,
      top: 252,
      side: 'above',
    });
  });

  it('goes below a selection at the top of the viewport', () => {
    expect(placeFloating({ left: 400, top: 20, width: 100, height: 20 }, size, viewport)).toMatchObject({
      top: 48,
      side: 'below',
    });
  });

  it('stays inside the viewport at the edges', () => {
    expect(placeFloating({ left: 980, top: 300, width: 30, height: 20 }, size, viewport).left).toBe(792);
    expect(placeFloating({ left: -50, top: 300, width: 30, height: 20 }, size, viewport).left).toBe(8);
    // A selection scrolled off the bottom: clamped to the last spot that is still visible.
    expect(placeFloating({ left: 400, top: 2000, width: 30, height: 20 }, size, viewport).top).toBe(752);
  });

  it('a panel taller than the room on both sides still starts on screen', () => {
    const tall = { width: 200, height: 700 };
    const placed = placeFloating({ left: 400, top: 300, width: 100, height: 200 }, tall, viewport);
    expect(placed.top).toBeGreaterThanOrEqual(8);
    expect(placed.top + tall.height).toBeLessThanOrEqual(viewport.height);
  });
});

describe('parseTags', () => {
  it('splits on ASCII and Chinese separators, drops # and duplicates', () => {
    expect(parseTags(' #秋天，北京、散文; 散文 ,,  travel\tnotes ')).toEqual([
      '秋天',
      '北京',
      '散文',
      'travel',
      'notes',
    ]);
    expect(parseTags('   ')).toEqual([]);
    expect(parseTags(formatTags(['甲', '乙']))).toEqual(['甲', '乙']);
  });
});
