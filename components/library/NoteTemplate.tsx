import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/db/types';
import { HIGHLIGHT_VARIABLES, NOTE_VARIABLES } from '../../lib/export/notes/note-template';
import { TemplateError, type TemplateErrorKind } from '../../lib/export/notes/template';
import type { MessageKey, Translate } from '../common/messages';

/** Where the template lives and how a note is made of it; the entrypoint wires it to storage and the exporter. */
export interface NoteTemplateApi {
  /** The saved template; undefined: the default. */
  load(): Promise<string | undefined>;
  /** Saves (undefined: back to the default); rejects a template that cannot be used. */
  save(template: string | undefined): Promise<void>;
  /** The default template in the UI's language. */
  defaultTemplate: string;
  /** The note `template` makes of `sample`; throws TemplateError. */
  preview(template: string, sample: Annotation[]): string;
}

export interface NoteTemplateProps {
  t: Translate;
  api: NoteTemplateApi;
  /** A few highlights of one source to preview with. */
  sample: Annotation[];
}

const ERROR_MESSAGES: Record<TemplateErrorKind, MessageKey> = {
  'bad-tag': 'noteTemplateErrorBadTag',
  'unknown-variable': 'noteTemplateErrorUnknown',
  'unclosed-section': 'noteTemplateErrorUnclosed',
  'unexpected-close': 'noteTemplateErrorUnexpectedClose',
  'highlights-missing': 'noteTemplateErrorHighlightsMissing',
  'highlights-repeated': 'noteTemplateErrorHighlightsRepeated',
  'highlights-nested': 'noteTemplateErrorHighlightsNested',
  'highlight-variable-outside': 'noteTemplateErrorOutside',
};

export function templateErrorText(t: Translate, error: TemplateError): string {
  return t(ERROR_MESSAGES[error.kind], [String(error.line), error.variable]);
}

type Preview = { markdown: string } | { error: TemplateError };

function render(api: NoteTemplateApi, template: string, sample: Annotation[]): Preview {
  try {
    return { markdown: api.preview(template, sample) };
  } catch (error) {
    if (error instanceof TemplateError) return { error };
    throw error;
  }
}

const names = (list: readonly string[]) => list.map((name) => `{{${name}}}`).join(' ');

/**
 * The library's 笔记模板 section: the template of "export notes" with a live preview. A template
 * with an error says what is wrong and where, and cannot be saved: exports keep the saved one.
 */
export function NoteTemplate({ t, api, sample }: NoteTemplateProps) {
  const [saved, setSaved] = useState<string | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  /** The preview of the last template that worked: kept on screen while the current one has an error. */
  const lastGood = useRef('');

  useEffect(() => {
    let live = true;
    api
      .load()
      .then((stored) => {
        if (!live) return;
        setSaved(stored ?? api.defaultTemplate);
        setText((current) => current ?? stored ?? api.defaultTemplate);
      })
      .catch(() => live && setSaved(api.defaultTemplate));
    return () => {
      live = false;
    };
  }, [api]);

  const current = text ?? saved ?? api.defaultTemplate;
  const preview = useMemo(() => render(api, current, sample), [api, current, sample]);
  const error = 'error' in preview ? preview.error : null;
  if ('markdown' in preview) lastGood.current = preview.markdown;

  const save = async (template: string) => {
    setMessage(null);
    try {
      // The default saved as "none": a later version's default then reaches this user too.
      await api.save(template === api.defaultTemplate ? undefined : template);
      setSaved(template);
      setText(template);
      setMessage(t('noteTemplateSaved'));
    } catch (failure) {
      setMessage(failure instanceof TemplateError ? templateErrorText(t, failure) : t('uiUnreachable'));
    }
  };

  return (
    <section
      class="note-template"
      aria-labelledby="note-template-heading"
      data-testid="note-template-section"
    >
      <div class="note-template__head">
        <h2 id="note-template-heading" class="note-template__title">
          {t('noteTemplateHeading')}
        </h2>
      </div>
      <details class="note-template__setup">
        <summary class="note-template__summary" data-testid="note-template-toggle">
          {t('noteTemplateToggle')}
        </summary>
        <p class="hint">{t('noteTemplateIntro')}</p>
        <p class="hint">{t('noteTemplateSyntax')}</p>
        <p class="hint">
          {t('noteTemplateNoteVariables')} <code>{names(NOTE_VARIABLES)}</code>
        </p>
        <p class="hint">
          {t('noteTemplateHighlightVariables')} <code>{names(HIGHLIGHT_VARIABLES)}</code>
        </p>
        <div class="note-template__panes">
          <label class="note-template__field">
            {t('noteTemplateLabel')}
            <textarea
              data-testid="note-template-input"
              rows={18}
              spellcheck={false}
              value={current}
              onInput={(event) => {
                setText((event.target as HTMLTextAreaElement).value);
                setMessage(null);
              }}
            />
          </label>
          <div class="note-template__field">
            {t('noteTemplatePreview')}
            <pre class="note-template__preview" data-testid="note-template-preview">
              {sample.length === 0 ? t('noteTemplatePreviewEmpty') : lastGood.current}
            </pre>
          </div>
        </div>
        {error && (
          <p class="notice notice--error" role="alert" data-testid="note-template-error">
            {t('noteTemplateKept', templateErrorText(t, error))}
          </p>
        )}
        {message && (
          <p class="hint" role="status" data-testid="note-template-status">
            {message}
          </p>
        )}
        <div class="note-template__actions">
          <button
            type="button"
            class="button"
            data-testid="note-template-save"
            disabled={saved === null || error !== null || current === saved}
            onClick={() => save(current)}
          >
            {t('noteTemplateSave')}
          </button>
          <button
            type="button"
            class="button button--quiet"
            data-testid="note-template-reset"
            disabled={saved === null || (current === api.defaultTemplate && saved === api.defaultTemplate)}
            onClick={() => save(api.defaultTemplate)}
          >
            {t('noteTemplateReset')}
          </button>
        </div>
      </details>
    </section>
  );
}
