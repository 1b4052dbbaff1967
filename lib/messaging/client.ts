import type { Envelope, Reply, RequestOf, ResponseOf } from './protocol';
import { MessageError } from './protocol';

/** Sends one envelope and resolves with the receiver's raw answer (browser.runtime.sendMessage or tabs.sendMessage). */
export type Transport = (envelope: { type: string; payload: unknown }) => Promise<unknown>;

function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * A typed sender over any transport. Errors come back as `MessageError` with a code; a missing
 * receiver (worker restarting, extension reloaded) is `unreachable`, so callers can offer a retry.
 */
export function createMessenger<M>(transport: Transport) {
  return async function send<K extends keyof M & string>(
    type: K,
    payload: RequestOf<M, K>,
  ): Promise<ResponseOf<M, K>> {
    let answer: unknown;
    try {
      answer = await transport({ type, payload } as Envelope<M, K> & { type: string; payload: unknown });
    } catch (error) {
      throw new MessageError('unreachable', error instanceof Error ? error.message : String(error));
    }
    if (!isReply(answer)) throw new MessageError('unreachable', `No answer to ${type}`);
    if (!answer.ok) throw new MessageError(answer.error.code, answer.error.message);
    return answer.value as ResponseOf<M, K>;
  };
}

export type Messenger<M> = ReturnType<typeof createMessenger<M>>;
