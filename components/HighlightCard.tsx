import { useState } from 'preact/hooks';
import type { Annotation, Color } from '../lib/db/types';
import { ColorSwatches } from './ColorSwatches';
import { Floating } from './Floating';
import type { UiStrings } from './i18n';
import { type NoteDraft, NoteEditor } from './NoteEditor';
import { PenIcon } from './SelectionToolbar';

export interface HighlightCardProps {
  strings: UiStrings;
  annotation: Annotation;
  anchor: () => DOMRect;
  busy?: boolean;
  /** A short confirmation or error shown in the card ("Copied", "Could not save"). */
  status?: string | null;
  onColor: (color: Color) => void;
  onSaveNote: (draft: NoteDraft) => void;
  onCopyQuote: () => void;
  onCopyLink: () => void;
  onDelete: () => void;
  onClose: () => void;
}

/** What a click on a highlight opens: its note (as text), tags, colour, and what one can do with it. */
export function HighlightCard(props: HighlightCardProps) {
  const { strings, annotation } = props;
  const [editing, setEditing] = useState(false);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (editing) setEditing(false);
      else props.onClose();
    }
  };

  return (
    <Floating
      anchor={props.anchor}
      class="meipi-card"
      label={strings.cardLabel}
      testId="highlight-card"
      onKeyDown={onKeyDown}
    >
      <blockquote class={`meipi-card__quote meipi-card__quote--${annotation.color}`} data-testid="card-quote">
        {annotation.quote}
      </blockquote>
      {editing ? (
        <NoteEditor
          strings={strings}
          initialNote={annotation.note}
          initialTags={annotation.tags}
          busy={props.busy}
          onSave={(draft) => {
            props.onSaveNote(draft);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          {/* Notes are plain text: rendered as a text node, line breaks kept by CSS. */}
          <p
            class={`meipi-card__note${annotation.note ? '' : ' meipi-card__note--empty'}`}
            data-testid="card-note"
          >
            {annotation.note || strings.emptyNote}
          </p>
          {annotation.tags.length > 0 && (
            <ul class="meipi-tags" aria-label={strings.tagsLabel}>
              {annotation.tags.map((tag) => (
                <li key={tag} class="meipi-tag">
                  {tag}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <div class="meipi-card__actions">
        <ColorSwatches
          strings={strings}
          testIdPrefix="card-color-"
          selected={annotation.color}
          disabled={props.busy}
          onPick={(color) => color !== annotation.color && props.onColor(color)}
        />
        <span class="meipi-divider" aria-hidden="true" />
        <button
          type="button"
          class="meipi-icon-button"
          data-testid="card-edit"
          aria-label={strings.editNote}
          title={strings.editNote}
          aria-pressed={editing}
          onClick={() => setEditing(!editing)}
        >
          <PenIcon />
        </button>
        <button
          type="button"
          class="meipi-icon-button"
          data-testid="copy-quote"
          aria-label={strings.copyQuote}
          title={strings.copyQuote}
          onClick={props.onCopyQuote}
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
            <rect
              x="7"
              y="7"
              width="9"
              height="10"
              rx="1.5"
              fill="none"
              stroke="currentColor"
              stroke-width="1.6"
            />
            <path d="M4 13V4.5A1.5 1.5 0 0 1 5.5 3H12" fill="none" stroke="currentColor" stroke-width="1.6" />
          </svg>
        </button>
        <button
          type="button"
          class="meipi-icon-button"
          data-testid="copy-link"
          aria-label={strings.copyLink}
          title={strings.copyLink}
          onClick={props.onCopyLink}
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
            <path
              d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-1 1M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l1-1"
              fill="none"
              stroke="currentColor"
              stroke-width="1.6"
              stroke-linecap="round"
            />
          </svg>
        </button>
        <button
          type="button"
          class="meipi-icon-button meipi-icon-button--danger"
          data-testid="delete-highlight"
          aria-label={strings.deleteHighlight}
          title={strings.deleteHighlight}
          disabled={props.busy}
          onClick={props.onDelete}
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
            <path
              d="M4 6h12M8 6V4h4v2M6 6l.8 10h6.4L14 6"
              fill="none"
              stroke="currentColor"
              stroke-width="1.6"
              stroke-linejoin="round"
            />
          </svg>
        </button>
      </div>
      {props.status && (
        <p class="meipi-status" role="status">
          {props.status}
        </p>
      )}
    </Floating>
  );
}
