/**
 * lib/model — the annotation record every layer shares (no DOM, no storage): lib/db stores it,
 * lib/search indexes it, lib/export converts it, the UI shows it.
 */
export type { Annotation, AnnotationInput, Color } from './annotation';
export { COLORS, isColor } from './annotation';
