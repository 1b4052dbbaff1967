import { Dexie, liveQuery, type ObservabilitySet } from 'dexie';
import type { VaultApi } from '../../components/library/VaultSettings';
import { listAnnotations } from '../db/repository';
import type { MeipiDatabase } from '../db/schema';
import type { Annotation } from '../db/types';
import { mergeSourceNote } from '../export/notes/merge-note';
import {
  chooseFolder,
  createVaultKeeper,
  exportToVault,
  folderPermission,
  type MergeNote,
  notesToZip,
  type RenderNotes,
  readVault,
  readVaultView,
  requestFolderPermission,
  setVaultAuto,
  setVaultDeleted,
  type VaultDeps,
  type VaultFolder,
  type VaultKeeper,
  zipFileName,
} from '../vault';
import { downloadBlob } from './export';
import { sourceNotes } from './notes';

/** How annotations become notes and are merged into what a folder holds. */
export interface NotesRenderer {
  render: RenderNotes<Annotation>;
  merge: MergeNote;
}

/** The notes the reader's saved template makes (lib/export), merged by lib/export's re-export rules. */
export const sourceNoteRenderer: NotesRenderer = {
  render: sourceNotes,
  merge: mergeSourceNote,
};

/** One export at a time across the worker and the library page (a second window included). */
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  return navigator.locks ? (navigator.locks.request('meipi-vault', work) as Promise<T>) : work();
}

function depsOf(db: MeipiDatabase, notes: NotesRenderer): VaultDeps {
  return { db, render: notes.render, merge: notes.merge, exclusive };
}

/**
 * The background's keeper: call once at worker start. Every committed write to the annotations
 * (this worker's, the library's bulk work, a sync's) reaches it through Dexie's `storagemutated`.
 */
export function startVaultKeeper(db: MeipiDatabase, notes: NotesRenderer): VaultKeeper {
  const keeper = createVaultKeeper(depsOf(db, notes));
  const annotations = `idb://${db.name}/annotations/`;
  Dexie.on('storagemutated', (parts: ObservabilitySet) => {
    if (Object.keys(parts).some((part) => part.startsWith(annotations) || part === 'all')) keeper.changed();
  });
  return keeper;
}

interface DirectoryPicker {
  showDirectoryPicker?(options: { id?: string; mode: 'readwrite' }): Promise<VaultFolder>;
}

/** The library page's vault: the picker, permission asked again inside the reader's click, exports, the zip. */
export function vaultPageApi(db: MeipiDatabase, notes: NotesRenderer): VaultApi {
  const deps = depsOf(db, notes);
  const picker = globalThis as DirectoryPicker;
  const folder = async () => (await readVault(db))?.handle as VaultFolder | undefined;
  return {
    canPick: typeof picker.showDirectoryPicker === 'function',
    watch(listener) {
      const subscription = liveQuery(() => readVaultView(db)).subscribe({
        next(view) {
          // Asked outside the liveQuery: a promise that isn't Dexie's would confuse its zones.
          void folder()
            .then((handle) => (handle ? folderPermission(handle) : null))
            .catch(() => null)
            .then((permission) => listener({ ...view, permission }));
        },
        error: (error: unknown) => console.warn('Meipi vault: reading the settings failed', error),
      });
      return () => subscription.unsubscribe();
    },
    async pick() {
      if (!picker.showDirectoryPicker) return false;
      let chosen: VaultFolder;
      try {
        chosen = await picker.showDirectoryPicker({ id: 'meipi-vault', mode: 'readwrite' });
      } catch (error) {
        if ((error as { name?: unknown }).name === 'AbortError') return false;
        throw error;
      }
      await chooseFolder(db, chosen);
      return true;
    },
    async regrant() {
      const handle = await folder();
      if (!handle || (await requestFolderPermission(handle)) !== 'granted') return null;
      return exportToVault(deps, true);
    },
    exportNow: () => exportToVault(deps, true),
    setAuto: (auto) => setVaultAuto(db, auto),
    setDeleted: (deleted) => setVaultDeleted(db, deleted),
    async downloadZip() {
      const zip = notesToZip(await notes.render(await listAnnotations(db)));
      await downloadBlob(
        new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        zipFileName(new Date()),
      );
    },
  };
}
