import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reply } from '@/lib/messaging/protocol';

type OnMessage = (message: unknown, sender: object, sendResponse: (reply: unknown) => void) => boolean;

const fake = vi.hoisted(() => {
  const state: { listener?: OnMessage } = {};
  return {
    state,
    browser: {
      runtime: {
        getURL: (path: string) => `chrome-extension://meipi${path}`,
        onMessage: { addListener: (listener: OnMessage) => (state.listener = listener) },
      },
    },
  };
});
vi.mock('wxt/browser', () => ({ browser: fake.browser }));

const { answerRequests } = await import('@/lib/browser/requests');

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('answerRequests', () => {
  beforeEach(() => {
    fake.state.listener = undefined;
  });

  it('says when the requests that woke the worker are answered, not before', async () => {
    const pending: ((reply: Reply<unknown>) => void)[] = [];
    const route = () => new Promise<Reply<unknown>>((resolve) => pending.push(resolve));
    let woken = false;
    void answerRequests(route, 50).then(() => {
      woken = true;
    });
    const replies: unknown[] = [];
    fake.state.listener?.({ type: 'annotations/list' }, {}, (reply) => replies.push(reply));
    fake.state.listener?.({ type: 'annotations/recent' }, {}, (reply) => replies.push(reply));
    await new Promise((resolve) => setTimeout(resolve, 80)); // past the grace: requests are in flight
    expect(woken).toBe(false);
    pending[0]?.({ ok: true, value: [] });
    await flush();
    expect(woken).toBe(false);
    pending[1]?.({ ok: true, value: [] });
    await flush();
    expect(replies).toHaveLength(2);
    expect(woken).toBe(true);
  });

  it('woken by something else (no request comes), says so after the grace', async () => {
    const answered = answerRequests(async () => ({ ok: true, value: null }), 10);
    await expect(answered).resolves.toBeUndefined();
  });
});
