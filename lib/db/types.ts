// The annotation model as lib/db's callers import it (defined in lib/model, which lib/search
// shares without depending on lib/db).
export type { Annotation, AnnotationInput, Color } from '../model';
export { COLORS, isColor } from '../model';
