import { useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../lib/messaging/limits';
import type { UiStrings } from './i18n';
import { noteKeys } from './note-keys';
import { formatTags, parseTags } from './tags';

export interface NoteDraft {
  note: string;
  tags: string[];
}

export interface NoteEditorProps {
  strings: UiStrings;
  initialNote?: string;
  initialTags?: readonly string[];
  busy?: boolean;
  onSave: (draft: NoteDraft) => void;
  onCancel: () => void;
}

/** A plain-text note (line breaks kept) and free-text tags. Ctrl/Cmd+Enter saves, Esc cancels. */
export function NoteEditor({ strings, initialNote, initialTags, busy, onSave, onCancel }: NoteEditorProps) {
  const [note, setNote] = useState(initialNote ?? '');
  const [tags, setTags] = useState(formatTags(initialTags ?? []));
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.focus({ preventScroll: true });
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  const save = () => {
    if (!busy) onSave({ note: note.replace(/\s+$/, ''), tags: parseTags(tags) });
  };
  const onKeyDown = noteKeys(save, onCancel);

  return (
    <form
      class="meipi-editor"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <textarea
        ref={textarea}
        class="meipi-editor__note"
        data-testid="note-input"
        aria-label={strings.noteLabel}
        placeholder={strings.notePlaceholder}
        rows={4}
        maxLength={LIMITS.noteChars}
        value={note}
        onInput={(event) => setNote(event.currentTarget.value)}
      />
      <input
        class="meipi-editor__tags"
        data-testid="tags-input"
        aria-label={strings.tagsLabel}
        placeholder={strings.tagsPlaceholder}
        value={tags}
        onInput={(event) => setTags(event.currentTarget.value)}
      />
      <div class="meipi-editor__actions">
        <span class="meipi-hint">{strings.saveHint}</span>
        <button type="button" class="meipi-button" onClick={onCancel}>
          {strings.cancel}
        </button>
        <button
          type="submit"
          class="meipi-button meipi-button--primary"
          data-testid="note-save"
          disabled={busy}
        >
          {strings.save}
        </button>
      </div>
    </form>
  );
}
