import type { PanelSurface } from './panel-host';
import { FRAME_PORT_NAME, type HostPort, isFrameAnnouncement } from './panel-protocol';

export interface FrameSurfaceOptions {
  /** The frame page's URL as the content script gets it (a per-session dynamic URL). */
  frameUrl: string;
  /**
   * The origins the frame's documents may have: `chrome-extension://<id>` (a frame loaded from
   * its dynamic URL still has the extension's own origin) and the origin of `frameUrl`.
   */
  extensionOrigins: readonly string[];
  /** runtime.connect: opens a port to the extension page listening under `name` (our frame). */
  connect(name: string): HostPort;
}

/**
 * The panels on web pages: an iframe of the extension's own origin (annotator-frame.html), and
 * the handshake of panel-protocol.ts. Only our own iframe's window, holding a page of the
 * extension's origin, can announce the nonce we connect to: a copy the page embeds has another
 * window, and a page the page navigates our iframe to has the page's origin.
 */
export function createFrameSurface(doc: Document, options: FrameSurfaceOptions): PanelSurface {
  const win = doc.defaultView ?? window;
  const frame = doc.createElement('iframe');
  frame.src = options.frameUrl;
  // The panels copy quotes and links themselves: the page never holds them on the way.
  frame.allow = 'clipboard-write';
  frame.title = 'Meipi';
  doc.documentElement.append(frame);
  const listening = new AbortController();
  return {
    element: frame,
    connect(onPort) {
      const onWindowMessage = (event: MessageEvent) => {
        if (event.source !== frame.contentWindow || !options.extensionOrigins.includes(event.origin)) return;
        if (!isFrameAnnouncement(event.data)) return;
        listening.abort();
        onPort(options.connect(`${FRAME_PORT_NAME}:${event.data.meipiFrame}`));
      };
      win.addEventListener('message', onWindowMessage, { signal: listening.signal });
    },
    destroy() {
      listening.abort();
      frame.remove();
    },
  };
}
