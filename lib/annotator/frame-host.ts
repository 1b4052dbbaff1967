import { placeFloating } from '../../components/position';
import type { Annotation, Color } from '../db/types';
import { detectTheme } from '../highlight/theme';
import { messageErrorCode } from '../messaging/protocol';
import type { Annotator, AnnotatorUi } from './core';
import {
  type ActionResult,
  FRAME_PADDING,
  FRAME_PORT_NAME,
  type FrameAction,
  type FrameMessage,
  type FrameView,
  type HostMessage,
  isFrameAnnouncement,
  type PortLike,
} from './frame-protocol';

export type FramePort = PortLike<FrameMessage, HostMessage>;

export interface FrameHostOptions {
  /** The frame page's URL as the content script gets it (a per-session dynamic URL). */
  frameUrl: string;
  /**
   * The origins the frame's documents may have: `chrome-extension://<id>` (a frame loaded from
   * its dynamic URL still has the extension's own origin) and the origin of `frameUrl`.
   */
  extensionOrigins: readonly string[];
  /** runtime.connect: opens a port to the extension page listening under `name` (our frame). */
  connect(name: string): FramePort;
}

const GAP = 8;
// Same colour scheme as the frame's root: otherwise Chromium paints an opaque backdrop behind it.
const FRAME_STYLE =
  'position:fixed;border:0;margin:0;padding:0;z-index:2147483647;background:transparent;color-scheme:normal;display:block;max-width:none;max-height:none;';
const DOCK_BOTTOM = 24;

/**
 * The content-script side of the annotation UI on web pages (see frame-protocol.ts): one iframe
 * of the extension's origin, placed next to its text, fed the view to show, and answering the
 * frame's requests with the annotator. Nothing the reader types passes through the page.
 */
export function createFrameUi(annotator: Annotator, options: FrameHostOptions): AnnotatorUi {
  const doc = annotator.root.ownerDocument;
  const win = doc.defaultView ?? window;
  const frame = doc.createElement('iframe');
  frame.src = options.frameUrl;
  // The frame copies quotes and links itself (the page never holds them on a clipboard path).
  frame.allow = 'clipboard-write';
  frame.title = 'Meipi';
  /** Where the frame is (null: hidden), in one write; `!important` so page CSS cannot move it. */
  const setBox = (box: { left: number; top: number; width: number; height: number } | null) => {
    const { left, top, width, height } = box ?? { left: 0, top: 0, width: 0, height: 0 };
    frame.style.cssText =
      `${FRAME_STYLE}left:${left}px;top:${top}px;width:${width}px;height:${height}px;visibility:${box ? 'visible' : 'hidden'}`
        .split(';')
        .join(' !important;');
  };
  setBox(null);
  doc.documentElement.append(frame);

  let port: FramePort | null = null;
  let view: FrameView = { kind: 'none' };
  let anchor: (() => DOMRect) | null = null;
  let size: { width: number; height: number; dock: 'anchor' | 'bottom' } | null = null;
  let typing = false;
  let nextKey = 1;
  let destroyed = false;

  const send = (message: HostMessage) => port?.postMessage(message);
  const showCurrent = () => send({ type: 'show', view, theme: detectTheme(doc) });

  // The frame announces the nonce it listens under. Only our own iframe's window, holding a page
  // of the extension's origin, can post this: a copy the page embeds has another window, and a
  // page the page navigates our iframe to has the page's origin.
  const onWindowMessage = (event: MessageEvent) => {
    if (port || destroyed || event.source !== frame.contentWindow) return;
    if (!options.extensionOrigins.includes(event.origin) || !isFrameAnnouncement(event.data)) return;
    const opened = options.connect(`${FRAME_PORT_NAME}:${event.data.meipiFrame}`);
    port = opened;
    opened.onMessage.addListener(onFrameMessage);
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
    });
    showCurrent();
  };
  // Every listener goes with the UI at once.
  const listening = new AbortController();
  const { signal } = listening;
  win.addEventListener('message', onWindowMessage, { signal });

  function onFrameMessage(message: FrameMessage): void {
    switch (message.type) {
      case 'size':
        size = message;
        place();
        break;
      case 'draft':
        typing = message.typing;
        break;
      case 'closed':
        close();
        break;
      case 'request':
        void perform(message.action).then((result) =>
          send({ type: 'result', requestId: message.requestId, result }),
        );
        break;
    }
  }

  async function perform(action: FrameAction): Promise<ActionResult> {
    try {
      switch (action.kind) {
        case 'save': {
          const saved = await annotator.saveSelection(action);
          if (saved) view = { kind: 'none' };
          return { ok: true, annotation: saved };
        }
        case 'update':
          return { ok: true, annotation: await annotator.update(action.id, action.patch) };
        case 'delete':
          return { ok: true, annotation: await annotator.remove(action.id) };
        case 'restore':
          await annotator.restore(action.annotation);
          return { ok: true };
      }
    } catch (error) {
      return { ok: false, code: messageErrorCode(error) ?? 'internal' };
    }
  }

  // --- placement ---------------------------------------------------------------------------
  let frameRequest = 0;
  function place(): void {
    frameRequest = 0;
    if (!size || (size.dock === 'anchor' && !anchor)) {
      setBox(null);
      return;
    }
    const viewport = { width: win.innerWidth, height: win.innerHeight };
    const outer = { width: size.width + 2 * FRAME_PADDING, height: size.height + 2 * FRAME_PADDING };
    let left: number;
    let top: number;
    if (size.dock === 'bottom') {
      left = Math.round((viewport.width - size.width) / 2);
      top = viewport.height - DOCK_BOTTOM - size.height;
    } else {
      const rect = (anchor as () => DOMRect)();
      // Text scrolled out of view takes its panel with it rather than pinning it to the edge.
      if (rect.bottom < 0 || rect.top > viewport.height || (rect.width === 0 && rect.height === 0)) {
        setBox(null);
        return;
      }
      ({ left, top } = placeFloating(rect, size, viewport, GAP));
    }
    setBox({ left: left - FRAME_PADDING, top: top - FRAME_PADDING, ...outer });
  }
  const schedulePlace = () => {
    if (!frameRequest) frameRequest = win.requestAnimationFrame(place);
  };
  win.addEventListener('scroll', schedulePlace, { capture: true, passive: true, signal });
  win.addEventListener('resize', schedulePlace, { passive: true, signal });

  function show(next: FrameView, nextAnchor: (() => DOMRect) | null): void {
    view = next;
    anchor = nextAnchor;
    size = null;
    typing = false;
    place();
    showCurrent();
  }
  function close(): void {
    if (view.kind === 'toolbar') annotator.clearPending();
    show({ kind: 'none' }, null);
  }

  const unsubscribe = annotator.subscribe((event) => {
    if (event !== 'annotations' || view.kind !== 'card') return;
    // The card follows edits made elsewhere (popup, another tab) and closes if its highlight is gone.
    const current = annotator.get(view.annotation.id);
    if (!current) close();
    else if (current !== view.annotation) {
      view = { ...view, annotation: current };
      send({ type: 'annotation', id: current.id, annotation: current });
    }
  });

  const ui: AnnotatorUi = {
    host: frame,
    showToolbar(nextAnchor, { noteOpen, color }: { noteOpen: boolean; color?: Color }) {
      show({ kind: 'toolbar', key: nextKey++, noteOpen, color }, nextAnchor);
    },
    showCard(id, nextAnchor) {
      const annotation: Annotation | undefined = annotator.get(id);
      if (annotation)
        show({ kind: 'card', key: nextKey++, annotation, pageUrl: annotator.pageUrl() }, nextAnchor);
    },
    hide() {
      if (view.kind === 'none' || typing) return;
      close();
    },
    retire() {
      // The frame notices the extension went away by itself (its port closes) and keeps what
      // the reader typed on screen with the reason; without a draft there is nothing to keep.
      if (!typing) ui.destroy();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      unsubscribe();
      port?.disconnect();
      port = null;
      listening.abort();
      if (frameRequest) win.cancelAnimationFrame(frameRequest);
      frame.remove();
    },
  };
  return ui;
}
