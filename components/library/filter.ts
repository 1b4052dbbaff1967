import { byPositionInPage } from '../../lib/db/repository';
import type { Annotation, Color } from '../../lib/db/types';

export interface LibraryFilters {
  color?: Color;
  tag?: string;
  source?: string;
  /** Local dates, `YYYY-MM-DD` (what <input type="date"> gives), inclusive; on creation time. */
  from?: string;
  to?: string;
}

export type LibrarySort = 'newest' | 'position';

export interface Group {
  source: string;
  title: string;
  items: Annotation[];
  /** Latest updatedAt among the items. */
  lastActivity: number;
}

/** Start of a local day, or of the day after it (`end`), in ms. NaN for a malformed date. */
export function localDayStart(date: string, end = false): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return Number.NaN;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (end ? 1 : 0)).getTime();
}

export function hasFilters(filters: LibraryFilters): boolean {
  return Boolean(filters.color || filters.tag || filters.source || filters.from || filters.to);
}

export function applyFilters(list: readonly Annotation[], filters: LibraryFilters): Annotation[] {
  const from = filters.from ? localDayStart(filters.from) : Number.NaN;
  const to = filters.to ? localDayStart(filters.to, true) : Number.NaN;
  return list.filter(
    (a) =>
      (!filters.color || a.color === filters.color) &&
      (!filters.tag || a.tags.includes(filters.tag)) &&
      (!filters.source || a.source === filters.source) &&
      (Number.isNaN(from) || a.createdAt >= from) &&
      (Number.isNaN(to) || a.createdAt < to),
  );
}

/**
 * One group per page or article. Groups come newest activity first — or, when `rank` is given
 * (search results, best first), in the order of their best hit. Within a group: newest first, or
 * page order, or (searching) best first.
 */
export function groupBySource(
  list: readonly Annotation[],
  sort: LibrarySort,
  rank?: ReadonlyMap<string, number>,
): Group[] {
  const groups = new Map<string, Group>();
  for (const a of list) {
    let group = groups.get(a.source);
    if (!group) {
      group = { source: a.source, title: a.title, items: [], lastActivity: 0 };
      groups.set(a.source, group);
    }
    group.items.push(a);
    if (a.updatedAt > group.lastActivity) {
      group.lastActivity = a.updatedAt;
      // The newest title wins: pages get renamed.
      if (a.title) group.title = a.title;
    }
  }
  const rankOf = (a: Annotation) => rank?.get(a.id) ?? Number.MAX_SAFE_INTEGER;
  const result = [...groups.values()];
  for (const group of result) {
    if (rank) group.items.sort((a, b) => rankOf(a) - rankOf(b));
    else if (sort === 'position') group.items.sort(byPositionInPage);
    else group.items.sort((a, b) => b.updatedAt - a.updatedAt);
  }
  if (rank) {
    // Items are already best first, so a group's best hit is its first item.
    const best = (g: Group) => (g.items[0] ? rankOf(g.items[0]) : Number.MAX_SAFE_INTEGER);
    return result.sort((a, b) => best(a) - best(b));
  }
  return result.sort((a, b) => b.lastActivity - a.lastActivity);
}

/** Tags by how often they are used, most used first. */
export function tagsByUse(list: readonly Annotation[]): string[] {
  const counts = new Map<string, number>();
  for (const a of list) for (const tag of a.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}

/** Every source once, with its latest title, most recently active first. */
export function sourcesOf(list: readonly Annotation[]): { source: string; title: string }[] {
  return groupBySource(list, 'newest').map(({ source, title }) => ({ source, title }));
}
