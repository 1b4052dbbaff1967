import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { changeLogSize, type MeipiDatabase } from '../db';
import { SYNC_CHANGED } from '../messaging/protocol';
import { createSyncController, type KeyValueStore, type SyncController } from '../service/sync';
import { syncOnce } from '../sync';
import { createWebdavRemote } from '../sync/webdav-remote';
import { notifyTabs } from './broadcast';

/** The periodic sync: Chrome keeps alarms across worker restarts, and wakes the worker for them. */
const SYNC_ALARM = 'meipi-sync';
const SYNC_EVERY_MINUTES = 5;

/** Settings (with the credentials), device state and status: this profile's storage.local, nowhere else. */
const localStore: KeyValueStore = {
  get: async (key) => (await browser.storage.local.get(key))[key],
  set: (key, value) => browser.storage.local.set({ [key]: value }),
  remove: (key) => browser.storage.local.remove(key),
};

/** One sync at a time across the worker and any page of this profile (a second window included). */
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  return navigator.locks ? (navigator.locks.request('meipi-sync', work) as Promise<T>) : work();
}

/**
 * The background's sync: call once at worker start (the alarm listener must be registered then).
 * `maintainIndex` runs after remote changes land: a large download is indexed by characters in its
 * write, and maintenance adds jieba's words and pinyin, as after a restore.
 */
export function startSync(db: MeipiDatabase, maintainIndex: () => Promise<unknown>): SyncController {
  const controller = createSyncController({
    db,
    store: localStore,
    engine: { syncOnce },
    createRemote: createWebdavRemote,
    exclusive,
    publish: (status) => {
      browser.runtime.sendMessage({ type: SYNC_CHANGED, payload: status }).catch(() => {});
    },
    onApplied: () => {
      // Every open tab and reader re-reads its page's annotations.
      void notifyTabs(browser, (source) => ({ source }));
      maintainIndex().catch(() => {});
    },
  });
  // Every local write appends to the change log, from this worker or a page writing directly (the
  // library's bulk work): a sync follows shortly after the log grows. (It shrinks as syncs send it.)
  let logged = Number.POSITIVE_INFINITY;
  liveQuery(() => changeLogSize(db)).subscribe({
    next(size) {
      if (size > logged) controller.changed();
      logged = size;
    },
    error: (error: unknown) => console.warn('Meipi sync: watching local changes failed', error),
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void controller.tick();
  });
  void browser.alarms.get(SYNC_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_EVERY_MINUTES });
  });
  return controller;
}
