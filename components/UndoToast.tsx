import { useEffect } from 'preact/hooks';

/**
 * Where the toast shows: its class names come from that surface's stylesheet (components/ui.css
 * on web pages and the reader, base.css and the library's on extension pages), and tests know
 * each surface's toast by its own test ids.
 */
export interface UndoToastSurface {
  classes: { toast: string; undo: string; close: string };
  testIds: { toast: string; undo: string };
  timeoutMs: number;
}

/** The annotation UI over a page (or the reader): the toast after deleting from the card. */
export const UNDO_ON_PAGES: UndoToastSurface = {
  classes: { toast: 'meipi-toast', undo: 'meipi-button meipi-button--link', close: 'meipi-icon-button' },
  testIds: { toast: 'undo-toast', undo: 'undo-button' },
  timeoutMs: 6000,
};

/** The library: longer, since a bulk delete may take a moment to take in. */
export const UNDO_ON_EXTENSION_PAGES: UndoToastSurface = {
  classes: { toast: 'toast', undo: 'link-button toast__undo', close: 'toast__close' },
  testIds: { toast: 'toast', undo: 'undo' },
  timeoutMs: 8000,
};

export interface UndoToastProps {
  surface: UndoToastSurface;
  message: string;
  undoLabel: string;
  closeLabel: string;
  /** Without it the toast only informs (nothing to undo). */
  onUndo?: () => void;
  onDismiss: () => void;
  timeoutMs?: number;
}

/** "Deleted — Undo" at the bottom of the viewport; goes away by itself, and then the deletion is final. */
export function UndoToast(props: UndoToastProps) {
  const { surface, onDismiss, timeoutMs = surface.timeoutMs } = props;
  useEffect(() => {
    const timer = setTimeout(onDismiss, timeoutMs);
    return () => clearTimeout(timer);
  }, [onDismiss, timeoutMs]);

  return (
    <div class={surface.classes.toast} role="status" data-testid={surface.testIds.toast}>
      <span>{props.message}</span>
      {props.onUndo && (
        <button
          type="button"
          class={surface.classes.undo}
          data-testid={surface.testIds.undo}
          onClick={props.onUndo}
        >
          {props.undoLabel}
        </button>
      )}
      <button
        type="button"
        class={surface.classes.close}
        aria-label={props.closeLabel}
        title={props.closeLabel}
        onClick={onDismiss}
      >
        ×
      </button>
    </div>
  );
}
