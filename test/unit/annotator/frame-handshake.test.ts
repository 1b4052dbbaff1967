// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acceptHost, createFrameSurface, type FrameKeys, type messagePortLike } from '../../../lib/annotator';

const ORIGIN = 'moz-extension://meipi-uuid';
afterEach(() => {
  for (const frame of document.querySelectorAll('iframe')) frame.remove();
});

/** Extension storage, as lib/browser/frame-keys.ts keeps it: one-time keys. */
function memoryKeys(): FrameKeys & { held: Set<string>; take(key: string): Promise<boolean> } {
  const held = new Set<string>();
  return {
    held,
    put: async (key) => void held.add(key),
    take: async (key) => held.delete(key),
    drop: async (key) => void held.delete(key),
  };
}

const flush = () => new Promise((done) => setTimeout(done, 0));

function host() {
  const keys = memoryKeys();
  const surface = createFrameSurface(document, {
    frameUrl: `${ORIGIN}/annotator-frame.html`,
    extensionOrigins: [ORIGIN],
    keys,
  });
  const onPort = vi.fn();
  surface.connect(onPort);
  const frame = surface.element as HTMLIFrameElement;
  // happy-dom loads nothing into frames: give ours a window of its own, as the browser does.
  const posted: { data: unknown; origin: string; ports: MessagePort[] }[] = [];
  const ownWindow = {
    postMessage: (data: unknown, origin: string, ports: MessagePort[]) =>
      posted.push({ data, origin, ports }),
  } as unknown as Window;
  Object.defineProperty(frame, 'contentWindow', { value: ownWindow });
  const announce = (source: unknown, origin: string, data: unknown = { meipiFrame: 'ready' }) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
  return { surface, frame, keys, onPort, posted, announce };
}

describe('the bootstrap’s side (createFrameSurface)', () => {
  it('introduces itself only to its own iframe, of the extension’s origin, once, with a stored key', async () => {
    const { frame, keys, onPort, posted, announce } = host();
    expect(frame.isConnected).toBe(true);
    announce(window, ORIGIN); // the page itself, pretending
    announce({} as Window, ORIGIN); // a copy of the frame the page embedded: another window
    announce(frame.contentWindow, 'http://page.example'); // our iframe, navigated by the page
    announce(frame.contentWindow, ORIGIN, { meipiFrame: 'page-chosen' });
    await flush();
    expect(posted).toEqual([]);

    announce(frame.contentWindow, ORIGIN);
    announce(frame.contentWindow, ORIGIN);
    await flush();
    expect(posted).toHaveLength(1);
    const [introduction] = posted;
    expect(introduction?.origin).toBe(ORIGIN); // never '*': only the extension's frame can read it
    expect(introduction?.ports).toHaveLength(1);
    const key = (introduction?.data as { meipiHost?: string } | undefined)?.meipiHost;
    expect(key).toMatch(/^[0-9a-f-]{36}$/); // random, 122 bits
    expect([...keys.held]).toEqual([key]);
    expect(onPort).toHaveBeenCalledTimes(1);
  });

  it('forgets its key and its frame with the UI', async () => {
    const { surface, keys } = host();
    await flush();
    expect(keys.held.size).toBe(1);
    surface.destroy();
    await flush();
    expect(keys.held.size).toBe(0);
    expect(document.querySelector('iframe')).toBeNull();
  });
});

describe('the frame’s side (acceptHost)', () => {
  it('announces itself, then takes the first introduction whose key is in storage, and only from its parent', async () => {
    const keys = memoryKeys();
    await keys.put('a'.repeat(32));
    const parent = { postMessage: vi.fn() };
    const frameWindow = new EventTarget() as unknown as Window;
    Object.defineProperty(frameWindow, 'parent', { value: parent });
    const accepted = vi.fn();
    void acceptHost(frameWindow, keys.take).then(accepted);
    expect(parent.postMessage).toHaveBeenCalledWith({ meipiFrame: 'ready' }, '*');

    const send = (source: unknown, data: unknown, withPort = true) => {
      const channel = new MessageChannel();
      frameWindow.dispatchEvent(
        new MessageEvent('message', {
          data,
          source: source as Window,
          ports: withPort ? [channel.port2] : [],
        }),
      );
      return channel;
    };
    send(parent, { meipiHost: 'b'.repeat(32) }); // the page, guessing
    send({}, { meipiHost: 'a'.repeat(32) }); // not from the parent
    send(parent, { meipiHost: 'a'.repeat(32) }, false); // no port
    await flush();
    expect(accepted).not.toHaveBeenCalled();
    expect(keys.held.size).toBe(1);

    const ours = send(parent, { meipiHost: 'a'.repeat(32) });
    await flush();
    expect(accepted).toHaveBeenCalledTimes(1);
    expect(keys.held.size).toBe(0); // one use

    // The port is the channel's: what the host posts arrives.
    const port = accepted.mock.calls[0]?.[0] as ReturnType<typeof messagePortLike>;
    const heard = new Promise((done) => port.onMessage.addListener(done));
    ours.port1.postMessage({ type: 'focus' });
    expect(await heard).toEqual({ type: 'focus' });
    ours.port1.close();
  });
});
