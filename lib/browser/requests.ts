import { browser } from 'wxt/browser';
import type { Reply } from '../messaging/protocol';
import type { SenderInfo } from '../messaging/router';
import { describeSender } from '../service/sender-scope';

/** Answers every runtime message with what `route` makes of it, told who sent it (as the browser says). */
export function answerRequests(
  route: (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>>,
): void {
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    route(message, describeSender(sender, browser.runtime.getURL('/'))).then(sendResponse);
    return true; // answer asynchronously
  });
}
