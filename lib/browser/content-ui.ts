import { browser } from 'wxt/browser';
import type { SenderInfo } from '../messaging/router';

/**
 * Injects the annotation UI (content-ui.js) into the frame whose bootstrap asked for it; the
 * bootstrap stays small and loads the UI only when the reader selects text or clicks a highlight.
 */
export async function injectContentUi({ tabId, frameId }: SenderInfo): Promise<boolean> {
  if (tabId === undefined) return false;
  await browser.scripting.executeScript({
    target: { tabId, frameIds: [frameId ?? 0] },
    files: ['/content-ui.js'],
  });
  return true;
}
