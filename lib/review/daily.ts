import type { Annotation, ReviewRecord } from '../db';
import { localDate } from '../export';
import { isNew } from './scheduler';

export const DEFAULT_DAILY_LIMIT = 5;
export const MAX_DAILY_LIMIT = 50;

export interface DayPlan {
  /** What is left for today, the next first. */
  queue: Annotation[];
  /** Handled today (rated, retired or skipped). */
  done: number;
  /** done + queue.length: today's session. */
  total: number;
}

type Reviews = ReadonlyMap<string, ReviewRecord>;

/** Highlights and page notes: something to read again. */
function reviewable(a: Annotation): boolean {
  return a.quote !== '' || a.note.trim() !== '';
}

/** A small stable hash, so the sources of new cards start elsewhere each day, the same on every device. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Up to `n` of `list` taking one per source in turn (sources in order of first appearance). */
function spread(list: readonly Annotation[], n: number): Annotation[] {
  const bySource = new Map<string, Annotation[]>();
  for (const a of list) {
    const group = bySource.get(a.source);
    if (group) group.push(a);
    else bySource.set(a.source, [a]);
  }
  const groups = [...bySource.values()];
  const picked: Annotation[] = [];
  for (let round = 0; picked.length < n && groups.some((g) => g.length > round); round++) {
    for (const group of groups) {
      const next = group[round];
      if (next && picked.length < n) picked.push(next);
    }
  }
  return picked;
}

/**
 * Today's session: due cards first (most overdue first), then never-reviewed ones, each spread
 * across sources; retired cards never. What was handled today counts towards `limit`, so a reload
 * keeps the progress.
 */
export function planDay(
  annotations: readonly Annotation[],
  reviews: Reviews,
  options: { limit: number; now: Date },
): DayPlan {
  const today = localDate(options.now);
  const endOfToday = new Date(options.now);
  endOfToday.setHours(23, 59, 59, 999);
  const candidates = annotations.filter(reviewable);
  const done = candidates.filter((a) => reviews.get(a.id)?.handledOn === today).length;
  const open = candidates.filter((a) => reviews.get(a.id)?.handledOn !== today);
  const due = open
    .filter((a) => {
      const r = reviews.get(a.id);
      return r !== undefined && !r.retired && !isNew(r) && r.card.due <= endOfToday.getTime();
    })
    .sort((a, b) => (reviews.get(a.id)?.card.due ?? 0) - (reviews.get(b.id)?.card.due ?? 0));
  const fresh = open
    .filter((a) => isNew(reviews.get(a.id)))
    .sort(
      (a, b) =>
        hash(`${today}\n${a.source}`) - hash(`${today}\n${b.source}`) ||
        a.source.localeCompare(b.source) ||
        a.createdAt - b.createdAt,
    );
  const slots = Math.max(0, options.limit - done);
  const dueToday = spread(due, slots);
  const queue = [...dueToday, ...spread(fresh, slots - dueToday.length)];
  return { queue, done, total: done + queue.length };
}

/** Made on this day of the month in an earlier month or year, newest first. */
export function onThisDay(annotations: readonly Annotation[], now: Date): Annotation[] {
  const today = localDate(now);
  const dayOfMonth = today.slice(8);
  return annotations
    .filter((a) => {
      const made = localDate(a.createdAt);
      return reviewable(a) && made.slice(8) === dayOfMonth && made.slice(0, 7) < today.slice(0, 7);
    })
    .sort((a, b) => b.createdAt - a.createdAt);
}
