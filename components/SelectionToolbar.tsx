import { useState } from 'preact/hooks';
import type { Color } from '../lib/db/types';
import { ColorSwatches } from './ColorSwatches';
import { Floating } from './Floating';
import { IconButton, PenIcon } from './IconButton';
import type { UiStrings } from './i18n';
import { type NoteDraft, NoteEditor } from './NoteEditor';

export interface SelectionToolbarProps {
  strings: UiStrings;
  /** Open straight into the note editor (keyboard command "highlight with note"). */
  noteOpen?: boolean;
  initialColor?: Color;
  busy?: boolean;
  error?: string | null;
  onColor: (color: Color) => void;
  onSaveNote: (draft: NoteDraft & { color: Color }) => void;
  onClose: () => void;
}

/** The floating toolbar over a selection: one click per colour saves; the pen opens a note editor. */
export function SelectionToolbar(props: SelectionToolbarProps) {
  const { strings } = props;
  const [noteOpen, setNoteOpen] = useState(props.noteOpen ?? false);
  // Until the reader picks one, the colour given (it may arrive after the toolbar opened).
  const [picked, setColor] = useState<Color | null>(null);
  const color = picked ?? props.initialColor ?? 'yellow';

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    }
  };

  return (
    <Floating
      class="meipi-toolbar"
      label={strings.toolbarLabel}
      testId="highlight-toolbar"
      onKeyDown={onKeyDown}
    >
      <div
        class="meipi-toolbar__row"
        role="toolbar"
        aria-label={strings.toolbarLabel}
        aria-keyshortcuts="Tab"
        title={strings.toolbarKeys}
      >
        <ColorSwatches
          strings={strings}
          testIdPrefix="color-"
          selected={noteOpen ? color : undefined}
          disabled={props.busy}
          onPick={(picked) => (noteOpen ? setColor(picked) : props.onColor(picked))}
        />
        <span class="meipi-divider" aria-hidden="true" />
        <IconButton
          testId="note-button"
          label={strings.addNote}
          expanded={noteOpen}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => setNoteOpen(!noteOpen)}
        >
          <PenIcon />
        </IconButton>
      </div>
      {noteOpen && (
        <NoteEditor
          strings={strings}
          busy={props.busy}
          onSave={(draft) => props.onSaveNote({ ...draft, color })}
          onCancel={props.onClose}
        />
      )}
      {props.error && (
        <p class="meipi-error" role="alert">
          {props.error}
        </p>
      )}
    </Floating>
  );
}
