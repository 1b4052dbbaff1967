import { describe, expect, it } from 'vitest';
import type { Annotation, ReviewContent, ReviewRecord } from '@/lib/db';
import { isNew, onThisDay, planDay, rate, skip, unretire } from '@/lib/review';

const DAY = 24 * 60 * 60 * 1000;
/** 2026-12-01 10:00 local time. */
const NOW = new Date(2026, 11, 1, 10, 0, 0);

function annotation(
  id: string,
  source: string,
  createdAt: number,
  fields: Partial<Annotation> = {},
): Annotation {
  return {
    id,
    source,
    title: source,
    quote: `引文 ${id}`,
    selectors: [],
    color: 'yellow',
    note: '',
    tags: [],
    createdAt,
    updatedAt: createdAt,
    ...fields,
  };
}

function stored(content: ReviewContent, updatedAt = 1): ReviewRecord {
  return { ...content, updatedAt };
}

function reviewsOf(...records: ReviewContent[]): Map<string, ReviewRecord> {
  return new Map(records.map((r) => [r.id, stored(r)]));
}

/** A card rated good `days` ago (so due some days after that). */
function reviewedAgo(id: string, days: number): ReviewContent {
  return rate(undefined, id, 'good', new Date(NOW.getTime() - days * DAY));
}

describe('rating', () => {
  it('good schedules further out than again, and both count a repetition', () => {
    const again = rate(undefined, 'a', 'again', NOW);
    const good = rate(undefined, 'a', 'good', NOW);
    expect(again.card.reps).toBe(1);
    expect(good.card.reps).toBe(1);
    expect(again.card.due).toBeGreaterThan(NOW.getTime());
    expect(good.card.due).toBeGreaterThan(again.card.due);
    expect(good.handledOn).toBe('2026-12-01');
    expect(isNew(good)).toBe(false);
  });

  it('good again later grows the interval; again after a review is a lapse that shortens it', () => {
    const first = rate(undefined, 'a', 'good', NOW);
    const later = new Date(first.card.due);
    const second = rate(first, 'a', 'good', later);
    expect(second.card.due - later.getTime()).toBeGreaterThan(first.card.due - NOW.getTime());
    const lapse = rate(second, 'a', 'again', new Date(second.card.due));
    expect(lapse.card.lapses).toBe(1);
    expect(lapse.card.due - second.card.due).toBeLessThan(second.card.due - later.getTime());
  });

  it('done retires without touching what was learnt; un-retiring brings the same card back', () => {
    const learnt = rate(undefined, 'a', 'good', NOW);
    const retired = rate(learnt, 'a', 'done', NOW);
    expect(retired.retired).toBe(true);
    expect(retired.card).toEqual(learnt.card);
    expect(unretire(retired)).toEqual({ ...learnt, retired: false });
  });

  it('skip changes nothing but the day handled', () => {
    const learnt = rate(undefined, 'a', 'good', new Date(NOW.getTime() - 10 * DAY));
    expect(skip(learnt, 'a', NOW)).toEqual({ ...learnt, handledOn: '2026-12-01' });
  });
});

describe('planDay', () => {
  const t0 = NOW.getTime() - 100 * DAY;

  it('takes due cards first (most overdue first), then new ones spread across sources, up to the limit', () => {
    const list = [
      annotation('a1', 'A', t0 + 1),
      annotation('a2', 'A', t0 + 2),
      annotation('a3', 'A', t0 + 3),
      annotation('b1', 'B', t0 + 4),
      annotation('c1', 'C', t0 + 5),
      annotation('due-old', 'D', t0 + 6),
      annotation('due-new', 'D', t0 + 7),
      annotation('later', 'E', t0 + 8),
    ];
    const reviews = reviewsOf(reviewedAgo('due-old', 60), reviewedAgo('due-new', 30), {
      ...rate(undefined, 'later', 'good', NOW),
      handledOn: '2026-11-30',
    });
    const plan = planDay(list, reviews, { limit: 5, now: NOW });
    const ids = plan.queue.map((a) => a.id);
    expect(ids.slice(0, 2)).toEqual(['due-old', 'due-new']);
    // Three new ones, one per source before a second from any.
    expect(new Set(ids.slice(2).map((id) => id[0]))).toEqual(new Set(['a', 'b', 'c']));
    expect(ids).not.toContain('later');
    expect(plan).toMatchObject({ done: 0, total: 5 });
  });

  it('counts what was handled today towards the limit and never offers retired cards', () => {
    const list = ['x', 'y', 'z', 'w'].map((id, i) => annotation(id, `S${i}`, t0 + i));
    const reviews = reviewsOf(
      rate(undefined, 'x', 'good', NOW),
      skip(undefined, 'y', NOW),
      rate(rate(undefined, 'z', 'good', new Date(t0)), 'z', 'done', new Date(t0)),
    );
    const plan = planDay(list, reviews, { limit: 3, now: NOW });
    expect(plan.queue.map((a) => a.id)).toEqual(['w']);
    expect(plan).toMatchObject({ done: 2, total: 3 });
    expect(planDay(list, reviews, { limit: 2, now: NOW }).queue).toEqual([]);
  });

  it('an un-retired card is offered again when it is due', () => {
    const list = [annotation('r', 'S', t0)];
    const retired = rate(reviewedAgo('r', 60), 'r', 'done', new Date(t0));
    expect(planDay(list, reviewsOf(retired), { limit: 5, now: NOW }).queue).toEqual([]);
    expect(
      planDay(list, reviewsOf(unretire(retired)), { limit: 5, now: NOW }).queue.map((a) => a.id),
    ).toEqual(['r']);
  });

  it('leaves out empty page notes', () => {
    const list = [
      annotation('empty', 'S', t0, { quote: '', note: ' ' }),
      annotation('note', 'S', t0, { quote: '', note: '想法' }),
    ];
    expect(planDay(list, new Map(), { limit: 5, now: NOW }).queue.map((a) => a.id)).toEqual(['note']);
  });
});

describe('onThisDay', () => {
  it('lists highlights made on this day of the month in earlier months and years, newest first', () => {
    const at = (y: number, m: number, d: number) => new Date(y, m, d, 9).getTime();
    const list = [
      annotation('last-year', 'S', at(2025, 11, 1)),
      annotation('last-month', 'S', at(2026, 10, 1)),
      annotation('today', 'S', at(2026, 11, 1)),
      annotation('other-day', 'S', at(2026, 10, 2)),
    ];
    expect(onThisDay(list, NOW).map((a) => a.id)).toEqual(['last-month', 'last-year']);
  });
});
