import type { BackgroundMessages } from './protocol';
import { type Handlers, type Route, routerFor } from './router';
import { validateBackgroundMessage } from './validate';

/**
 * The background's router: messages from content scripts and pages are fully validated, since a
 * compromised page may send anything. (Kept apart from ./router so the content bootstrap, which
 * routes only the background's own pushes, does not bundle the schemas.)
 */
export function createRouter(handlers: Handlers): Route {
  return routerFor<BackgroundMessages>(handlers, validateBackgroundMessage);
}
