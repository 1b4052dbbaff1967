import { describe, expect, it } from 'vitest';
import {
  applyFilters,
  groupBySource,
  localDayStart,
  sourcesOf,
  tagsByUse,
} from '../../../../components/library/filter';
import type { Annotation } from '../../../../lib/db/types';

let n = 0;
function annotation(patch: Partial<Annotation>): Annotation {
  n += 1;
  return {
    id: `a${n}`,
    source: 'https://example.com/a',
    title: 'A',
    quote: 'q',
    selectors: [],
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: n,
    updatedAt: n,
    ...patch,
  };
}

const day = (d: string, hour = 12) => new Date(`${d}T${String(hour).padStart(2, '0')}:00:00`).getTime();

describe('library filters', () => {
  const list = [
    annotation({ color: 'blue', tags: ['科技'], createdAt: day('2026-11-01', 0) }),
    annotation({ color: 'yellow', tags: ['散文', '科技'], createdAt: day('2026-11-15') }),
    annotation({ color: 'yellow', source: 'https://example.com/b', createdAt: day('2026-11-28', 23) }),
  ];

  it('filters by colour, tag and source together', () => {
    expect(applyFilters(list, { color: 'yellow' }).map((a) => a.id)).toEqual([list[1]?.id, list[2]?.id]);
    expect(applyFilters(list, { color: 'yellow', tag: '科技' })).toEqual([list[1]]);
    expect(applyFilters(list, { source: 'https://example.com/b' })).toEqual([list[2]]);
  });

  it('treats the date range as whole local days, both ends included', () => {
    expect(applyFilters(list, { from: '2026-11-01', to: '2026-11-01' })).toEqual([list[0]]);
    expect(applyFilters(list, { from: '2026-11-02' }).map((a) => a.id)).toEqual([list[1]?.id, list[2]?.id]);
    expect(applyFilters(list, { to: '2026-11-28' })).toHaveLength(3);
    expect(applyFilters(list, { to: '2026-11-27' })).toHaveLength(2);
    expect(Number.isNaN(localDayStart('28/11/2026'))).toBe(true);
  });

  it('lists tags by use and sources by latest activity', () => {
    expect(tagsByUse(list)).toEqual(['科技', '散文']);
    expect(sourcesOf(list).map((s) => s.source)).toEqual(['https://example.com/b', 'https://example.com/a']);
  });
});

describe('groupBySource', () => {
  const older = annotation({
    source: 'https://example.com/p',
    title: 'Old title',
    selectors: [{ type: 'TextPositionSelector', start: 50, end: 60 }],
    updatedAt: 10,
  });
  const newer = annotation({
    source: 'https://example.com/p',
    title: 'New title',
    selectors: [{ type: 'TextPositionSelector', start: 5, end: 8 }],
    updatedAt: 30,
  });
  const pageNote = annotation({
    source: 'https://example.com/p',
    title: 'New title',
    quote: '',
    updatedAt: 20,
  });
  const other = annotation({ source: 'https://example.com/q', title: 'Q', updatedAt: 25 });
  const all = [older, newer, pageNote, other];

  it('groups newest activity first, each with its latest title, count and last activity', () => {
    const groups = groupBySource(all, 'newest');
    expect(groups.map((g) => [g.source, g.title, g.items.length, g.lastActivity])).toEqual([
      ['https://example.com/p', 'New title', 3, 30],
      ['https://example.com/q', 'Q', 1, 25],
    ]);
    expect(groups[0]?.items.map((a) => a.id)).toEqual([newer.id, pageNote.id, older.id]);
  });

  it('orders items by position in the page, page notes last', () => {
    const [group] = groupBySource(all, 'position');
    expect(group?.items.map((a) => a.id)).toEqual([newer.id, older.id, pageNote.id]);
  });

  it('follows search rank: groups by their best hit, items best first', () => {
    const rank = new Map([
      [other.id, 0],
      [older.id, 1],
      [newer.id, 2],
    ]);
    const groups = groupBySource([older, newer, other], 'newest', rank);
    expect(groups.map((g) => g.source)).toEqual(['https://example.com/q', 'https://example.com/p']);
    expect(groups[1]?.items.map((a) => a.id)).toEqual([older.id, newer.id]);
  });
});
