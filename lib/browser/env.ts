import { browser } from 'wxt/browser';
import type { Translate } from '../../components/common/messages';
import { createMessenger } from '../messaging/client';
import {
  type BackgroundMessages,
  type PageChange,
  pageChangeIn,
  type TabMessages,
} from '../messaging/protocol';
import { createTabRouter, type TabHandlers } from '../messaging/router';

/**
 * The extension pages' view of the browser: i18n, messaging with the background and the tabs,
 * the clipboard. Free of Dexie and jieba so the popup and the reader stay small.
 */

export const t: Translate = (key, substitutions) =>
  (browser.i18n.getMessage as (key: string, substitutions?: string | string[]) => string)(key, substitutions);

export const uiLocale = (): string => browser.i18n.getUILanguage();

export const background = createMessenger<BackgroundMessages>((message) =>
  browser.runtime.sendMessage(message),
);

/** The content script of one tab (its top frame, or the frame given). */
export const toTab = (tabId: number, frameId?: number) =>
  createMessenger<TabMessages>((message) =>
    browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId }),
  );

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

/** Calls back on the background's 'page/changed' broadcasts. Never answers: replies belong to the background. */
export function onAnnotationsChanged(listener: (change: PageChange) => void): () => void {
  const handler = (message: unknown) => {
    const change = pageChangeIn(message);
    if (change) listener(change);
    return undefined; // no answer: only the background answers requests
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

/**
 * Lets an extension page in a tab (the reader) answer the background's TabMessages as a web page's
 * content script does (`tabs.sendMessage` reaches extension pages in the tab too): the context
 * menu and the keyboard command then work there. Any other message is a request to the background
 * and is left for it to answer.
 */
export function answerTabMessages(handlers: TabHandlers): () => void {
  const route = createTabRouter(handlers);
  const handler = (message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
    void route(message, {}).then(sendResponse);
    return true; // answered asynchronously
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
