import { browser } from 'wxt/browser';
import type { SyncApi } from '../../components/common/sync';
import { syncStatusIn } from '../messaging/protocol';
import { background } from './env';

/** The extension pages' side of sync: requests to the background and its `sync/changed` broadcasts. */
export const syncApi: SyncApi = {
  settings: () => background('sync/settings-get', {}),
  status: () => background('sync/status', {}),
  save: (input) => background('sync/settings-save', input),
  syncNow: () => background('sync/now', {}),
  turnOff: () => background('sync/clear', {}),
  onStatus(listener) {
    const handler = (message: unknown) => {
      const status = syncStatusIn(message);
      if (status) listener(status);
      return undefined; // no answer: only the background answers requests
    };
    browser.runtime.onMessage.addListener(handler);
    return () => browser.runtime.onMessage.removeListener(handler);
  },
};
