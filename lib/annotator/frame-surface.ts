import { type FrameKeys, introduceHost } from './frame-handshake';
import type { PanelSurface } from './panel-host';

export interface FrameSurfaceOptions {
  /** The frame page's URL as the content script gets it (in Chromium a per-session dynamic URL). */
  frameUrl: string;
  /**
   * The origins the frame's documents may have: `chrome-extension://<id>` (a frame loaded from
   * its dynamic URL still has the extension's own origin) and the origin of `frameUrl`
   * (`moz-extension://<uuid>` in Firefox).
   */
  extensionOrigins: readonly string[];
  /** Extension storage for the handshake's one-time key (./frame-handshake.ts). */
  keys: FrameKeys;
}

/**
 * The panels on web pages: an iframe of the extension's own origin (annotator-frame.html),
 * reached over the private channel of ./frame-handshake.ts.
 */
export function createFrameSurface(doc: Document, options: FrameSurfaceOptions): PanelSurface {
  const frame = doc.createElement('iframe');
  frame.src = options.frameUrl;
  // The panels copy quotes and links themselves: the page never holds them on the way.
  frame.allow = 'clipboard-write';
  frame.title = 'Meipi';
  const life = new AbortController();
  return {
    element: frame,
    connect(onPort) {
      introduceHost(frame, { ...options, signal: life.signal, onPort });
      // Listening before the frame can load and announce itself.
      doc.documentElement.append(frame);
    },
    destroy() {
      life.abort();
      frame.remove();
    },
  };
}
