import type { Annotation, Color } from '../db/types';
import type { AnnotationPatch } from '../messaging/protocol';

/**
 * The annotation UI on web pages lives in an iframe of the extension's own origin: the page can
 * neither read it nor send it events, and keystrokes typed into it never reach the page's
 * listeners. The content script places the frame; the two talk over a runtime port, which the
 * page can neither see nor open.
 *
 * Handshake: the frame listens for a port named after a random nonce and announces the nonce to
 * its parent with `window.postMessage` (the page sees that message: it carries nothing else).
 * The content script connects (`runtime.connect`) only for an announcement from its own iframe's
 * window and the extension's origin, so a copy of the frame that a page embeds itself is never
 * connected to anything, and a page never learns anything through the port.
 */

export const FRAME_PAGE = '/annotator-frame.html';
export const FRAME_PORT_NAME = 'meipi:annotator-frame';
/** Transparent room around the panel inside the frame, so its shadow is not cut off. */
export const FRAME_PADDING = 16;

export type FrameView =
  | { kind: 'none' }
  | { kind: 'toolbar'; key: number; noteOpen: boolean; color?: Color }
  /** `pageUrl`: the page's address, for the card's passage link (lib/annotator/focus-link.ts). */
  | { kind: 'card'; key: number; annotation: Annotation; pageUrl: string };

/** What the frame asks the content script to do (with the reader's own trusted clicks in the frame). */
export type FrameAction =
  | { kind: 'save'; color: Color; note?: string; tags?: string[] }
  | { kind: 'update'; id: string; patch: AnnotationPatch }
  | { kind: 'delete'; id: string }
  | { kind: 'restore'; annotation: Annotation };

export type ActionResult = { ok: true; annotation?: Annotation | null } | { ok: false; code: string };

/** Content script → frame. */
export type HostMessage =
  | { type: 'show'; view: FrameView; theme: 'light' | 'dark' }
  /** The card's annotation changed elsewhere (popup, another tab); absent: it was deleted. */
  | { type: 'annotation'; id: string; annotation?: Annotation }
  | { type: 'result'; requestId: number; result: ActionResult };

/** Frame → content script. */
export type FrameMessage =
  /** The panel's size; `dock: 'bottom'` for the undo toast (bottom centre of the page). */
  | { type: 'size'; width: number; height: number; dock: 'anchor' | 'bottom' }
  /** Whether a note is being typed (a click elsewhere must not throw it away). */
  | { type: 'draft'; typing: boolean }
  | { type: 'closed' }
  | { type: 'request'; requestId: number; action: FrameAction };

/** The announcement the frame posts to its parent window. */
export interface FrameAnnouncement {
  meipiFrame: string;
}

export function isFrameAnnouncement(data: unknown): data is FrameAnnouncement {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { meipiFrame?: unknown }).meipiFrame === 'string'
  );
}

/** The slice of `runtime.Port` both ends use (so the units run under Node with a fake). */
export interface PortLike<In, Out> {
  readonly name: string;
  postMessage(message: Out): void;
  onMessage: { addListener(listener: (message: In) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}
