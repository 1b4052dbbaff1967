import { browser } from 'wxt/browser';
import type { Reply } from '../messaging/protocol';
import type { SenderInfo } from '../messaging/router';

/** Answers every runtime message with what `route` makes of it, told who sent it. */
export function answerRequests(
  route: (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>>,
): void {
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    route(message, { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url }).then(sendResponse);
    return true; // answer asynchronously
  });
}
