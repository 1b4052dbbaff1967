import { type BackgroundMessages, type ErrorCode, MessageError } from './protocol';
import { type Handlers, type Route, routerFor } from './router';
import { validateBackgroundMessage } from './validate';

/**
 * The background's router: messages from content scripts and pages are fully validated, since a
 * compromised page may send anything. (Kept apart from ./router so the content bootstrap, which
 * routes only the background's own pushes, does not bundle the schemas.)
 */
export function createRouter(handlers: Handlers): Route {
  return routerFor<BackgroundMessages>(handlers, validateBackgroundMessage, errorCodeOf);
}

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
