import { annotatableSelection } from './selection';

/** What the reader did on the page, as the annotator cares about it. */
export interface SelectionHandlers {
  /** A selection worth annotating was made (mouse or keyboard). */
  onSelection(range: Range): void;
  /** A plain click with nothing selected: maybe on a highlight. */
  onClick(clientX: number, clientY: number): void;
  /** A press outside our UI, or Escape: close whatever is open. */
  onDismiss(): void;
  /** The reader started dragging out a selection: a chance to get the UI ready before mouseup. */
  onSelecting?(): void;
}

const SELECTION_KEYS = /^(Shift|Arrow\w+|Home|End|PageUp|PageDown|a)$/;

/**
 * Watches mouse and keyboard on `root`'s document and reports selections and clicks; events inside
 * our own UI (`uiHost`) are not the page's and are ignored. Only the reader's own input counts:
 * the page's script can dispatch mouse and key events (isTrusted false) but must not open the
 * toolbar or a card with them. Returns a function that stops watching.
 */
export function observeSelections(
  root: Element,
  uiHost: () => Element | undefined,
  handlers: SelectionHandlers,
): () => void {
  const doc = root.ownerDocument;
  const win = doc.defaultView ?? window;

  const isInsideUi = (event: Event) => {
    const host = uiHost();
    return !!host && event.composedPath().includes(host);
  };

  const onMouseDown = (event: MouseEvent) => {
    if (!event.isTrusted || isInsideUi(event) || event.button !== 0) return;
    handlers.onDismiss();
    if (handlers.onSelecting) doc.addEventListener('mousemove', onDrag, true);
  };
  const onDrag = (event: MouseEvent) => {
    if (!event.isTrusted || (event.buttons & 1) === 0) return;
    doc.removeEventListener('mousemove', onDrag, true);
    handlers.onSelecting?.();
  };
  const onMouseUp = (event: MouseEvent) => {
    doc.removeEventListener('mousemove', onDrag, true);
    if (!event.isTrusted || event.button !== 0 || isInsideUi(event)) return;
    const { clientX, clientY } = event;
    // The selection is final only after the mouseup's default action.
    win.setTimeout(() => {
      if (listening.signal.aborted) return;
      const range = annotatableSelection(root, uiHost());
      if (range) {
        handlers.onSelection(range);
        return;
      }
      const selection = doc.getSelection();
      if (!selection || selection.isCollapsed) handlers.onClick(clientX, clientY);
    }, 0);
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (!event.isTrusted || isInsideUi(event)) return;
    if (event.key === 'Escape') {
      handlers.onDismiss();
      return;
    }
    if (!SELECTION_KEYS.test(event.key)) return;
    const range = annotatableSelection(root, uiHost());
    if (range) handlers.onSelection(range);
  };

  const listening = new AbortController();
  const options = { capture: true, signal: listening.signal };
  doc.addEventListener('mousedown', onMouseDown, options);
  doc.addEventListener('mouseup', onMouseUp, options);
  doc.addEventListener('keyup', onKeyUp, options);
  return () => {
    listening.abort();
    doc.removeEventListener('mousemove', onDrag, true);
  };
}
