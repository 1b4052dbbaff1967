// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { focusIdIn, followFocusLinks, passageLink } from '../../../lib/annotator';
import type { Annotation } from '../../../lib/db/types';

const at = (id: string, quote: string) => ({ id, quote, selectors: [] }) as unknown as Annotation;

describe('passage links (#meipi=<id>)', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('point at the page with #meipi=<id> and the word-boundary text fragment export uses', () => {
    expect(passageLink('https://example.com/a?x=1#old', at('abc-1', '金黄的银杏叶'))).toBe(
      `https://example.com/a?x=1#meipi=abc-1:~:text=${encodeURIComponent('金黄的银杏叶')}`,
    );
    // A long quote: start,end terms cut where a word ends, not at a fixed 12 characters.
    const long = at(
      'abc-2',
      '四合院的门墩上落满了金黄的银杏叶，孩子们踩着落叶跑过。傍晚时分，炊烟从各家的屋顶升起，饭菜的香味飘满了整条胡同。',
    );
    expect(passageLink('https://example.com/a', long)).toBe(
      `https://example.com/a#meipi=abc-2:~:text=${encodeURIComponent('四合院的门墩上落满了金黄的银杏叶，')},${encodeURIComponent('炊烟从各家的屋顶升起，饭菜的香味飘满了整条胡同。')}`,
    );
  });

  it('are parsed from the hash, also after other fragment parts', () => {
    expect(focusIdIn('#meipi=6f1c-7f4e:~:text=x')).toBe('6f1c-7f4e');
    expect(focusIdIn('#top&meipi=abc')).toBe('abc');
    expect(focusIdIn('#notmeipi=abc')).toBeNull();
    expect(focusIdIn('')).toBeNull();
  });

  it('are followed on arrival once the passage is placed, and on every later hash change', () => {
    window.location.hash = '#meipi=first';
    const listeners = new Set<(event: string) => void>();
    const placed = new Set<string>();
    const focus = vi.fn((id: string) => placed.has(id));
    const stop = followFocusLinks(window, {
      focus,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    const emit = () => {
      for (const listener of listeners) listener('annotations');
    };
    emit(); // not placed yet
    placed.add('first');
    emit();
    emit(); // flashed once: not again
    expect(focus.mock.calls.map(([id]) => id)).toEqual(['first', 'first']);

    window.location.hash = '#meipi=second';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(focus).toHaveBeenLastCalledWith('second');
    stop();
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(focus).toHaveBeenCalledTimes(3);
  });
});
