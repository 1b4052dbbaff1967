import type { TextQuoteSelector } from '../anchoring/types';
import type { Annotation, Color } from '../db/types';
import { createPainter, type Painter, type PaintItem } from '../highlight/painter';
import { applyDarkPageTints, detectTheme } from '../highlight/theme';
import type { AnnotationPatch, PageChange } from '../messaging/protocol';
import { followFocusLinks } from './focus-link';
import { watchMutations } from './mutation-watcher';
import { type Anchoring, createPlacements } from './placements';
import { annotatableSelection } from './selection';
import { observeSelections } from './selection-observer';
import type { AnnotationStore } from './store';

export type { Anchored, Anchoring } from './placements';

/**
 * The part of the annotator every page runs, including the tiny content-script bootstrap. It
 * composes the placements (fetch → anchor; ./placements), a painter, a selection observer, a
 * mutation watcher and `#meipi=` links, and opens the (lazily loaded, Preact) UI only when the
 * reader actually selects text or clicks a highlight.
 */

/** The floating UI (toolbar, note editor, card); implemented with Preact in ./ui. */
export interface AnnotatorUi {
  /** `anchor` is re-read on scroll/resize so the toolbar follows its text. */
  showToolbar(anchor: () => DOMRect, options: { noteOpen: boolean; color?: Color }): void;
  /** `ids`: the highlights under the click, best first; the card shows the first and can switch to the others. */
  showCard(ids: string[], anchor: () => DOMRect): void;
  hide(): void;
  /** Our UI's host element: events and selections inside it are not the page's. */
  readonly host: Element;
  /**
   * The extension went away under the page (reloaded or updated). Keeps a half-written note on
   * screen with a message saying it can't be saved — never silently lost — or else removes the UI.
   */
  retire(): void;
  destroy(): void;
}

export interface SaveOptions {
  color: Color;
  note?: string;
  tags?: string[];
}

export type AnnotatorEvent = 'annotations' | 'destroyed';

export interface Annotator {
  readonly root: Element;
  source(): string;
  annotations(): readonly Annotation[];
  get(id: string): Annotation | undefined;
  orphanIds(): string[];
  /** Fetches this source's annotations, anchors and paints them. */
  load(): Promise<void>;
  /** The page moved to another URL without reloading (SPA): switch source and reload. Title: kept unless given. */
  setSource(source: string, title?: string | (() => string)): Promise<void>;
  /** Anchors the already-loaded annotations again (the DOM changed). */
  reanchor(): Promise<void>;
  /**
   * Another view changed this source: applies just that change (anchoring only the one saved
   * annotation; a delete only unpaints), or re-fetches everything when the change names none.
   */
  applyChange(change: PageChange): Promise<void>;
  /** The selection the toolbar was opened for (kept while focus moves into the toolbar). */
  pendingRange(): Range | null;
  /** The toolbar closed without saving: forget (and unmark) the pending selection. */
  clearPending(): void;
  saveSelection(options: SaveOptions): Promise<Annotation | null>;
  update(id: string, patch: AnnotationPatch): Promise<Annotation>;
  remove(id: string): Promise<Annotation | null>;
  restore(annotation: Annotation): Promise<void>;
  focus(id: string): boolean;
  /** Keyboard command / context menu: highlight the current selection (or open the note editor). */
  highlightSelection(options: { color?: Color; withNote: boolean }): Promise<{ saved: boolean }>;
  /** The page's address, for links back to a passage (./focus-link's passageLink, used by the UI). */
  pageUrl(): string;
  subscribe(listener: (event: AnnotatorEvent) => void): () => void;
  /**
   * Stops listening and observing and removes the UI. `keepHighlights`: leave what is painted on
   * screen (the extension was updated under an open page: the reader still sees their marks).
   */
  destroy(options?: { keepHighlights?: boolean }): void;
}

export interface AnnotatorOptions {
  /** Where annotations live: document.body on web pages, the article body in the reader. */
  root: Element;
  source: string;
  title: string | (() => string);
  store: AnnotationStore;
  anchoring: Anchoring;
  /** Creates the UI (called once, on the first selection or highlight click; the frame then loads). */
  loadUi: () => AnnotatorUi;
  painter?: Painter;
  /** The address passage links point at; defaults to the window's location. */
  pageUrl?: () => string;
  /** Re-anchor on DOM changes (late-loading and SPA pages). */
  observeMutations?: boolean;
  /** Failures of background work (loading, re-anchoring) the user did not start. */
  onError?: (error: unknown) => void;
}

export function createAnnotator(options: AnnotatorOptions): Annotator {
  const { root, store, anchoring } = options;
  const doc = root.ownerDocument;
  const win = doc.defaultView ?? window;
  const painter = options.painter ?? createPainter();
  const pageUrl = options.pageUrl ?? (() => win.location.href);
  let title = options.title;
  const titleOf = () => (typeof title === 'function' ? title() : title);

  let source = options.source;
  let pending: Range | null = null;
  let ui: AnnotatorUi | null = null;
  let destroyed = false;
  const listeners = new Set<(event: AnnotatorEvent) => void>();

  const emit = (event: AnnotatorEvent) => {
    for (const listener of listeners) listener(event);
  };
  const reportError = (error: unknown) => {
    if (!destroyed) options.onError?.(error);
  };

  const placements = createPlacements(root, anchoring, () => {
    if (destroyed) return;
    repaint();
    emit('annotations');
  });

  /** Paints what is placed; `saving`: a passage painted before its save is answered. */
  function repaint(...saving: PaintItem[]): void {
    const items = [
      ...placements.annotations().flatMap((a) => {
        const range = placements.rangeOf(a.id);
        return range ? [{ id: a.id, range, color: a.color, order: a.createdAt }] : [];
      }),
      ...saving,
    ];
    if (items.length > 0) applyDarkPageTints(doc, detectTheme(doc) === 'dark');
    painter.paint(items);
  }

  async function load(): Promise<void> {
    const forSource = source;
    await placements.placeAll(() => store.list(forSource));
  }

  async function reanchor(): Promise<void> {
    if (placements.annotations().length === 0 || !placements.needsReanchor()) return;
    await placements.placeAll(async () => placements.annotations());
  }

  async function applyChange({ source: changed, upserted, deletedId }: PageChange): Promise<void> {
    if (destroyed || changed !== source) return;
    if (!upserted && deletedId === undefined) return load();
    if (deletedId !== undefined && placements.get(deletedId)) placements.remove(deletedId);
    if (!upserted) return;
    const known = placements.get(upserted.id);
    if (known?.updatedAt === upserted.updatedAt) return; // this view made the change itself
    if (known && JSON.stringify(known.selectors) === JSON.stringify(upserted.selectors)) {
      placements.upsert(upserted, null); // a new colour or note: the passage stays where it is
      return;
    }
    await placements.placeOne(upserted);
  }

  // --- UI ------------------------------------------------------------------------------------
  const uiHost = () => ui?.host;

  function ensureUi(): AnnotatorUi | null {
    try {
      ui ??= options.loadUi();
    } catch (error) {
      reportError(error);
    }
    return destroyed ? null : ui;
  }

  const rangeRect = (range: Range) => () => range.getBoundingClientRect();

  function setPending(range: Range | null): void {
    pending = range;
    painter.showPending(range);
  }

  function openToolbar(range: Range, noteOpen: boolean, color?: Color): void {
    // A copy: the page's selection moves on, the passage the toolbar is for does not.
    const passage = range.cloneRange();
    setPending(passage);
    ensureUi()?.showToolbar(rangeRect(passage), { noteOpen, color });
  }

  const stopObservingSelections = observeSelections(root, uiHost, {
    onSelection: (range) => openToolbar(range, false),
    onClick(x, y) {
      // Overlapping highlights: the innermost (then newest) opens; the card reaches the others.
      const ids = painter.hitTest(x, y);
      const range = ids[0] && placements.rangeOf(ids[0]);
      if (range) ensureUi()?.showCard(ids, rangeRect(range));
    },
    onDismiss: () => ui?.hide(),
    // Loading the UI while the reader drags (a person's drag takes a few hundred ms) puts the
    // toolbar on screen at mouseup instead of a frame load later.
    onSelecting: () => void ensureUi(),
  });
  const stopWatchingMutations = options.observeMutations
    ? watchMutations(root, uiHost, () => void reanchor().catch(reportError))
    : () => {};

  // --- writes --------------------------------------------------------------------------------
  async function saveRange(range: Range, save: SaveOptions): Promise<Annotation> {
    // Shown in its colour at once (no longer as pending), not a round trip later; taken back if the save fails.
    // The selection goes now too: cleared after the reply, it would take a next selection with it.
    setPending(null);
    doc.getSelection()?.removeAllRanges();
    repaint({ id: '', range, color: save.color, order: Infinity });
    try {
      const selectors = anchoring.describe(root, range);
      const annotation = await store.create({
        source,
        title: titleOf(),
        // The reader's text of the range (no ruby pinyin, blocks on their own lines), not range.toString().
        quote: (selectors[0] as TextQuoteSelector).exact,
        selectors,
        color: save.color,
        note: save.note ?? '',
        tags: save.tags ?? [],
      });
      placements.upsert(annotation, range);
      return annotation;
    } catch (error) {
      repaint();
      setPending(range); // still the passage a retry saves
      throw error;
    }
  }

  const annotator: Annotator = {
    root,
    source: () => source,
    annotations: () => placements.annotations(),
    get: (id) => placements.get(id),
    orphanIds: () => placements.orphanIds(),
    load,
    async setSource(next, nextTitle) {
      if (next === source) return;
      source = next;
      if (nextTitle !== undefined) title = nextTitle;
      placements.reset();
      painter.clear();
      ui?.hide();
      emit('annotations');
      await load();
    },
    reanchor,
    applyChange,
    pendingRange: () => pending,
    clearPending: () => setPending(null),
    async saveSelection(save) {
      const range = pending ?? annotatableSelection(root, ui?.host);
      if (!range) return null;
      return saveRange(range, save);
    },
    async update(id, patch) {
      const updated = await store.update(id, patch);
      placements.upsert(updated, null);
      return updated;
    },
    async remove(id) {
      const deleted = await store.remove(id);
      placements.remove(id);
      return deleted;
    },
    async restore(annotation) {
      await placements.placeOne(await store.restore(annotation));
    },
    focus: (id) => painter.flash(id),
    async highlightSelection({ color, withNote }) {
      const range = annotatableSelection(root, ui?.host);
      if (!range || withNote) {
        if (range) openToolbar(range, true, color);
        return { saved: false };
      }
      await saveRange(range, { color: color ?? 'yellow' });
      return { saved: true };
    },
    pageUrl,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy({ keepHighlights = false } = {}) {
      if (destroyed) return;
      destroyed = true;
      stopWatchingMutations();
      stopObservingSelections();
      stopFollowingLinks();
      if (keepHighlights) ui?.retire();
      else {
        painter.destroy();
        ui?.destroy();
      }
      emit('destroyed');
      listeners.clear();
    },
  };
  const stopFollowingLinks = followFocusLinks(win, annotator);
  return annotator;
}
