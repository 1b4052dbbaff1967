import { useEffect } from 'preact/hooks';
import { IconButton } from './IconButton';
import type { UiStrings } from './i18n';

export interface UndoToastProps {
  strings: UiStrings;
  message: string;
  onUndo: () => void;
  onDismiss: () => void;
  timeoutMs?: number;
}

/** "Deleted — Undo" at the bottom of the viewport; goes away by itself. */
export function UndoToast({ strings, message, onUndo, onDismiss, timeoutMs = 6000 }: UndoToastProps) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, timeoutMs);
    return () => clearTimeout(timer);
  }, [onDismiss, timeoutMs]);

  return (
    <div class="meipi-toast" role="status" data-testid="undo-toast">
      <span>{message}</span>
      <button
        type="button"
        class="meipi-button meipi-button--link"
        data-testid="undo-button"
        onClick={onUndo}
      >
        {strings.undo}
      </button>
      <IconButton label={strings.close} onClick={onDismiss}>
        ×
      </IconButton>
    </div>
  );
}
