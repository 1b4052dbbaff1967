import { useState } from 'preact/hooks';
import type { Annotation, Color } from '../lib/db/types';
import { ColorSwatches } from './ColorSwatches';
import { Floating } from './Floating';
import { CopyIcon, IconButton, LinkIcon, PenIcon, TrashIcon } from './IconButton';
import type { UiStrings } from './i18n';
import { type NoteDraft, NoteEditor } from './NoteEditor';

export interface HighlightCardProps {
  strings: UiStrings;
  annotation: Annotation;
  /** Where this highlight is among overlapping ones under the click (absent: it is alone). */
  overlap?: { index: number; count: number };
  busy?: boolean;
  /** A short confirmation or error shown in the card ("Copied", "Could not save"). */
  status?: string | null;
  onColor: (color: Color) => void;
  onSaveNote: (draft: NoteDraft) => void;
  onCopyQuote: () => void;
  onCopyLink: () => void;
  onDelete: () => void;
  onClose: () => void;
  onNextOverlap?: () => void;
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
    <Floating class="meipi-card" label={strings.cardLabel} testId="highlight-card" onKeyDown={onKeyDown}>
      {props.overlap && (
        <button
          type="button"
          class="meipi-button meipi-card__overlap"
          data-testid="card-next-overlap"
          aria-label={strings.nextOverlap(props.overlap.index + 1, props.overlap.count)}
          title={strings.nextOverlap(props.overlap.index + 1, props.overlap.count)}
          onClick={props.onNextOverlap}
        >
          {props.overlap.index + 1}/{props.overlap.count} ▸
        </button>
      )}
      <blockquote class={`meipi-card__quote meipi-color--${annotation.color}`} data-testid="card-quote">
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
        <IconButton
          testId="card-edit"
          label={strings.editNote}
          pressed={editing}
          onClick={() => setEditing(!editing)}
        >
          <PenIcon />
        </IconButton>
        <IconButton testId="copy-quote" label={strings.copyQuote} onClick={props.onCopyQuote}>
          <CopyIcon />
        </IconButton>
        <IconButton testId="copy-link" label={strings.copyLink} onClick={props.onCopyLink}>
          <LinkIcon />
        </IconButton>
        <IconButton
          testId="delete-highlight"
          label={strings.deleteHighlight}
          danger
          disabled={props.busy}
          onClick={props.onDelete}
        >
          <TrashIcon />
        </IconButton>
      </div>
      {props.status && (
        <p class="meipi-status" role="status">
          {props.status}
        </p>
      )}
    </Floating>
  );
}
