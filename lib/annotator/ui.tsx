import { render } from 'preact';
import { AnnotatorPanels, type PanelView } from '../../components/AnnotatorPanels';
import type { UiStrings } from '../../components/i18n';
import type { Annotation, Color } from '../db/types';
import { detectTheme } from '../highlight/theme';
import { messageErrorCode } from '../messaging/protocol';
import { copyText } from './clipboard';
import type { Annotator, AnnotatorUi } from './core';
import { passageLink } from './focus-link';

export interface AnnotatorUiOptions {
  strings: UiStrings;
  /** The UI's stylesheet text (components/ui.css), adopted by the shadow root: no <style>, so page CSP cannot block it. */
  css: string;
  /** Where the host element goes; defaults to the document's root element (outside body, so page layout ignores it). */
  parent?: Element;
  /** Copies text; defaults to the async clipboard with an execCommand fallback (http pages have no navigator.clipboard). */
  clipboard?: (text: string) => Promise<void>;
}

type View =
  | { kind: 'none' }
  | { kind: 'toolbar'; key: number; anchor: () => DOMRect; noteOpen: boolean; color?: Color }
  | { kind: 'card'; key: number; id: string; anchor: () => DOMRect };

interface State {
  view: View;
  busy: boolean;
  message: string | null;
  undo: Annotation | null;
}

export const UI_HOST_TAG = 'meipi-annotator';

/**
 * The Preact side of the annotator: a host element with an open shadow root holding the toolbar,
 * the card and the undo toast. It drives the annotator's writes and re-renders on its events.
 */
export function createAnnotatorUi(annotator: Annotator, options: AnnotatorUiOptions): AnnotatorUi {
  const doc = annotator.root.ownerDocument;
  const host = doc.createElement(UI_HOST_TAG);
  // CSSOM (not a style attribute), which page CSP allows; the host takes no space in the page.
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('inset', '0 auto auto 0', 'important');
  host.style.setProperty('width', '0', 'important');
  host.style.setProperty('height', '0', 'important');
  host.style.setProperty('z-index', '2147483647', 'important');
  host.style.setProperty('display', 'block', 'important');
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new (doc.defaultView ?? window).CSSStyleSheet();
  sheet.replaceSync(options.css);
  shadow.adoptedStyleSheets = [sheet];
  const layer = doc.createElement('div');
  layer.className = 'meipi-layer';
  shadow.append(layer);
  (options.parent ?? doc.documentElement).append(host);

  const strings = options.strings;
  const clipboard = options.clipboard ?? ((text: string) => copyText(text, shadow));
  let state: State = { view: { kind: 'none' }, busy: false, message: null, undo: null };
  /** The extension was reloaded under this page: nothing can be saved any more. */
  let retired = false;
  let nextKey = 1;
  let destroyed = false;

  const set = (patch: Partial<State>) => {
    if (destroyed) return;
    state = { ...state, ...patch };
    draw();
  };
  const close = () => {
    if (state.view.kind === 'toolbar') annotator.clearPending();
    set({ view: { kind: 'none' }, busy: false, message: null });
  };

  async function run(work: () => Promise<unknown>, onDone: () => void) {
    if (retired) {
      set({ message: strings.extensionGone });
      return;
    }
    set({ busy: true, message: null });
    try {
      await work();
      onDone();
      set({ busy: false });
    } catch (error) {
      set({ busy: false, message: failureMessage(error) });
    }
  }

  /** Say what went wrong where the user can act on it; anything else is "try again". */
  function failureMessage(error: unknown): string {
    const code = messageErrorCode(error);
    if (code === 'too-large') return strings.tooLarge;
    if (code === 'quota-exceeded') return strings.storageFull;
    return strings.saveFailed;
  }

  async function copy(text: string) {
    try {
      await clipboard(text);
      set({ message: strings.copied });
    } catch {
      set({ message: strings.copyFailed });
    }
  }

  function draw() {
    const { view, undo } = state;
    const annotation = view.kind === 'card' ? annotator.get(view.id) : undefined;
    const panel: PanelView =
      view.kind === 'toolbar'
        ? { kind: 'toolbar', key: view.key, noteOpen: view.noteOpen, color: view.color }
        : annotation && view.kind === 'card'
          ? { kind: 'card', key: view.key, annotation }
          : { kind: 'none' };
    render(
      <AnnotatorPanels
        strings={strings}
        view={panel}
        anchor={view.kind === 'none' ? undefined : view.anchor}
        busy={state.busy}
        message={state.message}
        undo={undo !== null}
        onSave={(draft) => run(() => annotator.saveSelection(draft), close)}
        onUpdate={(patch) =>
          annotation &&
          run(
            () => annotator.update(annotation.id, patch),
            () => {},
          )
        }
        onCopyQuote={() => annotation && copy(annotation.quote)}
        onCopyLink={() => annotation && copy(passageLink(annotator.pageUrl(), annotation))}
        onDelete={() =>
          annotation &&
          run(async () => {
            const deleted = await annotator.remove(annotation.id);
            state = { ...state, undo: deleted ?? annotation };
          }, close)
        }
        onClose={close}
        onUndo={() => {
          if (!undo) return;
          set({ undo: null });
          annotator.restore(undo).catch(() => set({ undo, message: strings.saveFailed }));
        }}
        onDismissUndo={dismissUndo}
      />,
      layer,
    );
  }
  const dismissUndo = () => set({ undo: null });

  /** A click elsewhere on the page must not throw away a note being typed (Esc or Cancel still do). */
  function hasDraft(): boolean {
    const field = shadow.activeElement;
    return (
      !!field &&
      (field.tagName === 'TEXTAREA' || field.tagName === 'INPUT') &&
      (field as HTMLTextAreaElement).value.trim() !== ''
    );
  }

  const unsubscribe = annotator.subscribe((event) => {
    if (event === 'destroyed') return;
    // The card follows edits made elsewhere (popup, another tab) and closes if its highlight is gone.
    if (state.view.kind === 'card' && !annotator.get(state.view.id)) close();
    else draw();
  });

  const ui: AnnotatorUi = {
    host,
    showToolbar(anchor, { noteOpen, color }) {
      host.dataset.theme = detectTheme(doc);
      set({ view: { kind: 'toolbar', key: nextKey++, anchor, noteOpen, color }, busy: false, message: null });
    },
    showCard(id, anchor) {
      host.dataset.theme = detectTheme(doc);
      set({ view: { kind: 'card', key: nextKey++, id, anchor }, busy: false, message: null });
    },
    hide() {
      if (state.view.kind === 'none' || hasDraft()) return;
      close();
    },
    retire() {
      const typed = [
        ...layer.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('textarea, input'),
      ].some((field) => field.value.trim() !== '');
      if (!typed) {
        ui.destroy();
        return;
      }
      // The words stay on screen (selectable, copyable); saving says why it can't happen.
      retired = true;
      unsubscribe();
      set({ busy: false, message: strings.extensionGone });
    },
    destroy() {
      if (destroyed) return;
      unsubscribe();
      render(null, layer);
      destroyed = true;
      host.remove();
    },
  };
  return ui;
}
