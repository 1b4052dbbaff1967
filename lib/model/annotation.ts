import type { Selector } from '../anchoring/types';

export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type Color = (typeof COLORS)[number];

export interface Annotation {
  /** UUID */
  id: string;
  /** Page URL (normalised), or a stable URI for a bundled article. */
  source: string;
  /** Page or article title. */
  title: string;
  /** The highlighted text; '' for a page-level note. */
  quote: string;
  selectors: Selector[];
  color: Color;
  note: string;
  tags: string[];
  /** ms since epoch */
  createdAt: number;
  updatedAt: number;
}

export interface AnnotationInput {
  source: string;
  title: string;
  quote: string;
  selectors: Selector[];
  color?: Color;
  note?: string;
  tags?: string[];
}

export function isColor(value: unknown): value is Color {
  return typeof value === 'string' && (COLORS as readonly string[]).includes(value);
}
