import { listAnnotations } from '../db/repository';
import type { MeipiDatabase } from '../db/schema';
import type { Annotation } from '../db/types';
import type { MergeNote, RenderNotes } from './note';
import { folderOf, readManifest, readVault, saveManifest, setVaultStatus, type VaultStatus } from './store';
import { exportNotes } from './writer';

export interface VaultDeps {
  db: MeipiDatabase;
  render: RenderNotes<Annotation>;
  merge: MergeNote;
  /** One export at a time across the background and the library page (Web Locks there). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  now?: () => number;
}

/**
 * Exports every annotation into the chosen folder and records the outcome (status, manifest);
 * null when no folder is chosen. `full`: see ExportOptions.
 */
export function exportToVault(deps: VaultDeps, full: boolean): Promise<VaultStatus | null> {
  return deps.exclusive(async () => {
    const { db } = deps;
    const record = await readVault(db);
    const folder = folderOf(record);
    if (!folder) return null;
    const notes = await deps.render(await listAnnotations(db));
    const outcome = await exportNotes(folder, notes, deps.merge, await readManifest(db), {
      full,
      deleted: record?.deleted,
    });
    await saveManifest(db, outcome.entries);
    const at = (deps.now ?? Date.now)();
    const status: VaultStatus = outcome.failure
      ? { state: outcome.failure, at }
      : { state: 'done', at, written: outcome.written, unchanged: outcome.unchanged };
    await setVaultStatus(db, status);
    return status;
  });
}

export interface VaultKeeper {
  /** Annotations changed: export shortly after, if the reader chose automatic export. */
  changed(): void;
}

/** Saves land in bursts (a colour, then a note): one export after they settle. */
export const VAULT_DEBOUNCE_MS = 2_000;

/**
 * Keeps the folder in step in the background. Without permission (the browser dropped it; only a
 * page can ask again) the export records `needs-permission` and the library shows it.
 */
export function createVaultKeeper(deps: VaultDeps, debounceMs = VAULT_DEBOUNCE_MS): VaultKeeper {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    const record = await readVault(deps.db);
    if (record?.auto && folderOf(record)) await exportToVault(deps, false);
  };
  return {
    changed() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        run().catch((error: unknown) => console.warn('Meipi vault: export failed', error));
      }, debounceMs);
    },
  };
}
