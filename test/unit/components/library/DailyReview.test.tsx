// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { DailyReview, type ReviewApi } from '../../../../components/library/DailyReview';
import { Library, type LibraryApi } from '../../../../components/library/Library';
import type { ReviewContent, ReviewRecord } from '../../../../lib/db/review-tables';
import type { Annotation } from '../../../../lib/db/types';
import { translator } from '../common/catalogue';
import { host, settle, useRenderHost } from '../render-host';

const t = translator('en');
const NOW = new Date(2026, 11, 1, 10);
const DAY = 24 * 60 * 60 * 1000;

function annotation(n: number, fields: Partial<Annotation> = {}): Annotation {
  const time = NOW.getTime() - (40 - n) * DAY;
  return {
    id: `a${n}`,
    source: `https://example.cn/${n}`,
    title: `文章 ${n}`,
    quote: `第 ${n} 段引文`,
    selectors: [],
    color: 'yellow',
    note: `笔记 ${n}`,
    tags: [],
    createdAt: time,
    updatedAt: time,
    ...fields,
  };
}

/** A review store in memory, like lib/db's: every save is delivered to the watcher. */
function memoryApi(limit = 2) {
  const records = new Map<string, ReviewRecord>();
  let listener: ((r: ReadonlyMap<string, ReviewRecord>) => void) | undefined;
  let version = 0;
  const saved: ReviewContent[] = [];
  const api: ReviewApi = {
    watch(next) {
      listener = next;
      next(new Map(records));
      return () => {
        listener = undefined;
      };
    },
    save: vi.fn(async (review: ReviewContent) => {
      saved.push(review);
      records.set(review.id, { ...review, updatedAt: ++version });
      listener?.(new Map(records));
    }),
    dailyLimit: vi.fn(async () => limit),
    setDailyLimit: vi.fn(async () => {}),
  };
  return { api, records, saved };
}

function press(key: string, target: EventTarget = document.body) {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
}

const byTestId = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const cardId = () => byTestId('review-card')?.dataset.annotationId;

async function show(annotations: Annotation[], limit = 2) {
  const store = memoryApi(limit);
  const onOpen = vi.fn();
  const onSave = vi.fn(async () => {});
  render(
    <DailyReview
      t={t}
      locale="en"
      annotations={annotations}
      api={store.api}
      onOpen={onOpen}
      onSave={onSave}
      now={() => NOW}
    />,
    host,
  );
  await settle();
  return { ...store, onOpen, onSave };
}

useRenderHost();

describe('DailyReview', () => {
  it('rates by keyboard: 2 = good, 1 = again; progress moves and the day ends with the limit', async () => {
    const { saved } = await show([annotation(1), annotation(2), annotation(3)]);
    expect(byTestId('review-progress')?.textContent).toContain('Today 0 of 2');
    const first = cardId();
    press('2');
    await settle();
    expect(saved[0]).toMatchObject({ id: first, handledOn: '2026-12-01', retired: false });
    expect(saved[0]?.card.reps).toBe(1);
    expect(byTestId('review-progress')?.textContent).toContain('Today 1 of 2');
    const second = cardId();
    expect(second).not.toBe(first);
    press('1');
    await settle();
    expect(saved[1]?.id).toBe(second);
    expect(saved[1]?.card.due).toBeLessThan(saved[0]?.card.due ?? 0);
    expect(byTestId('review-card')).toBeNull();
    expect(byTestId('review-empty')?.textContent).toBe(t('reviewAllDone'));
  });

  it('S skips for today, 3 retires, U undoes the last answer', async () => {
    const { saved } = await show([annotation(1), annotation(2)]);
    const first = cardId();
    press('s');
    await settle();
    expect(saved[0]).toMatchObject({ id: first, handledOn: '2026-12-01' });
    expect(saved[0]?.card.reps).toBe(0);
    press('3');
    await settle();
    expect(saved[1]?.retired).toBe(true);
    expect(byTestId('review-message')?.textContent).toContain(t('reviewRetired'));
    const retired = saved[1]?.id;
    press('u');
    await settle();
    expect(saved[2]).toMatchObject({ id: retired, retired: false });
    expect(saved[2]?.handledOn).toBeUndefined();
    expect(cardId()).toBe(retired);
  });

  it('lists retired highlights, and brings one back into review as it was', async () => {
    const { saved } = await show([annotation(1), annotation(2)]);
    press('3');
    await settle();
    const retired = saved[0];
    expect(byTestId('review-retired')?.textContent).toContain(t('reviewRetiredList', '1'));
    act(() => byTestId('review-unretire')?.click());
    await settle();
    expect(saved[1]).toEqual({ ...retired, retired: false, updatedAt: 1 });
    expect(byTestId('review-retired')).toBeNull();
  });

  it('O opens the passage, E edits the note in place, Esc leaves the editor; keys typed in it are text', async () => {
    const { onOpen, onSave, saved } = await show([annotation(1)]);
    press('o');
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }));
    press('e');
    await settle();
    const note = byTestId('edit-note') as HTMLTextAreaElement;
    expect(note).not.toBeNull();
    press('2', note);
    expect(saved).toEqual([]);
    press('Escape', note);
    await settle();
    expect(byTestId('edit-note')).toBeNull();
    press('e');
    await settle();
    const again = byTestId('edit-note') as HTMLTextAreaElement;
    act(() => {
      again.value = '新的想法';
      again.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      byTestId('edit-save')?.click();
    });
    await settle();
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'a1' }),
      expect.objectContaining({ note: '新的想法' }),
    );
    expect(byTestId('edit-note')).toBeNull();
  });

  it('shows its keys on the buttons and in a hint line', async () => {
    await show([annotation(1)]);
    expect(byTestId('review-again')?.getAttribute('aria-keyshortcuts')).toBe('1 A');
    expect(byTestId('review-good')?.getAttribute('aria-keyshortcuts')).toBe('2 G');
    expect(byTestId('review-done')?.getAttribute('aria-keyshortcuts')).toBe('3 D');
    expect(byTestId('review-skip')?.getAttribute('aria-keyshortcuts')).toBe('S');
    expect(byTestId('review-keys')?.textContent).toBe(t('reviewKeys'));
  });

  it('lists highlights made on this day in earlier months, and says when there is nothing to review', async () => {
    const lastYear = annotation(9, { id: 'old', createdAt: new Date(2025, 11, 1, 9).getTime() });
    await show([lastYear]);
    expect(byTestId('review-on-this-day')?.textContent).toContain(lastYear.quote);
    render(null, host);
    await show([annotation(1, { quote: '', note: '' })]);
    expect(byTestId('review-empty')?.textContent).toBe(t('reviewNothing'));
    expect(byTestId('review-on-this-day')).toBeNull();
  });

  it('keeps the daily number where the library keeps settings', async () => {
    const { api } = await show([annotation(1), annotation(2), annotation(3)], 3);
    expect(byTestId('review-progress')?.textContent).toContain('Today 0 of 3');
    const input = byTestId('review-limit') as HTMLInputElement;
    act(() => {
      input.value = '1';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(api.setDailyLimit).toHaveBeenCalledWith(1);
    expect(byTestId('review-progress')?.textContent).toContain('Today 0 of 1');
  });
});

describe('the library’s review tab', () => {
  it('opens the daily review, whose open and edit go through the library’s own api', async () => {
    const { api: review } = memoryApi();
    const api = {
      search: vi.fn(async () => ({ hits: [], degraded: false })),
      update: vi.fn(async () => {}),
      open: vi.fn(async () => {}),
      hrefFor: () => undefined,
    } as unknown as LibraryApi;
    render(<Library t={t} locale="en" annotations={[annotation(1)]} api={api} review={review} />, host);
    await settle();
    expect(byTestId('review-panel')).toBeNull();
    act(() => byTestId('review-tab')?.click());
    await settle();
    expect(byTestId('review-tab')?.getAttribute('aria-pressed')).toBe('true');
    press('o');
    expect(api.open).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }));
  });
});
