import type { PanelView as ShownPanel } from '../../components/AnnotatorPanels';
import type { Annotation, Color } from '../db/types';
import type { AnnotationPatch } from '../messaging/protocol';

/**
 * The annotator's panels (toolbar, note editor, card, undo toast; ./panels.tsx) talk to the
 * annotator's side (./panel-host.ts) only through messages over a port, the same in both places
 * they live:
 * - on web pages, in an iframe of the extension's own origin (./frame-surface.ts): the page can
 *   neither read it nor send it events, keystrokes typed into it never reach the page's
 *   listeners, and the port is a MessageChannel the page can neither see nor forge
 *   (./frame-handshake.ts);
 * - on extension pages (the reader), in the page itself (./inline-surface.ts), over an in-memory
 *   port pair.
 * The host places the panels' container over the page and keeps it next to its text.

 */

export const FRAME_PAGE = '/annotator-frame.html';
/** Transparent room around the panel inside its container, so its shadow is not cut off. */
export const PANEL_PADDING = 16;

/** What the panels show; a card also carries the page's address, for its passage link (./focus-link.ts). */
export type PanelView =
  | Exclude<ShownPanel, { kind: 'card' }>
  | (Extract<ShownPanel, { kind: 'card' }> & { pageUrl: string });

/** What the panels ask the annotator to do (on the reader's own clicks in them). */
export type PanelAction =
  | { kind: 'save'; color: Color; note?: string; tags?: string[] }
  | { kind: 'update'; id: string; patch: AnnotationPatch }
  | { kind: 'delete'; id: string }
  | { kind: 'restore'; annotation: Annotation };

export type ActionResult = { ok: true; annotation?: Annotation | null } | { ok: false; code: string };

/** Annotator's side → panels. */
export type HostMessage =
  | { type: 'show'; view: PanelView; theme: 'light' | 'dark' }
  /** The card's annotation changed elsewhere (popup, another tab); absent: it was deleted. */
  | { type: 'annotation'; id: string; annotation?: Annotation }
  | { type: 'result'; requestId: number; result: ActionResult }
  /** The reader pressed Tab on the page: focus the panel's first control (keys then stay in the panels). */
  | { type: 'focus' };

/** Panels → annotator's side. */
export type PanelMessage =
  /** The panel's size; `dock: 'bottom'` for the undo toast (bottom centre of the page). */
  | { type: 'size'; width: number; height: number; dock: 'anchor' | 'bottom' }
  /** Whether a note is being typed (a click elsewhere must not throw it away). */
  | { type: 'draft'; typing: boolean }
  | { type: 'closed' }
  /** Show another of the highlights the card was opened on (they overlap under the click). */
  | { type: 'card'; id: string }
  | { type: 'request'; requestId: number; action: PanelAction };

/** The slice of `runtime.Port` both ends use (a MessageChannel's end, or one end of `portPair`). */
export interface PortLike<In, Out> {
  readonly name: string;
  postMessage(message: Out): void;
  onMessage: { addListener(listener: (message: In) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

/** The panels' end of the port, and the annotator side's. */
export type PanelPort = PortLike<HostMessage, PanelMessage>;
export type HostPort = PortLike<PanelMessage, HostMessage>;

/**
 * Two connected in-memory ports (for panels in the page itself, and for tests). Delivery is
 * asynchronous, as with MessageChannels, so both ends behave the same either way.
 */
export function portPair(name = 'meipi:panels'): [HostPort, PanelPort] {
  type End = PortLike<unknown, unknown> & {
    peer?: End;
    listeners: ((m: unknown) => void)[];
    gone: (() => void)[];
    open: boolean;
  };
  const make = (): End => {
    const end: End = {
      name,
      listeners: [],
      gone: [],
      open: true,
      postMessage(message) {
        const peer = end.peer;
        if (!end.open || !peer?.open) throw new Error('port closed');
        queueMicrotask(() => {
          if (peer.open) for (const listener of peer.listeners) listener(message);
        });
      },
      onMessage: { addListener: (listener) => void end.listeners.push(listener) },
      onDisconnect: { addListener: (listener) => void end.gone.push(listener) },
      disconnect() {
        if (!end.open) return;
        end.open = false;
        const peer = end.peer;
        // As with runtime ports, only the other end hears the disconnect.
        if (peer?.open)
          queueMicrotask(() => {
            peer.open = false;
            for (const listener of peer.gone) listener();
          });
      },
    };
    return end;
  };
  const host = make();
  const panels = make();
  host.peer = panels;
  panels.peer = host;
  return [host as HostPort, panels as PanelPort];
}
