import { placeFloating } from '../../components/position';
import type { Color } from '../db/types';
import { detectTheme } from '../highlight/theme';
import { messageErrorCode } from '../messaging/protocol';
import type { Annotator, AnnotatorUi } from './core';
import {
  type ActionResult,
  type HostMessage,
  type HostPort,
  PANEL_PADDING,
  type PanelAction,
  type PanelMessage,
  type PanelView,
} from './panel-protocol';

/** Where the panels live: what the host places over the page, and the port to them. */
export interface PanelSurface {
  /** An iframe of the extension on web pages (./frame-surface.ts), an element on extension pages. */
  readonly element: HTMLElement;
  /** Calls back once, with the port to the panels, when they can be talked to. */
  connect(onPort: (port: HostPort) => void): void;
  destroy(): void;
}

const GAP = 8;
const DOCK_BOTTOM = 24;
// The colour scheme must match the frame's root, or Chromium paints an opaque backdrop behind it.
const SURFACE_STYLE =
  'position:fixed;border:0;margin:0;padding:0;z-index:2147483647;background:transparent;color-scheme:normal;display:block;max-width:none;max-height:none;';

/**
 * The annotator's side of its panels (see panel-protocol.ts): places the surface next to its
 * text, tells the panels what to show, and answers their requests with the annotator.
 */
export function createPanelHost(annotator: Annotator, surface: PanelSurface): AnnotatorUi {
  const doc = annotator.root.ownerDocument;
  const win = doc.defaultView ?? window;
  const { element } = surface;
  /** Where the surface is (null: hidden), in one write; `!important` so page CSS cannot move it. */
  const setBox = (box: { left: number; top: number; width: number; height: number } | null) => {
    const { left = 0, top = 0, width = 0, height = 0 } = box ?? {};
    element.style.cssText =
      `${SURFACE_STYLE}left:${left}px;top:${top}px;width:${width}px;height:${height}px;visibility:${box ? 'visible' : 'hidden'}`
        .split(';')
        .join(' !important;');
  };
  setBox(null);

  let port: HostPort | null = null;
  let view: PanelView = { kind: 'none' };
  let anchor: (() => DOMRect) | null = null;
  let size: { width: number; height: number; dock: 'anchor' | 'bottom' } | null = null;
  let typing = false;
  let nextKey = 1;
  let destroyed = false;
  let focusWhenShown = false;

  const send = (message: HostMessage) => port?.postMessage(message);
  const showCurrent = () => send({ type: 'show', view, theme: detectTheme(doc) });

  surface.connect((opened) => {
    if (destroyed) return opened.disconnect();
    port = opened;
    opened.onMessage.addListener(onPanelMessage);
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
    });
    showCurrent();
  });
  // Every listener goes with the UI at once.
  const listening = new AbortController();
  const { signal } = listening;

  function onPanelMessage(message: PanelMessage): void {
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
      case 'card':
        if (view.kind === 'card') showCard(view.overlaps, anchor, message.id);
        break;
      case 'request':
        void perform(message.action).then((result) =>
          send({ type: 'result', requestId: message.requestId, result }),
        );
        break;
    }
  }

  async function perform(action: PanelAction): Promise<ActionResult> {
    try {
      switch (action.kind) {
        case 'save': {
          const from = view;
          const saved = await annotator.saveSelection(action);
          // Unless the reader has moved on to another selection or card meanwhile.
          if (saved && view === from) view = { kind: 'none' };
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
    const outer = { width: size.width + 2 * PANEL_PADDING, height: size.height + 2 * PANEL_PADDING };
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
    setBox({ left: left - PANEL_PADDING, top: top - PANEL_PADDING, ...outer });
    // A hidden frame cannot take the focus: the editor's waits until it is on screen.
    if (focusWhenShown) {
      focusWhenShown = false;
      element.focus();
    }
  }
  const schedulePlace = () => {
    if (!frameRequest) frameRequest = win.requestAnimationFrame(place);
  };
  win.addEventListener('scroll', schedulePlace, { capture: true, passive: true, signal });
  win.addEventListener('resize', schedulePlace, { passive: true, signal });
  // A keyboard selection has no other way into the panel: Tab on the page moves focus there.
  doc.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Tab' || !event.isTrusted || view.kind === 'none' || doc.activeElement === element)
        return;
      event.preventDefault();
      element.focus();
      send({ type: 'focus' });
    },
    { capture: true, signal },
  );

  function show(next: PanelView, nextAnchor: (() => DOMRect) | null): void {
    view = next;
    anchor = nextAnchor;
    size = null;
    typing = false;
    place();
    showCurrent();
  }
  function close(): void {
    // Focus inside the panel (the keyboard's way in) goes back to the page, where the selection still is.
    element.blur();
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

  /** The card for `shown`, one of `ids`; it stays where it opened when it switches between them. */
  function showCard(ids: string[], nextAnchor: (() => DOMRect) | null, shown?: string): void {
    const annotation = annotator.get(shown as string);
    if (annotation)
      show(
        { kind: 'card', key: nextKey++, annotation, overlaps: ids, pageUrl: annotator.pageUrl() },
        nextAnchor,
      );
  }

  const ui: AnnotatorUi = {
    host: element,
    showToolbar(nextAnchor, { noteOpen, color }: { noteOpen: boolean; color?: Color }) {
      // The editor opened from the menu or the shortcut takes the keyboard. Firefox lets a frame's
      // own focus() do that only once its element in the page has the focus.
      focusWhenShown = noteOpen;
      show({ kind: 'toolbar', key: nextKey++, noteOpen, color }, nextAnchor);
    },
    showCard: (ids, nextAnchor) => showCard(ids, nextAnchor, ids[0]),
    hide() {
      if (view.kind === 'none' || typing) return;
      close();
    },
    retire() {
      // Without a draft there is nothing to keep. With one, the panels stay: once their port is
      // closed they keep what the reader typed on screen and say why it cannot be saved.
      if (!typing) ui.destroy();
      else {
        unsubscribe();
        try {
          port?.disconnect();
        } catch {
          // Already gone with the extension.
        }
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      unsubscribe();
      port?.disconnect();
      port = null;
      listening.abort();
      surface.destroy();
      if (frameRequest) win.cancelAnimationFrame(frameRequest);
    },
  };
  return ui;
}
