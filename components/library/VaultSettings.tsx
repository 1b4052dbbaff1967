import { useEffect, useState } from 'preact/hooks';
import type { FolderPermission, VaultStatus, VaultView } from '../../lib/vault';
import { formatDate } from '../common/format';
import type { Translate } from '../common/messages';

/** The vault as the library page sees it: `permission` asked of the browser by this page. */
export type VaultPageView = VaultView & { permission: FolderPermission | null };

/** What the 笔记文件夹 section does outside itself; lib/browser/vault.ts wires it. */
export interface VaultApi {
  /** False where the browser cannot write to a folder: only the zip is offered. */
  canPick: boolean;
  /** Calls back with the vault now and after every change; returns an unsubscribe. */
  watch(listener: (view: VaultPageView) => void): () => void;
  /** The browser's folder picker; false when the reader cancelled it. */
  pick(): Promise<boolean>;
  /** Asks the browser again (from the click), then exports; null when it was refused. */
  regrant(): Promise<VaultStatus | null>;
  exportNow(): Promise<VaultStatus | null>;
  setAuto(auto: boolean): Promise<void>;
  /** How re-exports treat a highlight deleted in Meipi; the new choice is applied to every note at once. */
  setDeleted(deleted: 'mark' | 'remove'): Promise<void>;
  downloadZip(): Promise<void>;
}

export interface VaultSettingsProps {
  t: Translate;
  locale: string;
  api: VaultApi;
}

type Busy = 'exporting' | 'zipping' | null;

function statusText(t: Translate, locale: string, view: VaultPageView, busy: Busy): string {
  const folder = view.folder ?? '';
  if (busy === 'exporting') return t('vaultExporting', folder);
  if (busy === 'zipping') return t('vaultZipping');
  if (view.folder === null) return t('vaultNone');
  if (view.permission !== 'granted' || view.status?.state === 'needs-permission') {
    return t('vaultNeedsPermission', folder);
  }
  const status = view.status;
  if (!status) return t('vaultChosen', folder);
  const when = formatDate(status.at, locale);
  switch (status.state) {
    case 'done':
      return t('vaultDone', [folder, when, String(status.written), String(status.unchanged)]);
    case 'missing':
      return t('vaultMissing', folder);
    case 'not-writable':
      return t('vaultNotWritable', folder);
    default:
      return t('vaultFailed', folder);
  }
}

/**
 * The library's 笔记文件夹/Vault section: choose a folder (an Obsidian vault) once, export into it
 * now or after every change, permission asked again when the browser dropped it, and the same
 * notes as a zip.
 */
export function VaultSettings({ t, locale, api }: VaultSettingsProps) {
  const [view, setView] = useState<VaultPageView | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [failed, setFailed] = useState(false);
  /** The checkbox follows the click at once; the stored setting catches up. */
  const [auto, setAuto] = useState(true);

  useEffect(() => api.watch(setView), [api]);
  const storedAuto = view?.auto;
  useEffect(() => {
    if (storedAuto !== undefined) setAuto(storedAuto);
  }, [storedAuto]);

  const run = async (kind: Exclude<Busy, null>, work: () => Promise<unknown>) => {
    setBusy(kind);
    setFailed(false);
    try {
      await work();
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };

  const chosen = view !== null && view.folder !== null;
  const needsPermission =
    chosen && (view.permission !== 'granted' || view.status?.state === 'needs-permission');
  const broken = view?.status?.state === 'missing' || view?.status?.state === 'not-writable';
  const alarming = failed || needsPermission || broken || view?.status?.state === 'failed';

  const pick = async () => {
    setFailed(false);
    try {
      if (!(await api.pick())) return;
    } catch {
      setFailed(true);
      return;
    }
    await run('exporting', api.exportNow);
  };

  return (
    <section class="vault" aria-labelledby="vault-heading" data-testid="vault-section">
      <div class="vault__head">
        <h2 id="vault-heading" class="vault__title">
          {t('vaultHeading')}
        </h2>
        <p
          class={`vault__status ${alarming ? 'vault__status--error' : ''}`}
          role={alarming ? 'alert' : 'status'}
          data-testid="vault-status"
        >
          {failed ? t('vaultFailed', view?.folder ?? '') : view ? statusText(t, locale, view, busy) : ''}
        </p>
      </div>
      <p class="hint">{t(api.canPick ? 'vaultIntro' : 'vaultNoPicker')}</p>
      <div class="vault__actions">
        {api.canPick && (
          <button
            type="button"
            class="button"
            data-testid="vault-pick"
            disabled={busy !== null}
            onClick={pick}
          >
            {t(chosen ? 'vaultPickAnother' : 'vaultPick')}
          </button>
        )}
        {needsPermission && (
          <button
            type="button"
            class="button"
            data-testid="vault-regrant"
            disabled={busy !== null}
            onClick={() => run('exporting', api.regrant)}
          >
            {t('vaultRegrant')}
          </button>
        )}
        {chosen && !needsPermission && (
          <button
            type="button"
            class="button"
            data-testid="vault-export-now"
            disabled={busy !== null}
            onClick={() => run('exporting', api.exportNow)}
          >
            {t('vaultExportNow')}
          </button>
        )}
        <button
          type="button"
          class="button button--quiet"
          data-testid="vault-zip"
          disabled={busy !== null}
          onClick={() => run('zipping', api.downloadZip)}
        >
          {t('vaultZip')}
        </button>
      </div>
      {chosen && (
        <label class="vault__auto">
          <input
            type="checkbox"
            data-testid="vault-auto"
            checked={auto}
            onChange={(event) => {
              const next = (event.currentTarget as HTMLInputElement).checked;
              setAuto(next);
              void run('exporting', async () => {
                await api.setAuto(next);
                if (next && !needsPermission) await api.exportNow();
              });
            }}
          />
          {t('vaultAuto')}
        </label>
      )}
      {chosen && (
        <label class="vault__deleted">
          {t('vaultDeletedLabel')}
          <select
            data-testid="vault-deleted"
            value={view.deleted}
            disabled={busy !== null}
            onChange={(event) => {
              const next = (event.currentTarget as HTMLSelectElement).value === 'remove' ? 'remove' : 'mark';
              void run('exporting', async () => {
                await api.setDeleted(next);
                if (!needsPermission) await api.exportNow();
              });
            }}
          >
            <option value="mark">{t('vaultDeletedMark')}</option>
            <option value="remove">{t('vaultDeletedRemove')}</option>
          </select>
        </label>
      )}
    </section>
  );
}
