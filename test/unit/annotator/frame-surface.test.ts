// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFrameSurface, type HostPort } from '../../../lib/annotator';

const ORIGIN = 'chrome-extension://meipi';
afterEach(() => {
  for (const frame of document.querySelectorAll('iframe')) frame.remove();
});

function setup() {
  const connect = vi.fn((name: string) => ({ name }) as unknown as HostPort);
  const surface = createFrameSurface(document, {
    frameUrl: `${ORIGIN}/annotator-frame.html`,
    extensionOrigins: [ORIGIN],
    connect,
  });
  const onPort = vi.fn();
  surface.connect(onPort);
  const frame = surface.element as HTMLIFrameElement;
  // happy-dom loads nothing into frames: give ours a window of its own, as the browser does.
  const ownWindow = {} as Window;
  Object.defineProperty(frame, 'contentWindow', { value: ownWindow });
  const announce = (source: unknown, origin: string, nonce = 'n1') =>
    window.dispatchEvent(
      new MessageEvent('message', { data: { meipiFrame: nonce }, origin, source: source as Window }),
    );
  return { surface, frame, connect, onPort, announce };
}

describe('createFrameSurface', () => {
  it('connects only for an announcement from its own iframe, of the extension’s origin, once', () => {
    const { frame, connect, onPort, announce } = setup();
    announce(window, ORIGIN, 'page'); // the page itself, pretending
    announce({} as Window, ORIGIN, 'copy'); // a copy of the frame the page embedded: another window
    announce(frame.contentWindow, 'http://page.example', 'navigated'); // our iframe, navigated by the page
    expect(connect).not.toHaveBeenCalled();

    announce(frame.contentWindow, ORIGIN, 'ours');
    announce(frame.contentWindow, ORIGIN, 'again');
    expect(connect.mock.calls.map(([name]) => name)).toEqual(['meipi:annotator-frame:ours']);
    expect(onPort).toHaveBeenCalledTimes(1);
  });

  it('is gone with the UI', () => {
    const { surface, frame } = setup();
    expect(frame.isConnected).toBe(true);
    surface.destroy();
    expect(document.querySelector('iframe')).toBeNull();
  });
});
