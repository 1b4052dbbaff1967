import { useState } from 'preact/hooks';
import type { Annotation, Color } from '../../lib/db/types';
import { LIMITS } from '../../lib/messaging/limits';
import { ColorFilter } from '../common/ColorFilter';
import type { Translate } from '../common/messages';
import { noteKeys, useSaving } from '../note-keys';
import { parseTags } from '../tags';

export interface AnnotationEdit {
  note: string;
  color: Color;
  tags: string[];
}

/** Inline editing of note, colour and tags. Ctrl/⌘+Enter saves, Esc cancels. */
export function AnnotationEditor(props: {
  t: Translate;
  annotation: Annotation;
  onSave: (edit: AnnotationEdit) => Promise<void>;
  onCancel: () => void;
}) {
  const { t, annotation } = props;
  const [note, setNote] = useState(annotation.note);
  const [color, setColor] = useState<Color>(annotation.color);
  const [tags, setTags] = useState(annotation.tags.join(', '));
  const { busy, failed, run: save } = useSaving(() => props.onSave({ note, color, tags: parseTags(tags) }));
  const onKeyDown = noteKeys(() => void save(), props.onCancel);

  return (
    <form
      class="editor"
      data-testid="library-editor"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <textarea
        class="editor__note"
        data-testid="edit-note"
        aria-label={t('uiNotePlaceholder')}
        placeholder={t('uiNotePlaceholder')}
        rows={3}
        maxLength={LIMITS.noteChars}
        value={note}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this note
        autoFocus
        onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)}
      />
      <div class="editor__row">
        <ColorFilter t={t} value={color} onChange={(next) => next && setColor(next)} />
        <input
          class="editor__tags"
          data-testid="edit-tags"
          aria-label={t('uiTagsPlaceholder')}
          placeholder={t('uiTagsPlaceholder')}
          value={tags}
          onInput={(event) => setTags((event.target as HTMLInputElement).value)}
        />
      </div>
      {failed && (
        <p class="notice notice--error" role="alert">
          {t('uiUnreachable')}
        </p>
      )}
      <div class="editor__actions">
        <button type="button" class="button button--quiet" onClick={props.onCancel}>
          {t('uiCancel')}
        </button>
        <button type="submit" class="button" data-testid="edit-save" disabled={busy}>
          {t('uiSave')}
        </button>
      </div>
    </form>
  );
}
