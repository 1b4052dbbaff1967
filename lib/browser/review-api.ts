import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import type { ReviewApi } from '../../components/library/DailyReview';
import { allReviews, type MeipiDatabase, saveReview } from '../db';
import { DEFAULT_DAILY_LIMIT, MAX_DAILY_LIMIT } from '../review';

/** Where the library keeps the daily review's setting: this profile's storage.local, like sync's. */
const DAILY_LIMIT_KEY = 'meipi.review.dailyLimit';

function validLimit(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_DAILY_LIMIT
    ? value
    : DEFAULT_DAILY_LIMIT;
}

/** The library page's side of the daily review: its records straight from the database (they paint nothing in tabs). */
export function reviewApi(db: MeipiDatabase): ReviewApi {
  return {
    watch(listener) {
      const subscription = liveQuery(() => allReviews(db)).subscribe({
        next: (rows) => listener(new Map(rows.map((r) => [r.id, r]))),
        error: (error: unknown) => console.warn('Meipi library: review state unreadable', error),
      });
      return () => subscription.unsubscribe();
    },
    async save(review) {
      await saveReview(db, review);
    },
    dailyLimit: async () => validLimit((await browser.storage.local.get(DAILY_LIMIT_KEY))[DAILY_LIMIT_KEY]),
    setDailyLimit: (limit) => browser.storage.local.set({ [DAILY_LIMIT_KEY]: validLimit(limit) }),
  };
}
