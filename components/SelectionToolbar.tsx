import { useState } from 'preact/hooks';
import type { Color } from '../lib/db/types';
import { ColorSwatches } from './ColorSwatches';
import { Floating } from './Floating';
import type { UiStrings } from './i18n';
import { type NoteDraft, NoteEditor } from './NoteEditor';

export interface SelectionToolbarProps {
  strings: UiStrings;
  anchor: () => DOMRect;
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
  const [color, setColor] = useState<Color>(props.initialColor ?? 'yellow');

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    }
  };

  return (
    <Floating
      anchor={props.anchor}
      class="meipi-toolbar"
      label={strings.toolbarLabel}
      testId="highlight-toolbar"
      onKeyDown={onKeyDown}
    >
      <div class="meipi-toolbar__row" role="toolbar" aria-label={strings.toolbarLabel}>
        <ColorSwatches
          strings={strings}
          testIdPrefix="color-"
          selected={noteOpen ? color : undefined}
          disabled={props.busy}
          onPick={(picked) => (noteOpen ? setColor(picked) : props.onColor(picked))}
        />
        <span class="meipi-divider" aria-hidden="true" />
        <button
          type="button"
          class="meipi-icon-button"
          data-testid="note-button"
          aria-label={strings.addNote}
          aria-expanded={noteOpen}
          title={strings.addNote}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => setNoteOpen(!noteOpen)}
        >
          <PenIcon />
        </button>
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

export function PenIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        d="M13.6 3.2a1.8 1.8 0 0 1 2.6 0l.6.6a1.8 1.8 0 0 1 0 2.6L7.4 15.8 3.5 16.5l.7-3.9 9.4-9.4Z"
        fill="none"
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linejoin="round"
      />
      <path d="M11.8 5l3.2 3.2" stroke="currentColor" stroke-width="1.6" />
    </svg>
  );
}
