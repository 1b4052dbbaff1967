import { render } from 'preact';
import { AnnotatorPanels } from '../../components/AnnotatorPanels';
import type { UiStrings } from '../../components/i18n';
import type { Annotation } from '../db/types';
import { copyText } from './clipboard';
import { passageLink } from './focus-link';
import {
  type ActionResult,
  FRAME_PORT_NAME,
  type FrameAction,
  type FrameMessage,
  type FrameView,
  type HostMessage,
  type PortLike,
} from './frame-protocol';

export interface AnnotatorFrameOptions {
  strings: UiStrings;
  /** components/ui.css, adopted by the frame's shadow root like the reader's UI. */
  css: string;
  /** Calls back once with the first port connected under `name` (runtime.onConnect). */
  accept(name: string, onPort: (port: PortLike<HostMessage, FrameMessage>) => void): void;
  /** Tells the parent window the nonce our port is named after (window.parent.postMessage). */
  announce(nonce: string): void;
  clipboard?: (text: string, container: ShadowRoot) => Promise<void>;
}

interface State {
  view: FrameView;
  busy: boolean;
  message: string | null;
  undo: Annotation | null;
}

/**
 * The annotation UI inside the extension frame on web pages (see frame-protocol.ts): shows what
 * the content script asks for and turns the reader's clicks into requests back to it. It never
 * posts a note to the page's window: only a nonce, once.
 */
export function mountAnnotatorFrame(doc: Document, options: AnnotatorFrameOptions): () => void {
  const { strings } = options;
  const host = doc.createElement('div');
  // Open: the page cannot reach into a cross-origin frame anyway, and tests find the test ids.
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new (doc.defaultView ?? window).CSSStyleSheet();
  sheet.replaceSync(options.css);
  shadow.adoptedStyleSheets = [sheet];
  const layer = doc.createElement('div');
  layer.className = 'meipi-layer';
  layer.dataset.framed = '';
  shadow.append(layer);
  doc.body.append(host);
  const clipboard = options.clipboard ?? copyText;

  let port: PortLike<HostMessage, FrameMessage> | null = null;
  let state: State = { view: { kind: 'none' }, busy: false, message: null, undo: null };
  /** Until the content script connects, nothing can be shown or asked. */
  let connected = false;
  let nextRequest = 1;
  const pending = new Map<number, (result: ActionResult) => void>();

  const post = (message: FrameMessage) => {
    if (!connected) return;
    try {
      port?.postMessage(message);
    } catch {
      disconnected(); // the extension went away and the port with it
    }
  };
  const set = (patch: Partial<State>) => {
    state = { ...state, ...patch };
    draw();
  };

  function request(action: FrameAction): Promise<ActionResult> {
    if (!connected) return Promise.resolve({ ok: false, code: 'unreachable' });
    const requestId = nextRequest++;
    return new Promise((resolve) => {
      pending.set(requestId, resolve);
      post({ type: 'request', requestId, action });
      if (!connected) resolve({ ok: false, code: 'unreachable' });
    });
  }

  function failureMessage(code: string): string {
    if (code === 'too-large') return strings.tooLarge;
    if (code === 'quota-exceeded') return strings.storageFull;
    if (code === 'unreachable') return strings.extensionGone;
    return strings.saveFailed;
  }

  async function run(action: FrameAction, onDone: (result: ActionResult & { ok: true }) => void) {
    if (!connected) {
      set({ message: strings.extensionGone });
      return;
    }
    set({ busy: true, message: null });
    const result = await request(action);
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

  // --- what the content script needs to place the frame ---------------------------------------
  // Measured right after each render (layout is synchronous even while the frame is hidden and
  // its rendering throttled) and again whenever the panel resizes itself (the note editor opens).
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
    for (const resolve of pending.values()) resolve({ ok: false, code: 'unreachable' });
    pending.clear();
    if (typing) set({ busy: false, message: strings.extensionGone });
  }
  function start(opened: PortLike<HostMessage, FrameMessage>) {
    port = opened;
    connected = true;
    opened.onMessage.addListener((message) => {
      switch (message.type) {
        case 'show':
          host.dataset.theme = message.theme;
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
      }
    });
    opened.onDisconnect.addListener(disconnected);
    draw();
  }

  const nonce = crypto.randomUUID();
  options.accept(`${FRAME_PORT_NAME}:${nonce}`, start);
  options.announce(nonce);

  return () => {
    resizes.disconnect();
    render(null, layer);
    host.remove();
    if (connected) port?.disconnect();
  };
}
