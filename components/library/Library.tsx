import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Annotation, Color } from '../../lib/db/types';
import type { CardMarks, FieldHighlight } from '../common/AnnotationCard';
import { ColorFilter } from '../common/ColorFilter';
import { formatCount, sourceLabel } from '../common/format';
import type { Translate } from '../common/messages';
import type { SyncApi } from '../common/sync';
import { PdfSettings, type PdfSettingsApi } from '../pdf/PdfSettings';
import { UNDO_ON_EXTENSION_PAGES, UndoToast } from '../UndoToast';
import type { AnnotationEdit } from './AnnotationEditor';
import { DailyReview, type ReviewApi } from './DailyReview';
import {
  applyFilters,
  groupBySource,
  hasFilters,
  type LibraryFilters,
  type LibrarySort,
  sourcesOf,
  tagsByUse,
} from './filter';
import { ITEMS_PER_STEP, LibraryGroup } from './LibraryGroup';
import { NoteTemplate, type NoteTemplateApi } from './NoteTemplate';
import { SyncSettings } from './SyncSettings';
import { type VaultApi, VaultSettings } from './VaultSettings';

/** Groups rendered at first and per step as the reader scrolls: 10k annotations stay smooth. */
export const GROUPS_PER_STEP = 10;
/** Cards mounted in one task; the rest of a step follow task by task, so input gets through. */
export const CARDS_PER_TASK = 60;

export interface LibrarySearchResult {
  hits: { annotation: Annotation; matches: string[]; highlights?: FieldHighlight[] }[];
  /** Matches in all (the hits are the first of them); `totalExact` false: an estimate. */
  total?: number;
  totalExact?: boolean;
  degraded: boolean;
  segmenter?: 'ready' | 'loading' | 'failed';
}

export interface RestoreResult {
  added: number;
  updated: number;
  skipped: number;
}

/** What the library does outside itself; the entrypoint wires it to Dexie, the background and downloads. */
/** What a search is narrowed to; `shown`: the ids already listed, for the next page. */
export interface LibrarySearchOptions {
  color?: Color;
  tag?: string;
  source?: string;
  shown?: string[];
}

export interface LibraryApi {
  search(query: string, options: LibrarySearchOptions): Promise<LibrarySearchResult>;
  update(id: string, edit: AnnotationEdit): Promise<void>;
  /** Deletes and returns what was deleted, for undo. */
  remove(ids: string[]): Promise<Annotation[]>;
  restore(annotations: Annotation[]): Promise<void>;
  exportMarkdown(annotations: Annotation[]): Promise<void>;
  copyMarkdown(annotations: Annotation[]): Promise<void>;
  /** `backup`: everything, to restore (named apart from an export of what was chosen). */
  exportJson(annotations: Annotation[], purpose?: 'backup' | 'export'): Promise<void>;
  /** One note per source; resolves to how many were written. Without it, no such button. */
  exportNotes?(annotations: Annotation[]): Promise<number>;
  /** Restores a W3C JSON backup: throws with a readable message (nothing written) on bad input. */
  restoreBackup(file: File, onProgress: (done: number, total: number) => void): Promise<RestoreResult>;
  open(annotation: Annotation): Promise<void>;
  hrefFor(source: string): string | undefined;
  /** A readable line for a source whose URI means nothing to a reader; undefined: the URI itself. */
  sourceLine?(source: string): string | undefined;
}

export interface LibraryProps {
  t: Translate;
  locale: string;
  /** Everything, newest first; null while loading. */
  annotations: Annotation[] | null;
  /**
   * False while `annotations` holds only the newest (the first screen) and the rest are still
   * being read: they are listed, and whatever counts or acts on all of them waits.
   */
  complete?: boolean;
  api: LibraryApi;
  /** The 同步/Sync section; without it, none is shown. */
  sync?: SyncApi;
  /** The 每日回顾/daily review tab; without it, none is shown. */
  review?: ReviewApi;
  /** The 笔记文件夹/Notes folder section; without it, none is shown. */
  vault?: VaultApi;
  /** The 笔记模板/Note template section; without it, none is shown. */
  notes?: NoteTemplateApi;
  /** The PDF section (open every PDF in Meipi); without it, none is shown. */
  pdf?: PdfSettingsApi;
  debounceMs?: number;
}

interface Toast {
  message: string;
  undo?: Annotation[];
}

type RestoreState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; result: RestoreResult }
  | { phase: 'failed'; message: string };

export function Library({
  t,
  locale,
  annotations,
  complete = true,
  api,
  sync,
  review,
  vault,
  notes,
  pdf,
  debounceMs = 150,
}: LibraryProps) {
  const all = annotations ?? [];
  /** Everything is read: counts, "all" and "none" mean what they say. */
  const ready = annotations !== null && complete;
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<LibraryFilters>({});
  const [sort, setSort] = useState<LibrarySort>('newest');
  /** `exhausted`: a later page came back empty. */
  const [search, setSearch] = useState<{
    query: string;
    result: LibrarySearchResult;
    exhausted?: boolean;
  } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editingId, setEditingId] = useState<string | null>(null);
  const [shownGroups, setShownGroups] = useState(GROUPS_PER_STEP);
  const [cardBudget, setCardBudget] = useState(CARDS_PER_TASK);
  const [toast, setToast] = useState<Toast | null>(null);
  const [restore, setRestore] = useState<RestoreState>({ phase: 'idle' });
  const [confirmClear, setConfirmClear] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const sentinel = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const trimmed = query.trim();
  // The search narrows by what the index knows (colour, tag, source), so its total counts those.
  const searchOptions = useMemo(
    () => ({ color: filters.color, tag: filters.tag, source: filters.source }),
    [filters.color, filters.tag, filters.source],
  );
  /** Bumped by every new search: a page loading for an older one is dropped. */
  const searchSeq = useRef(0);
  useEffect(() => {
    const seq = ++searchSeq.current;
    if (!trimmed) {
      setSearch(null);
      return;
    }
    const timer = setTimeout(() => {
      api
        .search(trimmed, searchOptions)
        .then((result) => seq === searchSeq.current && setSearch({ query: trimmed, result }))
        .catch(() => seq === searchSeq.current && setToast({ message: t('uiUnreachable') }));
    }, debounceMs);
    return () => clearTimeout(timer);
    // Re-run when the collection changes so edits show up in results.
  }, [api, trimmed, searchOptions, debounceMs, t, annotations]);

  const loadMore = () => {
    if (!search || search.query !== trimmed || loadingMore) return;
    const seq = searchSeq.current;
    const shown = search.result.hits.map((h) => h.annotation.id);
    setLoadingMore(true);
    api
      .search(trimmed, { ...searchOptions, shown })
      .then((next) => {
        if (seq !== searchSeq.current) return;
        const listed = new Set(shown);
        const hits = [...search.result.hits, ...next.hits.filter((h) => !listed.has(h.annotation.id))];
        setSearch({ query: trimmed, result: { ...next, hits }, exhausted: hits.length === shown.length });
      })
      .catch(() => seq === searchSeq.current && setToast({ message: t('uiUnreachable') }))
      .finally(() => setLoadingMore(false));
  };

  const searchActive = Boolean(trimmed);
  // Until the first answer to this query arrives, the previous results stay (no "no match" flash).
  const searchPending = searchActive && search?.query !== trimmed;
  const { rank, marks } = useMemo(() => {
    if (!search) return { rank: undefined, marks: undefined };
    const rank = new Map<string, number>();
    const marks = new Map<string, CardMarks>();
    search.result.hits.forEach((hit, index) => {
      rank.set(hit.annotation.id, index);
      marks.set(hit.annotation.id, { terms: hit.matches, highlights: hit.highlights });
    });
    return { rank, marks };
  }, [search]);

  const visible = useMemo(() => {
    const base = searchActive ? (rank ? all.filter((a) => rank.has(a.id)) : []) : all;
    return applyFilters(base, filters);
  }, [all, searchActive, rank, filters]);
  const groups = useMemo(
    () => groupBySource(visible, sort, searchActive ? rank : undefined),
    [visible, sort, searchActive, rank],
  );
  const tags = useMemo(() => tagsByUse(all), [all]);
  const sources = useMemo(() => sourcesOf(all), [all]);

  // A new view starts from the top.
  useEffect(() => {
    setShownGroups(GROUPS_PER_STEP);
    setCardBudget(CARDS_PER_TASK);
  }, [trimmed, filters, sort]);

  /** The groups of this step, each with how many cards it may mount yet (0: not rendered yet). */
  const rendered = useMemo(() => {
    let left = cardBudget;
    return groups.slice(0, shownGroups).map((group) => {
      const wanted = Math.min(group.items.length, ITEMS_PER_STEP);
      const limit = left >= wanted ? Number.POSITIVE_INFINITY : Math.max(0, left);
      left -= wanted;
      return { group, limit };
    });
  }, [groups, shownGroups, cardBudget]);
  const mounting = rendered.some((r) => r.limit !== Number.POSITIVE_INFINITY);
  useEffect(() => {
    if (!mounting) return;
    const timer = setTimeout(() => setCardBudget((n) => n + CARDS_PER_TASK), 0);
    return () => clearTimeout(timer);
  }, [mounting, cardBudget]);

  // Selection never holds what no longer exists.
  useEffect(() => {
    if (selected.size === 0) return;
    const ids = new Set(all.map((a) => a.id));
    const kept = [...selected].filter((id) => ids.has(id));
    if (kept.length !== selected.size) setSelected(new Set(kept));
  }, [all, selected]);

  // "/" jumps to the search box from anywhere but a text field, as on most sites.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      searchInput.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Render more groups as the end of the list comes into view.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setShownGroups((n) => n + GROUPS_PER_STEP);
      },
      { rootMargin: '600px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [groups.length, shownGroups, mounting]);

  const chosen = useMemo(() => {
    if (selected.size === 0) return visible;
    return all.filter((a) => selected.has(a.id));
  }, [all, visible, selected]);
  // Searching, the total is the search's (dates are filtered here, on the hits listed: then only those count).
  const searchTotal =
    searchActive && search && !filters.from && !filters.to
      ? Math.max(search.result.total ?? visible.length, visible.length)
      : null;
  const moreResults =
    searchActive && !!search && !search.exhausted && search.result.hits.length < (search.result.total ?? 0);
  const scopeLabel =
    selected.size > 0
      ? t('librarySelected', String(selected.size))
      : searchTotal !== null
        ? t(search?.result.totalExact === false ? 'librarySearchShowingAbout' : 'librarySearchShowing', [
            formatCount(visible.length, locale),
            formatCount(searchTotal, locale),
          ])
        : t('libraryShowing', [String(visible.length), String(all.length)]);

  const toggle = useCallback((ids: string[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      setToast({ message: error instanceof Error && error.message ? error.message : t('uiUnreachable') });
    } finally {
      setBusy(false);
    }
  };

  const remove = (list: Annotation[]) =>
    run(async () => {
      const deleted = await api.remove(list.map((a) => a.id));
      setSelected(new Set());
      setToast({
        message: deleted.length === 1 ? t('libraryDeletedOne') : t('libraryDeleted', String(deleted.length)),
        undo: deleted,
      });
    });

  const undo = (list: Annotation[]) =>
    run(async () => {
      setToast(null);
      await api.restore(list);
    });

  const onRestoreFile = (file: File | undefined) => {
    if (!file) return;
    setRestore({ phase: 'running', done: 0, total: 0 });
    api
      .restoreBackup(file, (done, total) => setRestore({ phase: 'running', done, total }))
      .then((result) => setRestore({ phase: 'done', result }))
      .catch((error: unknown) =>
        setRestore({ phase: 'failed', message: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        if (fileInput.current) fileInput.current.value = '';
      });
  };

  const clearAll = () =>
    run(async () => {
      setConfirmClear(false);
      await api.remove(all.map((a) => a.id));
      setSelected(new Set());
    });

  const dismissToast = useCallback(() => setToast(null), []);
  const exportAction = (action: (list: Annotation[]) => Promise<void>, done: string) =>
    run(async () => {
      await action(chosen);
      setToast({ message: done });
    });

  const filtered = hasFilters(filters) || searchActive;
  /** The template preview shows the first listed source's first highlights. */
  const previewSample = useMemo(() => {
    const source = chosen[0]?.source;
    return chosen.filter((a) => a.source === source).slice(0, 3);
  }, [chosen]);

  return (
    <div class="library">
      <header class="library__header">
        <div>
          <h1 class="library__title">{t('openLibrary')}</h1>
          <p class="library__summary" data-testid="library-summary">
            {ready && t('librarySummary', [String(all.length), String(sources.length)])}
          </p>
        </div>
        <div class="library__backup">
          {review && (
            <button
              type="button"
              class="button button--quiet"
              data-testid="review-tab"
              aria-pressed={reviewing}
              onClick={() => setReviewing((on) => !on)}
            >
              {t('reviewTab')}
            </button>
          )}
          <button
            type="button"
            class="button button--quiet"
            data-testid="backup-button"
            disabled={!ready || all.length === 0 || busy}
            onClick={() =>
              run(async () => {
                await api.exportJson(all, 'backup');
                setToast({ message: t('uiExported', String(all.length)) });
              })
            }
          >
            {t('libraryBackup')}
          </button>
          <label class="button button--quiet file-button">
            {t('libraryRestore')}
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json,application/ld+json"
              data-testid="restore-input"
              disabled={restore.phase === 'running'}
              onChange={(event) => onRestoreFile((event.target as HTMLInputElement).files?.[0])}
            />
          </label>
          <button
            type="button"
            class="button button--quiet button--danger-text"
            data-testid="clear-all"
            disabled={!ready || all.length === 0 || busy}
            onClick={() => setConfirmClear(true)}
          >
            {t('libraryClearAll')}
          </button>
        </div>
      </header>

      {confirmClear && (
        <div
          class="confirm"
          role="alertdialog"
          aria-label={t('libraryClearAll')}
          data-testid="clear-all-dialog"
        >
          <p>{t('libraryClearAllConfirm', String(all.length))}</p>
          <button
            type="button"
            class="button button--danger"
            data-testid="clear-all-confirm"
            onClick={clearAll}
          >
            {t('libraryConfirmDelete')}
          </button>
          <button type="button" class="button button--quiet" onClick={() => setConfirmClear(false)}>
            {t('uiCancel')}
          </button>
        </div>
      )}

      <RestoreStatus t={t} state={restore} onDismiss={() => setRestore({ phase: 'idle' })} />

      {review && reviewing && ready && (
        <DailyReview
          t={t}
          locale={locale}
          annotations={all}
          api={review}
          onOpen={(a) => api.open(a).catch(() => setToast({ message: t('uiOpenFailed') }))}
          onSave={(a, edit) => api.update(a.id, edit)}
        />
      )}

      {sync && <SyncSettings t={t} locale={locale} api={sync} />}
      {vault && <VaultSettings t={t} locale={locale} api={vault} />}
      {notes && <NoteTemplate t={t} api={notes} sample={previewSample} />}
      {pdf && <PdfSettings t={t} api={pdf} />}

      <div class="library__controls">
        <input
          ref={searchInput}
          type="search"
          class="library__search"
          data-testid="library-search"
          aria-label={t('uiSearchLabel')}
          placeholder={t('uiSearchPlaceholder')}
          value={query}
          onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setQuery('');
          }}
        />
        <div class="library__filters">
          <ColorFilter
            t={t}
            value={filters.color}
            onChange={(color?: Color) => setFilters((f) => ({ ...f, color }))}
          />
          <select
            aria-label={t('uiAnyTag')}
            data-testid="filter-tag"
            value={filters.tag ?? ''}
            onChange={(event) =>
              setFilters((f) => ({ ...f, tag: (event.target as HTMLSelectElement).value || undefined }))
            }
          >
            <option value="">{t('uiAnyTag')}</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                #{tag}
              </option>
            ))}
          </select>
          <select
            aria-label={t('libraryAllSources')}
            data-testid="filter-source"
            class="library__source-select"
            value={filters.source ?? ''}
            onChange={(event) =>
              setFilters((f) => ({ ...f, source: (event.target as HTMLSelectElement).value || undefined }))
            }
          >
            <option value="">{t('libraryAllSources')}</option>
            {sources.map((s) => (
              <option key={s.source} value={s.source}>
                {sourceLabel(t, s.title, s.source)}
              </option>
            ))}
          </select>
          <label class="library__date">
            {t('libraryFrom')}
            <input
              type="date"
              data-testid="filter-from"
              value={filters.from ?? ''}
              onChange={(event) =>
                setFilters((f) => ({ ...f, from: (event.target as HTMLInputElement).value || undefined }))
              }
            />
          </label>
          <label class="library__date">
            {t('libraryTo')}
            <input
              type="date"
              data-testid="filter-to"
              value={filters.to ?? ''}
              onChange={(event) =>
                setFilters((f) => ({ ...f, to: (event.target as HTMLInputElement).value || undefined }))
              }
            />
          </label>
          <label class="library__date">
            {t('librarySort')}
            <select
              data-testid="library-sort"
              value={sort}
              disabled={searchActive}
              onChange={(event) => setSort((event.target as HTMLSelectElement).value as LibrarySort)}
            >
              <option value="newest">{t('librarySortNewest')}</option>
              <option value="position">{t('librarySortPosition')}</option>
            </select>
          </label>
          {hasFilters(filters) && (
            <button type="button" class="link-button" onClick={() => setFilters({})}>
              {t('libraryClearFilters')}
            </button>
          )}
        </div>
        {searchActive && search?.result.degraded && (
          <p class="hint" data-testid="degraded-hint">
            {t(search.result.segmenter === 'failed' ? 'uiSegmenterFailed' : 'uiDegraded')}
          </p>
        )}
      </div>

      <div class="bulkbar" data-testid="bulk-bar">
        <label class="bulkbar__all">
          <input
            type="checkbox"
            data-testid="select-all"
            checked={visible.length > 0 && visible.every((a) => selected.has(a.id))}
            disabled={!ready || visible.length === 0}
            onChange={(event) =>
              toggle(
                visible.map((a) => a.id),
                (event.target as HTMLInputElement).checked,
              )
            }
          />
          {t('librarySelectAll', ready ? String(visible.length) : '…')}
        </label>
        <span class="bulkbar__scope" data-testid="bulk-scope">
          {ready && scopeLabel}
        </span>
        <div class="bulkbar__actions">
          <button
            type="button"
            class="button"
            data-testid="export-markdown"
            disabled={!ready || chosen.length === 0 || busy}
            onClick={() => exportAction(api.exportMarkdown, t('uiExported', String(chosen.length)))}
          >
            {t('uiExportMarkdown')}
          </button>
          {api.exportNotes && (
            <button
              type="button"
              class="button button--quiet"
              data-testid="export-notes"
              disabled={!ready || chosen.length === 0 || busy}
              onClick={() =>
                run(async () => {
                  const written = (await api.exportNotes?.(chosen)) ?? 0;
                  setToast({ message: t('libraryNotesExported', String(written)) });
                })
              }
            >
              {t('libraryExportNotes')}
            </button>
          )}
          <button
            type="button"
            class="button button--quiet"
            data-testid="copy-markdown"
            disabled={!ready || chosen.length === 0 || busy}
            onClick={() => exportAction(api.copyMarkdown, t('uiCopied'))}
          >
            {t('uiCopyMarkdown')}
          </button>
          <button
            type="button"
            class="button button--quiet"
            data-testid="export-json"
            disabled={!ready || chosen.length === 0 || busy}
            onClick={() => exportAction(api.exportJson, t('uiExported', String(chosen.length)))}
          >
            {t('libraryExportJson')}
          </button>
          {selected.size > 0 && (
            <>
              <button
                type="button"
                class="button button--danger"
                data-testid="delete-selected"
                disabled={busy}
                onClick={() => remove(chosen)}
              >
                {t('uiDelete')}
              </button>
              <button type="button" class="link-button" onClick={() => setSelected(new Set())}>
                {t('libraryClearSelection')}
              </button>
            </>
          )}
        </div>
      </div>

      <main class="library__list" aria-busy={!ready || searchPending}>
        {ready && groups.length === 0 && !searchPending && (
          <p class="empty" data-testid="library-empty">
            {all.length === 0 ? t('libraryEmpty') : t('libraryNoMatches')}
          </p>
        )}
        {rendered.map(({ group, limit }) =>
          limit === 0 ? null : (
            <LibraryGroup
              key={group.source}
              t={t}
              locale={locale}
              group={group}
              limit={limit}
              partial={!ready}
              href={api.hrefFor(group.source)}
              sourceLine={api.sourceLine?.(group.source)}
              marks={marks}
              selected={selected}
              editingId={editingId}
              onToggle={toggle}
              onOpen={(a) => {
                api.open(a).catch(() => setToast({ message: t('uiOpenFailed') }));
              }}
              onEdit={setEditingId}
              onSave={(a, edit) => api.update(a.id, edit)}
              onDelete={(a) => remove([a])}
            />
          ),
        )}
        {groups.length > shownGroups && !mounting && (
          <div ref={sentinel} class="library__more">
            <button
              type="button"
              class="link-button"
              onClick={() => setShownGroups((n) => n + GROUPS_PER_STEP)}
            >
              {t('libraryShowMore', String(groups.length - shownGroups))}
            </button>
          </div>
        )}
        {groups.length <= shownGroups && !mounting && moreResults && !searchPending && (
          <div class="library__more">
            <button
              type="button"
              class="link-button"
              data-testid="library-load-more"
              disabled={loadingMore}
              onClick={loadMore}
            >
              {t('uiLoadMore')}
            </button>
          </div>
        )}
        {ready && !filtered && all.length > 0 && <p class="library__footnote">{t('libraryOrphansNote')}</p>}
      </main>

      {toast && (
        <UndoToast
          surface={UNDO_ON_EXTENSION_PAGES}
          message={toast.message}
          undoLabel={t('uiUndo')}
          closeLabel={t('uiClose')}
          onUndo={toast.undo ? () => toast.undo && undo(toast.undo) : undefined}
          onDismiss={dismissToast}
        />
      )}
    </div>
  );
}

function RestoreStatus({
  t,
  state,
  onDismiss,
}: {
  t: Translate;
  state: RestoreState;
  onDismiss: () => void;
}) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'running') {
    return (
      <div class="restore" data-testid="restore-status">
        <progress
          data-testid="restore-progress"
          value={state.total ? state.done : undefined}
          max={state.total || undefined}
        />
        <span>{t('libraryRestoring', [String(state.done), String(state.total || '…')])}</span>
      </div>
    );
  }
  const failed = state.phase === 'failed';
  return (
    <div
      class={`restore notice ${failed ? 'notice--error' : ''}`}
      role={failed ? 'alert' : 'status'}
      data-testid="restore-message"
    >
      <span>
        {failed
          ? t('libraryRestoreFailed', state.message)
          : t('libraryRestoreDone', [
              String(state.result.added),
              String(state.result.updated),
              String(state.result.skipped),
            ])}
      </span>
      <button type="button" class="link-button" onClick={onDismiss}>
        {t('uiClose')}
      </button>
    </div>
  );
}
