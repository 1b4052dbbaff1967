import type {
  BackgroundMessages,
  Envelope,
  ErrorCode,
  Reply,
  RequestOf,
  ResponseOf,
  TabMessages,
} from './protocol';
import { MessageError } from './protocol';

/** Who sent a message, as the browser reports it (lib/service/sender-scope.ts describeSender). */
export interface SenderInfo {
  tabId?: number;
  frameId?: number;
  url?: string;
  /** An extension page (popup, library, reader); otherwise a content script, bound to its page. */
  extensionPage?: boolean;
}

/** One handler per message of a map (BackgroundMessages, TabMessages). */
export type HandlersOf<M> = {
  [K in keyof M]: (payload: RequestOf<M, K>, sender: SenderInfo) => Promise<ResponseOf<M, K>>;
};
export type Handlers = HandlersOf<BackgroundMessages>;
export type TabHandlers = HandlersOf<TabMessages>;

export type Route = (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>>;

/**
 * Validates, dispatches and wraps every answer in a `Reply`, so the sender always gets a typed
 * result (never an unhandled rejection across the message boundary).
 */
export function routerFor<M>(
  handlers: HandlersOf<M>,
  validate: (
    message: unknown,
  ) => { ok: true; envelope: Envelope<M> } | { ok: false; code: ErrorCode; message: string },
  errorCodeOf: (error: unknown) => ErrorCode,
): Route {
  return async (message, sender) => {
    const checked = validate(message);
    if (!checked.ok) return { ok: false, error: { code: checked.code, message: checked.message } };
    const { type, payload } = checked.envelope as { type: keyof M; payload: unknown };
    try {
      const handler = handlers[type] as (p: unknown, s: SenderInfo) => Promise<unknown>;
      return { ok: true, value: await handler(payload, sender) };
    } catch (error) {
      const messageText = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: errorCodeOf(error), message: messageText } };
    }
  };
}

/**
 * A content script's router for the background's pushes (TabMessages). Only the extension itself
 * can message a content script, so the type (one the handlers know) is all there is to check.
 */
export function createTabRouter(handlers: TabHandlers): Route {
  return routerFor<TabMessages>(
    handlers,
    (message) => {
      const { type, payload } = (typeof message === 'object' && message !== null ? message : {}) as {
        type?: unknown;
        payload?: unknown;
      };
      if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) {
        return {
          ok: false,
          code: 'unknown-type',
          message: `Not a tab message: ${String(type).slice(0, 80)}`,
        };
      }
      return { ok: true, envelope: { type, payload: payload ?? {} } as Envelope<TabMessages> };
    },
    tabErrorCode,
  );
}

/** A content script's failures have no storage behind them to explain: a MessageError's code, or internal. */
function tabErrorCode(error: unknown): ErrorCode {
  return error instanceof MessageError && error.code !== 'unreachable' ? error.code : 'internal';
}
