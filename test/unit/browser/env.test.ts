import { describe, expect, it, vi } from 'vitest';

type OnMessage = (message: unknown, sender: unknown, respond: (reply: unknown) => void) => unknown;

/** The slice of `browser` an extension page's messaging uses. */
const fake = vi.hoisted(() => {
  const listeners = new Set<OnMessage>();
  return {
    listeners,
    browser: {
      runtime: {
        onMessage: {
          addListener: (listener: OnMessage) => listeners.add(listener),
          removeListener: (listener: OnMessage) => listeners.delete(listener),
        },
      },
    },
  };
});
vi.mock('wxt/browser', () => ({ browser: fake.browser }));

const { answerTabMessages } = await import('../../../lib/browser/env');
const { pageMessageHandlers } = await import('../../../lib/annotator/page-messages');
type PageAnnotator = Parameters<typeof pageMessageHandlers>[0];

/** Delivers a message to the page as the browser does; resolves with the answer, or 'no answer'. */
function deliver(message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    let answering = false;
    for (const listener of fake.listeners) {
      if (listener(message, { id: 'ext' }, resolve) === true) answering = true;
    }
    if (!answering) resolve('no answer');
  });
}

describe('an extension page in a tab answers the background as a content script does', () => {
  it('highlights the selection on the command / context menu, and leaves other messages to the background', async () => {
    const highlightSelection = vi.fn(async () => ({ saved: true }));
    const annotator = { highlightSelection } as unknown as PageAnnotator;
    const stop = answerTabMessages(pageMessageHandlers(annotator, async () => {}));

    expect(
      await deliver({ type: 'page/highlight-selection', payload: { color: 'green', withNote: false } }),
    ).toEqual({ ok: true, value: { saved: true } });
    expect(highlightSelection).toHaveBeenCalledWith({ color: 'green', withNote: false });
    // Another extension page's request to the background: only the background may answer it.
    expect(await deliver({ type: 'annotations/list', payload: { source: 'x' } })).toBe('no answer');
    expect(await deliver(null)).toBe('no answer');

    stop();
    expect(fake.listeners.size).toBe(0);
  });
});
