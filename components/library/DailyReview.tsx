import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ReviewContent, ReviewRecord } from '../../lib/db/review-tables';
import type { Annotation } from '../../lib/db/types';
import {
  DEFAULT_DAILY_LIMIT,
  MAX_DAILY_LIMIT,
  newReview,
  onThisDay,
  planDay,
  type ReviewRating,
  rate,
  skip,
  unretire,
} from '../../lib/review';
import { formatDate, sourceLabel } from '../common/format';
import type { MessageKey, Translate } from '../common/messages';
import { type AnnotationEdit, AnnotationEditor } from './AnnotationEditor';

/** What the daily review does outside itself; the library's entrypoint wires it to lib/db and storage. */
export interface ReviewApi {
  /** Calls back with every review record now and after each change; returns an unsubscribe. */
  watch(listener: (reviews: ReadonlyMap<string, ReviewRecord>) => void): () => void;
  save(review: ReviewContent): Promise<void>;
  dailyLimit(): Promise<number>;
  setDailyLimit(limit: number): Promise<void>;
}

export interface DailyReviewProps {
  t: Translate;
  locale: string;
  /** Every annotation (read completely). */
  annotations: Annotation[];
  api: ReviewApi;
  onOpen(annotation: Annotation): void;
  onSave(annotation: Annotation, edit: AnnotationEdit): Promise<void>;
  now?: () => Date;
}

/** Shown under "on this day" at most. */
const ON_THIS_DAY_SHOWN = 5;

type Action = ReviewRating | 'skip';

/** One key per action, and the digit aliases; the hint line lists them. */
const KEYS: Record<string, Action | 'open' | 'edit' | 'undo'> = {
  '1': 'again',
  a: 'again',
  '2': 'good',
  g: 'good',
  '3': 'done',
  d: 'done',
  s: 'skip',
  o: 'open',
  e: 'edit',
  u: 'undo',
};

/** The card's buttons, in order: the answers, then skip, open and edit; `keys` as in KEYS. */
const CARD_ACTIONS: { action: Action | 'open' | 'edit'; label: MessageKey; keys: string; style: string }[] = [
  { action: 'again', label: 'reviewAgain', keys: '1 A', style: 'button' },
  { action: 'good', label: 'reviewGood', keys: '2 G', style: 'button' },
  { action: 'done', label: 'reviewDone', keys: '3 D', style: 'button button--quiet' },
  { action: 'skip', label: 'reviewSkip', keys: 'S', style: 'link-button' },
  { action: 'open', label: 'reviewOpen', keys: 'O', style: 'link-button' },
  { action: 'edit', label: 'reviewEdit', keys: 'E', style: 'link-button' },
];

function inTextField(target: EventTarget | null): boolean {
  return (
    target instanceof Element && target.closest('input, textarea, select, [contenteditable="true"]') !== null
  );
}

/**
 * 每日回顾: today's few highlights one at a time, answered by keyboard (or buttons): again / good /
 * done with it, skip, open the passage, edit the note in place, undo the last answer; and "on this
 * day". The plan comes from lib/review over the stored review state, so a reload keeps the progress.
 */
export function DailyReview({
  t,
  locale,
  annotations,
  api,
  onOpen,
  onSave,
  now = () => new Date(),
}: DailyReviewProps) {
  const [reviews, setReviews] = useState<ReadonlyMap<string, ReviewRecord> | null>(null);
  const [limit, setLimit] = useState(DEFAULT_DAILY_LIMIT);
  const [editing, setEditing] = useState(false);
  /** The last answer's state before it, for undo (the record as it was, or a new one). */
  const [undoable, setUndoable] = useState<ReviewContent | null>(null);
  const [message, setMessage] = useState<'retired' | 'failed' | null>(null);

  useEffect(() => api.watch(setReviews), [api]);
  useEffect(() => {
    let live = true;
    api
      .dailyLimit()
      .then((n) => live && setLimit(n))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [api]);

  const today = now();
  const plan = useMemo(
    () => (reviews ? planDay(annotations, reviews, { limit, now: today }) : null),
    // A new day is a new plan: the date, not the instant, is what matters.
    [annotations, reviews, limit, today.toDateString()],
  );
  const earlier = useMemo(() => onThisDay(annotations, today), [annotations, today.toDateString()]);
  const current = plan?.queue[0];
  const retired = useMemo(
    () => (reviews ? annotations.filter((a) => reviews.get(a.id)?.retired) : []),
    [annotations, reviews],
  );

  /** Writes a review; shown at once (the next card comes up before the write is confirmed). */
  const write = (next: ReviewContent) => {
    setReviews((map) => {
      const copy = new Map(map ?? []);
      copy.set(next.id, { ...next, updatedAt: copy.get(next.id)?.updatedAt ?? 0 });
      return copy;
    });
    api.save(next).catch(() => setMessage('failed'));
  };

  const answer = (action: Action) => {
    if (!current || !reviews) return;
    const before = reviews.get(current.id) ?? newReview(current.id, now());
    write(action === 'skip' ? skip(before, current.id, now()) : rate(before, current.id, action, now()));
    setUndoable(before);
    setEditing(false);
    setMessage(action === 'done' ? 'retired' : null);
  };

  const undo = () => {
    if (!undoable) return;
    write(undoable);
    setUndoable(null);
    setMessage(null);
  };

  const open = () => current && onOpen(current);

  // The latest handlers for the one document listener.
  const handlers = useRef({ answer, undo, open, edit: () => setEditing(true), editing });
  handlers.current = { answer, undo, open, edit: () => setEditing(true), editing };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || inTextField(event.target)) return;
      const h = handlers.current;
      const action = KEYS[event.key.toLowerCase()];
      if (!action || h.editing) return;
      event.preventDefault();
      if (action === 'open') h.open();
      else if (action === 'edit') h.edit();
      else if (action === 'undo') h.undo();
      else h.answer(action);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const changeLimit = (value: string) => {
    const n = Math.round(Number(value));
    if (!Number.isFinite(n) || n < 1 || n > MAX_DAILY_LIMIT) return;
    setLimit(n);
    api.setDailyLimit(n).catch(() => {});
  };

  return (
    <section class="review" aria-label={t('reviewTab')} data-testid="review-panel">
      <div class="review__head">
        <h2 class="review__title">{t('reviewTab')}</h2>
        {plan && plan.total > 0 && (
          <span class="review__progress" data-testid="review-progress">
            <progress value={plan.done} max={plan.total} />
            {t('reviewProgress', [String(plan.done), String(plan.total)])}
          </span>
        )}
        <label class="review__limit">
          {t('reviewLimit')}
          <input
            type="number"
            min={1}
            max={MAX_DAILY_LIMIT}
            data-testid="review-limit"
            value={limit}
            onChange={(event) => changeLimit((event.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      <p class="hint">{t('reviewIntro')}</p>

      {plan && !current && (
        <p class="empty" data-testid="review-empty">
          {plan.total === 0 ? t('reviewNothing') : t('reviewAllDone')}
        </p>
      )}

      {current && (
        <article class="review__card" data-testid="review-card" data-annotation-id={current.id}>
          {current.quote && <blockquote class="review__quote">{current.quote}</blockquote>}
          {!editing && current.note && (
            <p class="review__note" data-testid="review-note">
              {current.note}
            </p>
          )}
          {!editing && current.tags.length > 0 && (
            <p class="review__tags">{current.tags.map((tag) => `#${tag}`).join(' ')}</p>
          )}
          <p class="review__meta">
            {sourceLabel(t, current.title, current.source)} ·{' '}
            {t('reviewMadeOn', formatDate(current.createdAt, locale, today.getTime()))}
          </p>
          {editing ? (
            <AnnotationEditor
              t={t}
              annotation={current}
              onSave={async (edit) => {
                await onSave(current, edit);
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <div class="review__actions">
              {CARD_ACTIONS.map(({ action, label, keys, style }) => (
                <button
                  key={action}
                  type="button"
                  class={style}
                  data-testid={`review-${action}`}
                  aria-keyshortcuts={keys}
                  onClick={() => {
                    if (action === 'open') open();
                    else if (action === 'edit') setEditing(true);
                    else answer(action);
                  }}
                >
                  {t(label)} <kbd>{keys.split(' ')[0]}</kbd>
                </button>
              ))}
            </div>
          )}
        </article>
      )}

      {(message || undoable) && (
        <p class="review__message" role="status" data-testid="review-message">
          {message === 'retired' && t('reviewRetired')}
          {message === 'failed' && t('reviewSaveFailed')}
          {undoable && (
            <button
              type="button"
              class="link-button"
              data-testid="review-undo"
              aria-keyshortcuts="U"
              onClick={undo}
            >
              {t('uiUndo')} <kbd>U</kbd>
            </button>
          )}
        </p>
      )}
      <p class="hint review__keys" data-testid="review-keys">
        {t('reviewKeys')}
      </p>

      {reviews && retired.length > 0 && (
        <details class="review__retired" data-testid="review-retired">
          <summary>{t('reviewRetiredList', String(retired.length))}</summary>
          <ul>
            {retired.map((a) => (
              <li key={a.id}>
                {a.quote || a.note}{' '}
                <button
                  type="button"
                  class="link-button"
                  data-testid="review-unretire"
                  onClick={() => {
                    const record = reviews.get(a.id);
                    if (record) write(unretire(record));
                  }}
                >
                  {t('reviewUnretire')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}

      {earlier.length > 0 && (
        <section class="review__earlier" data-testid="review-on-this-day">
          <h3 class="review__subtitle">{t('reviewOnThisDay')}</h3>
          <ul>
            {earlier.slice(0, ON_THIS_DAY_SHOWN).map((a) => (
              <li key={a.id} data-testid="review-on-this-day-item">
                <button type="button" class="link-button" onClick={() => onOpen(a)}>
                  {a.quote || a.note}
                </button>{' '}
                <span class="review__meta">
                  {sourceLabel(t, a.title, a.source)} · {formatDate(a.createdAt, locale, today.getTime())}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
