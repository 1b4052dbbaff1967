import { browser } from 'wxt/browser';
import type { Reply } from '../messaging/protocol';
import type { SenderInfo } from '../messaging/router';
import { describeSender } from '../service/sender-scope';

/** A worker woken by something other than a message (an alarm, a menu click) gets none this soon. */
const WAKE_GRACE_MS = 100;

/**
 * Answers every runtime message with what `route` makes of it, told who sent it (as the browser
 * says). Resolves once the requests that woke the worker are answered (none left in flight, or
 * none came): the moment for start-up work that would hold them up.
 */
export function answerRequests(
  route: (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>>,
  graceMs: number = WAKE_GRACE_MS,
): Promise<void> {
  let inFlight = 0;
  let answered: () => void = () => {};
  const firstAnswered = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const grace = setTimeout(() => inFlight === 0 && answered(), graceMs);
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    inFlight++;
    route(message, describeSender(sender, browser.runtime.getURL('/'))).then((reply) => {
      sendResponse(reply);
      if (--inFlight > 0) return;
      clearTimeout(grace);
      answered();
    });
    return true; // answer asynchronously
  });
  return firstAnswered;
}
