import type { Color } from '../db/types';

/** Highlight names in the page's registry: one per colour, plus the transient focus/flash style. */
export const HIGHLIGHT_PREFIX = 'meipi-';
export const FOCUS_HIGHLIGHT = 'meipi-focus';
/** The passage a note is being written for, while focus (and so the page selection) is in the editor. */
export const PENDING_HIGHLIGHT = 'meipi-pending';

export function highlightName(color: Color): string {
  return `${HIGHLIGHT_PREFIX}${color}`;
}

/** The slice of a CSS `Highlight` we use, so a fake can stand in where the browser has none (happy-dom). */
export interface HighlightLike {
  add(range: AbstractRange): unknown;
  delete(range: AbstractRange): boolean;
  clear(): void;
  readonly size: number;
  priority: number;
}

/** The slice of `CSS.highlights` (a per-document HighlightRegistry) we use. */
export interface HighlightRegistryLike {
  set(name: string, highlight: HighlightLike): unknown;
  get(name: string): HighlightLike | undefined;
  delete(name: string): boolean;
}

export interface HighlightApi {
  registry: HighlightRegistryLike;
  create(): HighlightLike;
}

/** The browser's CSS Custom Highlight API, or null where it is missing (old browsers, happy-dom). */
export function nativeHighlightApi(): HighlightApi | null {
  if (typeof CSS === 'undefined' || !('highlights' in CSS) || typeof Highlight === 'undefined') return null;
  const registry = CSS.highlights as unknown as HighlightRegistryLike;
  return { registry, create: () => new Highlight() };
}

/** An in-memory registry with the same semantics, for unit tests and for environments without the API. */
export function createFakeHighlightApi(): HighlightApi & { names(): string[] } {
  const entries = new Map<string, HighlightLike>();
  return {
    registry: {
      set: (name, highlight) => entries.set(name, highlight),
      get: (name) => entries.get(name),
      delete: (name) => entries.delete(name),
    },
    create() {
      const ranges = new Set<AbstractRange>();
      return {
        priority: 0,
        add: (range) => ranges.add(range),
        delete: (range) => ranges.delete(range),
        clear: () => ranges.clear(),
        get size() {
          return ranges.size;
        },
      };
    },
    names: () => [...entries.keys()],
  };
}
