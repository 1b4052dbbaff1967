// The review state of one annotation (schema v5), kept by lib/db for lib/review, which owns its
// meaning. JSON-safe (times as ms numbers), so backups and sync carry it as it is stored.

/** An FSRS card as stored: ts-fsrs's Card with dates as ms since epoch. */
export interface ReviewCard {
  due: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
  lastReview?: number;
}

export interface ReviewRecord {
  /** The annotation's id: one record per annotation, gone with it. */
  id: string;
  card: ReviewCard;
  /** Done with it: never offered again until un-retired. */
  retired: boolean;
  /** The local day (YYYY-MM-DD) it was last rated, retired or skipped: handled for that day. */
  handledOn?: string;
  /** The record's own sync version (with `device`): last writer wins. */
  updatedAt: number;
  /** undefined: written on this device. */
  device?: string;
}

/** What a review write gives: lib/db stamps the version. */
export type ReviewContent = Omit<ReviewRecord, 'updatedAt' | 'device'>;
