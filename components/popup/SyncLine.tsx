import type { Translate } from '../common/messages';
import { type SyncApi, syncStatusText, useSyncStatus } from '../common/sync';

/** The popup's sync line: the status in words and 立即同步; nothing while sync is off. */
export function SyncLine({ t, locale, api }: { t: Translate; locale: string; api: SyncApi }) {
  const [status, setStatus] = useSyncStatus(api);
  if (!status || status.state === 'off') return null;
  return (
    <div class={`popup__sync ${status.state === 'error' ? 'popup__sync--error' : ''}`}>
      <span data-testid="popup-sync-status">{syncStatusText(t, locale, status)}</span>
      <button
        type="button"
        class="link-button"
        data-testid="popup-sync-now"
        disabled={status.state === 'syncing'}
        onClick={() => {
          api
            .syncNow()
            .then(setStatus)
            .catch(() => {});
        }}
      >
        {t('syncNow')}
      </button>
    </div>
  );
}
