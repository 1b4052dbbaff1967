import type { Annotation, Color } from '../lib/db/types';
import { HighlightCard } from './HighlightCard';
import type { UiStrings } from './i18n';
import type { NoteDraft } from './NoteEditor';
import { SelectionToolbar } from './SelectionToolbar';
import { UNDO_ON_PAGES, UndoToast } from './UndoToast';

export type PanelView =
  | { kind: 'none' }
  | { kind: 'toolbar'; key: number; noteOpen: boolean; color?: Color }
  /** `overlaps`: the ids of the highlights under the click (this one among them), which the card switches between. */
  | { kind: 'card'; key: number; annotation: Annotation; overlaps: string[] };

export interface AnnotatorPanelsProps {
  strings: UiStrings;
  view: PanelView;
  busy: boolean;
  message: string | null;
  /** Show "Deleted — Undo". */
  undo: boolean;
  onSave: (draft: { color: Color; note?: string; tags?: string[] }) => void;
  onUpdate: (patch: { color?: Color; note?: string; tags?: string[] }) => void;
  onCopyQuote: () => void;
  onCopyLink: () => void;
  onDelete: () => void;
  onClose: () => void;
  /** Show another of the overlapping highlights instead. */
  onShowCard: (id: string) => void;
  onUndo: () => void;
  /** Keep it the same function across renders: the toast's timer restarts when it changes. */
  onDismissUndo: () => void;
}

/** Where the card's highlight is among those under the click (none when it is alone). */
function overlapOf(view: Extract<PanelView, { kind: 'card' }>) {
  const count = view.overlaps.length;
  return count > 1 ? { index: view.overlaps.indexOf(view.annotation.id), count } : undefined;
}

/** The annotator's panels (toolbar, card, undo toast) for a view: the same in the reader and in the web-page frame. */
export function AnnotatorPanels(props: AnnotatorPanelsProps) {
  const { strings, view } = props;
  return (
    <>
      {view.kind === 'toolbar' && (
        <SelectionToolbar
          key={view.key}
          strings={strings}
          noteOpen={view.noteOpen}
          initialColor={view.color}
          busy={props.busy}
          error={props.message}
          onColor={(color) => props.onSave({ color })}
          onSaveNote={({ color, note, tags }: NoteDraft & { color: Color }) =>
            props.onSave({ color, note, tags })
          }
          onClose={props.onClose}
        />
      )}
      {view.kind === 'card' && (
        <HighlightCard
          key={view.key}
          strings={strings}
          annotation={view.annotation}
          overlap={overlapOf(view)}
          busy={props.busy}
          status={props.message}
          onColor={(color) => props.onUpdate({ color })}
          onSaveNote={({ note, tags }) => props.onUpdate({ note, tags })}
          onCopyQuote={props.onCopyQuote}
          onCopyLink={props.onCopyLink}
          onDelete={props.onDelete}
          onClose={props.onClose}
          onNextOverlap={() => {
            const { overlaps, annotation } = view;
            props.onShowCard(overlaps[(overlaps.indexOf(annotation.id) + 1) % overlaps.length] as string);
          }}
        />
      )}
      {props.undo && (
        <UndoToast
          surface={UNDO_ON_PAGES}
          message={strings.deleted}
          undoLabel={strings.undo}
          closeLabel={strings.close}
          onUndo={props.onUndo}
          onDismiss={props.onDismissUndo}
        />
      )}
    </>
  );
}
