import { useState } from 'preact/hooks';
import { LIMITS } from '../../lib/messaging/limits';
import type { Translate } from '../common/messages';
import { noteKeys, useSaving } from '../note-keys';

/** A note on the whole page (no quote): Ctrl/⌘+Enter saves, Esc cancels without closing the popup. */
export function PageNoteForm({
  t,
  onSave,
  onCancel,
}: {
  t: Translate;
  onSave: (note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const { busy, failed, run } = useSaving(() => onSave(note.trim()));
  const save = () => (note.trim() ? run() : Promise.resolve());
  const keys = noteKeys(() => void save(), onCancel);

  return (
    <form
      class="page-note"
      data-testid="page-note-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <textarea
        class="page-note__input"
        data-testid="page-note-input"
        aria-label={t('popupAddPageNote')}
        placeholder={t('popupPageNotePlaceholder')}
        rows={3}
        maxLength={LIMITS.noteChars}
        value={note}
        // biome-ignore lint/a11y/noAutofocus: opened on purpose by the user, who is about to type
        autoFocus
        onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)}
        onKeyDown={(event) => {
          keys(event);
          // The popup's list keys (arrows, Enter to open) are not for a form being typed in.
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp' || event.key === 'Enter') {
            event.stopPropagation();
          }
        }}
      />
      {failed && (
        <p class="notice notice--error" role="alert">
          {t('uiUnreachable')}
        </p>
      )}
      <div class="page-note__actions">
        <button type="button" class="button button--quiet" onClick={onCancel}>
          {t('uiCancel')}
        </button>
        <button type="submit" class="button" data-testid="page-note-save" disabled={busy || !note.trim()}>
          {t('uiSave')}
        </button>
      </div>
    </form>
  );
}
