/**
 * lib/sync — sync between devices through the reader's own WebDAV folder, end-to-end encrypted when
 * a passphrase is set (no DOM, no browser.*: runs in the service worker and under Node). The remote
 * format, the merge rules and what the server can see: FORMAT.md.
 *
 * Wiring (lib/browser/sync.ts): keep a SyncDeviceState (newDeviceState() once per profile) and
 * SyncSettings in storage.local; per sync: `syncOnce({ db, remote: createWebdavRemote(settings),
 * state, passphrase: settings.passphrase, saveState })`, one at a time. lib/db logs local writes
 * itself; `countPendingChanges(db)` (lib/db) is the status's pending count.
 */
export { KDF_ITERATIONS } from './crypto';
export {
  FIRST_SNAPSHOT_MIN,
  newDeviceState,
  SNAPSHOT_EVERY,
  type SyncDeviceState,
  SyncError,
  type SyncErrorKind,
  type SyncOptions,
  type SyncProgress,
  type SyncReport,
  syncOnce,
} from './engine';
export { META_FILE, parseSyncFileName } from './format';
export { MemoryFolder, MemoryRemote } from './memory-remote';
export { CONFLICT_TAG } from './merge';
export type { Remote, RemoteErrorKind, RemoteFile } from './remote';
export { RemoteError } from './remote';
export type { SyncSettings } from './settings';
export { validateSyncSettings } from './settings';
