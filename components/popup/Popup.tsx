import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Annotation, Color } from '../../lib/db/types';
import { AnnotationCard, type CardMarks } from '../common/AnnotationCard';
import { ColorFilter } from '../common/ColorFilter';
import { formatCount } from '../common/format';
import type { Translate } from '../common/messages';
import type { SyncApi } from '../common/sync';
import { PageNoteForm } from './PageNoteForm';
import { SyncLine } from './SyncLine';
import type { AnchorStatus, PageContext, PopupApi, PopupFilters, PopupSearch } from './types';

export interface PopupProps {
  t: Translate;
  locale: string;
  api: PopupApi;
  /** The sync status line; without it, none is shown. */
  sync?: SyncApi;
  /** Typing settles for this long before a search goes out. */
  debounceMs?: number;
  recentLimit?: number;
  resultLimit?: number;
}

interface Row {
  annotation: Annotation;
  marks?: CardMarks;
  orphan: boolean;
}

interface Section {
  key: 'page' | 'recent' | 'results';
  rows: Row[];
}

const NO_FILTERS: PopupFilters = { thisPage: false };

function filtered(list: Annotation[], filters: PopupFilters): Annotation[] {
  return list.filter(
    (a) => (!filters.color || a.color === filters.color) && (!filters.tag || a.tags.includes(filters.tag)),
  );
}

/** The most used tags among what is loaded, so the chips offer what the reader actually uses. */
function topTags(lists: Annotation[][], keep: string | undefined, max = 6): string[] {
  const counts = new Map<string, number>();
  for (const list of lists)
    for (const a of list) for (const tag of a.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const tags = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
  const top = tags.slice(0, max);
  if (keep && !top.includes(keep)) top.push(keep);
  return top;
}

export function Popup({
  t,
  locale,
  api,
  sync,
  debounceMs = 120,
  recentLimit = 30,
  resultLimit = 50,
}: PopupProps) {
  const [page, setPage] = useState<PageContext | null>(null);
  const [pageItems, setPageItems] = useState<Annotation[]>([]);
  const [recent, setRecent] = useState<Annotation[] | null>(null);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<PopupFilters>(NO_FILTERS);
  /** `exhausted`: a later page came back empty, so there is nothing more to load. */
  const [result, setResult] = useState<{ key: string; search: PopupSearch; exhausted?: boolean } | null>(
    null,
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<string | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  const [noteOpen, setNoteOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const searchSeq = useRef(0);

  const source = page?.kind === 'page' ? page.source : undefined;
  const [anchors, setAnchors] = useState<AnchorStatus>({ state: 'unknown' });
  const orphanIds = useMemo(() => new Set(anchors.state === 'running' ? anchors.orphanIds : []), [anchors]);

  // What the active tab is: from its URL, so the page section can load at once.
  useEffect(() => {
    let live = true;
    api
      .currentPage()
      .then((context) => live && setPage(context))
      .catch(() => live && setPage({ kind: 'none' }));
    return () => {
      live = false;
    };
  }, [api]);

  // Reloaded whenever annotations change anywhere (`version`).
  useEffect(() => {
    let live = true;
    api
      .recent(recentLimit)
      .then((latest) => {
        if (!live) return;
        setRecent(latest);
        setUnreachable(false);
      })
      .catch(() => live && setUnreachable(true));
    return () => {
      live = false;
    };
  }, [api, recentLimit, version]);

  useEffect(() => {
    if (!source) return;
    let live = true;
    api
      .listPage(source)
      .then((own) => live && setPageItems(own))
      .catch(() => live && setUnreachable(true));
    return () => {
      live = false;
    };
  }, [api, source, version]);

  // Orphans are known once the page's content script answers; asked again after every change.
  useEffect(() => {
    if (!source) return;
    let live = true;
    api
      .anchorStatus()
      .then((status) => live && setAnchors(status))
      .catch(() => live && setAnchors({ state: 'unknown' }));
    return () => {
      live = false;
    };
  }, [api, source, version]);

  useEffect(() => api.onChanged(() => setVersion((v) => v + 1)), [api]);

  const trimmed = query.trim();
  const browsing = !trimmed && !filters.color && !filters.tag && !filters.thisPage;
  const localOnly = !trimmed && filters.thisPage;
  const searchKey = JSON.stringify([
    trimmed,
    filters.color,
    filters.tag,
    filters.thisPage && source,
    version,
  ]);

  const searchOptions = useMemo(
    () => ({
      color: filters.color,
      tag: filters.tag,
      source: filters.thisPage ? source : undefined,
      limit: resultLimit,
    }),
    [filters, source, resultLimit],
  );

  useEffect(() => {
    if (browsing || localOnly) return;
    const seq = ++searchSeq.current;
    const timer = setTimeout(
      async () => {
        try {
          const search = await api.search(trimmed, searchOptions);
          // A slower answer to an older query must not replace a newer one.
          if (seq !== searchSeq.current) return;
          setResult({ key: searchKey, search });
          setUnreachable(false);
        } catch {
          if (seq === searchSeq.current) setUnreachable(true);
        }
      },
      trimmed ? debounceMs : 0,
    );
    return () => clearTimeout(timer);
  }, [api, browsing, localOnly, trimmed, searchOptions, debounceMs, searchKey]);

  // The next page comes from the background, after the ones listed; a newer search drops it.
  const loadMore = async () => {
    if (!result || result.key !== searchKey || loadingMore) return;
    const { key, search } = result;
    const seq = searchSeq.current;
    setLoadingMore(true);
    try {
      const shown = search.hits.map((h) => h.annotation.id);
      const next = await api.search(trimmed, { ...searchOptions, shown });
      if (seq !== searchSeq.current) return;
      const listed = new Set(shown);
      const hits = [...search.hits, ...next.hits.filter((h) => !listed.has(h.annotation.id))];
      setResult({ key, search: { ...next, hits }, exhausted: hits.length === search.hits.length });
    } catch {
      if (seq === searchSeq.current) setUnreachable(true);
    } finally {
      setLoadingMore(false);
    }
  };

  const sections = useMemo<Section[]>(() => {
    const row = (annotation: Annotation, marks?: CardMarks): Row => ({
      annotation,
      marks,
      orphan: annotation.source === source && orphanIds.has(annotation.id),
    });
    if (browsing) {
      const list: Section[] = [];
      if (source) list.push({ key: 'page', rows: pageItems.map((a) => row(a)) });
      const others = (recent ?? []).filter((a) => a.source !== source);
      if (others.length > 0 || !source) list.push({ key: 'recent', rows: others.map((a) => row(a)) });
      return list;
    }
    if (localOnly) return [{ key: 'results', rows: filtered(pageItems, filters).map((a) => row(a)) }];
    const hits = result?.search.hits ?? [];
    return [
      {
        key: 'results',
        rows: hits.map((h) => row(h.annotation, { terms: h.matches, highlights: h.highlights })),
      },
    ];
  }, [browsing, localOnly, source, pageItems, recent, result, filters, orphanIds]);

  const rows = useMemo(() => sections.flatMap((s) => s.rows), [sections]);
  const listed = useMemo(() => rows.map((r) => r.annotation), [rows]);
  const searching = !browsing && !localOnly && result?.key !== searchKey;
  const degraded = !browsing && !localOnly && !!trimmed && !!result?.search.degraded;
  const searched = !browsing && !localOnly && result?.key === searchKey ? result : null;
  const total = searched ? { count: searched.search.total, exact: searched.search.totalExact !== false } : {};
  const hasMore =
    !!searched && !searched.exhausted && searched.search.hits.length < (searched.search.total ?? 0);

  // The highlighted row follows the list: reset when what is listed changes.
  useEffect(() => setActive(-1), [sections]);

  useEffect(() => {
    if (active < 0) return;
    const id = rows[active]?.annotation.id;
    if (id) document.getElementById(`item-${id}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, rows]);

  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  const open = useCallback(
    (annotation: Annotation) => {
      api.open(annotation).catch(() => setStatus(t('uiOpenFailed')));
    },
    [api, t],
  );

  const clear = () => {
    setQuery('');
    setFilters(NO_FILTERS);
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement | null;
    const inField = target === inputRef.current;
    if (event.key === 'ArrowDown' && (inField || target?.closest('[role="listbox"]'))) {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, rows.length - 1));
    } else if (event.key === 'ArrowUp' && (inField || target?.closest('[role="listbox"]'))) {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, -1));
      if (active <= 0) inputRef.current?.focus();
    } else if (event.key === 'Enter' && inField) {
      const chosen = rows[active] ?? (trimmed ? rows[0] : undefined);
      if (chosen) {
        event.preventDefault();
        open(chosen.annotation);
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (query || filters.color || filters.tag || filters.thisPage) clear();
      else api.close();
    }
  };

  const exportListed = (kind: 'file' | 'copy') => {
    const action = kind === 'file' ? api.exportMarkdown(listed) : api.copyMarkdown(listed);
    action
      .then(() => setStatus(kind === 'file' ? t('uiExported', String(listed.length)) : t('uiCopied')))
      .catch(() => setStatus(t(kind === 'file' ? 'uiExportFailed' : 'uiCopyFailed')));
  };

  const tags = topTags(
    [pageItems, recent ?? [], result?.search.hits.map((h) => h.annotation) ?? []],
    filters.tag,
  );
  const activeId = rows[active] ? `item-${rows[active].annotation.id}` : undefined;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keyboard shortcuts for the whole popup (combobox pattern)
    <div class="popup" onKeyDown={onKeyDown}>
      <header class="popup__header">
        <h1 class="popup__brand">{t('extName')}</h1>
        <nav class="popup__links">
          <button
            type="button"
            class="link-button"
            data-testid="open-reader"
            onClick={() => api.openReader()}
          >
            {t('openReader')}
          </button>
          <button
            type="button"
            class="link-button"
            data-testid="open-library"
            onClick={() => api.openLibrary()}
          >
            {t('openLibrary')} ↗
          </button>
        </nav>
      </header>

      <div class="search">
        <input
          ref={inputRef}
          type="search"
          class="search__input"
          data-testid="search-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="popup-list"
          aria-activedescendant={activeId}
          aria-label={t('uiSearchLabel')}
          placeholder={t('uiSearchPlaceholder')}
          value={query}
          // biome-ignore lint/a11y/noAutofocus: the popup exists to be typed into
          autoFocus
          autocomplete="off"
          spellcheck={false}
          onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
        />
      </div>

      <div class="chips" role="toolbar" aria-label={t('uiSearchLabel')}>
        {source && (
          <fieldset class="segmented">
            <button
              type="button"
              class="chip"
              aria-pressed={filters.thisPage}
              data-testid="scope-page"
              onClick={() => setFilters((f) => ({ ...f, thisPage: true }))}
            >
              {t('uiScopePage')}
            </button>
            <button
              type="button"
              class="chip"
              aria-pressed={!filters.thisPage}
              data-testid="scope-everywhere"
              onClick={() => setFilters((f) => ({ ...f, thisPage: false }))}
            >
              {t('uiScopeEverywhere')}
            </button>
          </fieldset>
        )}
        <ColorFilter
          t={t}
          value={filters.color}
          onChange={(color?: Color) => setFilters((f) => ({ ...f, color }))}
        />
        {tags.map((tag) => (
          <button
            type="button"
            key={tag}
            class="chip chip--tag"
            aria-pressed={filters.tag === tag}
            data-testid="tag-chip"
            onClick={() => setFilters((f) => ({ ...f, tag: f.tag === tag ? undefined : tag }))}
          >
            #{tag}
          </button>
        ))}
      </div>

      {degraded && (
        <p class="hint hint--degraded" data-testid="degraded-hint">
          {t(result?.search.segmenter === 'failed' ? 'uiSegmenterFailed' : 'uiDegraded')}
        </p>
      )}
      {page?.kind === 'pdf' && (
        <p class="notice">
          <button
            type="button"
            class="link-button"
            data-testid="open-pdf"
            onClick={() => api.openPdf(page.url)}
          >
            {t('openPdf')}
          </button>
        </p>
      )}
      {browsing && page?.kind === 'unsupported' && (
        <p class="notice" data-testid="unsupported-page">
          {t('popupUnsupported')}
        </p>
      )}
      {browsing && page?.kind === 'page' && !page.reader && anchors.state === 'absent' && (
        <p class="notice" data-testid="not-loaded">
          {t('popupNotLoaded')}
        </p>
      )}
      {browsing && page?.kind === 'no-access' && (
        <p class="notice" data-testid="no-site-access">
          {t('popupNoSiteAccess')}{' '}
          <button
            type="button"
            class="link-button"
            data-testid="grant-site-access"
            onClick={() => void api.grantSiteAccess().then((given) => given && api.close())}
          >
            {t('popupGrantSiteAccess')}
          </button>
        </p>
      )}
      {unreachable && (
        <p class="notice notice--error" role="alert">
          {t('uiUnreachable')}{' '}
          <button type="button" class="link-button" onClick={() => setVersion((v) => v + 1)}>
            {t('uiRetry')}
          </button>
        </p>
      )}

      <div
        class="popup__list"
        id="popup-list"
        role="listbox"
        aria-label={t('uiSearchLabel')}
        aria-busy={searching}
      >
        {sections.map((section) => (
          <section key={section.key} class="section" data-section={section.key}>
            <SectionHeading
              t={t}
              locale={locale}
              section={section}
              total={total}
              page={page}
              orphanCount={section.key === 'page' ? section.rows.filter((r) => r.orphan).length : 0}
              noteOpen={noteOpen}
              onAddNote={() => setNoteOpen(true)}
            />
            {section.key === 'page' && noteOpen && page?.kind === 'page' && (
              <PageNoteForm
                t={t}
                onCancel={() => {
                  setNoteOpen(false);
                  inputRef.current?.focus();
                }}
                onSave={async (note) => {
                  await api.create({
                    source: page.source,
                    title: page.title,
                    quote: '',
                    selectors: [],
                    note,
                  });
                  setNoteOpen(false);
                  setVersion((v) => v + 1);
                }}
              />
            )}
            {section.rows.length === 0 ? (
              <EmptyState
                t={t}
                section={section.key}
                query={trimmed}
                loading={recent === null || searching}
              />
            ) : (
              <div class="cards">
                {section.rows.map((row) => {
                  const index = rows.indexOf(row);
                  return (
                    // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox (↑/↓/Enter)
                    <div
                      key={row.annotation.id}
                      id={`item-${row.annotation.id}`}
                      role="option"
                      tabIndex={-1}
                      aria-selected={index === active}
                      class="cards__item"
                      data-testid="annotation-item"
                      data-id={row.annotation.id}
                      onClick={() => open(row.annotation)}
                      onMouseMove={() => index !== active && setActive(index)}
                    >
                      <AnnotationCard
                        t={t}
                        locale={locale}
                        annotation={row.annotation}
                        marks={row.marks}
                        orphan={row.orphan}
                        showSource={section.key !== 'page'}
                      />
                    </div>
                  );
                })}
              </div>
            )}
            {section.key === 'results' && hasMore && (
              <p class="section__more">
                <button
                  type="button"
                  class="link-button"
                  data-testid="load-more"
                  disabled={loadingMore}
                  onClick={() => void loadMore()}
                >
                  {t('uiLoadMore')}
                </button>
              </p>
            )}
          </section>
        ))}
      </div>

      {/* It asks the background: only once the first cards are in, so a sleeping worker isn't
          woken to compete with them (they come straight from the database). */}
      {sync && recent !== null && <SyncLine t={t} locale={locale} api={sync} />}

      <footer class="popup__footer">
        <button
          type="button"
          class="button"
          data-testid="export-markdown"
          disabled={listed.length === 0}
          onClick={() => exportListed('file')}
        >
          {t('uiExportMarkdown')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          data-testid="copy-markdown"
          disabled={listed.length === 0}
          onClick={() => exportListed('copy')}
        >
          {t('uiCopyMarkdown')}
        </button>
        <span class="popup__status" role="status" data-testid="popup-status">
          {status ?? t('popupKeyboardHint')}
        </span>
      </footer>
    </div>
  );
}

function SectionHeading(props: {
  t: Translate;
  locale: string;
  section: Section;
  /** The search's total matches, when it said. */
  total: { count?: number; exact?: boolean };
  page: PageContext | null;
  orphanCount: number;
  noteOpen: boolean;
  onAddNote: () => void;
}) {
  const { t, section, page } = props;
  if (section.key === 'results') {
    const listed = section.rows.length;
    const total = Math.max(props.total.count ?? listed, listed);
    const count =
      total > listed
        ? t(props.total.exact ? 'uiCountShowing' : 'uiCountAbout', [
            formatCount(total, props.locale),
            formatCount(listed, props.locale),
          ])
        : t('uiCount', formatCount(listed, props.locale));
    return (
      <h2 class="section__title">
        {t('popupResults')}{' '}
        <span class="section__count" data-testid="result-count">
          {count}
        </span>
      </h2>
    );
  }
  if (section.key === 'recent') return <h2 class="section__title">{t('popupRecent')}</h2>;
  return (
    <div class="section__head">
      <h2 class="section__title">
        {t('popupCurrentPage')}
        {page?.kind === 'page' && page.title && <span class="section__page-title">{page.title}</span>}
      </h2>
      {props.orphanCount > 0 && (
        <span class="section__orphans">{t('popupOrphanCount', String(props.orphanCount))}</span>
      )}
      {!props.noteOpen && (
        <button type="button" class="link-button" data-testid="add-page-note" onClick={props.onAddNote}>
          + {t('popupAddPageNote')}
        </button>
      )}
    </div>
  );
}

function EmptyState(props: { t: Translate; section: Section['key']; query: string; loading: boolean }) {
  const { t, section } = props;
  if (props.loading) return <p class="empty empty--loading" aria-hidden="true" />;
  if (section === 'page') {
    return (
      <p class="empty" data-testid="empty-page">
        {t('popupPageEmpty')}
      </p>
    );
  }
  if (section === 'recent') {
    return (
      <p class="empty" data-testid="empty-all">
        {t('popupNothingYet')}
      </p>
    );
  }
  return (
    <p class="empty" data-testid="no-results">
      {props.query ? t('popupNoResults', props.query) : t('popupNoFilterResults')}
    </p>
  );
}
