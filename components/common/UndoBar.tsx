import { useEffect } from 'preact/hooks';
import type { Translate } from './messages';

/** "Deleted — Undo": stays a few seconds, then the deletion is final. */
export function UndoBar(props: {
  t: Translate;
  message: string;
  onUndo?: () => void;
  onDismiss: () => void;
  timeoutMs?: number;
}) {
  const { t, onDismiss, timeoutMs = 8000 } = props;
  useEffect(() => {
    const timer = setTimeout(onDismiss, timeoutMs);
    return () => clearTimeout(timer);
  }, [onDismiss, timeoutMs]);
  return (
    <div class="toast" role="status" data-testid="toast">
      <span>{props.message}</span>
      {props.onUndo && (
        <button type="button" class="link-button toast__undo" data-testid="undo" onClick={props.onUndo}>
          {t('uiUndo')}
        </button>
      )}
      <button
        type="button"
        class="toast__close"
        aria-label={t('uiClose')}
        title={t('uiClose')}
        onClick={onDismiss}
      >
        ×
      </button>
    </div>
  );
}
