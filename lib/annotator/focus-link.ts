import type { Annotation } from '../db/types';
import { textDirective } from '../export/text-fragment';

/**
 * `#meipi=<id>`: a link to one passage. Meipi flashes that highlight once the page has anchored;
 * the text fragment after it (`:~:text=…`) scrolls there even where Meipi is not installed.
 * This module is the one place that builds, parses and follows such links.
 */

const FOCUS_HASH = /(?:^#|&)meipi=([\w-]+)/;

/** The page URL (its own fragment replaced) with `#meipi=<id>` and a text fragment to the quote. */
export function passageLink(pageUrl: string, annotation: Annotation): string {
  const base = pageUrl.replace(/#.*$/s, '');
  const directive = textDirective(annotation);
  return `${base}#meipi=${annotation.id}${directive ? `:~:${directive}` : ''}`;
}

/** The annotation id a `#meipi=<id>` hash points at, or null. */
export function focusIdIn(hash: string): string | null {
  return FOCUS_HASH.exec(hash)?.[1] ?? null;
}

/** What following a link needs from the annotator. */
export interface FocusTarget {
  focus(id: string): boolean;
  subscribe(listener: (event: string) => void): () => void;
}

/**
 * Flashes the passage the window's `#meipi=` hash points at: on arrival as soon as it is placed
 * (maybe late, on a page that loads its text slowly), and on every later hash change.
 * Returns a function that stops following.
 */
export function followFocusLinks(win: Window, target: FocusTarget): () => void {
  let pending = focusIdIn(win.location.hash);
  const unsubscribe = target.subscribe((event) => {
    if (event === 'annotations' && pending && target.focus(pending)) pending = null;
  });
  const onHashChange = () => {
    const id = focusIdIn(win.location.hash);
    if (id) target.focus(id);
  };
  win.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
  };
}
