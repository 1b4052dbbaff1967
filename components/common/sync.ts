import { useEffect, useState } from 'preact/hooks';
import type {
  SyncFailureKind,
  SyncSaveResult,
  SyncSettingsInput,
  SyncSettingsView,
  SyncStatusView,
} from '../../lib/messaging/protocol';
import { formatDate } from './format';
import type { MessageKey, Translate } from './messages';

/** What the library's sync section and the popup's sync line do outside themselves (wired to the background). */
export interface SyncApi {
  settings(): Promise<SyncSettingsView | null>;
  status(): Promise<SyncStatusView>;
  save(input: SyncSettingsInput): Promise<SyncSaveResult>;
  syncNow(): Promise<SyncStatusView>;
  turnOff(): Promise<SyncStatusView>;
  /** Calls back with every status the background announces; returns an unsubscribe. */
  onStatus(listener: (status: SyncStatusView) => void): () => void;
}

const FAILURE_KEYS: Record<SyncFailureKind, MessageKey> = {
  auth: 'syncErrorAuth',
  forbidden: 'syncErrorForbidden',
  'not-found': 'syncErrorNotFound',
  'not-webdav': 'syncErrorNotWebdav',
  full: 'syncErrorFull',
  tls: 'syncErrorTls',
  offline: 'syncErrorOffline',
  timeout: 'syncErrorTimeout',
  server: 'syncErrorServer',
  'wrong-passphrase': 'syncErrorWrongPassphrase',
  'needs-passphrase': 'syncErrorNeedsPassphrase',
  'not-encrypted': 'syncErrorNotEncrypted',
  insecure: 'syncErrorInsecure',
  url: 'syncErrorUrl',
  internal: 'syncErrorInternal',
};

/** A failure in the reader's words (one per kind; an unknown kind reads as a generic failure). */
export function syncFailureText(t: Translate, kind: SyncFailureKind): string {
  return t(FAILURE_KEYS[kind] ?? 'syncErrorInternal');
}

/** The status as one line: off, syncing (with progress), synced at a time, pending changes, the last error. */
export function syncStatusText(
  t: Translate,
  locale: string,
  status: SyncStatusView,
  now: number = Date.now(),
): string {
  const when = (time: number) => formatDate(time, locale, now);
  if (status.state === 'off') return t('syncStateOff');
  if (status.state === 'syncing') {
    const p = status.progress;
    if (!p || p.total === 0) return t('syncStateSyncing');
    return t(p.phase === 'download' ? 'syncProgressDownload' : 'syncProgressUpload', [
      String(p.done),
      String(p.total),
    ]);
  }
  const parts: string[] = [];
  if (status.state === 'error' && status.lastError) {
    parts.push(t('syncFailed', syncFailureText(t, status.lastError.kind)));
    if (status.lastSyncedAt !== null) parts.push(t('syncLastSuccess', when(status.lastSyncedAt)));
  } else {
    parts.push(
      status.lastSyncedAt === null ? t('syncStateNever') : t('syncStateSynced', when(status.lastSyncedAt)),
    );
  }
  if (status.pending > 0) parts.push(t('syncPending', String(status.pending)));
  return parts.join(' · ');
}

/** The background's sync status, kept current by its broadcasts; null until the first answer. */
export function useSyncStatus(api: SyncApi): [SyncStatusView | null, (status: SyncStatusView) => void] {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  useEffect(() => {
    let live = true;
    const unsubscribe = api.onStatus((next) => live && setStatus(next));
    api
      .status()
      .then((first) => live && setStatus((current) => current ?? first))
      .catch(() => {});
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return [status, setStatus];
}
