export type { Remote, RemoteErrorKind, RemoteFile } from './remote';
export { RemoteError } from './remote';
export type { SyncSettings } from './settings';
export { validateSyncSettings } from './settings';
