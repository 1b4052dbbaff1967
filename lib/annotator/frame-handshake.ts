import type { HostPort, PanelPort, PortLike } from './panel-protocol';

/**
 * How the bootstrap on a web page and its extension frame (annotator-frame.html) get a private
 * channel the page can neither listen to nor forge, the same in Chromium and Firefox. (A runtime
 * port from the content script cannot be used: in Firefox an extension frame inside a web page has
 * only content-script APIs, and `runtime.connect` from a content script never reaches it.)
 *
 * 1. The frame listens, then announces `{ meipiFrame: 'ready' }` to its parent. The page sees
 *    that: it carries nothing.
 * 2. The bootstrap takes an announcement only from its own iframe's window and the extension's
 *    origin (a copy of the frame the page embeds has another window; our iframe navigated by the
 *    page has the page's origin). It leaves a fresh random key in extension storage, which the page
 *    can neither read nor write, and posts `{ meipiHost: key }` with one end of a MessageChannel
 *    to that window, for that origin only: the page cannot read it.
 * 3. The frame takes the first introduction whose key it finds in extension storage (and removes,
 *    so it serves once). The page can post the frame anything, but cannot know a key.
 */

/** The bootstrap's half of the one-time keys in extension storage (lib/browser/frame-keys.ts). */
export interface FrameKeys {
  put(key: string): Promise<void>;
  /** Forgets `key` if the frame never took it. */
  drop(key: string): Promise<void>;
}

/** The frame's half: whether `key` was put (and not yet taken); takes it. */
export type TakeFrameKey = (key: string) => Promise<boolean>;

export interface FrameAnnouncement {
  meipiFrame: 'ready';
}

export interface HostIntroduction {
  meipiHost: string;
}

export function isFrameAnnouncement(data: unknown): data is FrameAnnouncement {
  return (
    typeof data === 'object' && data !== null && (data as { meipiFrame?: unknown }).meipiFrame === 'ready'
  );
}

export function isHostIntroduction(data: unknown): data is HostIntroduction {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { meipiHost?: unknown }).meipiHost === 'string'
  );
}

/** The bootstrap's side: waits for `frame` to announce itself, then introduces itself with a port. */
export function introduceHost(
  frame: HTMLIFrameElement,
  options: {
    extensionOrigins: readonly string[];
    keys: FrameKeys;
    signal: AbortSignal;
    onPort(port: HostPort): void;
  },
): void {
  const win = frame.ownerDocument.defaultView ?? window;
  const key = crypto.randomUUID();
  const stored = options.keys.put(key);
  const listening = new AbortController();
  options.signal.addEventListener('abort', () => {
    listening.abort();
    void options.keys.drop(key);
  });
  win.addEventListener(
    'message',
    (event: MessageEvent) => {
      const target = frame.contentWindow;
      if (!target || event.source !== target || !options.extensionOrigins.includes(event.origin)) return;
      if (!isFrameAnnouncement(event.data)) return;
      listening.abort();
      const channel = new MessageChannel();
      void stored.then(() => {
        if (options.signal.aborted) return;
        const introduction: HostIntroduction = { meipiHost: key };
        target.postMessage(introduction, event.origin, [channel.port2]);
        options.onPort(messagePortLike(channel.port1, 'meipi:panels'));
      });
    },
    { signal: listening.signal },
  );
}

/** The frame's side: listens for its host, announces itself, resolves with the port once a key checks out. */
export function acceptHost(win: Window, takeKey: TakeFrameKey): Promise<PanelPort> {
  return new Promise((resolve) => {
    const listening = new AbortController();
    win.addEventListener(
      'message',
      (event: MessageEvent) => {
        const [port] = event.ports;
        if (event.source !== win.parent || !port || !isHostIntroduction(event.data)) return;
        void takeKey(event.data.meipiHost).then((known) => {
          if (!known || listening.signal.aborted) return port.close();
          listening.abort();
          resolve(messagePortLike(port, 'meipi:panels'));
        });
      },
      { signal: listening.signal },
    );
    const announcement: FrameAnnouncement = { meipiFrame: 'ready' };
    win.parent.postMessage(announcement, '*');
  });
}

/** A MessagePort as the runtime-port slice the panels and their host use. */
export function messagePortLike<In, Out>(port: MessagePort, name: string): PortLike<In, Out> {
  return {
    name,
    // Posting on a closed MessagePort does nothing, as on a disconnected runtime port.
    postMessage: (message) => port.postMessage(message),
    onMessage: {
      addListener(listener) {
        port.addEventListener('message', (event) => listener(event.data as In));
        port.start();
      },
    },
    // A MessagePort says nothing when its other end goes; the panels watch the extension instead.
    onDisconnect: { addListener() {} },
    disconnect: () => port.close(),
  };
}
