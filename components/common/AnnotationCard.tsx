import type { ComponentChildren } from 'preact';
import type { Annotation } from '../../lib/db/types';
import { colorName, formatDate, sourceLabel } from './format';
import { MarkedText } from './MarkedText';
import { findTerms, snippet, type TextRange } from './marks';
import type { Translate } from './messages';

/** Offsets of matches per field, as lib/search reports them (tags: offsets into `tags.join(' ')`). */
export interface FieldHighlight {
  field: string;
  start: number;
  end: number;
}

export interface CardMarks {
  /** Normalised matched terms: used to find marks when there are no offsets. */
  terms: readonly string[];
  highlights?: readonly FieldHighlight[];
}

export interface AnnotationCardProps {
  t: Translate;
  locale: string;
  annotation: Annotation;
  marks?: CardMarks;
  orphan?: boolean;
  /** Show the source title (off inside a library group, where the heading says it). */
  showSource?: boolean;
  /** Clip long quotes around the first match. */
  quoteLimit?: number;
  now?: number;
  /** Controls on the meta line (library: open, edit, delete). */
  actions?: ComponentChildren;
  /** Shown under the card's text (library: the inline editor). */
  children?: ComponentChildren;
}

function rangesFor(text: string, field: string, marks: CardMarks | undefined): TextRange[] {
  if (!marks || !text) return [];
  const offsets = marks.highlights?.filter((h) => h.field === field);
  if (offsets && offsets.length > 0) return offsets.map(({ start, end }) => ({ start, end }));
  return findTerms(text, marks.terms);
}

/** Which tags hold a match: a tag is marked whole. */
function markedTags(tags: readonly string[], marks: CardMarks | undefined): Set<string> {
  const marked = new Set<string>();
  if (!marks) return marked;
  const joined = tags.join(' ');
  const ranges = rangesFor(joined, 'tags', marks);
  let at = 0;
  for (const tag of tags) {
    const end = at + tag.length;
    if (ranges.some((r) => r.start < end && r.end > at)) marked.add(tag);
    at = end + 1;
  }
  return marked;
}

/** One annotation as a card: quote, note, tags, colour, source and date. Text only, never markup. */
export function AnnotationCard(props: AnnotationCardProps) {
  const { t, annotation: a, marks, quoteLimit = 160 } = props;
  const quote = snippet(a.quote, rangesFor(a.quote, 'quote', marks), quoteLimit);
  const noteRanges = rangesFor(a.note, 'note', marks);
  const titleRanges = rangesFor(a.title, 'title', marks);
  const tagMarks = markedTags(a.tags, marks);
  const title = sourceLabel(t, a.title, a.source);
  return (
    <article class={`card card--${a.color}`} data-color={a.color}>
      <span
        class="card__swatch"
        role="img"
        title={colorName(t, a.color)}
        aria-label={colorName(t, a.color)}
      />
      <div class="card__body">
        {a.quote ? (
          <blockquote class="card__quote">
            <MarkedText text={quote.text} ranges={quote.ranges} />
          </blockquote>
        ) : (
          <span class="card__kind" data-testid="page-note-label">
            {t('uiPageNote')}
          </span>
        )}
        {a.note && (
          <p class="card__note">
            <MarkedText text={a.note} ranges={noteRanges} />
          </p>
        )}
        {a.tags.length > 0 && (
          <ul class="card__tags">
            {a.tags.map((tag) => (
              <li key={tag} class="card__tag">
                {tagMarks.has(tag) ? <mark>#{tag}</mark> : `#${tag}`}
              </li>
            ))}
          </ul>
        )}
        <footer class="card__meta">
          {props.actions}
          {props.orphan && (
            <span class="card__orphan" title={t('uiOrphanHint')} data-testid="orphan-badge">
              {t('uiOrphan')}
            </span>
          )}
          {props.showSource !== false && (
            <span class="card__source">
              <MarkedText text={title} ranges={title === a.title ? titleRanges : []} />
            </span>
          )}
          <time class="card__date" dateTime={new Date(a.updatedAt).toISOString()}>
            {formatDate(a.updatedAt, props.locale, props.now)}
          </time>
        </footer>
        {props.children}
      </div>
    </article>
  );
}
