import type { BackgroundMessages, ErrorCode, MessageType, Reply, RequestOf, ResponseOf } from './protocol';
import { MessageError } from './protocol';
import { validateBackgroundMessage } from './validate';

/** Who sent a message, as the browser reports it (lib/service/sender-scope.ts describeSender). */
export interface SenderInfo {
  tabId?: number;
  frameId?: number;
  url?: string;
  /** An extension page (popup, library, reader); otherwise a content script, bound to its page. */
  extensionPage?: boolean;
}

export type Handlers = {
  [K in MessageType]: (
    payload: RequestOf<BackgroundMessages, K>,
    sender: SenderInfo,
  ) => Promise<ResponseOf<BackgroundMessages, K>>;
};

/** Maps a thrown error to a code the UI can explain; storage errors keep their meaning. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof MessageError && error.code !== 'unreachable') return error.code;
  const name = error instanceof Error ? error.name : '';
  if (name === 'AnnotationNotFoundError') return 'not-found';
  if (name === 'QuotaExceededError' || /quota/i.test(String(error))) return 'quota-exceeded';
  if (/^(Database|Abort|Open|Upgrade|InvalidState|Transaction|UnknownError)/.test(name))
    return 'storage-failed';
  return 'internal';
}

/**
 * Validates, dispatches and wraps every answer in a `Reply`, so the sender always gets a typed
 * result (never an unhandled rejection across the message boundary).
 */
export function createRouter(handlers: Handlers) {
  return async (message: unknown, sender: SenderInfo): Promise<Reply<unknown>> => {
    const checked = validateBackgroundMessage(message);
    if (!checked.ok) return { ok: false, error: { code: checked.code, message: checked.message } };
    const { type, payload } = checked.envelope;
    try {
      const handler = handlers[type] as (p: typeof payload, s: SenderInfo) => Promise<unknown>;
      return { ok: true, value: await handler(payload, sender) };
    } catch (error) {
      const messageText = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: errorCodeOf(error), message: messageText } };
    }
  };
}
