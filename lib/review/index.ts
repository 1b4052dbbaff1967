/**
 * lib/review — the daily review (每日回顾): which highlights come back today, what an answer does to
 * their FSRS state (ts-fsrs schedules), and "on this day". Pure: the state is lib/db's `reviews`
 * table, read and written by the caller.
 */
export { type DayPlan, DEFAULT_DAILY_LIMIT, MAX_DAILY_LIMIT, onThisDay, planDay } from './daily';
export { isNew, newReview, type ReviewRating, rate, skip, unretire } from './scheduler';
