import type { Annotation } from './types';

function positionOf(annotation: Annotation): number {
  for (const s of annotation.selectors) {
    if (s.type === 'TextPositionSelector' && typeof s.start === 'number') return s.start;
  }
  return Number.MAX_SAFE_INTEGER;
}

/** Orders a page's annotations as they appear in it; page-level notes (no position) last. */
export function byPositionInPage(a: Annotation, b: Annotation): number {
  return positionOf(a) - positionOf(b) || a.createdAt - b.createdAt;
}
