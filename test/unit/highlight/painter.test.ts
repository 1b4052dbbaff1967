// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COLORS } from '../../../lib/db/types';
import {
  createFakeHighlightApi,
  createPainter,
  FOCUS_HIGHLIGHT,
  highlightName,
  nativeHighlightApi,
  PENDING_HIGHLIGHT,
} from '../../../lib/highlight';

function rect(left: number, top: number, width: number, height: number): DOMRect {
  return {
    left,
    top,
    width,
    height,
    right: left + width,
    bottom: top + height,
    x: left,
    y: top,
    toJSON: () => ({}),
  } as DOMRect;
}

/** A range whose layout we decide: happy-dom does no layout, so geometry is stubbed per range. */
function rangeWithRects(rects: DOMRect[]): Range {
  const range = document.createRange();
  const text = document.createTextNode('x'.repeat(10));
  document.body.append(text);
  range.setStart(text, 0);
  range.setEnd(text, 5);
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.right));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  range.getBoundingClientRect = () => rect(left, top, right - left, bottom - top);
  range.getClientRects = () => rects as unknown as DOMRectList;
  return range;
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('createPainter', () => {
  it('happy-dom has no CSS.highlights, so the native API is reported missing', () => {
    expect(nativeHighlightApi()).toBeNull();
    expect(createPainter().supported).toBe(false);
  });

  it('registers one highlight per colour plus focus, and paints each range into its colour', () => {
    const api = createFakeHighlightApi();
    const painter = createPainter({ api });
    expect(api.names().sort()).toEqual(
      [...COLORS.map(highlightName), FOCUS_HIGHLIGHT, PENDING_HIGHLIGHT].sort(),
    );
    painter.paint([
      { id: 'a', range: rangeWithRects([rect(0, 0, 10, 10)]), color: 'yellow', order: 1 },
      { id: 'b', range: rangeWithRects([rect(0, 20, 10, 10)]), color: 'yellow', order: 2 },
      { id: 'c', range: rangeWithRects([rect(0, 40, 10, 10)]), color: 'purple', order: 3 },
    ]);
    expect(api.registry.get('meipi-yellow')?.size).toBe(2);
    expect(api.registry.get('meipi-purple')?.size).toBe(1);
    expect(api.registry.get('meipi-green')?.size).toBe(0);
    expect(api.registry.get(FOCUS_HIGHLIGHT)?.priority).toBeGreaterThan(
      api.registry.get('meipi-yellow')?.priority ?? 0,
    );
  });

  it('repainting replaces the previous set instead of adding to it', () => {
    const api = createFakeHighlightApi();
    const painter = createPainter({ api });
    const range = rangeWithRects([rect(0, 0, 10, 10)]);
    painter.paint([{ id: 'a', range, color: 'yellow', order: 1 }]);
    painter.paint([{ id: 'a', range, color: 'blue', order: 1 }]);
    expect(api.registry.get('meipi-yellow')?.size).toBe(0);
    expect(api.registry.get('meipi-blue')?.size).toBe(1);
    painter.clear();
    expect(api.registry.get('meipi-blue')?.size).toBe(0);
    expect(painter.rangeOf('a')).toBeNull();
  });

  it('hit-tests against each line box, not just the bounding box', () => {
    const painter = createPainter({ api: createFakeHighlightApi() });
    // Two lines: the end of line 1 and the start of line 2; the bounding box covers the empty corner.
    const twoLines = rangeWithRects([rect(80, 0, 20, 10), rect(0, 12, 30, 10)]);
    painter.paint([{ id: 'wrap', range: twoLines, color: 'green', order: 1 }]);
    expect(painter.hitTest(90, 5)[0]).toBe('wrap');
    expect(painter.hitTest(10, 15)[0]).toBe('wrap');
    expect(painter.hitTest(10, 5)).toEqual([]);
    expect(painter.hitTest(60, 15)).toEqual([]);
  });

  it('the smallest highlight under the point wins; ties go to the most recent', () => {
    const painter = createPainter({ api: createFakeHighlightApi() });
    painter.paint([
      { id: 'outer', range: rangeWithRects([rect(0, 0, 100, 10)]), color: 'yellow', order: 5 },
      { id: 'inner', range: rangeWithRects([rect(40, 0, 20, 10)]), color: 'blue', order: 1 },
      { id: 'same-old', range: rangeWithRects([rect(200, 0, 20, 10)]), color: 'blue', order: 1 },
      { id: 'same-new', range: rangeWithRects([rect(200, 0, 20, 10)]), color: 'pink', order: 2 },
    ]);
    expect(painter.hitTest(50, 5)[0]).toBe('inner');
    expect(painter.hitTest(10, 5)[0]).toBe('outer');
    expect(painter.hitTest(210, 5)[0]).toBe('same-new');
  });

  it('lists every highlight under the point, best first, so overlapping ones stay reachable', () => {
    const painter = createPainter({ api: createFakeHighlightApi() });
    painter.paint([
      { id: 'outer', range: rangeWithRects([rect(0, 0, 100, 10)]), color: 'yellow', order: 1 },
      { id: 'same-old', range: rangeWithRects([rect(40, 0, 20, 10)]), color: 'blue', order: 2 },
      { id: 'same-new', range: rangeWithRects([rect(40, 0, 20, 10)]), color: 'pink', order: 3 },
      { id: 'beside', range: rangeWithRects([rect(200, 0, 20, 10)]), color: 'green', order: 4 },
    ]);
    expect(painter.hitTest(50, 5)).toEqual(['same-new', 'same-old', 'outer']);
    expect(painter.hitTest(10, 5)).toEqual(['outer']);
  });

  it('skips ranges collapsed by DOM changes', () => {
    const painter = createPainter({ api: createFakeHighlightApi() });
    const range = rangeWithRects([rect(0, 0, 10, 10)]);
    painter.paint([{ id: 'gone', range, color: 'yellow', order: 1 }]);
    range.collapse(true);
    expect(painter.hitTest(5, 5)).toEqual([]);
    expect(painter.flash('gone')).toBe(false);
  });

  it('flash scrolls to the range and shows the focus style for a moment', () => {
    vi.useFakeTimers();
    const api = createFakeHighlightApi();
    const painter = createPainter({ api, flashMs: 500 });
    const range = rangeWithRects([rect(0, 0, 10, 10)]);
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    painter.paint([{ id: 'a', range, color: 'yellow', order: 1 }]);
    expect(painter.flash('a')).toBe(true);
    expect(scrolled).toHaveBeenCalledWith(expect.objectContaining({ block: 'center' }));
    expect(api.registry.get(FOCUS_HIGHLIGHT)?.size).toBe(1);
    vi.advanceTimersByTime(499);
    expect(api.registry.get(FOCUS_HIGHLIGHT)?.size).toBe(1);
    vi.advanceTimersByTime(2);
    expect(api.registry.get(FOCUS_HIGHLIGHT)?.size).toBe(0);
    expect(painter.flash('missing')).toBe(false);
  });

  it('marks one pending passage at a time, independent of repaints', () => {
    const api = createFakeHighlightApi();
    const painter = createPainter({ api });
    const first = rangeWithRects([rect(0, 0, 10, 10)]);
    painter.showPending(first);
    painter.showPending(rangeWithRects([rect(0, 20, 10, 10)]));
    expect(api.registry.get(PENDING_HIGHLIGHT)?.size).toBe(1);
    painter.paint([{ id: 'a', range: first, color: 'yellow', order: 1 }]);
    expect(api.registry.get(PENDING_HIGHLIGHT)?.size).toBe(1);
    painter.showPending(null);
    expect(api.registry.get(PENDING_HIGHLIGHT)?.size).toBe(0);
  });

  it('destroy removes only registry entries that are still its own', () => {
    const api = createFakeHighlightApi();
    const first = createPainter({ api });
    const second = createPainter({ api });
    first.destroy();
    expect(api.names()).toHaveLength(COLORS.length + 2);
    second.destroy();
    expect(api.names()).toEqual([]);
  });
});
