import { type Card, createEmptyCard, fsrs, type Grade, Rating } from 'ts-fsrs';
import type { ReviewCard, ReviewContent } from '../db';
import { localDate } from '../export';

/** The reader's three answers: again = FSRS Again, good = FSRS Good, done = retire (never shown again). */
export type ReviewRating = 'again' | 'good' | 'done';

const GRADES: Record<Exclude<ReviewRating, 'done'>, Grade> = { again: Rating.Again, good: Rating.Good };

// A highlight comes back at most once a day, so no minute-long learning steps (short-term off); no
// fuzz, so the same answers give the same due dates on every device.
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

function toCard(card: ReviewCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.lastReview !== undefined && { last_review: new Date(card.lastReview) }),
  };
}

function fromCard(card: Card): ReviewCard {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.last_review && { lastReview: card.last_review.getTime() }),
  };
}

/** A never-reviewed annotation's state. */
export function newReview(id: string, now: Date): ReviewContent {
  return { id, card: fromCard(createEmptyCard(now)), retired: false };
}

/** True while the annotation has never been rated (and is not retired): the scheduler's "new". */
export function isNew(review: ReviewContent | undefined): boolean {
  return !review || (review.card.reps === 0 && !review.retired);
}

/** The state after the reader's answer at `now`; the day it was given is handled. */
export function rate(
  review: ReviewContent | undefined,
  id: string,
  rating: ReviewRating,
  now: Date,
): ReviewContent {
  const current = review ?? newReview(id, now);
  const handledOn = localDate(now);
  if (rating === 'done') return { ...current, retired: true, handledOn };
  const { card } = scheduler.next(toCard(current.card), now, GRADES[rating]);
  return { ...current, card: fromCard(card), retired: false, handledOn };
}

/** Not today: nothing learnt, the card is only left out for the rest of the day. */
export function skip(review: ReviewContent | undefined, id: string, now: Date): ReviewContent {
  return { ...(review ?? newReview(id, now)), handledOn: localDate(now) };
}

/** Back into review, with what it had learnt before it was retired. */
export function unretire(review: ReviewContent): ReviewContent {
  return { ...review, retired: false };
}
