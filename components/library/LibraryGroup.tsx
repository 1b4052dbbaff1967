import { useState } from 'preact/hooks';
import type { Annotation } from '../../lib/db/types';
import { AnnotationCard, type CardMarks } from '../common/AnnotationCard';
import { formatDate, sourceLabel } from '../common/format';
import type { Translate } from '../common/messages';
import { type AnnotationEdit, AnnotationEditor } from './AnnotationEditor';
import type { Group } from './filter';

/** Items rendered at first per group; a page with thousands of highlights grows on demand. */
export const ITEMS_PER_STEP = 50;

export interface LibraryGroupProps {
  t: Translate;
  locale: string;
  group: Group;
  /** At most this many cards for now: the library mounts a long list a few dozen cards a task. */
  limit?: number;
  /** Only the newest items are read yet: the group's count and its select-all wait for the rest. */
  partial?: boolean;
  /** A link to the page or article, when it has one. */
  href?: string;
  /** What to show for the source instead of its URI (a bundled article: the reader and its byline). */
  sourceLine?: string;
  marks?: ReadonlyMap<string, CardMarks>;
  selected: ReadonlySet<string>;
  editingId: string | null;
  onToggle: (ids: string[], on: boolean) => void;
  onOpen: (annotation: Annotation) => void;
  onEdit: (id: string | null) => void;
  onSave: (annotation: Annotation, edit: AnnotationEdit) => Promise<void>;
  onDelete: (annotation: Annotation) => void;
}

export function LibraryGroup(props: LibraryGroupProps) {
  const { t, group, selected } = props;
  const [shown, setShown] = useState(ITEMS_PER_STEP);
  const visible = group.items.slice(0, Math.min(shown, props.limit ?? shown));
  const allOn = group.items.every((a) => selected.has(a.id));
  const title = sourceLabel(t, group.title, group.source);

  return (
    <section class="group" data-testid="library-group" data-source={group.source}>
      <header class="group__head">
        <input
          type="checkbox"
          class="group__check"
          aria-label={`${t('librarySelect')}: ${title}`}
          checked={allOn}
          disabled={props.partial}
          onChange={() =>
            props.onToggle(
              group.items.map((a) => a.id),
              !allOn,
            )
          }
        />
        <div class="group__titles">
          <h2 class="group__title">
            {props.href ? (
              <a href={props.href} target="_blank" rel="noreferrer">
                {title}
              </a>
            ) : (
              title
            )}
          </h2>
          <p class="group__meta">
            <span class="group__source">{props.sourceLine ?? group.source}</span>
            {!props.partial && <span>{t('uiCount', String(group.items.length))}</span>}
            <span>{t('libraryLastActivity', formatDate(group.lastActivity, props.locale))}</span>
          </p>
        </div>
      </header>
      <ul class="group__items">
        {visible.map((a) => (
          <li key={a.id} class="item" data-testid="library-item" data-id={a.id}>
            <input
              type="checkbox"
              class="item__check"
              data-testid="item-select"
              aria-label={t('librarySelect')}
              checked={selected.has(a.id)}
              onChange={(event) => props.onToggle([a.id], (event.target as HTMLInputElement).checked)}
            />
            <AnnotationCard
              t={t}
              locale={props.locale}
              annotation={a}
              marks={props.marks?.get(a.id)}
              showSource={false}
              quoteLimit={400}
              actions={
                props.editingId === a.id ? undefined : (
                  <span class="item__actions">
                    <button
                      type="button"
                      class="link-button"
                      data-testid="item-open"
                      onClick={() => props.onOpen(a)}
                    >
                      {t('uiOpenSource')}
                    </button>
                    <button
                      type="button"
                      class="link-button"
                      data-testid="item-edit"
                      onClick={() => props.onEdit(a.id)}
                    >
                      {t('uiEdit')}
                    </button>
                    <button
                      type="button"
                      class="link-button link-button--danger"
                      data-testid="item-delete"
                      onClick={() => props.onDelete(a)}
                    >
                      {t('uiDelete')}
                    </button>
                  </span>
                )
              }
            >
              {props.editingId === a.id && (
                <AnnotationEditor
                  t={t}
                  annotation={a}
                  onCancel={() => props.onEdit(null)}
                  onSave={async (edit) => {
                    await props.onSave(a, edit);
                    props.onEdit(null);
                  }}
                />
              )}
            </AnnotationCard>
          </li>
        ))}
      </ul>
      {group.items.length > shown && visible.length === shown && (
        <button
          type="button"
          class="link-button group__more"
          onClick={() => setShown((n) => n + ITEMS_PER_STEP * 4)}
        >
          {t('libraryShowMoreItems', String(Math.min(group.items.length - shown, ITEMS_PER_STEP * 4)))}
        </button>
      )}
    </section>
  );
}
