import { COLORS, type Color } from '../db/types';
import {
  FOCUS_HIGHLIGHT,
  type HighlightApi,
  type HighlightLike,
  highlightName,
  nativeHighlightApi,
  PENDING_HIGHLIGHT,
} from './registry';

export interface PaintItem {
  id: string;
  range: Range;
  color: Color;
  /** Larger = more recent; breaks hit-test ties between equally small highlights. */
  order: number;
}

export interface Painter {
  /** True when the page really shows highlights (the CSS Custom Highlight API exists). */
  readonly supported: boolean;
  /** Replaces everything painted with `items`. The page's DOM is never touched. */
  paint(items: readonly PaintItem[]): void;
  clear(): void;
  /** The ids of the highlights under a viewport point, best first: the smallest, then the most recent. */
  hitTest(x: number, y: number): string[];
  rangeOf(id: string): Range | null;
  /** Scrolls the highlight into view and flashes it; false if it is not painted. */
  flash(id: string): boolean;
  /** Marks (or, with null, unmarks) the not-yet-saved passage the toolbar is open for. */
  showPending(range: Range | null): void;
  /** Removes our highlights from the page's registry. */
  destroy(): void;
}

export interface PainterOptions {
  /** Defaults to the browser's registry; pass a fake in tests. Null: track ranges but paint nothing. */
  api?: HighlightApi | null;
  flashMs?: number;
}

/** Where a click on a line's edge still counts as on the highlight (px). */
const HIT_SLOP = 1;

export function createPainter(options: PainterOptions = {}): Painter {
  const api = options.api === undefined ? nativeHighlightApi() : options.api;
  const flashMs = options.flashMs ?? 1600;
  /** Everything we put in the page's registry, by name: one per colour, the flash, the pending passage. */
  const registered = new Map<string, HighlightLike>();
  const register = (name: string, priority: number): HighlightLike | null => {
    if (!api) return null;
    const highlight = api.create();
    highlight.priority = priority;
    registered.set(name, highlight);
    api.registry.set(name, highlight);
    return highlight;
  };
  for (const color of COLORS) register(highlightName(color), 1);
  const focus = register(FOCUS_HIGHLIGHT, 2);
  const pending = register(PENDING_HIGHLIGHT, 3);
  let items = new Map<string, PaintItem>();
  let flashTimer: ReturnType<typeof setTimeout> | undefined;

  /** Clears the colours and the flash (not the pending passage: it is not painted from items). */
  function clearPainted(): void {
    for (const highlight of registered.values()) if (highlight !== pending) highlight.clear();
  }

  return {
    supported: api !== null,
    paint(next) {
      clearPainted();
      items = new Map();
      for (const item of next) {
        items.set(item.id, item);
        registered.get(highlightName(item.color))?.add(item.range);
      }
    },
    clear() {
      clearPainted();
      items = new Map();
    },
    hitTest(x, y) {
      // Narrow by the text position under the point first (no layout per range), then confirm
      // against line boxes: a click past a line's end maps to the nearest character too.
      const caret = caretAt(x, y);
      const hits: { id: string; area: number; order: number }[] = [];
      for (const item of items.values()) {
        const { range } = item;
        if (range.collapsed) continue;
        if (caret && !pointInRange(range, caret)) continue;
        if (!caret && !contains(range.getBoundingClientRect(), x, y)) continue;
        let area = 0;
        let hit = false;
        for (const rect of range.getClientRects()) {
          area += rect.width * rect.height;
          if (!hit && contains(rect, x, y)) hit = true;
        }
        if (hit) hits.push({ id: item.id, area, order: item.order });
      }
      return hits.sort((a, b) => a.area - b.area || b.order - a.order).map((hit) => hit.id);
    },
    rangeOf(id) {
      return items.get(id)?.range ?? null;
    },
    flash(id) {
      const item = items.get(id);
      if (!item || item.range.collapsed) return false;
      scrollRangeIntoView(item.range);
      if (focus) {
        focus.clear();
        focus.add(item.range);
        clearTimeout(flashTimer);
        flashTimer = setTimeout(() => focus.clear(), flashMs);
      }
      return true;
    },
    showPending(range) {
      pending?.clear();
      if (range && !range.collapsed) pending?.add(range);
    },
    destroy() {
      clearTimeout(flashTimer);
      items = new Map();
      // Only remove entries that are still ours (another painter may have replaced them).
      for (const [name, highlight] of registered) {
        highlight.clear();
        if (api?.registry.get(name) === highlight) api.registry.delete(name);
      }
    },
  };
}

interface Caret {
  node: Node;
  offset: number;
}

/** The text position under a viewport point, where the browser can tell (null in happy-dom). */
function caretAt(x: number, y: number): Caret | null {
  if (typeof document === 'undefined') return null;
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  if (typeof doc.caretRangeFromPoint === 'function') {
    const range = doc.caretRangeFromPoint(x, y);
    return range ? { node: range.startContainer, offset: range.startOffset } : null;
  }
  return null;
}

function pointInRange(range: Range, caret: Caret): boolean {
  try {
    return range.isPointInRange(caret.node, caret.offset);
  } catch {
    return false; // another document, or a doctype
  }
}

function contains(rect: DOMRectReadOnly, x: number, y: number): boolean {
  return (
    x >= rect.left - HIT_SLOP &&
    x <= rect.right + HIT_SLOP &&
    y >= rect.top - HIT_SLOP &&
    y <= rect.bottom + HIT_SLOP
  );
}

/** Centres the range in its scroll container(s); instant when the reader asked for less motion. */
export function scrollRangeIntoView(range: Range): void {
  const node = range.startContainer;
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  if (!element) return;
  const view = element.ownerDocument.defaultView;
  const reduce = view?.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
}
