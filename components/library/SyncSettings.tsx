import { useEffect, useState } from 'preact/hooks';
import type { SyncFailureKind, SyncSettingsView } from '../../lib/messaging/protocol';
import type { Translate } from '../common/messages';
import { type SyncApi, syncFailureText, syncStatusText, useSyncStatus } from '../common/sync';

export interface SyncSettingsProps {
  t: Translate;
  locale: string;
  api: SyncApi;
}

type Outcome =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'saved' }
  | { phase: 'failed'; kind: SyncFailureKind }
  /** The background did not answer (restarting, or the extension reloaded). */
  | { phase: 'unreachable' }
  | { phase: 'off' };

/**
 * The library's 同步/Sync section: the WebDAV folder, credentials and passphrase (saved secrets are
 * never shown again: an empty field keeps them), save & test, sync now, turn off, and the status.
 */
export function SyncSettings({ t, locale, api }: SyncSettingsProps) {
  const [saved, setSaved] = useState<SyncSettingsView | null>(null);
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ phase: 'idle' });
  const [status, setStatus] = useSyncStatus(api);
  /** Once sync is on the connection settings fold away (the notes come first); open to change them. */
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .settings()
      .then((settings) => {
        if (!live) return;
        setSaved(settings);
        setUrl(settings?.url ?? '');
        setUsername(settings?.username ?? '');
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [api]);

  const fail = (kind: SyncFailureKind) => setOutcome({ phase: 'failed', kind });

  const save = async (event: Event) => {
    event.preventDefault();
    setOutcome({ phase: 'testing' });
    try {
      const result = await api.save({
        url: url.trim(),
        username,
        // An empty field keeps a saved secret; with none saved, empty means none.
        password: password || !saved?.passwordSet ? password : null,
        passphrase: passphrase || !saved?.passphraseSet ? passphrase : null,
      });
      if (!result.ok) return fail(result.kind);
      setSaved(await api.settings());
      setPassword('');
      setPassphrase('');
      setEditing(false);
      setOutcome({ phase: 'saved' });
    } catch {
      fail('internal');
    }
  };

  const syncNow = async () => {
    setOutcome({ phase: 'idle' });
    try {
      setStatus(await api.syncNow());
    } catch {
      setOutcome({ phase: 'unreachable' });
    }
  };

  const turnOff = async () => {
    try {
      setStatus(await api.turnOff());
      setSaved(null);
      setPassword('');
      setPassphrase('');
      setOutcome({ phase: 'off' });
    } catch {
      setOutcome({ phase: 'unreachable' });
    }
  };

  const statusLine =
    outcome.phase === 'testing'
      ? t('syncTesting')
      : outcome.phase === 'failed'
        ? t('syncNotSaved', syncFailureText(t, outcome.kind))
        : outcome.phase === 'unreachable'
          ? t('uiUnreachable')
          : status
            ? syncStatusText(t, locale, status)
            : '';
  const failed =
    outcome.phase === 'failed' ||
    outcome.phase === 'unreachable' ||
    (outcome.phase !== 'testing' && status?.state === 'error');
  const on = saved !== null;
  const syncing = status?.state === 'syncing';

  return (
    <section class="sync" aria-labelledby="sync-heading" data-testid="sync-section">
      <div class="sync__head">
        <h2 id="sync-heading" class="sync__title">
          {t('syncHeading')}
        </h2>
        <p
          class={`sync__status ${failed ? 'sync__status--error' : ''}`}
          role={failed ? 'alert' : 'status'}
          data-testid="sync-status"
        >
          {statusLine}
        </p>
        <div class="sync__actions">
          <button
            type="button"
            class="button"
            data-testid="sync-now"
            disabled={!on || syncing || outcome.phase === 'testing'}
            onClick={syncNow}
          >
            {t('syncNow')}
          </button>
          {on && (
            <button
              type="button"
              class="button button--quiet button--danger-text"
              data-testid="sync-off"
              onClick={turnOff}
            >
              {t('syncTurnOff')}
            </button>
          )}
        </div>
      </div>
      {status && status.state !== 'off' && status.conflicts > 0 && (
        <p class="notice" data-testid="sync-conflicts">
          {t('syncConflicts', String(status.conflicts))}
        </p>
      )}
      {status && status.state !== 'off' && status.skipped > 0 && (
        <p class="hint" data-testid="sync-skipped">
          {t('syncSkipped', String(status.skipped))}
        </p>
      )}
      {(outcome.phase === 'saved' || outcome.phase === 'off') && (
        <p class="hint" data-testid="sync-message">
          {t(outcome.phase === 'saved' ? 'syncSaved' : 'syncTurnedOff')}
        </p>
      )}
      <details
        class="sync__setup"
        open={!on || editing}
        onToggle={(event) => setEditing((event.currentTarget as HTMLDetailsElement).open)}
      >
        <summary class="sync__summary">{t('syncSettingsToggle')}</summary>
        <p class="hint">{t('syncIntro')}</p>
        <form class="sync__form" onSubmit={save}>
          <label class="sync__field sync__field--wide">
            {t('syncUrlLabel')}
            <input
              type="url"
              data-testid="sync-url"
              required
              placeholder="https://dav.jianguoyun.com/dav/meipi/"
              autocomplete="url"
              spellcheck={false}
              value={url}
              onInput={(event) => setUrl((event.target as HTMLInputElement).value)}
            />
          </label>
          <label class="sync__field">
            {t('syncUsernameLabel')}
            <input
              type="text"
              data-testid="sync-username"
              autocomplete="username"
              spellcheck={false}
              value={username}
              onInput={(event) => setUsername((event.target as HTMLInputElement).value)}
            />
          </label>
          <label class="sync__field">
            {t('syncPasswordLabel')}
            <input
              type="password"
              data-testid="sync-password"
              autocomplete="new-password"
              placeholder={saved?.passwordSet ? t('syncSecretSaved') : ''}
              value={password}
              onInput={(event) => setPassword((event.target as HTMLInputElement).value)}
            />
          </label>
          <label class="sync__field">
            {t('syncPassphraseLabel')}
            <input
              type="password"
              data-testid="sync-passphrase"
              autocomplete="new-password"
              aria-describedby="sync-passphrase-help"
              placeholder={saved?.passphraseSet ? t('syncSecretSaved') : ''}
              value={passphrase}
              onInput={(event) => setPassphrase((event.target as HTMLInputElement).value)}
            />
          </label>
          <p id="sync-passphrase-help" class="hint sync__help">
            {t('syncPassphraseHelp')}
          </p>
          <div class="sync__submit">
            <button
              type="submit"
              class="button"
              data-testid="sync-save"
              disabled={outcome.phase === 'testing' || syncing}
            >
              {t('syncSave')}
            </button>
          </div>
        </form>
      </details>
    </section>
  );
}
