import { render } from 'preact';
import { AnnotatorPanels } from '../../components/AnnotatorPanels';
import type { UiStrings } from '../../components/i18n';
import type { Annotation, Color } from '../db/types';
import { copyText } from './clipboard';
import { passageLink } from './focus-link';
import type { ActionResult, PanelAction, PanelMessage, PanelPort, PanelView } from './panel-protocol';

export interface PanelsOptions {
  strings: UiStrings;
  /** components/ui.css, adopted by the panels' shadow root. */
  css: string;
  /** To the annotator's side (./panel-host.ts). */
  port: PanelPort;
  clipboard?: (text: string, container: ShadowRoot) => Promise<void>;
  /**
   * False once the extension is gone (reloaded or updated under the page). Checked every second:
   * a runtime port does not always tell its extension frame when that happens.
   */
  alive?: () => boolean;
  /** The colour of the last save (lib/browser/last-color.ts): the note editor starts on it. */
  lastColor?: () => Promise<Color>;
}

/** The panels lost their host for good (the extension went away), unlike a background that did not answer once. */
const DISCONNECTED = 'disconnected';

interface State {
  view: PanelView;
  busy: boolean;
  message: string | null;
  undo: Annotation | null;
}

/**
 * The annotator's panels (toolbar, note editor, card, undo toast): they show what the annotator's
 * side asks for and turn the reader's clicks into requests back to it, over `port` only. Used in
 * the extension frame on web pages and in the reader page itself (see panel-protocol.ts).
 */
export function mountPanels(host: HTMLElement, options: PanelsOptions): () => void {
  const { strings, port } = options;
  const doc = host.ownerDocument;
  // Open: in the frame the page cannot reach it anyway; in the reader it is our own page.
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new (doc.defaultView ?? window).CSSStyleSheet();
  sheet.replaceSync(options.css);
  shadow.adoptedStyleSheets = [sheet];
  const layer = doc.createElement('div');
  layer.className = 'meipi-layer';
  shadow.append(layer);
  const clipboard = options.clipboard ?? copyText;

  let state: State = { view: { kind: 'none' }, busy: false, message: null, undo: null };
  let connected = true;
  let nextRequest = 1;
  const pending = new Map<number, (result: ActionResult) => void>();

  const post = (message: PanelMessage) => {
    if (!connected) return;
    try {
      port.postMessage(message);
    } catch {
      disconnected(); // the extension went away and the port with it
    }
  };
  const set = (patch: Partial<State>) => {
    state = { ...state, ...patch };
    draw();
  };

  function request(action: PanelAction): Promise<ActionResult> {
    if (!connected) return Promise.resolve({ ok: false, code: DISCONNECTED });
    const requestId = nextRequest++;
    return new Promise((resolve) => {
      pending.set(requestId, resolve);
      post({ type: 'request', requestId, action });
      if (!connected) resolve({ ok: false, code: DISCONNECTED });
    });
  }

  /** Say what went wrong where the reader can act on it; anything else is "try again". */
  function failureMessage(code: string): string {
    if (code === 'too-large') return strings.tooLarge;
    if (code === 'quota-exceeded') return strings.storageFull;
    if (code === DISCONNECTED) return strings.extensionGone;
    return strings.saveFailed;
  }

  async function run(action: PanelAction, onDone: (result: ActionResult & { ok: true }) => void) {
    if (!connected) {
      set({ message: strings.extensionGone });
      return;
    }
    set({ busy: true, message: null });
    const from = state.view;
    const result = await request(action);
    // A slow answer (a busy worker) finds the reader on another selection or card: that panel is
    // not this answer's to close. (One the host closed meanwhile, a deleted card's, still is.)
    if (state.view !== from && state.view.kind !== 'none') return;
    if (result.ok) {
      set({ busy: false });
      onDone(result);
    } else set({ busy: false, message: failureMessage(result.code) });
  }

  const close = () => {
    set({ view: { kind: 'none' }, busy: false, message: null });
    post({ type: 'closed' });
  };

  async function copy(text: string) {
    try {
      await clipboard(text, shadow);
      set({ message: strings.copied });
    } catch {
      set({ message: strings.copyFailed });
    }
  }

  const dismissUndo = () => set({ undo: null });
  function draw() {
    const { view, undo } = state;
    const annotation = view.kind === 'card' ? view.annotation : null;
    render(
      <AnnotatorPanels
        strings={strings}
        view={view}
        busy={state.busy}
        message={state.message}
        undo={undo !== null && view.kind === 'none'}
        onSave={(draft) => run({ kind: 'save', ...draft }, close)}
        onUpdate={(patch) =>
          annotation &&
          run({ kind: 'update', id: annotation.id, patch }, (result) => {
            if (result.annotation && state.view.kind === 'card') {
              set({ view: { ...state.view, annotation: result.annotation } });
            }
          })
        }
        onCopyQuote={() => annotation && copy(annotation.quote)}
        onCopyLink={() => view.kind === 'card' && copy(passageLink(view.pageUrl, view.annotation))}
        onDelete={() =>
          annotation &&
          run({ kind: 'delete', id: annotation.id }, (result) => {
            set({ view: { kind: 'none' }, undo: result.annotation ?? annotation });
          })
        }
        onClose={close}
        onShowCard={(id) => post({ type: 'card', id })}
        onUndo={() => {
          const deleted = state.undo;
          set({ undo: null });
          if (deleted) {
            void request({ kind: 'restore', annotation: deleted }).then((result) => {
              if (!result.ok) set({ undo: deleted, message: failureMessage(result.code) });
            });
          }
        }}
        onDismissUndo={dismissUndo}
      />,
      layer,
    );
    measure();
    reportDraft();
  }

  // --- what the annotator's side needs to place the panels -----------------------------------
  // Measured right after each render (layout is synchronous even while a hidden frame's rendering
  // is throttled) and again whenever the panel resizes itself (the note editor opens).
  let reportedSize = '';
  let observed: Element | null = null;
  const resizes = new ResizeObserver(() => measure());
  function measure() {
    const panel = layer.firstElementChild as HTMLElement | null;
    if (panel !== observed) {
      if (observed) resizes.unobserve(observed);
      if (panel) resizes.observe(panel);
      observed = panel;
    }
    if (!panel) {
      reportedSize = '';
      return;
    }
    const dock = panel.classList.contains('meipi-toast') ? 'bottom' : 'anchor';
    const size = { width: panel.offsetWidth, height: panel.offsetHeight };
    const key = `${size.width}x${size.height}:${dock}`;
    if (key === reportedSize) return;
    reportedSize = key;
    post({ type: 'size', ...size, dock });
  }

  let typing = false;
  function reportDraft() {
    const now = [...layer.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('textarea, input')].some(
      (field) => field.value.trim() !== '',
    );
    if (now === typing) return;
    typing = now;
    post({ type: 'draft', typing });
  }
  layer.addEventListener('input', reportDraft);

  /** The extension was reloaded or updated under the page: what was typed stays, with the reason. */
  function disconnected() {
    if (!connected) return;
    connected = false;
    for (const resolve of pending.values()) resolve({ ok: false, code: DISCONNECTED });
    pending.clear();
    if (typing) set({ busy: false, message: strings.extensionGone });
  }
  /** A toolbar the annotator opened without a colour (a selection) starts on the one used last, as the shortcut does. */
  function startOnLastColor(key: number) {
    void options.lastColor?.().then((color) => {
      const { view } = state;
      if (view.kind === 'toolbar' && view.key === key && !view.color) set({ view: { ...view, color } });
    });
  }
  port.onMessage.addListener((message) => {
    switch (message.type) {
      case 'show':
        host.dataset.theme = message.theme;
        reportedSize = ''; // the host forgot the size with the old view: tell it even when unchanged
        if (message.view.kind === 'toolbar' && !message.view.color) startOnLastColor(message.view.key);
        // A new selection or card replaces the undo toast.
        set({
          view: message.view,
          busy: false,
          message: null,
          undo: message.view.kind === 'none' ? state.undo : null,
        });
        break;
      case 'annotation':
        if (state.view.kind !== 'card' || state.view.annotation.id !== message.id) break;
        if (message.annotation) set({ view: { ...state.view, annotation: message.annotation } });
        else set({ view: { kind: 'none' } });
        break;
      case 'result':
        pending.get(message.requestId)?.(message.result);
        pending.delete(message.requestId);
        break;
      case 'focus':
        layer.querySelector('button')?.focus();
        break;
    }
  });
  port.onDisconnect.addListener(disconnected);
  const { alive } = options;
  const watch = alive && setInterval(() => !alive() && disconnected(), 1000);
  draw();

  return () => {
    if (watch) clearInterval(watch);
    resizes.disconnect();
    render(null, layer);
    if (connected) port.disconnect();
  };
}
