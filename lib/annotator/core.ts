import type { Selector } from '../anchoring/types';
import type { Annotation, Color } from '../db/types';
import { createPainter, type Painter } from '../highlight/painter';
import { applyDarkPageTints, detectTheme } from '../highlight/theme';
import type { AnnotationPatch } from '../messaging/protocol';
import { annotatableSelection } from './selection';
import type { AnnotationStore } from './store';

/**
 * The part of the annotator every page runs, including the tiny content-script bootstrap:
 * fetch → anchor → paint, re-anchor when the page changes, watch selections and clicks, and open
 * the (lazily loaded, Preact) UI only when the reader actually selects text or clicks a highlight.
 */

/** Selectors ⇄ ranges; lib/anchoring in production, injectable so this module stays testable on its own. */
export interface Anchoring {
  describe(root: Element, range: Range): Selector[];
  anchorAll(root: Element, selectorLists: Selector[][]): (Range | null)[] | Promise<(Range | null)[]>;
}

/** The floating UI (toolbar, note editor, card); implemented with Preact in ./ui. */
export interface AnnotatorUi {
  /** `anchor` is re-read on scroll/resize so the toolbar follows its text. */
  showToolbar(anchor: () => DOMRect, options: { noteOpen: boolean; color?: Color }): void;
  showCard(id: string, anchor: () => DOMRect): void;
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
  /** A link that brings the reader back to this passage (`#meipi=<id>` plus a text fragment). */
  linkTo(annotation: Annotation): string;
  /** Called by the lazily loaded UI once it exists. */
  attachUi(ui: AnnotatorUi): void;
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
  /** Returns the UI, loading it on first use; the annotator calls it only on a selection or a highlight click. */
  loadUi: () => Promise<AnnotatorUi>;
  painter?: Painter;
  /** The address `linkTo` points at; defaults to the window's location. */
  pageUrl?: () => string;
  /** Re-anchor on DOM changes (late-loading and SPA pages). */
  observeMutations?: boolean;
  /** Failures of background work (loading, re-anchoring) the user did not start. */
  onError?: (error: unknown) => void;
}

const MUTATION_DEBOUNCE_MS = 350;
const MUTATION_MAX_WAIT_MS = 2_000;
const FOCUS_HASH = /(?:^#|&)meipi=([\w-]+)/;

export function createAnnotator(options: AnnotatorOptions): Annotator {
  const { root, store, anchoring } = options;
  const doc = root.ownerDocument;
  const win = doc.defaultView ?? window;
  const painter = options.painter ?? createPainter();
  const pageUrl = options.pageUrl ?? (() => win.location.href);
  let title = options.title;
  const titleOf = () => (typeof title === 'function' ? title() : title);

  let source = options.source;
  let annotations: Annotation[] = [];
  let ranges = new Map<string, Range>();
  let orphans = new Set<string>();
  /** The text each range covered when placed: a change means the page moved under it. */
  let placedText = new Map<string, string>();
  /** Text of the root when we last placed everything: orphans can only come back if it changed. */
  let placedRootText = '';
  /** Bumped by every load/re-anchor, so a slower, older pass never overwrites a newer one. */
  let generation = 0;
  let pending: Range | null = null;
  let ui: AnnotatorUi | null = null;
  let uiLoading: Promise<AnnotatorUi> | null = null;
  let destroyed = false;
  /** A `#meipi=<id>` link opened this page: flash that passage as soon as it is placed (maybe late). */
  let focusOnArrival = FOCUS_HASH.exec(win.location.hash)?.[1] ?? null;
  const listeners = new Set<(event: AnnotatorEvent) => void>();

  const emit = (event: AnnotatorEvent) => {
    for (const listener of listeners) listener(event);
  };
  const reportError = (error: unknown) => {
    if (!destroyed) options.onError?.(error);
  };

  function repaint(): void {
    if (annotations.length > 0) applyDarkPageTints(doc, detectTheme(doc) === 'dark');
    painter.paint(
      annotations.flatMap((a) => {
        const range = ranges.get(a.id);
        return range ? [{ id: a.id, range, color: a.color, order: a.createdAt }] : [];
      }),
    );
  }

  async function anchorList(list: readonly Annotation[]): Promise<(Range | null)[]> {
    const lists = list.map((a) => a.selectors);
    return anchoring.anchorAll(root, lists);
  }

  async function place(list: Annotation[], turn: number): Promise<boolean> {
    const placed = await anchorList(list);
    if (turn !== generation || destroyed) return false;
    annotations = list;
    ranges = new Map();
    orphans = new Set();
    placedText = new Map();
    placedRootText = root.textContent ?? '';
    list.forEach((annotation, i) => {
      const range = placed[i];
      if (range && !range.collapsed) {
        ranges.set(annotation.id, range);
        placedText.set(annotation.id, range.toString());
      } else orphans.add(annotation.id);
    });
    repaint();
    if (focusOnArrival && painter.flash(focusOnArrival)) focusOnArrival = null;
    emit('annotations');
    return true;
  }

  async function load(): Promise<void> {
    const turn = ++generation;
    const forSource = source;
    const list = await store.list(forSource);
    if (turn !== generation || destroyed || forSource !== source) return;
    const sorted = [...list].sort((a, b) => a.createdAt - b.createdAt);
    await place(sorted, turn);
  }

  /**
   * Re-anchoring is skipped when every painted range still covers the text it covered and, for
   * orphans, the page's text has not changed since — so busy pages don't pay for no-op passes.
   */
  function needsReanchor(): boolean {
    if (orphans.size > 0 && root.textContent !== placedRootText) return true;
    return annotations.some((a) => {
      if (orphans.has(a.id)) return false; // decided above
      const range = ranges.get(a.id);
      return (
        !range ||
        range.collapsed ||
        !root.contains(range.commonAncestorContainer) ||
        range.toString() !== placedText.get(a.id)
      );
    });
  }

  async function reanchor(): Promise<void> {
    if (annotations.length === 0 || !needsReanchor()) return;
    await place(annotations, ++generation);
  }

  // --- DOM changes ---------------------------------------------------------------------------
  let observer: MutationObserver | null = null;
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;
  let firstMutationAt = 0;
  if (options.observeMutations) {
    observer = new MutationObserver((records) => {
      const host = ui?.host;
      if (host && records.every((r) => host.contains(r.target))) return;
      const now = Date.now();
      if (!debounceTimer) firstMutationAt = now;
      clearTimeout(debounceTimer);
      // Debounced, but a page that never stops mutating still gets re-anchored every couple of seconds.
      const wait = Math.max(0, Math.min(MUTATION_DEBOUNCE_MS, firstMutationAt + MUTATION_MAX_WAIT_MS - now));
      debounceTimer = setTimeout(() => {
        debounceTimer = undefined;
        reanchor().catch(reportError);
      }, wait);
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  }

  // --- UI ------------------------------------------------------------------------------------
  function ensureUi(): Promise<AnnotatorUi> {
    if (ui) return Promise.resolve(ui);
    uiLoading ??= options.loadUi().then(
      (loaded) => {
        ui = loaded;
        return loaded;
      },
      (error: unknown) => {
        uiLoading = null;
        throw error;
      },
    );
    return uiLoading;
  }

  const rangeRect = (range: Range) => () => range.getBoundingClientRect();

  function setPending(range: Range | null): void {
    pending = range;
    painter.showPending(range);
  }

  function openToolbar(range: Range, noteOpen: boolean, color?: Color): void {
    setPending(range.cloneRange());
    const anchorRange = range.cloneRange();
    ensureUi()
      .then((loaded) => {
        if (!destroyed) loaded.showToolbar(rangeRect(anchorRange), { noteOpen, color });
      })
      .catch(reportError);
  }

  function openCard(id: string): void {
    const range = ranges.get(id);
    if (!range) return;
    ensureUi()
      .then((loaded) => {
        if (!destroyed) loaded.showCard(id, rangeRect(range));
      })
      .catch(reportError);
  }

  function isInsideUi(event: Event): boolean {
    const host = ui?.host;
    return !!host && event.composedPath().includes(host);
  }

  // --- selection and clicks ------------------------------------------------------------------
  const onPointerDown = (event: MouseEvent) => {
    if (!isInsideUi(event) && event.button === 0) ui?.hide();
  };
  const onPointerUp = (event: MouseEvent) => {
    if (event.button !== 0 || isInsideUi(event)) return;
    const { clientX, clientY } = event;
    // The selection is final only after the mouseup's default action.
    win.setTimeout(() => {
      if (destroyed) return;
      const range = annotatableSelection(root, ui?.host);
      if (range) {
        openToolbar(range, false);
        return;
      }
      const selection = doc.getSelection();
      if (selection && !selection.isCollapsed) return;
      const id = painter.hitTest(clientX, clientY);
      if (id) openCard(id);
    }, 0);
  };
  const SELECTION_KEYS = /^(Shift|Arrow\w+|Home|End|PageUp|PageDown|a)$/;
  const onKeyUp = (event: KeyboardEvent) => {
    if (isInsideUi(event)) return;
    if (event.key === 'Escape') {
      ui?.hide();
      return;
    }
    if (!SELECTION_KEYS.test(event.key)) return;
    const range = annotatableSelection(root, ui?.host);
    if (range) openToolbar(range, false);
  };
  doc.addEventListener('mousedown', onPointerDown, true);
  doc.addEventListener('mouseup', onPointerUp, true);
  doc.addEventListener('keyup', onKeyUp, true);

  // --- writes --------------------------------------------------------------------------------
  function upsert(annotation: Annotation, range: Range | null): void {
    annotations = [...annotations.filter((a) => a.id !== annotation.id), annotation].sort(
      (a, b) => a.createdAt - b.createdAt,
    );
    if (range) {
      ranges.set(annotation.id, range);
      placedText.set(annotation.id, range.toString());
      orphans.delete(annotation.id);
    } else if (!ranges.has(annotation.id)) {
      orphans.add(annotation.id);
    }
    repaint();
    emit('annotations');
  }

  async function saveRange(range: Range, save: SaveOptions): Promise<Annotation> {
    const selectors = anchoring.describe(root, range);
    const annotation = await store.create({
      source,
      title: titleOf(),
      quote: range.toString(),
      selectors,
      color: save.color,
      note: save.note ?? '',
      tags: save.tags ?? [],
    });
    // A save invalidates any anchoring pass still in flight (it would not know the new annotation).
    generation++;
    upsert(annotation, range);
    return annotation;
  }

  const annotator: Annotator = {
    root,
    source: () => source,
    annotations: () => annotations,
    get: (id) => annotations.find((a) => a.id === id),
    orphanIds: () => annotations.filter((a) => orphans.has(a.id)).map((a) => a.id),
    load,
    async setSource(next, nextTitle) {
      if (next === source) return;
      source = next;
      if (nextTitle !== undefined) title = nextTitle;
      annotations = [];
      ranges = new Map();
      orphans = new Set();
      placedText = new Map();
      painter.clear();
      ui?.hide();
      emit('annotations');
      await load();
    },
    reanchor,
    pendingRange: () => pending,
    clearPending: () => setPending(null),
    async saveSelection(save) {
      const range = pending ?? annotatableSelection(root, ui?.host);
      if (!range) return null;
      const annotation = await saveRange(range, save);
      setPending(null);
      doc.getSelection()?.removeAllRanges();
      return annotation;
    },
    async update(id, patch) {
      const updated = await store.update(id, patch);
      upsert(updated, ranges.get(id) ?? null);
      return updated;
    },
    async remove(id) {
      const deleted = await store.remove(id);
      annotations = annotations.filter((a) => a.id !== id);
      ranges.delete(id);
      orphans.delete(id);
      repaint();
      emit('annotations');
      return deleted;
    },
    async restore(annotation) {
      const restored = await store.restore(annotation);
      const [range] = await anchorList([restored]);
      generation++;
      upsert(restored, range && !range.collapsed ? range : null);
    },
    focus: (id) => painter.flash(id),
    async highlightSelection({ color, withNote }) {
      const range = annotatableSelection(root, ui?.host);
      if (!range) return { saved: false };
      if (withNote) {
        openToolbar(range, true, color);
        return { saved: false };
      }
      setPending(null);
      await saveRange(range, { color: color ?? 'yellow' });
      doc.getSelection()?.removeAllRanges();
      return { saved: true };
    },
    linkTo(annotation) {
      const base = pageUrl().replace(/#.*$/, '');
      return `${base}#meipi=${annotation.id}${textFragment(annotation.quote)}`;
    },
    attachUi(loaded) {
      ui = loaded;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy({ keepHighlights = false } = {}) {
      if (destroyed) return;
      destroyed = true;
      generation++;
      observer?.disconnect();
      clearTimeout(debounceTimer);
      doc.removeEventListener('mousedown', onPointerDown, true);
      doc.removeEventListener('mouseup', onPointerUp, true);
      doc.removeEventListener('keyup', onKeyUp, true);
      if (!keepHighlights) painter.destroy();
      if (keepHighlights) ui?.retire();
      else ui?.destroy();
      emit('destroyed');
      listeners.clear();
    },
  };
  return annotator;
}

/** Percent-encodes a text-fragment term (`-`, `,` and `&` are syntax there). */
function fragmentTerm(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/,/g, '%2C');
}

/**
 * A text fragment (`:~:text=`) so the link scrolls to the passage even where Meipi is not installed.
 * Long quotes use the start,end form.
 */
export function textFragment(quote: string): string {
  const text = quote.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  const chars = [...text];
  if (chars.length <= 40) return `:~:text=${fragmentTerm(text)}`;
  const start = chars.slice(0, 12).join('').trim();
  const end = chars.slice(-12).join('').trim();
  return `:~:text=${fragmentTerm(start)},${fragmentTerm(end)}`;
}
