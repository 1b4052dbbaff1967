import type { ReviewCard } from '../db/review-tables';
import { fail, type ReviewField } from './import-fields';
import { isObject } from './import-read';
import { EXT, type JsonObject } from './web-annotation';

// Reads back `meipi:review`, the daily review's state that web-annotation.ts writes into backups.

const CARD_NUMBERS = [
  'due',
  'stability',
  'difficulty',
  'scheduledDays',
  'learningSteps',
  'reps',
  'lapses',
] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function finite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} must be a finite number`);
  return value;
}

/** The item's review state, checked; undefined when it has none. */
export function parseReviewField(value: unknown): ReviewField | undefined {
  if (value === undefined) return undefined;
  const where = `"${EXT.review}"`;
  if (!isObject(value) || !isObject(value.card)) fail(`${where} must be an object with a card`);
  const raw = value.card as JsonObject;
  const card = {} as ReviewCard;
  for (const key of CARD_NUMBERS) card[key] = finite(raw[key], `${where}.card.${key}`);
  const state = finite(raw.state, `${where}.card.state`);
  if (!Number.isInteger(state) || state < 0 || state > 3) fail(`${where}.card.state must be 0, 1, 2 or 3`);
  card.state = state;
  if (raw.lastReview !== undefined) card.lastReview = finite(raw.lastReview, `${where}.card.lastReview`);
  if (typeof value.retired !== 'boolean') fail(`${where}.retired must be true or false`);
  if (value.handledOn !== undefined && (typeof value.handledOn !== 'string' || !DAY.test(value.handledOn)))
    fail(`${where}.handledOn must be a date (YYYY-MM-DD)`);
  return {
    card,
    retired: value.retired,
    ...(value.handledOn !== undefined && { handledOn: value.handledOn as string }),
    updatedAt: finite(value.updatedAt, `${where}.updatedAt`),
  };
}
