import type { Selector } from '../anchoring/types';
import type { Annotation } from '../db/types';

/**
 * Where an anchoring found a passage: a range; null, nowhere (an orphan); or `NOT_YET` (undefined:
 * cheap in the page bootstrap, which carries this file) — the passage is in the document, but its
 * text is not in the DOM yet (a PDF page not rendered): neither painted nor listed as an orphan,
 * it is placed by the pass after its text arrives.
 */
export const NOT_YET = undefined;
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

type Edit = { annotation: Annotation; range: Anchored } | { removed: string };

/** Sorted by creation, the order highlights are painted in (later ones on top). */
const byCreation = (a: Annotation, b: Annotation) => a.createdAt - b.createdAt;

export function createPlacements(root: Element, anchoring: Anchoring, onChange: () => void): Placements {
  let annotations: Annotation[];
  let ranges: Map<string, Range>;
  /** Unplaced passages: true for an orphan, false while one waits for its text (NOT_YET). */
  let orphans: Map<string, boolean>;
  /** The text each range covered when placed: a change means the page moved under it. */
  let placedText: Map<string, string>;
  /** Text of the root when we last placed everything: orphans can only come back if it changed. */
  let placedRootText: string;
  function forget(): void {
    annotations = [];
    ranges = new Map();
    orphans = new Map();
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

  /**
   * Puts one annotation where it was found; without a place it keeps its range, or else is an
   * orphan — one that waits (a pass after its text arrives places it) if it was NOT_YET or waited.
   */
  function place(annotation: Annotation, found: Anchored): void {
    if (found && !found.collapsed) {
      ranges.set(annotation.id, found);
      placedText.set(annotation.id, found.toString());
      orphans.delete(annotation.id);
    } else if (!ranges.has(annotation.id) && annotation.quote) {
      orphans.set(annotation.id, found !== NOT_YET && orphans.get(annotation.id) !== false);
    }
  }

  function applyUpsert(annotation: Annotation, range: Anchored): void {
    annotations = [...annotations.filter((a) => a.id !== annotation.id), annotation].sort(byCreation);
    place(annotation, range);
  }

  function applyRemove(id: string): void {
    annotations = annotations.filter((a) => a.id !== id);
    ranges.delete(id);
    orphans.delete(id);
    placedText.delete(id);
  }

  function applyEdit(edit: Edit): void {
    if ('removed' in edit) applyRemove(edit.removed);
    else applyUpsert(edit.annotation, edit.range);
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
    orphanIds: () => annotations.filter((a) => orphans.get(a.id)).map((a) => a.id),

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
        place(annotation, placed[i]);
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
      record({ annotation, range });
    },

    upsert: (annotation, range) => record({ annotation, range }),
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
     * orphans (waiting ones too), when the page's text changed since the last pass — so busy pages don't pay for
     * no-op passes.
     */
    needsReanchor() {
      if (orphans.size > 0 && root.textContent !== placedRootText) return true;
      return annotations.some((a) => {
        if (!a.quote || orphans.has(a.id)) return false; // decided above, or nothing to place
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
