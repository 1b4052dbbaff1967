import type { Selector } from '../anchoring/types';
import type { Annotation } from '../db/types';

/**
 * Where an anchoring found a passage: a range; null, nowhere (an orphan); or `NOT_YET` — the
 * passage is in the document, but the part of it on screen is not in the DOM yet (a PDF page not
 * rendered): neither painted nor an orphan, it is placed by the pass after its text arrives.
 */
export const NOT_YET = 'not-yet';
export type Anchored = Range | null | typeof NOT_YET;

/** Selectors ⇄ ranges; lib/anchoring in production, injectable so the annotator stays testable on its own. */
export interface Anchoring {
  /** The first selector is the TextQuoteSelector: its `exact` is the annotation's quote. */
  describe(root: Element, range: Range): Selector[];
  anchorAll(root: Element, selectorLists: Selector[][]): Anchored[] | Promise<Anchored[]>;
}

/**
 * Where each annotation of one page sits: a range, or an orphan (could not be placed); a page
 * note (no quote) has no place to find, so it is never an orphan. Full
 * passes (load, re-anchor) and single edits (a save, a change from another view) may overlap:
 * only the newest pass lands, and edits made while it ran are applied on top of its result.
 */
export interface Placements {
  annotations(): readonly Annotation[];
  get(id: string): Annotation | undefined;
  rangeOf(id: string): Range | undefined;
  orphanIds(): string[];
  /** Fetches a list, anchors all of it and replaces what is placed; false when a newer pass or a reset won. */
  placeAll(fetch: () => Promise<readonly Annotation[]>): Promise<boolean>;
  /** Anchors one annotation and puts it in place (or among the orphans). */
  placeOne(annotation: Annotation): Promise<void>;
  /** Adds or replaces one annotation. `range` null: keep its current range, if any, else an orphan. */
  upsert(annotation: Annotation, range: Range | null): void;
  remove(id: string): void;
  /** Forgets everything and abandons any pass still running (a new source, or the end). */
  reset(): void;
  /** Whether the DOM moved under what is placed (see the implementation for the rule). */
  needsReanchor(): boolean;
}

type Edit = { annotation: Annotation; range: Range | null; notYet?: boolean } | { removed: string };

/** Sorted by creation, the order highlights are painted in (later ones on top). */
const byCreation = (a: Annotation, b: Annotation) => a.createdAt - b.createdAt;

export function createPlacements(root: Element, anchoring: Anchoring, onChange: () => void): Placements {
  let annotations: Annotation[];
  let ranges: Map<string, Range>;
  let orphans: Set<string>;
  /** Found in the document, waiting for its text to reach the DOM (see NOT_YET). */
  let waiting: Set<string>;
  /** The text each range covered when placed: a change means the page moved under it. */
  let placedText: Map<string, string>;
  /** Text of the root when we last placed everything: orphans can only come back if it changed. */
  let placedRootText: string;
  function forget(): void {
    annotations = [];
    ranges = new Map();
    orphans = new Set();
    waiting = new Set();
    placedText = new Map();
    placedRootText = '';
  }
  forget();
  /** Bumped by every pass and reset, so a slower, older pass never overwrites a newer one. */
  let generation = 0;
  /** Bumped by every reset: a single edit anchored for the previous page is dropped. */
  let epoch = 0;
  /** The newest pass, while it runs; single edits meanwhile are replayed on its result. */
  let runningTurn: number | null = null;
  let editsDuringPass: Edit[] = [];

  const usable = (range: Anchored | undefined): Range | null =>
    range && range !== NOT_YET && !range.collapsed ? range : null;

  /**
   * Puts one annotation at `range`; without one it keeps its place, or else is an orphan —
   * unless the anchoring said its text is not in the DOM yet (`notYet`).
   */
  function place(annotation: Annotation, range: Range | null, notYet = false): void {
    const { id } = annotation;
    if (range) {
      ranges.set(id, range);
      placedText.set(id, range.toString());
      orphans.delete(id);
      waiting.delete(id);
    } else if (notYet) {
      ranges.delete(id);
      orphans.delete(id);
      waiting.add(id);
    } else if (!ranges.has(id) && !waiting.has(id) && annotation.quote) {
      orphans.add(id);
    }
  }

  function applyUpsert(annotation: Annotation, range: Range | null, notYet?: boolean): void {
    annotations = [...annotations.filter((a) => a.id !== annotation.id), annotation].sort(byCreation);
    place(annotation, range, notYet);
  }

  function applyRemove(id: string): void {
    annotations = annotations.filter((a) => a.id !== id);
    ranges.delete(id);
    orphans.delete(id);
    waiting.delete(id);
    placedText.delete(id);
  }

  function applyEdit(edit: Edit): void {
    if ('removed' in edit) applyRemove(edit.removed);
    else applyUpsert(edit.annotation, edit.range, edit.notYet);
  }

  function record(edit: Edit): void {
    if (runningTurn !== null) editsDuringPass.push(edit);
    applyEdit(edit);
    onChange();
  }

  return {
    annotations: () => annotations,
    get: (id) => annotations.find((a) => a.id === id),
    rangeOf: (id) => ranges.get(id),
    orphanIds: () => annotations.filter((a) => orphans.has(a.id)).map((a) => a.id),

    async placeAll(fetch) {
      const turn = ++generation;
      runningTurn = turn;
      editsDuringPass = [];
      let placed: Anchored[];
      let list: Annotation[];
      try {
        list = [...(await fetch())].sort(byCreation);
        if (turn !== generation) return false;
        placed = await anchoring.anchorAll(
          root,
          list.map((a) => a.selectors),
        );
        if (turn !== generation) return false;
      } finally {
        // Landing below is synchronous: no edit can slip in between.
        if (runningTurn === turn) runningTurn = null;
      }
      forget();
      annotations = list;
      placedRootText = root.textContent ?? '';
      list.forEach((annotation, i) => {
        place(annotation, usable(placed[i]), placed[i] === NOT_YET);
      });
      // The pass read the list (or the page) before these edits: they are newer.
      for (const edit of editsDuringPass) applyEdit(edit);
      editsDuringPass = [];
      onChange();
      return true;
    },

    async placeOne(annotation) {
      const since = epoch;
      const [range] = await anchoring.anchorAll(root, [annotation.selectors]);
      if (since !== epoch) return; // the page changed source meanwhile: it belonged to the old one
      record({ annotation, range: usable(range), notYet: range === NOT_YET });
    },

    upsert: (annotation, range) => record({ annotation, range: usable(range) }),
    remove: (id) => record({ removed: id }),

    reset() {
      generation++;
      epoch++;
      runningTurn = null;
      editsDuringPass = [];
      forget();
    },

    /**
     * Re-anchoring is needed when a painted range no longer covers the text it covered, or, for
     * orphans and passages waiting for their text, when the page's text changed since the last
     * pass — so busy pages don't pay for no-op passes.
     */
    needsReanchor() {
      if (orphans.size + waiting.size > 0 && root.textContent !== placedRootText) return true;
      return annotations.some((a) => {
        if (!a.quote || orphans.has(a.id) || waiting.has(a.id)) return false; // decided above, or nothing to place
        const range = ranges.get(a.id);
        return (
          !range ||
          range.collapsed ||
          !root.contains(range.commonAncestorContainer) ||
          range.toString() !== placedText.get(a.id)
        );
      });
    },
  };
}
